"""How answers and their numbers look in a terminal."""

from __future__ import annotations

from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.stats import ESTIMATED, finish_note, token_facts


def stats_line(finished: AnswerFinished) -> str:
    """'12 prompt + 30 completion = 42 tokens · TTFT 85 ms · 41.3 tok/s · context 42/4,096'"""
    m, plan = finished.message, finished.plan
    parts = token_facts(m)
    used = finished.context_used or plan.prompt_tokens
    about = ESTIMATED if plan.estimated or m.tokens_estimated else ""
    parts.append(f"context {about}{used:,}/{plan.n_ctx:,}")
    if plan.dropped:
        parts.append(f"{len(plan.dropped)} earlier message(s) outside the window")
    note = finish_note(m)
    if note:
        parts.append(note)
    return " · ".join(parts)
