"""The numbers shown with every answer, as short phrases both faces use."""

from __future__ import annotations

from deskchat.store.records import Message

FINISH_NOTES = {"cancelled": "stopped", "length": "cut at max tokens", "context": "context full"}


ESTIMATED = "≈"  # marks counts guessed from the text (a remote server that sent no usage)


def token_facts(m: Message) -> list[str]:
    """['12 prompt + 30 completion = 42 tokens', '5 evaluated, rest cached', 'TTFT 85 ms',
    '41.3 tok/s'] — whichever the message has; estimated counts start with "≈"."""
    facts = []
    about = ESTIMATED if m.tokens_estimated else ""
    if m.prompt_tokens is not None and m.completion_tokens is not None:
        facts.append(
            f"{about}{m.prompt_tokens:,} prompt + {m.completion_tokens:,} completion = "
            f"{m.prompt_tokens + m.completion_tokens:,} tokens"
        )
    elif m.prompt_tokens is not None and about:  # an interrupted remote answer
        facts.append(f"{about}{m.prompt_tokens:,} prompt tokens")
    if (
        m.prompt_tokens is not None
        and m.prompt_evaluated is not None
        and m.prompt_evaluated < m.prompt_tokens
    ):
        facts.append(f"{m.prompt_evaluated:,} evaluated, rest cached")
    if m.ttft_ms is not None:
        facts.append(f"TTFT {m.ttft_ms:,.0f} ms")
    if m.tokens_per_s:
        facts.append(f"{about}{m.tokens_per_s:.1f} tok/s")
    return facts


def finish_note(m: Message) -> str | None:
    """Why the answer ended, when it is worth saying (not for a natural end)."""
    return FINISH_NOTES.get(m.finish_reason or "")
