"""Summary memory with the scripted engine: a chat that outgrows the context gets its oldest
turns summarised by the model, the summary is stored and stands in for them in the next
prompts, Stop during summarising saves nothing, and an edited or removed summary is what
the next prompt holds."""

from __future__ import annotations

import io

import pytest

from deskchat.cli.render import print_summary
from deskchat.errors import ContextOverflowError
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, AnswerStarted
from deskchat.services.summary_memory import SummaryDelta, SummaryFinished, SummaryStarted
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.summary_notes import SummaryNoteRepo
from tests.helpers.fake_engine import FakeEngine

PAD = "pad " * 12
SUMMARY = "They counted messages and padded them."


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def chat(db: Database, answers: list[str], n_ctx: int = 160) -> tuple[ChatSession, int]:
    session = ChatSession(db, FakeEngine(answers, n_ctx=n_ctx), overflow_policy="summary")
    return session, session.new_conversation().id


def turn(session: ChatSession, cid: int, i: int) -> list[object]:
    return list(session.send(cid, f"message {i} {PAD}", max_tokens=20))


def fill_until_summary(session: ChatSession, cid: int) -> tuple[int, list[object]]:
    """Send turns until one is summarised first; that turn's number and its events."""
    for i in range(30):
        events = turn(session, cid, i)
        if any(isinstance(e, SummaryStarted) for e in events):
            return i, events
    raise AssertionError("no summary was written")


def test_a_chat_that_outgrows_the_context_is_summarised_before_the_answer(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after the summary"] * 10
    session, cid = chat(db, answers)
    n, events = fill_until_summary(session, cid)
    kinds = [type(e) for e in events]
    # the summary streams first, then the answer, planned with it
    assert kinds.index(SummaryStarted) < kinds.index(SummaryFinished) < kinds.index(AnswerStarted)
    assert "".join(e.text for e in events if isinstance(e, SummaryDelta)) == SUMMARY
    finished = next(e for e in events if isinstance(e, SummaryFinished))
    note = finished.note
    assert note is not None and note.content == SUMMARY
    assert note.completion_tokens == len(SUMMARY.split())  # its tokens are counted
    engine = session.engine
    assert isinstance(engine, FakeEngine)
    summary_prompt = engine.prompts[-2]  # the model was asked for a summary of message 0
    assert "summary" in summary_prompt.lower() and "message 0" in summary_prompt
    answer_prompt = engine.prompts[-1]
    assert f"Summary of the earlier conversation: {SUMMARY}" in answer_prompt
    assert "message 0" not in answer_prompt and f"message {n}" in answer_prompt
    answered = next(e for e in events if isinstance(e, AnswerFinished))
    assert answered.plan.summary_id == note.id
    assert answered.plan.summarised[0] == session.branch(session.conversation(cid))[0].id
    assert len(answered.plan.summarised) == note.covers
    assert answered.plan.prompt_tokens + 20 <= 160
    # the turns summarised stay in the history
    branch = session.branch(session.conversation(cid))
    assert branch[0].content.startswith("message 0")
    assert session.summary_notes(session.conversation(cid)) == [note]


def test_the_next_turns_use_the_stored_summary_without_writing_another(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after"] * 10
    session, cid = chat(db, answers)
    n, _ = fill_until_summary(session, cid)
    events = turn(session, cid, n + 1)
    assert not any(isinstance(e, SummaryStarted) for e in events)
    engine = session.engine
    assert isinstance(engine, FakeEngine)
    assert SUMMARY in engine.prompts[-1]
    # and the preview ("Show prompt", the meter) shows it too
    plan = session.preview(cid)
    assert SUMMARY in plan.text and plan.summarised and plan.summary_id is not None


def test_a_later_summary_folds_in_the_earlier_one(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["a"] * 3 + ["Second summary."] + ["b"] * 30
    session, cid = chat(db, answers)
    n, _ = fill_until_summary(session, cid)
    for i in range(n + 1, n + 30):
        events = turn(session, cid, i)
        if any(isinstance(e, SummaryStarted) for e in events):
            break
    else:
        raise AssertionError("no second summary")
    engine = session.engine
    assert isinstance(engine, FakeEngine)
    assert SUMMARY in engine.prompts[-2]  # the earlier summary was read by the summariser
    notes = session.summary_notes(session.conversation(cid))
    assert [n.content for n in notes] == [SUMMARY, "Second summary."]
    assert notes[1].covers > notes[0].covers
    assert "Second summary." in engine.prompts[-1] and SUMMARY not in engine.prompts[-1]


def test_stop_while_summarising_saves_no_summary_and_keeps_the_message(db: Database) -> None:
    session, cid = chat(db, ["short answer"] * 8 + ["summary " * 50] + ["after"] * 10)
    for i in range(30):
        events: list[object] = []
        for event in session.send(cid, f"message {i} {PAD}", max_tokens=20):
            events.append(event)
            if isinstance(event, SummaryDelta):
                session.stop()  # Stop pressed while the summary is being written
        if any(isinstance(e, SummaryStarted) for e in events):
            break
    summary_end = next(e for e in events if isinstance(e, SummaryFinished))
    assert summary_end.note is None and summary_end.error is None
    assert sum(isinstance(e, SummaryDelta) for e in events) < 5  # it stopped at once
    assert session.summary_notes(session.conversation(cid)) == []
    assert not any(isinstance(e, AnswerDelta) for e in events)
    answer = next(e for e in events if isinstance(e, AnswerFinished)).message
    assert (answer.status, answer.content, answer.finish_reason) == ("complete", "", "cancelled")
    branch = session.branch(session.conversation(cid))
    assert branch[-2].content.startswith(f"message {i}")  # the person's message stays


def test_an_edited_summary_is_what_the_next_prompt_holds(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after"] * 10
    session, cid = chat(db, answers)
    n, _ = fill_until_summary(session, cid)
    note = session.summary_notes(session.conversation(cid))[0]
    edited = session.edit_summary(note.id, "  The person likes padding.  ")
    assert edited.edited and edited.content == "The person likes padding."
    turn(session, cid, n + 1)
    engine = session.engine
    assert isinstance(engine, FakeEngine)
    assert "The person likes padding." in engine.prompts[-1]
    assert SUMMARY not in engine.prompts[-1]
    with pytest.raises(Exception, match="cannot be empty"):
        session.edit_summary(note.id, "   ")


def test_a_removed_summary_is_written_again_when_the_chat_does_not_fit(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after", "Written again."] + ["x"] * 10
    session, cid = chat(db, answers)
    n, _ = fill_until_summary(session, cid)
    note = session.summary_notes(session.conversation(cid))[0]
    session.remove_summary(note.id)
    assert session.summary_notes(session.conversation(cid)) == []
    assert session.preview(cid).summary_due  # without it, the chat does not fit again
    events = turn(session, cid, n + 1)
    written = next(e for e in events if isinstance(e, SummaryFinished)).note
    assert written is not None and written.content == "Written again."


def test_a_summary_is_used_only_on_its_own_branch(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after"] * 10
    session, cid = chat(db, answers)
    fill_until_summary(session, cid)
    first = session.branch(session.conversation(cid))[0]
    list(session.edit(first.id, "a new start", max_tokens=20))  # a branch before the summary
    conversation = session.conversation(cid)
    assert session.summary_notes(conversation) == []
    plan = session.preview(cid)
    assert SUMMARY not in plan.text and plan.summary_id is None


def test_deleting_the_chat_deletes_its_summaries(db: Database) -> None:
    answers = ["short answer"] * 8 + [SUMMARY] + ["after"] * 10
    session, cid = chat(db, answers)
    fill_until_summary(session, cid)
    note = session.summary_notes(session.conversation(cid))[0]
    session.delete_conversation(cid)
    with pytest.raises(Exception, match="no summary note"):
        SummaryNoteRepo(db).get(note.id)


def test_a_message_too_long_even_beside_the_summary_is_one_sentence(db: Database) -> None:
    session, cid = chat(db, ["short answer"] * 8 + [SUMMARY] + ["after"] * 10)
    fill_until_summary(session, cid)
    with pytest.raises(ContextOverflowError, match="summary of the earlier conversation"):
        list(session.send(cid, "word " * 200, max_tokens=20))


def test_the_policy_is_chosen_per_chat(db: Database) -> None:
    session = ChatSession(db, FakeEngine())
    c = session.new_conversation()
    assert session.set_overflow_policy(c.id, "summary").overflow_policy == "summary"
    assert ConversationRepo(db).get(c.id).overflow_policy == "summary"


def test_the_terminal_prints_a_line_when_a_summary_is_written(db: Database) -> None:
    session, cid = chat(db, ["short answer"] * 8 + [SUMMARY] + ["after"] * 10)
    _, events = fill_until_summary(session, cid)
    out = io.StringIO()
    for event in events:
        if isinstance(event, SummaryStarted | SummaryDelta | SummaryFinished):
            print_summary(event, out)
    started, written = out.getvalue().splitlines()
    assert started.startswith("[summarising the oldest ") and "messages" in started
    note = session.summary_notes(session.conversation(cid))[0]
    assert written.startswith(f"[summary of {note.covers} messages, 6 tokens, ")
    assert written.endswith(f": {SUMMARY}]")


def test_regenerating_an_answer_uses_the_summary_of_its_branch(db: Database) -> None:
    session, cid = chat(db, ["short answer"] * 8 + [SUMMARY] + ["after"] * 10)
    fill_until_summary(session, cid)
    last = session.branch(session.conversation(cid))[-1]
    events = list(session.regenerate(last.id, max_tokens=20))
    assert not any(isinstance(e, SummaryStarted) for e in events)
    finished = next(e for e in events if isinstance(e, AnswerFinished))
    assert finished.plan.summary_id is not None
    engine = session.engine
    assert isinstance(engine, FakeEngine)
    assert SUMMARY in engine.prompts[-1]


class _NoTools:
    """A hub whose servers offer nothing: the chat answers through the agent loop."""

    def __init__(self) -> None:
        self.problems: list[object] = []
        self.specs: list[object] = []

    def servers(self) -> list[object]:
        return []

    def toolset(self, _servers: object, **_options: object) -> _NoTools:
        return self

    def find(self, _name: str) -> None:
        return None


def test_a_chat_with_tool_servers_is_summarised_in_its_agent_loop(db: Database) -> None:
    hub = _NoTools()
    engine = FakeEngine(["short answer"] * 8 + [SUMMARY] + ["after"] * 10, n_ctx=160)
    session = ChatSession(db, engine, overflow_policy="summary", mcp_hub=lambda: hub)  # type: ignore[arg-type, return-value]
    cid = session.new_conversation().id
    session.set_tool_servers(cid, ["files"])
    _, events = fill_until_summary(session, cid)
    kinds = [type(e) for e in events]
    assert kinds.index(SummaryFinished) < kinds.index(AnswerStarted)
    assert SUMMARY in engine.prompts[-1]
