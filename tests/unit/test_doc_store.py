"""Documents in the history database: removal takes chunks, full-text rows and vectors
with it; chats turn collections on and deleting a chat keeps them; an older history gains
the tables; vectors are found by cosine and the cache follows every change."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from deskchat.docs.chunking import Chunk
from deskchat.docs.parts import Location
from deskchat.errors import NotFoundError
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.doc_search import fts_ranked
from deskchat.store.documents import DocumentRepo, Embedded, FileFacts
from deskchat.store.migrations import MIGRATIONS, m006_documents
from deskchat.store.vectors import NumpyVectorIndex, to_blob

FACTS = FileFacts("hash", 10, 1.0)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "h.sqlite3")
    yield database
    database.close()


def chunk(text: str, line: int = 1) -> Chunk:
    return Chunk(text, Location(lines=(line, line)), len(text))


def add_document(
    repo: DocumentRepo, collection: str, path: str, texts: list[str], vectors: list[list[float]]
) -> int:
    c = repo.collection(collection)
    repo.enqueue(c.id, [path])
    document = repo.find(c.id, path)
    assert document is not None
    embedded = Embedded("model-a", vectors) if vectors else None
    repo.store_chunks(
        document.id,
        kind="text",
        facts=FACTS,
        pages=0,
        chunks=[chunk(t, i) for i, t in enumerate(texts, 1)],
        embedded=embedded,
    )
    return document.id


def counts(db: Database) -> tuple[int, int, int]:
    chunks = db.execute("SELECT count(*) FROM doc_chunks").fetchone()[0]
    fts = db.execute("SELECT count(*) FROM doc_chunks_fts").fetchone()[0]
    vectors = db.execute("SELECT count(*) FROM doc_vectors").fetchone()[0]
    return chunks, fts, vectors


def test_the_fts_index_uses_the_trigram_tokenizer(db: Database) -> None:
    sql = db.execute("SELECT sql FROM sqlite_master WHERE name = 'doc_chunks_fts'").fetchone()[0]
    assert "trigram" in sql


def test_removing_a_document_removes_its_chunks_fts_rows_and_vectors(db: Database) -> None:
    repo = DocumentRepo(db)
    gone = add_document(repo, "c", "/a.txt", ["alpha llama", "beta"], [[1, 0], [0, 1]])
    add_document(repo, "c", "/b.txt", ["gamma llama"], [[1, 1]])
    assert counts(db) == (3, 3, 3)
    repo.remove(gone)
    assert counts(db) == (1, 1, 1)
    hits = fts_ranked(db, "llama", None, 10)
    assert len(hits) == 1
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.execute("INSERT INTO doc_chunks_fts(doc_chunks_fts) VALUES ('integrity-check')")


def test_indexing_again_replaces_the_old_chunks_everywhere(db: Database) -> None:
    repo = DocumentRepo(db)
    doc = add_document(repo, "c", "/a.txt", ["old words here"], [[1, 0]])
    repo.store_chunks(doc, kind="text", facts=FACTS, pages=0, chunks=[chunk("new words")])
    assert counts(db) == (1, 1, 0)
    assert fts_ranked(db, "old", None, 10) == []
    assert len(fts_ranked(db, "new", None, 10)) == 1


def test_a_failed_file_keeps_its_sentence_and_no_chunks(db: Database) -> None:
    from deskchat.sentences import Sentence

    repo = DocumentRepo(db)
    doc = add_document(repo, "c", "/a.pdf", ["text"], [])
    repo.mark_failed(doc, Sentence("{name} is broken.", name="a.pdf"), None)
    record = repo.document(doc)
    assert (record.status, record.error, record.chunk_count) == ("failed", "a.pdf is broken.", 0)
    assert counts(db) == (0, 0, 0)


def test_deleting_a_collection_removes_everything_in_it(db: Database) -> None:
    repo = DocumentRepo(db)
    add_document(repo, "gone", "/a.txt", ["one", "two"], [[1, 0], [0, 1]])
    add_document(repo, "kept", "/a.txt", ["three"], [[1, 0]])
    repo.delete_collection(repo.find_collection("gone").id)
    assert counts(db) == (1, 1, 1)
    assert [c.name for c in repo.collections()] == ["kept"]
    with pytest.raises(NotFoundError, match="There is no document collection gone"):
        repo.find_collection("gone")


def test_deleting_a_chat_keeps_the_collections_it_shared(db: Database) -> None:
    repo = DocumentRepo(db)
    chats = ConversationRepo(db)
    add_document(repo, "manuals", "/m.txt", ["manual text"], [])
    manuals = repo.find_collection("manuals")
    first, second = chats.create("first"), chats.create("second")
    repo.turn_on(first.id, manuals.id)
    repo.turn_on(second.id, manuals.id)
    repo.turn_on(second.id, manuals.id)  # twice is once
    chats.delete(first.id)
    assert [c.name for c in repo.collections_of(second.id)] == ["manuals"]
    assert repo.find_collection("manuals").chunks == 1
    repo.turn_off(second.id, manuals.id)
    assert repo.collections_of(second.id) == []
    links = db.execute("SELECT count(*) FROM conversation_collections").fetchone()[0]
    assert links == 0


def test_an_older_history_gains_the_document_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    before = MIGRATIONS[: MIGRATIONS.index(m006_documents)]
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL)")
    for migration in before:
        migration(old)
    old.execute("INSERT INTO conversations(title, created_at, updated_at) VALUES ('x', 0, 0)")
    old.execute(f"PRAGMA user_version = {len(before)}")
    old.close()
    db = Database(path)
    assert "m006_documents" in db.migrations_applied()
    assert ConversationRepo(db).count() == 1
    assert DocumentRepo(db).collections() == []
    db.close()


def test_vectors_are_found_by_cosine_and_the_cache_follows_changes(db: Database) -> None:
    repo = DocumentRepo(db)
    index = NumpyVectorIndex(db)
    add_document(repo, "c", "/a.txt", ["east", "north"], [[10, 0, 0], [0, 3, 0]])
    near_east = index.search([1, 0.1, 0], "model-a", None, 2)
    assert [round(s, 3) for _, s in near_east] == [0.995, 0.1]
    other = add_document(repo, "d", "/b.txt", ["north east"], [[1, 1, 0]])
    found = index.search([1, 1, 0], "model-a", None, 1)
    assert found[0][1] == pytest.approx(1.0)
    only_c = index.search([1, 1, 0], "model-a", [repo.find_collection("c").id], 5)
    assert len(only_c) == 2
    repo.remove(other)
    assert index.search([1, 1, 0], "model-a", None, 1)[0][1] == pytest.approx(0.7071, abs=1e-3)
    assert index.search([1, 1, 0], "model-b", None, 1) == []  # another model's vectors
    assert index.search([1, 1], "model-a", None, 1) == []  # another dimension


def test_vectors_are_stored_normalised_as_little_endian_float32() -> None:
    blob = to_blob([3.0, 4.0])
    assert np.frombuffer(blob, dtype="<f4").tolist() == pytest.approx([0.6, 0.8])
    assert to_blob([0.0, 0.0]) == b"\0" * 8


def test_a_long_document_is_written_in_batches_and_found_only_once_whole(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskchat.store import documents

    monkeypatch.setattr(documents, "STORE_BATCH", 3)
    repo = DocumentRepo(db)
    texts = [f"paragraph {i} about zeppelins" for i in range(10)]
    add_document(repo, "c", "/old.txt", ["an older text about zeppelins"], [])
    c = repo.find_collection("c")
    assert len(fts_ranked(db, "zeppelins", [c.id], 10)) == 1

    def killed(*_args: object) -> None:
        raise RuntimeError("killed before the last batch")

    monkeypatch.setattr(documents, "_mark_ready", killed)
    old = repo.find(c.id, "/old.txt")
    assert old is not None
    with pytest.raises(RuntimeError):
        repo.store_chunks(
            old.id, kind="text", facts=FACTS, pages=0, chunks=[chunk(t) for t in texts]
        )
    # three batches were written, the fourth failed: the document is pending, unsearched
    assert repo.document(old.id).status == "pending"
    written = db.execute("SELECT count(*) FROM doc_chunks WHERE document_id = ?", (old.id,))
    assert written.fetchone()[0] == 9
    assert fts_ranked(db, "zeppelins", [c.id], 10) == []
    monkeypatch.undo()
    monkeypatch.setattr(documents, "STORE_BATCH", 3)
    repo.store_chunks(old.id, kind="text", facts=FACTS, pages=0, chunks=[chunk(t) for t in texts])
    assert repo.document(old.id).status == "ready" and repo.document(old.id).chunk_count == 10
    assert len(fts_ranked(db, "zeppelins", [c.id], 20)) == 10
