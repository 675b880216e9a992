"""The numbers shown under every answer."""

from __future__ import annotations

from deskchat.services.stats import token_facts
from deskchat.store.records import Message
from tests.helpers.factories import make_message


def answer(**fields: object) -> Message:
    counts = {
        "prompt_tokens": 100,
        "prompt_evaluated": 12,
        "completion_tokens": 30,
        "ttft_ms": 85.0,
        "tokens_per_s": 41.25,
    }
    return make_message(**{**counts, **fields})


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
