"""How answers and their numbers look in a terminal."""

from __future__ import annotations

from typing import Any

from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.stats import ESTIMATED, finish_note, token_facts
from deskchat.services.summary_memory import SummaryDelta, SummaryEvent, SummaryFinished
from deskchat.units import counted


def stats_line(finished: AnswerFinished) -> str:
    """'12 prompt + 30 completion = 42 tokens · TTFT 85 ms · 41.3 tok/s · context 42/4,096'"""
    m, plan = finished.message, finished.plan
    parts = token_facts(m)
    used = finished.context_used or plan.prompt_tokens
    about = ESTIMATED if plan.estimated or m.tokens_estimated else ""
    parts.append(f"context {about}{used:,}/{plan.n_ctx:,}")
    if plan.dropped:
        dropped = counted(len(plan.dropped), "earlier message", "earlier messages")
        parts.append(f"{dropped} outside the window")
    if plan.summarised:
        parts.append(f"{counted(len(plan.summarised), 'message', 'messages')} summarised")
    note = finish_note(m)
    if note:
        parts.append(note)
    return " · ".join(parts)


def print_summary(event: SummaryEvent, out: Any) -> None:
    """A line when the model starts summarising the oldest messages and one with the
    summary it wrote (or why there is none); its text is not streamed."""
    if isinstance(event, SummaryDelta):
        return
    if not isinstance(event, SummaryFinished):
        covers = counted(event.covers, "message", "messages")
        print(f"[summarising the oldest {covers} to make room…]", file=out, flush=True)
        return
    note = event.note
    if note is None:
        print(f"[no summary: {event.error or 'stopped'}]", file=out, flush=True)
        return
    facts = [counted(note.covers, "message", "messages")]
    if note.completion_tokens is not None:
        facts.append(counted(note.completion_tokens, "token", "tokens"))
    if note.ms is not None:
        facts.append(f"{note.ms / 1000:.1f} s")
    print(f"[summary of {', '.join(facts)}: {note.content}]", file=out, flush=True)
