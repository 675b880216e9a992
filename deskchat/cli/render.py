"""How answers and their numbers look in a terminal."""

from __future__ import annotations

from deskchat.services.chat_session import AnswerFinished


def stats_line(finished: AnswerFinished) -> str:
    """'12 prompt + 30 completion = 42 tokens · TTFT 85 ms · 41.3 tok/s · context 42/4,096'"""
    m, plan = finished.message, finished.plan
    parts = []
    if m.prompt_tokens is not None and m.completion_tokens is not None:
        parts.append(
            f"{m.prompt_tokens:,} prompt + {m.completion_tokens:,} completion = "
            f"{m.prompt_tokens + m.completion_tokens:,} tokens"
        )
        if m.prompt_evaluated is not None and m.prompt_evaluated < m.prompt_tokens:
            parts.append(f"{m.prompt_evaluated:,} evaluated, rest cached")
    if m.ttft_ms is not None:
        parts.append(f"TTFT {m.ttft_ms:,.0f} ms")
    if m.tokens_per_s:
        parts.append(f"{m.tokens_per_s:.1f} tok/s")
    used = finished.context_used or plan.prompt_tokens
    parts.append(f"context {used:,}/{plan.n_ctx:,}")
    if plan.dropped:
        parts.append(f"{len(plan.dropped)} earlier message(s) outside the window")
    if m.finish_reason == "cancelled":
        parts.append("stopped")
    elif m.finish_reason == "length":
        parts.append("cut at max tokens")
    elif m.finish_reason == "context":
        parts.append("context full")
    return " · ".join(parts)
