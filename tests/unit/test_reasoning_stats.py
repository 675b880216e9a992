"""A reasoning model's numbers: thinking and answer tokens apart, the thought's summary."""

from __future__ import annotations

from deskchat.services.stats import thought_sentence, token_facts
from deskchat.store.records import Message
from tests.helpers.factories import make_message


def thinking(**fields: object) -> Message:
    values = {
        "content": "Four.",
        "prompt_tokens": 100,
        "completion_tokens": 392,
        "reasoning": "Adding two and two.",
        "reasoning_tokens": 340,
        "reasoning_ms": 12_300.0,
    }
    return make_message(**{**values, **fields})


def test_the_completion_splits_into_thinking_and_answer_tokens() -> None:
    assert token_facts(thinking())[:2] == [
        "100 prompt + 392 completion = 492 tokens",
        "340 thinking + 52 answer tokens",
    ]


def test_an_answer_without_a_thought_has_no_split() -> None:
    facts = token_facts(thinking(reasoning="", reasoning_tokens=None))
    assert not any("thinking" in fact for fact in facts)


def test_the_thoughts_summary_gives_its_time_and_tokens() -> None:
    assert str(thought_sentence(thinking())) == "Thought for 12 s · 340 tokens"
    assert str(thought_sentence(thinking(reasoning_ms=3_240.0))) == (
        "Thought for 3.2 s · 340 tokens"
    )
    assert thought_sentence(thinking(reasoning="")) is None


def test_an_answer_stopped_while_thinking_says_so() -> None:
    stopped = thinking(content="", finish_reason="cancelled", reasoning_tokens=40)
    assert str(thought_sentence(stopped)) == "Stopped while thinking · 40 tokens"
    assert str(
        thought_sentence(thinking(content="", finish_reason="length", reasoning_tokens=None))
    ) == ("Stopped while thinking")
    # a model that ends after its thought with no answer was not stopped
    assert str(thought_sentence(thinking(content="", finish_reason="stop"))).startswith(
        "Thought for"
    )
