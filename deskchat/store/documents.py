"""Collections of documents, their chunks and vectors, and the chats that use them.

A document's chunks, their full-text rows and their vectors are written while it is
pending (in transactions of ``STORE_BATCH`` chunks), and it is marked ready in the last: a
search leaves pending documents out, so it never sees half of one, and a process killed
half-way leaves the document pending, to be indexed again. Removing a document removes all
three (foreign keys and the full-text trigger); removing a chat removes only its links to
collections."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from deskchat.docs.chunking import Chunk
from deskchat.errors import NotFoundError
from deskchat.sentences import Sentence
from deskchat.store.db import Database
from deskchat.store.doc_records import Collection, DocumentRecord
from deskchat.store.vectors import to_blob

STORE_BATCH = 200  # chunks written in one transaction

_COUNTED = (
    "SELECT c.id, c.name, "
    "(SELECT count(*) FROM documents d WHERE d.collection_id = c.id) AS documents, "
    "(SELECT coalesce(sum(chunk_count), 0) FROM documents d WHERE d.collection_id = c.id) "
    "AS chunks FROM doc_collections c"
)


@dataclass(frozen=True)
class FileFacts:
    """What identifies a file's content: its hash, size and modification time."""

    content_hash: str
    size_bytes: int
    mtime: float


@dataclass(frozen=True)
class Embedded:
    """The vectors of a document's chunks, in chunk order, and the model that made them."""

    model_key: str
    vectors: Sequence[Sequence[float]]


class DocumentRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    # collections

    def collection(self, name: str) -> Collection:
        """The collection called ``name``, made if there is none."""
        name = name.strip()
        with self.db.transaction() as conn:
            conn.execute(
                "INSERT INTO doc_collections(name, created_at) VALUES (?, ?) "
                "ON CONFLICT(name) DO NOTHING",
                (name, time.time()),
            )
        return self.find_collection(name)

    def find_collection(self, name: str) -> Collection:
        row = self.db.execute(f"{_COUNTED} WHERE c.name = ?", (name.strip(),)).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no document collection {name}.", name=name))
        return Collection.from_row(row)

    def collections(self) -> list[Collection]:
        return [Collection.from_row(r) for r in self.db.execute(f"{_COUNTED} ORDER BY c.name")]

    def delete_collection(self, collection_id: int) -> None:
        self.db.write("DELETE FROM doc_collections WHERE id = ?", (collection_id,))

    # documents

    def documents(self, collection_id: int) -> list[DocumentRecord]:
        rows = self.db.execute(
            "SELECT * FROM documents WHERE collection_id = ? ORDER BY path", (collection_id,)
        )
        return [DocumentRecord.from_row(r) for r in rows]

    def document(self, document_id: int) -> DocumentRecord:
        row = self.db.execute("SELECT * FROM documents WHERE id = ?", (document_id,)).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no document {id:d}.", id=document_id))
        return DocumentRecord.from_row(row)

    def find(self, collection_id: int, path: str) -> DocumentRecord | None:
        row = self.db.execute(
            "SELECT * FROM documents WHERE collection_id = ? AND path = ?", (collection_id, path)
        ).fetchone()
        return None if row is None else DocumentRecord.from_row(row)

    def enqueue(self, collection_id: int, paths: Iterable[str]) -> None:
        """Record files to index (new ones as pending): the job outlives the process."""
        now = time.time()
        with self.db.transaction() as conn:
            conn.executemany(
                "INSERT INTO documents(collection_id, path, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(collection_id, path) DO NOTHING",
                [(collection_id, p, now) for p in paths],
            )

    def pending(self, collection_id: int) -> list[DocumentRecord]:
        rows = self.db.execute(
            "SELECT * FROM documents WHERE collection_id = ? AND status = 'pending' ORDER BY id",
            (collection_id,),
        )
        return [DocumentRecord.from_row(r) for r in rows]

    def mark_pending(self, document_id: int) -> None:
        self.db.write("UPDATE documents SET status = 'pending' WHERE id = ?", (document_id,))

    def touch(self, document_id: int, mtime: float) -> None:
        """The file was saved again with the same content: nothing to index."""
        self.db.write("UPDATE documents SET mtime = ? WHERE id = ?", (mtime, document_id))

    def store_chunks(
        self,
        document_id: int,
        *,
        kind: str,
        facts: FileFacts,
        pages: int,
        chunks: Sequence[Chunk],
        embedded: Embedded | None = None,
    ) -> None:
        """Replace the document's chunks (and vectors) and mark it ready. Up to
        ``STORE_BATCH`` chunks in one transaction; a longer document in several (each a few
        milliseconds, so that the window, which reads the same database, never waits long),
        pending until the last, and searches leave pending documents out, so a search
        never sees half of one and a process killed half-way leaves it pending."""
        if embedded is not None and len(embedded.vectors) != len(chunks):
            raise ValueError("one vector a chunk")
        vectors = list(embedded.vectors) if embedded is not None else None
        starts = list(range(0, len(chunks), STORE_BATCH)) or [0]
        for n, start in enumerate(starts):
            with self.db.transaction() as conn:
                if n == 0:
                    conn.execute(
                        "UPDATE documents SET status = 'pending' WHERE id = ?", (document_id,)
                    )
                    conn.execute("DELETE FROM doc_chunks WHERE document_id = ?", (document_id,))
                part = chunks[start : start + STORE_BATCH]
                ids = []
                for ordinal, chunk in enumerate(part, start):
                    cursor = conn.execute(
                        "INSERT INTO doc_chunks(document_id, ordinal, text, location, "
                        "token_count) VALUES (?, ?, ?, ?, ?)",
                        (document_id, ordinal, chunk.text, chunk.location.to_json(), chunk.tokens),
                    )
                    ids.append(int(cursor.lastrowid or 0))
                if embedded is not None and vectors is not None:
                    rows = zip(ids, vectors[start : start + STORE_BATCH], strict=True)
                    _insert_vectors(conn, embedded.model_key, rows)
                if n == len(starts) - 1:
                    _mark_ready(conn, document_id, kind, facts, pages, len(chunks))

    def mark_failed(self, document_id: int, error: Sentence, facts: FileFacts | None) -> None:
        """The file cannot be read: its old chunks go, the sentence says why."""
        facts = facts or FileFacts("", 0, 0.0)
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM doc_chunks WHERE document_id = ?", (document_id,))
            conn.execute(
                "UPDATE documents SET status = 'failed', error = ?, content_hash = ?, "
                "size_bytes = ?, mtime = ?, pages = 0, chunk_count = 0, indexed_at = ? "
                "WHERE id = ?",
                (
                    str(error),
                    facts.content_hash,
                    facts.size_bytes,
                    facts.mtime,
                    time.time(),
                    document_id,
                ),
            )

    def remove(self, document_id: int) -> None:
        """The document, its chunks, their full-text rows and their vectors."""
        self.db.write("DELETE FROM documents WHERE id = ?", (document_id,))

    # vectors

    def chunks_without_vectors(self, document_id: int, model_key: str) -> list[tuple[int, str]]:
        rows = self.db.execute(
            "SELECT c.id, c.text FROM doc_chunks c WHERE c.document_id = ? AND NOT EXISTS "
            "(SELECT 1 FROM doc_vectors v WHERE v.model_key = ? AND v.chunk_id = c.id) "
            "ORDER BY c.ordinal",
            (document_id, model_key),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    def add_vectors(self, model_key: str, vectors: Iterable[tuple[int, Sequence[float]]]) -> None:
        with self.db.transaction() as conn:
            _insert_vectors(conn, model_key, vectors)

    # chats

    def turn_on(self, conversation_id: int, collection_id: int) -> None:
        self.db.write(
            "INSERT INTO conversation_collections(conversation_id, collection_id) VALUES (?, ?) "
            "ON CONFLICT DO NOTHING",
            (conversation_id, collection_id),
        )

    def turn_off(self, conversation_id: int, collection_id: int) -> None:
        self.db.write(
            "DELETE FROM conversation_collections WHERE conversation_id = ? AND collection_id = ?",
            (conversation_id, collection_id),
        )

    def collections_of(self, conversation_id: int) -> list[Collection]:
        rows = self.db.execute(
            f"{_COUNTED} JOIN conversation_collections l ON l.collection_id = c.id "
            "WHERE l.conversation_id = ? ORDER BY c.name",
            (conversation_id,),
        )
        return [Collection.from_row(r) for r in rows]


def _mark_ready(
    conn: sqlite3.Connection,
    document_id: int,
    kind: str,
    facts: FileFacts,
    pages: int,
    chunk_count: int,
) -> None:
    conn.execute(
        "UPDATE documents SET status = 'ready', error = '', kind = ?, content_hash = ?, "
        "size_bytes = ?, mtime = ?, pages = ?, chunk_count = ?, indexed_at = ? WHERE id = ?",
        (
            kind,
            facts.content_hash,
            facts.size_bytes,
            facts.mtime,
            pages,
            chunk_count,
            time.time(),
            document_id,
        ),
    )


def _insert_vectors(
    conn: sqlite3.Connection, model_key: str, vectors: Iterable[tuple[int, Sequence[float]]]
) -> None:
    rows = []
    for chunk_id, vector in vectors:
        blob = to_blob(vector)
        rows.append((chunk_id, model_key, len(blob) // 4, blob))
    conn.executemany(
        "INSERT OR REPLACE INTO doc_vectors(chunk_id, model_key, dim, vector) VALUES (?, ?, ?, ?)",
        rows,
    )
