"""A real damaged history file (garbage written over some of its pages): found when it is
opened, never written, and what SQLite can still read is recovered into a fresh history."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskchat.store import db as db_module
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.recovery import kept_copies, recover_history
from deskchat.store.sql_errors import DamagedHistoryError
from tests.helpers.damaged_db import CHATS, PER_CHAT, damage, digest, write_history


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
