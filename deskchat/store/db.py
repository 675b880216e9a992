"""Opening the history database carefully: WAL, foreign keys, migrations, a refusal of
databases from the future, and environment errors turned into sentences (by SQLite's result
code, ``sql_errors``); any other SQLite error is a bug and passes through."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deskchat.errors import StoreError
from deskchat.sentences import Sentence
from deskchat.store.migrations import MIGRATIONS
from deskchat.store.sql_errors import known_errors, sentence_for


class Database:
    """One SQLite connection, shareable between threads (calls are serialised)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._lock = threading.RLock()
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with known_errors(path):
                self.conn = sqlite3.connect(
                    str(path), timeout=10, check_same_thread=False, isolation_level=None
                )
                self.conn.row_factory = sqlite3.Row
                self._configure()
                self._migrate()
        except OSError as exc:
            raise StoreError(
                Sentence(
                    "The history folder for {path} cannot be created: {reason}.",
                    path=str(path),
                    reason=str(exc),
                )
            ) from exc

    def _configure(self) -> None:
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        self.conn.execute("PRAGMA busy_timeout=10000")

    def _migrate(self) -> None:
        known = len(MIGRATIONS)
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if version > known:
            raise StoreError(
                Sentence(
                    "The history database {path} was written by a newer version of deskchat "
                    "(schema {version:d}; this version knows {known:d}). Update deskchat to "
                    "open it.",
                    path=str(self.path),
                    version=version,
                    known=known,
                )
            )
        if version == known:
            return
        with self.transaction():
            self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                "name TEXT PRIMARY KEY, applied_at REAL NOT NULL)"
            )
            for migration in MIGRATIONS[version:]:
                migration(self.conn)
                self.conn.execute(
                    "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                    (migration.__name__, time.time()),
                )
            self.conn.execute(f"PRAGMA user_version={known}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception. A database that is
        locked, full, damaged or unwritable raises ``StoreError`` with a sentence; any other
        error (a bug) is re-raised as it is, after the rollback."""
        with self._lock:
            with known_errors(self.path):
                self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:  # SQLite may already have rolled back
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                sentence = sentence_for(exc, self.path) if isinstance(exc, sqlite3.Error) else None
                if sentence is not None:
                    raise StoreError(sentence) from exc
                raise

    def execute(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> sqlite3.Cursor:
        with self._lock, known_errors(self.path):
            return self.conn.execute(sql, params)

    def write(self, sql: str, params: tuple[object, ...] | dict[str, object] = ()) -> int:
        """Run one statement in its own transaction; return lastrowid."""
        with self.transaction() as conn:
            cursor = conn.execute(sql, params)
            return int(cursor.lastrowid or 0)

    def migrations_applied(self) -> list[str]:
        rows = self.execute("SELECT name FROM schema_migrations ORDER BY rowid")
        return [row[0] for row in rows]

    def close(self) -> None:
        with self._lock:
            self.conn.close()
