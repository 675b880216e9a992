"""The numbers shown under every answer."""

from __future__ import annotations

from deskchat.services.stats import token_facts
from deskchat.store.records import Message


def answer(**fields: object) -> Message:
    return Message(  # type: ignore[arg-type]
        **{
            "id": 1,
            "conversation_id": 1,
            "parent_id": None,
            "role": "assistant",
            "content": "hi",
            "status": "complete",
            "error": None,
            "model": "m",
            "persona": None,
            "prompt_tokens": 100,
            "prompt_evaluated": 12,
            "completion_tokens": 30,
            "ttft_ms": 85.0,
            "tokens_per_s": 41.25,
            "finish_reason": "stop",
            "writer_pid": None,
            "created_at": 0.0,
            "updated_at": 0.0,
            **fields,
        }
    )


def test_a_local_answer_shows_counts_cache_reuse_and_speed() -> None:
    assert token_facts(answer()) == [
        "100 prompt + 30 completion = 130 tokens",
        "12 evaluated, rest cached",
        "TTFT 85 ms",
        "41.2 tok/s",
    ]


def test_estimated_counts_are_marked() -> None:
    facts = token_facts(answer(tokens_estimated=True, prompt_evaluated=None))
    assert facts[0] == "≈100 prompt + 30 completion = 130 tokens"
    assert facts[-1] == "≈41.2 tok/s"
