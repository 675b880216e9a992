"""The history database: migrations, refusal of future schemas, branches, search."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from deskchat import paths
from deskchat.chat.personas import Persona
from deskchat.errors import StoreError
from deskchat.services.app import open_database
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.migrations import MIGRATIONS
from deskchat.store.personas import PersonaRepo
from deskchat.store.search import search_messages


def test_blank_database_is_migrated_and_recorded(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.sqlite3")
    assert db.migrations_applied() == [m.__name__ for m in MIGRATIONS]
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"conversations", "messages", "personas", "models", "messages_fts"} <= tables
    db.close()
    again = Database(tmp_path / "h.sqlite3")  # reopening applies nothing twice
    assert again.migrations_applied() == [m.__name__ for m in MIGRATIONS]


def test_database_from_a_newer_deskchat_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE mystery(x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer version of deskchat") as caught:
        Database(path)
    assert "schema 99" in str(caught.value)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 99
    assert (
        conn.execute("SELECT count(*) FROM sqlite_master WHERE name='messages'").fetchone()[0] == 0
    )


def test_a_file_that_is_not_a_database_gives_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="damaged"):
        Database(path)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(tmp_path / "h.sqlite3")


def test_edit_keeps_the_old_branch(db: Database) -> None:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    c = conversations.create("Branches")
    q1 = messages.add(c.id, "user", "first question", parent_id=None)
    a1 = messages.add(c.id, "assistant", "first answer", parent_id=q1.id)
    q2 = messages.add(c.id, "user", "original follow-up", parent_id=a1.id)
    messages.add(c.id, "assistant", "answer to original", parent_id=q2.id)
    edited = messages.add(c.id, "user", "edited follow-up", parent_id=a1.id)
    a3 = messages.add(c.id, "assistant", "answer to edit", parent_id=edited.id)
    assert conversations.get(c.id).current_leaf_id == a3.id
    branch = [m.content for m in messages.path_to(a3.id)]
    assert branch == ["first question", "first answer", "edited follow-up", "answer to edit"]
    versions = [m.content for m in messages.children(c.id, a1.id)]
    assert versions == ["original follow-up", "edited follow-up"]
    assert len(messages.for_conversation(c.id)) == 6


def test_deleting_a_conversation_removes_its_messages_and_search_hits(db: Database) -> None:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    c = conversations.create("Temp")
    messages.add(c.id, "user", "ephemeral wording", parent_id=None)
    assert search_messages(db, "ephemeral")
    conversations.delete(c.id)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0
    assert search_messages(db, "ephemeral") == []


def test_full_text_search_finds_words_chinese_and_updated_text(db: Database) -> None:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    c = conversations.create("Tokens")
    m1 = messages.add(c.id, "user", "How does lollipop split into tokens?", parent_id=None)
    messages.add(c.id, "assistant", "这本书非常有意思。", parent_id=m1.id)
    streaming = messages.add(c.id, "assistant", "", parent_id=m1.id, status="streaming")
    hits = search_messages(db, "lollipop")
    assert [h.message_id for h in hits] == [m1.id]
    assert hits[0].marked() == "How does [lollipop] split into tokens?"
    assert hits[0].conversation_title == "Tokens"
    assert len(search_messages(db, "非常有意思")) == 1  # trigram index
    assert len(search_messages(db, "有意")) == 1  # two characters: fallback scan
    assert search_messages(db, "banana") == []
    messages.save_partial(streaming.id, "a banana appears mid-stream")
    assert [h.message_id for h in search_messages(db, "banana")] == [streaming.id]
    assert search_messages(db, '"; DROP TABLE messages; --') == []
    assert search_messages(db, "   ") == []


def test_streaming_answers_left_behind_are_recovered_as_interrupted(db: Database) -> None:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    c = conversations.create()
    q = messages.add(c.id, "user", "q", parent_id=None)
    a = messages.add(c.id, "assistant", "", parent_id=q.id, status="streaming")
    messages.save_partial(a.id, "half an ans")
    assert messages.recover_interrupted() == 1  # written by this very process: a leftover
    recovered = messages.get(a.id)
    assert (recovered.status, recovered.content) == ("interrupted", "half an ans")
    assert recovered.error and "stopped" in recovered.error


def test_builtin_personas_are_seeded_once_and_deletions_stick() -> None:
    db, _ = open_database()
    personas = PersonaRepo(db)
    names = {p.key: p for p in personas.list()}
    assert set(names) == {
        "assistant",
        "one-sentence",
        "seuss-poet",
        "expert",
        "step-by-step",
        "translator",
    }
    assert all(p.name_zh for p in names.values())
    assert len(names["translator"].examples) == 4
    assert personas.find("one sentence only").key == "one-sentence"
    assert personas.find("苏斯博士风格诗人").key == "seuss-poet"
    personas.delete(names["seuss-poet"].id)  # type: ignore[arg-type]
    edited = personas.update(
        Persona(id=names["assistant"].id, key="assistant", name="Mine", system_prompt="Custom.")
    )
    db.close()
    db, _ = open_database()  # next start
    again = {p.key: p for p in PersonaRepo(db).list()}
    assert "seuss-poet" not in again
    assert again["assistant"].system_prompt == "Custom." == edited.system_prompt
    assert paths.db_path().exists()


def test_an_answer_another_running_deskchat_is_writing_is_left_alone(db: Database) -> None:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    c = conversations.create()
    q = messages.add(c.id, "user", "q", parent_id=None)
    live = messages.add(c.id, "assistant", "", parent_id=q.id, status="streaming")
    dead = messages.add(c.id, "assistant", "", parent_id=q.id, status="streaming")
    parent_pid = os.getppid()  # alive: the process that started this test run
    db.write("UPDATE messages SET writer_pid = ? WHERE id = ?", (parent_pid, live.id))
    db.write("UPDATE messages SET writer_pid = ? WHERE id = ?", (2**22 + 12345, dead.id))
    assert messages.recover_interrupted() == 1
    assert messages.get(live.id).status == "streaming"
    assert messages.get(dead.id).status == "interrupted"
