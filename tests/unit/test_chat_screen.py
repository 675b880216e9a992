"""The chat screen's state without Qt: the open chat, the answer being written, the
prompt preview one at a time, and deleting a chat (the open one, or one being answered)."""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field

import pytest

from deskchat.app_state import AppState
from deskchat.errors import NotFoundError
from deskchat.services.app import open_database
from deskchat.services.chat_screen import ChatScreen
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, AnswerStarted
from deskchat.settings import Settings
from deskchat.store.db import Database
from deskchat.store.records import Conversation
from tests.helpers.fake_engine import FakeEngine


@dataclass
class Seen:
    """What the screen told its face, in order."""

    events: list[str] = field(default_factory=list)
    opened: list[Conversation] = field(default_factory=list)

    def screen(self, session: ChatSession, settings: AppState | None = None) -> ChatScreen:
        return ChatScreen(
            session,
            settings or AppState(),
            opened=self._opened,
            closed=lambda: self.events.append("closed"),
            listed=lambda: self.events.append("listed"),
            busy=lambda on: self.events.append(f"busy {on}"),
        )

    def _opened(self, conversation: Conversation) -> None:
        self.events.append(f"opened {conversation.id}")
        self.opened.append(conversation)


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def test_a_new_chat_has_the_default_persona_and_is_listed_and_opened(db: Database) -> None:
    seen = Seen()
    screen = seen.screen(
        ChatSession(db, FakeEngine()), AppState(Settings(default_persona="expert"))
    )
    conversation = screen.new()
    assert screen.conversation == conversation and conversation.persona_id is not None
    assert screen.session.find_persona("expert").id == conversation.persona_id
    assert seen.events == ["listed", f"opened {conversation.id}"]


def test_a_deleted_default_persona_means_none(db: Database) -> None:
    screen = Seen().screen(
        ChatSession(db, FakeEngine()), AppState(Settings(default_persona="gone"))
    )
    assert screen.new().persona_id is None


def test_changes_to_the_open_chat_are_kept_and_listed(db: Database) -> None:
    seen = Seen()
    screen = seen.screen(ChatSession(db, FakeEngine()))
    screen.set_system_prompt("Only answer in French.")  # no chat open: one is made
    cid = screen.conversation_id
    assert cid is not None
    assert screen.conversation is not None
    assert screen.conversation.system_prompt == "Only answer in French."
    screen.set_overflow_policy("stop")
    screen.set_sampling({"temperature": 0.1})
    screen.rename(cid, "  French  ")
    screen.pin(cid, True)
    now = screen.conversation
    assert (now.title, now.pinned, now.overflow_policy) == ("French", True, "stop")
    assert '"temperature": 0.1' in now.sampling_json
    assert seen.events.count("listed") == 6  # the new chat, then each of the five changes


def test_deleting_the_open_chat_closes_it(db: Database) -> None:
    seen = Seen()
    session = ChatSession(db, FakeEngine())
    screen = seen.screen(session)
    keep, gone = screen.new(), screen.new()
    screen.delete(keep.id)  # not the open one: the screen stays
    assert screen.conversation_id == gone.id and "closed" not in seen.events
    screen.delete(gone.id)
    assert screen.conversation is None and seen.events[-2:] == ["closed", "listed"]
    with pytest.raises(NotFoundError):
        session.conversation(gone.id)


def test_a_chat_deleted_elsewhere_closes_at_the_next_read(db: Database) -> None:
    seen = Seen()
    session = ChatSession(db, FakeEngine())
    screen = seen.screen(session)
    conversation = screen.new()
    session.delete_conversation(conversation.id)
    assert screen.reread() is None and seen.events[-1] == "closed"


def test_the_answering_chat_is_known_until_the_answer_ends(db: Database) -> None:
    seen = Seen()
    screen = seen.screen(ChatSession(db, FakeEngine()))
    conversation = screen.new()
    screen.answer_started(conversation.id)
    screen.new()  # another chat opened while it streams
    assert screen.answering == conversation.id
    screen.answer_ended()
    assert screen.answering is None
    assert seen.events[-2:] == ["busy False", "listed"]
    assert "busy True" in seen.events


def test_deleting_the_chat_being_answered_stops_it_and_saves_nothing_more(db: Database) -> None:
    engine = FakeEngine(endless=True, delay_s=0.005)
    session = ChatSession(db, engine)
    seen = Seen()
    screen = seen.screen(session)
    conversation = screen.new()
    started = threading.Event()
    events: list[object] = []

    def answer() -> None:
        for event in session.send(conversation.id, "go"):
            events.append(event)
            if isinstance(event, AnswerDelta):
                started.set()

    worker = threading.Thread(target=answer)
    screen.answer_started(conversation.id)
    worker.start()
    assert started.wait(10)
    screen.delete(conversation.id)
    worker.join(10)
    screen.answer_ended()
    assert not worker.is_alive() and screen.conversation is None
    assert any(isinstance(e, AnswerStarted) for e in events)
    with pytest.raises(NotFoundError):
        session.conversation(conversation.id)  # nothing wrote it back
    assert all(not isinstance(e, AnswerFinished) or e.message.status != "complete" for e in events)


def test_one_preview_at_a_time_with_the_latest_text_next(db: Database) -> None:
    screen = Seen().screen(ChatSession(db, FakeEngine()))
    assert screen.want_preview("nothing open") is None
    conversation = screen.new()
    assert screen.want_preview("a") == conversation.id
    assert screen.want_preview("ab") is None  # one is being computed: this waits...
    assert screen.want_preview("abc") is None  # ...replaced by the latest text
    assert screen.preview_done() == "abc"
    assert screen.want_preview("abc") == conversation.id
    assert screen.preview_done() is None


def test_a_preview_for_another_chat_is_not_shown(db: Database) -> None:
    screen = Seen().screen(ChatSession(db, FakeEngine()))
    first = screen.new()
    assert screen.want_preview("hello") == first.id
    screen.new()
    assert not screen.preview_is_current(first.id)


def test_changing_one_value_with_no_chat_open_keeps_the_new_chats_persona_values(
    db: Database,
) -> None:
    """The panel shows the settings' values while no chat is open; changing top_p there
    makes a chat with the default persona, which keeps the persona's own temperature."""
    session = ChatSession(db, FakeEngine())
    screen = Seen().screen(session, AppState(Settings(default_persona="expert")))
    expert = session.find_persona("expert").sampling["temperature"]
    shown = asdict(session.default_sampling)
    assert shown["temperature"] != expert
    conversation = screen.set_sampling({**shown, "top_p": 0.5})
    effective = session.sampling_for(conversation)
    assert (effective.temperature, effective.top_p) == (expert, 0.5)
