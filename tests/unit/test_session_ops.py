"""What the faces ask of the session about conversations, personas and models: each
operation changes what a person sees in the list, the chat or the Model tab."""

from __future__ import annotations

import pytest

from deskchat.errors import NotFoundError
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRepo
from tests.helpers.factories import add_turns
from tests.helpers.fake_engine import FakeEngine


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


@pytest.fixture
def session(db: Database) -> ChatSession:
    return ChatSession(db, FakeEngine())


def test_rename_and_pin_change_the_list(session: ChatSession) -> None:
    first, second = session.new_conversation(), session.new_conversation()
    assert session.rename(first.id, "  Trip to Paris ").title == "Trip to Paris"
    session.pin(first.id)
    listed = session.list_conversations()
    assert [c.id for c in listed][:1] == [first.id] and listed[0].pinned  # pinned first
    assert {c.id for c in listed} == {first.id, second.id}
    assert not session.pin(first.id, False).pinned


def test_persona_system_prompt_and_policy_of_a_chat(session: ChatSession) -> None:
    conversation = session.new_conversation()
    expert = session.find_persona("expert")
    assert expert in session.list_personas()
    assert session.set_persona(conversation.id, expert.id).persona_id == expert.id
    assert session.set_persona(conversation.id, None).persona_id is None
    chat = session.set_system_prompt(conversation.id, "Only answer in French.")
    assert session.system_prompt_of(chat) == "Only answer in French."
    assert session.set_system_prompt(conversation.id, None).system_prompt is None
    assert session.set_overflow_policy(conversation.id, "stop").overflow_policy == "stop"
    with pytest.raises(NotFoundError):
        session.find_persona("no such persona")


def test_search_and_the_chat_of_a_hit(db: Database, session: ChatSession) -> None:
    conversation = session.new_conversation()
    turns = add_turns(
        MessageRepo(db), conversation.id, [("user", "tell me about zebras"), ("assistant", "ok")]
    )
    hits = session.search("zebras")
    assert [h.message_id for h in hits] == [turns[0].id]
    assert session.conversation_of(hits[0].message_id) == conversation.id
    assert session.search("giraffes") == []


def test_a_deleted_chat_cannot_be_opened(session: ChatSession) -> None:
    conversation = session.new_conversation()
    session.delete_conversation(conversation.id)
    with pytest.raises(NotFoundError):
        session.conversation(conversation.id)


def test_recent_models_are_the_ones_loaded(db: Database, session: ChatSession) -> None:
    assert session.recent_models() == []
    models = ModelRepo(db)
    for name in ("a", "b", "c"):
        models.touch(f"/m/{name}.gguf", name=name, architecture="llama", size_bytes=1, metadata={})
    assert {m.path for m in session.recent_models(limit=2)} < {
        "/m/a.gguf",
        "/m/b.gguf",
        "/m/c.gguf",
    }
    assert len(session.recent_models()) == 3
