"""A real damaged history file (garbage written over some of its pages): found when it is
opened, never written, and what SQLite can still read is recovered into a fresh history."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from deskchat.store import db as db_module
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.recovery import kept_copies, recover_history
from deskchat.store.sql_errors import DamagedHistoryError

CHATS, PER_CHAT = 120, 4


def write_history(path: Path) -> None:
    db = Database(path)
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    for i in range(CHATS):
        chat = conversations.create(title=f"chat {i}")
        parent = None
        for j in range(PER_CHAT):
            role = "user" if j % 2 == 0 else "assistant"
            parent = messages.add(chat.id, role, f"message {i}.{j} " * 40, parent_id=parent).id
    db.close()


def damage(path: Path, first_page: int = 40, pages: int = 6) -> None:
    """Garbage over ``pages`` pages in the middle of the file (the schema page stays whole)."""
    conn = sqlite3.connect(path)
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    with path.open("r+b") as f:
        f.seek(first_page * size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(pages * size)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "history.db"
    write_history(path)
    damage(path)
    return path


def test_a_damaged_history_is_found_on_open_and_left_as_it_was(damaged: Path) -> None:
    before = digest(damaged)
    with pytest.raises(DamagedHistoryError) as caught:
        Database(damaged)
    assert str(caught.value).startswith(f"The history database {damaged} is damaged;")
    assert "deskchat history recover" in str(caught.value)
    assert digest(damaged) == before


def test_damage_met_after_opening_stops_every_write(
    damaged: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # as if it were too large to check in the start-up budget
    monkeypatch.setattr(db_module, "check_health", lambda _conn, _path: None)
    db = Database(damaged)
    with pytest.raises(DamagedHistoryError):
        for chat in ConversationRepo(db).list(limit=CHATS):
            MessageRepo(db).for_conversation(chat.id)
    before = digest(damaged)
    with pytest.raises(DamagedHistoryError, match="nothing more is written"):
        ConversationRepo(db).create(title="written into a damaged file?")
    db.close()
    assert digest(damaged) == before


def test_what_can_be_read_is_recovered_into_a_fresh_history(damaged: Path) -> None:
    before = digest(damaged)
    new_path, recovered = recover_history(damaged)
    assert new_path == damaged
    assert 0 < recovered < CHATS * PER_CHAT  # most of it, not what was on the garbage pages
    assert recovered > CHATS * PER_CHAT // 2
    (kept,) = kept_copies(damaged)
    assert digest(kept) == before  # the damaged file itself, untouched
    db = Database(new_path)  # whole now: opens, reads and writes
    chats = ConversationRepo(db).list(limit=CHATS)
    assert len(chats) == CHATS
    shown = [m for c in chats for m in MessageRepo(db).path_to(c.current_leaf_id)]
    assert shown and all(m.content.startswith("message ") for m in shown)
    assert ConversationRepo(db).create(title="after recovery").id
    db.close()


def test_a_file_of_garbage_recovers_to_an_empty_history(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"not a database " * 500)
    new_path, recovered = recover_history(path)
    assert recovered == 0
    assert ConversationRepo(Database(new_path)).list(limit=5) == []
    assert kept_copies(path)[0].read_bytes() == b"not a database " * 500
