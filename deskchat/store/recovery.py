"""What to do with a damaged history: keep it aside and start afresh, or copy what SQLite
can still read into a fresh history. The damaged file is never written; it is kept beside
the new one as ``history.db.damaged-<time>``."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

from deskchat.errors import StoreError
from deskchat.sentences import Sentence
from deskchat.store.db import Database

log = logging.getLogger(__name__)

DAMAGED_MARK = ".damaged-"
# the tables worth keeping, parents first; the search index is rebuilt by the triggers
TABLES = (
    "personas",
    "seeded_personas",
    "models",
    "conversations",
    "messages",
    # documents and their chunks (the full-text index refills itself from the chunks);
    # vectors are left behind: indexing with an embedding model makes the missing ones
    "doc_collections",
    "documents",
    "doc_chunks",
)
LINK_TABLES = ("conversation_collections",)  # no rowids to step past damage with
_MAX_SKIP = 1 << 20  # rowids skipped at most past one unreadable stretch


def kept_copies(path: Path) -> list[Path]:
    """The damaged files kept beside ``path``, oldest first."""
    return sorted(path.parent.glob(path.name + DAMAGED_MARK + "*"))


def keep_aside(path: Path) -> Path:
    """Move ``path`` (with its -wal and -shm) aside as ``<name>.damaged-<time>``; the next
    open starts a fresh history. Returns the kept copy."""
    kept = path.with_name(f"{path.name}{DAMAGED_MARK}{time.strftime('%Y%m%d-%H%M%S')}")
    n = 1
    while kept.exists():
        n += 1
        kept = kept.with_name(f"{kept.name.split('~')[0]}~{n}")
    try:
        path.replace(kept)
        for tail in ("-wal", "-shm"):
            side = path.with_name(path.name + tail)
            if side.exists():
                side.replace(kept.with_name(kept.name + tail))
    except OSError as exc:
        raise StoreError(
            Sentence(
                "The history database {path} cannot be moved aside: {reason}.",
                path=str(path),
                reason=exc.strerror or str(exc),
            )
        ) from exc
    return kept


def recover_history(path: Path) -> tuple[Path, int]:
    """Copy what SQLite can read of ``path`` into a fresh history at ``path``; the damaged
    file is kept aside (``kept_copies``). Returns the new history and how many messages it
    holds."""
    fresh_path = path.with_name(path.name + ".recovering")
    for leftover in (
        fresh_path,
        *(fresh_path.with_name(fresh_path.name + t) for t in ("-wal", "-shm")),
    ):
        try:
            leftover.unlink(missing_ok=True)
        except OSError as exc:  # a read-only folder: nothing new can be written beside it
            raise StoreError(
                Sentence(
                    "A fresh history cannot be written beside {path}: {reason}.",
                    path=str(path),
                    reason=exc.strerror or str(exc),
                )
            ) from exc
    source = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1", uri=True)
    fresh = Database(fresh_path)
    try:
        fresh.conn.execute("PRAGMA foreign_keys=OFF")
        with fresh.transaction() as conn:
            conn.execute("DELETE FROM personas")  # a new file has none; the kept ones win
            for table in TABLES:
                _copy_table(source, conn, table)
            for table in LINK_TABLES:
                _copy_links(source, conn, table)
            _mend_links(conn)
            _mend_documents(conn)
            messages = int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
    finally:
        source.close()
        fresh.close()
    keep_aside(path)
    fresh_path.replace(path)
    log.info("Recovered %d messages from the damaged history %s", messages, path)
    return path, messages


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    with contextlib.suppress(sqlite3.DatabaseError):
        return [str(row[1]) for row in conn.execute(f"PRAGMA table_info({table})")]
    return []


def _copy_table(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> int:
    """Copy the readable rows of ``table``, stepping past rowids on unreadable pages."""
    names = [c for c in _columns(target, table) if c in set(_columns(source, table))]
    if not names:
        return 0
    listed = ", ".join(names)
    select = f"SELECT rowid, {listed} FROM {table} WHERE rowid > ? ORDER BY rowid"
    marks = ", ".join("?" * (len(names) + 1))
    insert = f"INSERT OR IGNORE INTO {table}(rowid, {listed}) VALUES ({marks})"
    after, copied, skip = 0, 0, 1  # deskchat's rowids start at 1
    while skip <= _MAX_SKIP:
        try:
            for row in source.execute(select, (after,)):
                target.execute(insert, tuple(row))
                after, copied, skip = int(row[0]), copied + 1, 1
            return copied
        except sqlite3.DatabaseError:  # a damaged page: try past it, further each time
            after += skip
            skip *= 2
    return copied


def _copy_links(source: sqlite3.Connection, target: sqlite3.Connection, table: str) -> None:
    """A table of links, all of it or none if it cannot be read."""
    names = [c for c in _columns(target, table) if c in set(_columns(source, table))]
    if not names:
        return
    listed = ", ".join(names)
    with contextlib.suppress(sqlite3.DatabaseError):
        rows = source.execute(f"SELECT {listed} FROM {table}").fetchall()
        marks = ", ".join("?" * len(names))
        target.executemany(f"INSERT OR IGNORE INTO {table}({listed}) VALUES ({marks})", rows)


def _mend_documents(conn: sqlite3.Connection) -> None:
    """Documents of a lost collection and chunks of a lost document go with it; a document
    that lost some of its chunks is pending again, to be indexed by the next run."""
    conn.execute(
        "DELETE FROM documents WHERE collection_id NOT IN (SELECT id FROM doc_collections)"
    )
    conn.execute("DELETE FROM doc_chunks WHERE document_id NOT IN (SELECT id FROM documents)")
    conn.execute(
        "UPDATE documents SET status = 'pending' WHERE status = 'ready' AND chunk_count != "
        "(SELECT count(*) FROM doc_chunks c WHERE c.document_id = documents.id)"
    )
    for table, column, parent in (
        ("conversation_collections", "conversation_id", "conversations"),
        ("conversation_collections", "collection_id", "doc_collections"),
    ):
        conn.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT id FROM {parent})")


def _mend_links(conn: sqlite3.Connection) -> None:
    """Rows whose parent was lost: messages of a lost conversation go with it, a reply whose
    message was lost starts its branch, and each conversation shows a branch it still has."""
    conn.execute("DELETE FROM messages WHERE conversation_id NOT IN (SELECT id FROM conversations)")
    conn.execute(
        "UPDATE messages SET parent_id = NULL "
        "WHERE parent_id IS NOT NULL AND parent_id NOT IN (SELECT id FROM messages)"
    )
    conn.execute(
        "UPDATE conversations SET persona_id = NULL "
        "WHERE persona_id IS NOT NULL AND persona_id NOT IN (SELECT id FROM personas)"
    )
    conn.execute(
        "UPDATE conversations SET current_leaf_id = "
        "(SELECT max(id) FROM messages WHERE conversation_id = conversations.id) "
        "WHERE current_leaf_id IS NULL OR current_leaf_id NOT IN (SELECT id FROM messages)"
    )
