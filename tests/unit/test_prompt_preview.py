""" "Show prompt" shows the prompt the next send would build: with the composer's text as
the new message, or without any, the history as it stands (no empty user turn)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.store.db import Database
from tests.helpers.fake_engine import FakeEngine


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def test_an_empty_composer_adds_no_empty_user_turn(db: Database) -> None:
    session = ChatSession(db, FakeEngine(["Paris."]))
    c = session.new_conversation()
    list(session.send(c.id, "Capital of France?"))
    text = session.preview(c.id, "").text
    assert text.endswith("<user>Capital of France?\n<assistant>Paris.\n<assistant>")
    assert "<user>\n" not in text
    typed = session.preview(c.id, "And Spain?").text
    assert typed.endswith("<assistant>Paris.\n<user>And Spain?\n<assistant>")


def test_a_new_chat_with_nothing_typed_shows_the_system_prompt_alone(db: Database) -> None:
    session = ChatSession(db, FakeEngine())
    c = session.new_conversation(session.find_persona("seuss-poet"))
    text = session.preview(c.id).text
    assert text.startswith("<system>") and text.endswith("\n<assistant>")
    assert "<user>" not in text


def test_a_template_that_needs_a_user_message_shows_an_empty_one(db: Database) -> None:
    engine = FakeEngine()
    needs_user = (  # as Qwen3's does
        "{% if not messages | selectattr('role', 'equalto', 'user') | list %}"
        "{{ raise_exception('No user query found in messages.') }}{% endif %}"
        "{% for m in messages %}<{{ m.role }}>{{ m.content }}\n{% endfor %}<assistant>"
    )
    assert engine.model is not None
    engine.model = replace(engine.model, chat_template=needs_user)
    session = ChatSession(db, engine)
    c = session.new_conversation()
    assert session.preview(c.id).text.endswith("<user>\n<assistant>")
