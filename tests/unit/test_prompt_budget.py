"""Context budget: which turns fit, which are dropped, and refusals as sentences."""

from __future__ import annotations

import pytest

from deskchat.chat.generation import Prompt
from deskchat.chat.prompt import build_prompt
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.templates import BUILTIN_TEMPLATES, ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError

CHATML = ChatTemplate("builtin", "chatml", BUILTIN_TEMPLATES["chatml"])


def words(prompt: Prompt) -> int:
    return len(prompt_text(prompt).split())


def history(n_pairs: int) -> list[Turn]:
    turns: list[Turn] = []
    for i in range(n_pairs):
        turns.append(Turn("user", f"question {i} " + "word " * 8, id=2 * i + 1))
        turns.append(Turn("assistant", f"answer {i} " + "word " * 8, id=2 * i + 2))
    turns.append(Turn("user", "the newest question", id=2 * n_pairs + 1))
    return turns


EXAMPLES = (Turn("user", "example in"), Turn("assistant", "example out"))


def test_everything_fits_nothing_dropped() -> None:
    plan = build_prompt(
        template=CHATML,
        system_prompt="Be brief.",
        examples=EXAMPLES,
        history=history(2),
        count_tokens=words,
        n_ctx=1000,
        max_tokens=100,
    )
    assert plan.dropped == ()
    assert plan.included == (1, 2, 3, 4, 5)
    assert plan.prompt_tokens == words(plan.text)
    assert plan.available == 1000 - plan.prompt_tokens


def test_rolling_window_drops_oldest_turns_and_keeps_system_and_examples() -> None:
    turns = history(10)
    full = build_prompt(
        template=CHATML,
        system_prompt="Be brief.",
        examples=EXAMPLES,
        history=turns,
        count_tokens=words,
        n_ctx=10_000,
        max_tokens=50,
    )
    n_ctx = full.prompt_tokens // 2 + 50
    plan = build_prompt(
        template=CHATML,
        system_prompt="Be brief.",
        examples=EXAMPLES,
        history=turns,
        count_tokens=words,
        n_ctx=n_ctx,
        max_tokens=50,
    )
    assert plan.prompt_tokens + 50 <= n_ctx
    assert plan.dropped == tuple(range(1, len(plan.dropped) + 1))  # oldest first
    assert plan.dropped and plan.included[-1] == 21
    assert set(plan.dropped) | set(plan.included) == set(range(1, 22))
    assert "Be brief." in plan.text and "example in" in plan.text and "example out" in plan.text
    assert "question 0 " not in plan.text
    # the kept part starts with a user turn, as strict templates require
    first_kept = next(t for t in turns if t.id == plan.included[0])
    assert first_kept.role == "user"
    # without blocks (block_share 0) it is the fewest drops that fit: one more pair overflows
    fewest = build_prompt(
        template=CHATML,
        system_prompt="Be brief.",
        examples=EXAMPLES,
        history=turns,
        count_tokens=words,
        n_ctx=n_ctx,
        max_tokens=50,
        block_share=0.0,
    )
    assert len(fewest.dropped) <= len(plan.dropped)
    one_more = build_prompt(
        template=CHATML,
        system_prompt="Be brief.",
        examples=EXAMPLES,
        history=turns[len(fewest.dropped) - 2 :],
        count_tokens=words,
        n_ctx=10_000,
        max_tokens=50,
    )
    assert one_more.prompt_tokens + 50 > n_ctx


def test_stop_policy_refuses_with_the_numbers() -> None:
    with pytest.raises(ContextOverflowError) as caught:
        build_prompt(
            template=CHATML,
            system_prompt="",
            examples=(),
            history=history(10),
            count_tokens=words,
            n_ctx=100,
            max_tokens=50,
            policy="stop",
        )
    message = str(caught.value)
    assert "context holds 100" in message and "rolling window" in message


def test_a_message_too_long_for_any_window_is_refused() -> None:
    turns = [Turn("user", "word " * 500, id=1)]
    with pytest.raises(ContextOverflowError, match="Shorten the message"):
        build_prompt(
            template=CHATML,
            system_prompt="sys",
            examples=(),
            history=turns,
            count_tokens=words,
            n_ctx=200,
            max_tokens=50,
        )
