"""Splitting a streamed answer into reasoning and answer, whatever the pieces."""

from __future__ import annotations

import pytest

from deskchat.chat.reasoning import ReasoningFormat, ReasoningParser, detect_format, split_whole


def stream(fmt: ReasoningFormat, pieces: list[str], *, thinking: bool = False) -> tuple[str, str]:
    parser = ReasoningParser(fmt, thinking=thinking)
    runs = [r for p in pieces for r in parser.feed(p)] + parser.finish()
    return (
        "".join(r.text for r in runs if r.channel == "reasoning"),
        "".join(r.text for r in runs if r.channel == "answer"),
    )


def every_split(text: str) -> list[list[str]]:
    """The text cut at each position, and char by char."""
    return [[text[:i], text[i:]] for i in range(len(text) + 1)] + [list(text)]


ANSWER = "<think>\nLet me add: 2+2=4.\n</think>\n\nThe answer is 4."


@pytest.mark.parametrize("pieces", every_split(ANSWER))
def test_think_tags_split_anywhere(pieces: list[str]) -> None:
    assert stream("think", pieces) == ("Let me add: 2+2=4.\n", "The answer is 4.")


def test_a_template_that_opened_the_thought_itself() -> None:
    # R1 distills end the prompt with "<think>\n": only the closing tag appears
    assert stream("think", ["Hmm, 4.", "</thi", "nk>", "Four."], thinking=True) == (
        "Hmm, 4.",
        "Four.",
    )


def test_stopped_mid_thought_keeps_the_partial_reasoning() -> None:
    assert stream("think", ["<think>I wonder", " whether </th"]) == ("I wonder whether </th", "")


def test_a_quoted_tag_after_the_thought_is_answer_text() -> None:
    text = "<think>ok</think>Write <think> to start a thought."
    assert split_whole("think", text) == ("ok", "Write <think> to start a thought.")


def test_a_model_that_does_not_think_answers_as_before() -> None:
    assert stream("none", ["<think>not a tag here", "</think>"]) == (
        "",
        "<think>not a tag here</think>",
    )
    assert stream("think", ["Just ", "an answer."]) == ("", "Just an answer.")


@pytest.mark.parametrize(
    "pieces",
    every_split(
        "<|channel|>analysis<|message|>User wants 4.<|end|><|start|>assistant"
        "<|channel|>final<|message|>It is 4."
    ),
)
def test_harmony_channels(pieces: list[str]) -> None:
    assert stream("harmony", pieces) == ("User wants 4.", "It is 4.")


def test_magistral_brackets() -> None:
    assert split_whole("bracket", "[THINK]short[/THINK]Answer") == ("short", "Answer")


def test_the_format_comes_from_the_template() -> None:
    assert detect_format("{{ '<think>\\n' }}") == "think"
    assert detect_format("...<|channel|>analysis...") == "harmony"
    assert detect_format("[THINK]") == "bracket"
    assert detect_format("<|im_start|>") == "none" and detect_format(None) == "none"
