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


def test_documents_are_recovered_and_what_lost_chunks_is_indexed_again(tmp_path: Path) -> None:
    from deskchat.services.indexing import Indexer
    from deskchat.services.retrieval import Retriever
    from deskchat.store.documents import DocumentRepo

    path = tmp_path / "history.db"
    write_history(path)
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(30):
        (folder / f"note{n}.txt").write_text(f"Note {n} about alpacas. " * 200, encoding="utf-8")
    db = Database(path)
    repo = DocumentRepo(db)
    chat = ConversationRepo(db).list(limit=1)[0]
    Indexer(repo).add(repo.collection("notes"), [folder])
    repo.turn_on(chat.id, repo.find_collection("notes").id)
    pages = db.execute("SELECT page_count FROM pragma_page_count").fetchone()[0]
    db.close()
    damage(path, first_page=pages - 60, pages=8)  # among the chunks, written last

    recover_history(path)
    db = Database(path)
    repo = DocumentRepo(db)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO doc_chunks_fts(doc_chunks_fts) VALUES ('integrity-check')")
    notes = repo.find_collection("notes")
    documents = repo.documents(notes.id)
    assert any(d.status == "pending" for d in documents)  # the damage cut some of them
    for document in documents:  # every ready document has all its chunks
        there = db.execute(
            "SELECT count(*) FROM doc_chunks WHERE document_id = ?", (document.id,)
        ).fetchone()[0]
        assert document.status == "pending" or there == document.chunk_count
    Indexer(repo).add(notes, [folder])  # what was lost or cut is indexed again
    assert {d.status for d in repo.documents(notes.id)} == {"ready"}
    assert len(repo.documents(notes.id)) == 30
    assert Retriever(db).search("Note 7 about alpacas", k=1)
    db.close()
