"""The rolling window past the context: the prompt's beginning stays the same turn after turn
(so the engine's cache of it holds), and the cut moves a block at a time, only when it must."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from deskchat.chat.generation import Prompt
from deskchat.chat.prompt import PromptPlan, build_prompt
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.rolling_window import block_cut
from deskchat.chat.templates import BUILTIN_TEMPLATES, ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished
from tests.helpers.fake_engine import FakeEngine

CHATML = ChatTemplate("builtin", "chatml", BUILTIN_TEMPLATES["chatml"])
SYSTEM = "Answer like a pirate."
EXAMPLES = (Turn("user", "example in"), Turn("assistant", "example out"))
N_CTX, ANSWER = 400, 40
BUDGET = N_CTX - ANSWER


def words(prompt: Prompt) -> int:
    return len(prompt_text(prompt).split())


def plan_of(history: list[Turn], share: float | None = None, **options: object) -> PromptPlan:
    arguments: dict[str, object] = {"n_ctx": N_CTX, "max_tokens": ANSWER, **options}
    if share is not None:
        arguments["block_share"] = share
    return build_prompt(
        template=CHATML,
        system_prompt=SYSTEM,
        examples=EXAMPLES,
        history=history,
        count_tokens=words,
        **arguments,  # type: ignore[arg-type]
    )


def chat(turns: int, share: float | None = None) -> Iterator[tuple[list[Turn], PromptPlan]]:
    """A chat growing one exchange at a time, answers of varied length; each step's history
    (ending with the new question) and its plan."""
    history: list[Turn] = []
    for i in range(turns):
        history.append(Turn("user", f"question {i} " + "word " * (3 + i % 7), id=2 * i + 1))
        plan = plan_of(history, share)
        yield history, plan
        history.append(Turn("assistant", f"answer {i} " + "word " * (5 + i % 11), id=2 * i + 2))


def test_the_prompt_keeps_its_beginning_for_many_turns_past_the_window() -> None:
    plans = [plan for _, plan in chat(120)]
    past = [p for p in plans if p.dropped]
    assert len(past) > 80, "the chat must outgrow the window early"
    moves = [i for i in range(1, len(past)) if past[i].included[0] != past[i - 1].included[0]]
    # a block is a quarter of the budget (90 words); an exchange is about 20: a move every
    # four turns or more, never one on every turn
    assert 0 < len(moves) <= len(past) // 3
    for i in range(1, len(past)):
        if i not in moves:  # same cut: the earlier prompt is the start of the later one
            assert past[i].text.startswith(past[i - 1].text)
    for plan in plans:
        assert plan.prompt_tokens + ANSWER <= N_CTX
        assert plan.text.startswith(f"<|im_start|>system\n{SYSTEM}<|im_end|>")
        assert "example in" in plan.text and "example out" in plan.text


def test_drop_one_turn_moves_the_beginning_on_every_turn() -> None:
    past = [plan for _, plan in chat(60, share=0.0) if plan.dropped]
    moves = sum(past[i].included[0] != past[i - 1].included[0] for i in range(1, len(past)))
    assert moves >= len(past) * 0.8  # (a short exchange may replace a long one)


def test_the_cut_moves_only_when_the_kept_turns_no_longer_fit() -> None:
    previous: PromptPlan | None = None
    freed: list[int] = []
    for history, plan in chat(120):
        if previous is not None and previous.dropped and plan.included[0] != previous.included[0]:
            # keeping the earlier cut would not have fitted
            start = next(i for i, t in enumerate(history) if t.id == previous.included[0])
            kept = plan_of(history[start:], n_ctx=100_000)
            assert kept.prompt_tokens > BUDGET
            freed.append(BUDGET - plan.prompt_tokens)
        previous = plan
    assert freed and min(freed) >= BUDGET // 8  # a block of the window at once, not a turn


def test_the_cut_is_the_same_from_the_history_alone() -> None:
    # what a restart, or the API given the same messages, finds: no memory of earlier turns
    for history, plan in chat(80):
        again = plan_of(list(history))
        assert (again.included, again.dropped, again.text) == (
            plan.included,
            plan.dropped,
            plan.text,
        )


def test_a_turn_longer_than_a_block_still_fits() -> None:
    history = [
        Turn("user", "hi " * 30, id=1),
        Turn("assistant", "hello", id=2),
        Turn("user", "word " * 330, id=3),
        Turn("assistant", "ok", id=4),
        Turn("user", "and now?", id=5),
    ]
    plan = plan_of(history)
    assert plan.prompt_tokens + ANSWER <= N_CTX
    assert plan.dropped == (1, 2) and plan.included == (3, 4, 5)


def test_stop_policy_still_refuses_instead_of_dropping() -> None:
    history: list[Turn] = []
    for history, plan in chat(200):  # noqa: B007 (the last history is used below)
        assert not plan.dropped
        if plan.prompt_tokens + ANSWER + 30 > N_CTX:
            break
    history.append(Turn("assistant", "word " * 40, id=999))
    history.append(Turn("user", "one more", id=1000))
    assert plan_of(history).dropped  # the rolling window would drop turns here
    with pytest.raises(ContextOverflowError, match="context holds 400"):
        plan_of(history, policy="stop")


def test_block_lines_are_counted_from_the_beginning_of_the_chat() -> None:
    before = {0: 0, 2: 30, 4: 60, 6: 90, 8: 120, 10: 150, 12: 180}  # tokens before each cut
    cuts = sorted(before)[1:]
    # the earliest cut that fits is 4 (60 tokens before it): the line is 100, first met at 8
    assert cuts[block_cut(cuts, cuts.index(4), before.__getitem__, 100)] == 8
    # up to the line, the same cut, wherever the earliest fitting one is
    assert cuts[block_cut(cuts, cuts.index(6), before.__getitem__, 100)] == 8
    assert cuts[block_cut(cuts, cuts.index(8), before.__getitem__, 100)] == 8
    # past it, the next line (200) is not reached yet: the earliest that fits
    assert cuts[block_cut(cuts, cuts.index(10), before.__getitem__, 100)] == 10
    # a turn longer than a block across the line (before 14: 320): not cut after it
    before[14] = 320
    cuts.append(14)
    assert cuts[block_cut(cuts, cuts.index(10), before.__getitem__, 100)] == 10
    # no blocks: always the earliest that fits
    assert cuts[block_cut(cuts, cuts.index(4), before.__getitem__, 0)] == 4


def test_show_prompt_and_the_meter_name_the_messages_the_answer_saw() -> None:
    database, _ = open_database()
    engine = FakeEngine([f"answer {i} " + "word " * (4 + i % 5) for i in range(40)], n_ctx=300)
    session = ChatSession(database, engine)
    c = session.set_sampling(session.new_conversation().id, {"max_tokens": 20})
    cuts = []
    for i in range(40):
        text = f"question {i} " + "pad " * (2 + i % 4)
        shown = session.preview(c.id, text)  # "Show prompt" before sending
        finished = [e for e in session.send(c.id, text) if isinstance(e, AnswerFinished)]
        plan = finished[0].plan
        assert plan.text == shown.text and plan.dropped == shown.dropped
        branch = session.branch(session.conversation(c.id))
        outside = [m for m in branch if m.id in plan.dropped]
        inside = [m for m in branch if m.id in plan.included]
        assert all(m.content not in engine.prompts[-1] for m in outside)
        assert all(m.content in engine.prompts[-1] for m in inside if m.role == "user")
        assert len(outside) + len(inside) == len(branch) - 1  # all but the answer itself
        cuts.append(plan.included[0])
    past = [cut for cut in cuts if cut != cuts[0]]
    assert past, "the chat must outgrow the window"
    assert len(set(cuts)) <= len(past) // 3 + 2  # the cut stays put for several turns


def test_a_history_ending_with_an_answer_is_not_cut_to_that_answer_alone() -> None:
    # "Show prompt" between turns: the history ends with the answer, past the window
    history: list[Turn] = [Turn("user", "word " * 60, id=1), Turn("assistant", "ok", id=2)]
    history += [Turn("user", "word " * 100, id=3), Turn("assistant", "word " * 200, id=4)]
    plan = plan_of(history)
    fewest = plan_of(history, share=0.0)
    assert plan.included == fewest.included == (3, 4)
