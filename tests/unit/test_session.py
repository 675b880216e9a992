"""The chat session with a scripted engine: what gets saved, when, and with which status."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from deskchat.errors import ContextOverflowError
from deskchat.services import conversation_sink
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, AnswerStarted
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.personas import PersonaRepo
from tests.helpers.fake_engine import FakeEngine


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def run(events: object) -> list[object]:
    return list(events)  # type: ignore[call-overload]


def test_a_turn_is_saved_with_its_stats_and_title(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["Paris is the capital."]))
    persona = PersonaRepo(db).find("assistant")
    c = session.new_conversation(persona)
    events = run(session.send(c.id, "What is the capital of France?"))
    assert isinstance(events[0], AnswerStarted)
    text = "".join(e.text for e in events if isinstance(e, AnswerDelta))
    assert text == "Paris is the capital."
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    m = finished.message
    assert (m.status, m.content, m.completion_tokens, m.persona) == (
        "complete",
        "Paris is the capital.",
        4,
        "Helpful assistant",
    )
    assert m.total_tokens == m.prompt_tokens + 4  # type: ignore[operator]
    branch = session.branch(session.conversation(c.id))
    assert [b.role for b in branch] == ["user", "assistant"]
    assert session.conversation(c.id).title == "What is the capital of France?"
    # the persona's system prompt went into the prompt the engine saw
    assert persona.system_prompt in session.engine.prompts[0]  # type: ignore[attr-defined]


def test_second_turn_sees_the_whole_history(db: Database) -> None:
    engine = FakeEngine(["One.", "Two."])
    session = ChatSession(db, engine)
    c = session.new_conversation()
    run(session.send(c.id, "first"))
    run(session.send(c.id, "second"))
    assert "first" in engine.prompts[1] and "One." in engine.prompts[1]
    assert [m.content for m in session.branch(session.conversation(c.id))] == [
        "first",
        "One.",
        "second",
        "Two.",
    ]


def test_the_answer_is_in_the_database_while_it_streams(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversation_sink, "SAVE_INTERVAL_S", 0.0)
    session = ChatSession(db, FakeEngine(["alpha beta gamma delta"]))
    c = session.new_conversation()
    seen_in_db = []
    for event in session.send(c.id, "go"):
        if isinstance(event, AnswerDelta):
            row = db.execute(
                "SELECT content, status FROM messages WHERE id = ?", (event.message_id,)
            ).fetchone()
            seen_in_db.append((row[0], row[1]))
    assert ("alpha beta", "streaming") in seen_in_db


def test_regenerate_and_edit_keep_every_version(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["first answer", "second answer", "edited answer"]))
    c = session.new_conversation()
    first = run(session.send(c.id, "question"))[-1]
    regen = run(session.regenerate(first.message.id))[-1]  # type: ignore[attr-defined]
    assert regen.message.parent_id == first.message.parent_id  # type: ignore[attr-defined]
    user_id = first.message.parent_id  # type: ignore[attr-defined]
    answers = MessageRepo(db).children(c.id, user_id)
    assert [a.content for a in answers] == ["first answer", "second answer"]
    edited = run(session.edit(user_id, "better question"))[-1]
    users = MessageRepo(db).children(c.id, None)
    assert [u.content for u in users] == ["question", "better question"]
    leaf = session.conversation(c.id).current_leaf_id
    assert leaf == edited.message.id  # type: ignore[attr-defined]
    assert [m.content for m in MessageRepo(db).path_to(leaf)] == [
        "better question",
        "edited answer",
    ]


def test_engine_crash_keeps_the_partial_answer_marked_interrupted(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["one two three four five"], crash_after=3))
    c = session.new_conversation()
    finished = run(session.send(c.id, "go"))[-1]
    assert isinstance(finished, AnswerFinished)
    m = MessageRepo(db).get(finished.message.id)
    assert (m.status, m.content) == ("interrupted", "one two three")
    assert m.error and "SIGSEGV" in m.error and "conversation is saved" in m.error


def test_stop_ends_the_answer_and_keeps_it(db: Database) -> None:
    engine = FakeEngine(["x"], endless=True, delay_s=0.001)
    session = ChatSession(db, engine)
    c = session.new_conversation()
    pieces = 0
    finished = None
    for event in session.send(c.id, "go on forever"):
        if isinstance(event, AnswerDelta):
            pieces += 1
            if pieces == 5:
                threading.Thread(target=session.stop).start()
        elif isinstance(event, AnswerFinished):
            finished = event
    assert finished is not None
    assert finished.message.finish_reason == "cancelled"
    assert finished.message.status == "complete"
    assert 5 <= finished.message.completion_tokens < 1000  # type: ignore[operator]


def test_stop_policy_refuses_before_anything_is_saved(db: Database) -> None:
    session = ChatSession(db, FakeEngine(n_ctx=40), overflow_policy="stop")
    c = session.new_conversation()
    with pytest.raises(ContextOverflowError, match="context holds 40"):
        run(session.send(c.id, "word " * 100, max_tokens=10))
    assert MessageRepo(db).for_conversation(c.id) == []


def test_rolling_policy_reports_dropped_turns(db: Database) -> None:
    engine = FakeEngine(["short answer"] * 12, n_ctx=120)
    session = ChatSession(db, engine)
    c = session.new_conversation()
    plans = []
    for i in range(8):
        for e in session.send(c.id, f"message {i} " + "pad " * 12, max_tokens=20):
            if isinstance(e, AnswerFinished):
                plans.append(e.plan)
    assert plans[0].dropped == ()
    assert plans[-1].dropped, "old turns must leave the window"
    assert "message 0" not in engine.prompts[-1] and "message 7" in engine.prompts[-1]
    assert plans[-1].prompt_tokens + 20 <= 120


def test_empty_message_is_refused(db: Database) -> None:
    session = ChatSession(db, FakeEngine())
    c = session.new_conversation()
    with pytest.raises(Exception, match="empty"):
        run(session.send(c.id, "   "))


def test_abandoned_stream_is_saved_as_interrupted(db: Database, tmp_path: Path) -> None:
    session = ChatSession(db, FakeEngine(["a b c d e f"]))
    c = session.new_conversation()
    stream = session.send(c.id, "go")
    for event in stream:
        if isinstance(event, AnswerDelta) and event.text.strip() == "b":
            break
    stream.close()  # type: ignore[attr-defined]
    last = MessageRepo(db).for_conversation(c.id)[-1]
    assert (last.status, last.content) == ("interrupted", "a b")


def test_switching_versions_shows_that_branch_to_its_end(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["a1", "a2", "b1", "b2"]))
    c = session.new_conversation()
    run(session.send(c.id, "q1"))
    run(session.send(c.id, "q2"))
    q2 = session.branch(session.conversation(c.id))[2]
    run(session.edit(q2.id, "q2 edited"))
    run(session.send(c.id, "q3"))
    versions = session.versions(q2)
    assert [v.content for v in versions] == ["q2", "q2 edited"]
    shown = session.show_version(versions[0].id)
    assert [m.content for m in session.branch(shown)] == ["q1", "a1", "q2", "a2"]
    shown = session.show_version(versions[1].id)
    assert [m.content for m in session.branch(shown)] == ["q1", "a1", "q2 edited", "b1", "q3", "b2"]


def test_an_answer_with_no_text_does_not_break_turn_alternation(db: Database) -> None:
    strict = (
        "{% for m in messages %}{% if (m.role == 'user') != (loop.index0 % 2 == 0) %}"
        "{{ raise_exception('Conversation roles must alternate') }}{% endif %}"
        "[{{ m.role }}] {{ m.content }}\n{% endfor %}"
    )
    engine = FakeEngine(["", "second answer"])
    engine.model = replace(engine.model, chat_template=strict)  # type: ignore[arg-type]
    session = ChatSession(db, engine)
    c = session.new_conversation()
    run(session.send(c.id, "first question"))  # the answer comes back empty
    finished = run(session.send(c.id, "second question"))[-1]
    assert finished.message.content == "second answer"  # type: ignore[attr-defined]
    assert "first question" not in engine.prompts[-1]


def test_stop_pressed_while_the_prompt_is_prepared_still_stops(db: Database) -> None:
    engine = FakeEngine(["x"], endless=True)
    session = ChatSession(db, engine)
    c = session.new_conversation()
    stream = session.send(c.id, "go")
    session.stop()  # before the engine has produced anything
    finished = run(stream)[-1]
    assert finished.message.finish_reason == "cancelled"  # type: ignore[attr-defined]


def test_a_chats_own_sampling_keeps_only_what_differs_from_its_persona(db: Database) -> None:
    session = ChatSession(db, FakeEngine())
    poet = session.find_persona("seuss-poet")  # its default temperature is 1.0
    c = session.new_conversation(poet)
    inherited = session.sampling_for(c)
    values = {"temperature": 1.0, "max_tokens": 64, "top_p": inherited.top_p, "stop": ["END"]}
    c = session.set_sampling(c.id, values)
    assert json.loads(c.sampling_json) == {"max_tokens": 64, "stop": ["END"]}
    assert session.sampling_for(c).temperature == 1.0  # still the persona's
    assert session.set_sampling(c.id, {}).sampling_json == "{}"


def test_a_search_hit_on_an_old_branch_is_shown_on_its_branch(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["a1", "a2"]))
    c = session.new_conversation()
    first = run(session.send(c.id, "the zebra question"))[-1]
    user_id = first.message.parent_id  # type: ignore[attr-defined]
    run(session.edit(user_id, "a different question"))
    current = session.branch(session.conversation(c.id))
    assert current[0].content == "a different question"
    shown = session.show_message(user_id)
    assert [m.content for m in session.branch(shown)] == ["the zebra question", "a1"]
    assert session.show_message(user_id).current_leaf_id == shown.current_leaf_id  # no change
