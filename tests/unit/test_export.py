"""A conversation exported as Markdown or JSON, as a person reads or a script parses it."""

from __future__ import annotations

import json

from deskchat.services.export import to_json, to_markdown
from tests.helpers.factories import make_conversation, make_message

CHAT = make_conversation(title="Trip to Lisbon")
TURNS = [
    make_message(id=1, role="user", content="Where should I eat?", model=None),
    make_message(
        id=2,
        parent_id=1,
        content="Try the bakeries in Belém.",
        model="tiny",
        prompt_tokens=20,
        completion_tokens=7,
    ),
]


def test_markdown_names_the_chat_speakers_and_each_answers_tokens() -> None:
    text = to_markdown(CHAT, TURNS, "Be brief.")
    assert text.startswith("# Trip to Lisbon\n")
    assert "**System:** Be brief." in text
    assert "## You\n\nWhere should I eat?" in text
    assert "## Assistant\n\nTry the bakeries in Belém." in text
    assert "_tiny · 20 prompt + 7 completion = 27 tokens_" in text


def test_markdown_marks_estimated_counts_and_an_unfinished_answer() -> None:
    cut = make_message(
        content="Try",
        status="interrupted",
        error="the engine stopped",
        prompt_tokens=20,
        completion_tokens=1,
        tokens_estimated=True,
    )
    text = to_markdown(make_conversation(title=""), [cut], "")
    assert text.startswith("# Untitled chat\n") and "**System:**" not in text
    assert "_m · ≈20 prompt + 1 completion = 21 tokens · interrupted: the engine stopped_" in text


def test_json_keeps_every_field_and_adds_the_total() -> None:
    exported = json.loads(to_json(CHAT, TURNS, "Be brief."))
    assert exported["conversation"]["title"] == "Trip to Lisbon"
    assert exported["system_prompt"] == "Be brief."
    assert [m["content"] for m in exported["messages"]] == [t.content for t in TURNS]
    assert [m["total_tokens"] for m in exported["messages"]] == [None, 27]
    assert "Belém" in to_json(CHAT, TURNS, "")  # not escaped to \\u00e9


def test_a_thought_is_kept_collapsed_in_markdown_and_whole_in_json() -> None:
    answer = make_message(
        content="Four.",
        reasoning="Two and two make four.",
        reasoning_tokens=6,
        reasoning_ms=2400.0,
    )
    text = to_markdown(CHAT, [answer], "")
    assert (
        "## Assistant\n\n<details>\n<summary>Thinking (2 s, 6 tokens)</summary>\n\n"
        "Two and two make four.\n\n</details>\n\nFour." in text
    )
    exported = json.loads(to_json(CHAT, [answer], ""))["messages"][0]
    assert (exported["content"], exported["reasoning"]) == ("Four.", "Two and two make four.")
