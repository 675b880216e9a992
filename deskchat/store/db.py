"""Opening the history database carefully: WAL, foreign keys, migrations, a refusal of
databases from the future, and environment errors turned into sentences."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deskchat.errors import StoreError
from deskchat.store.migrations import MIGRATIONS


def explain(exc: sqlite3.Error, path: Path | str) -> str:
    """One sentence for a database error a person can do something about."""
    text = str(exc).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return f"The disk holding {path} is full; free some space and try again."
    if "locked" in text or "busy" in text:
        return f"The history database {path} is in use by another program; close it and retry."
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            f"The history database {path} is damaged; move it aside to start a fresh one "
            "(the damaged file can still be recovered with the sqlite3 .recover command)."
        )
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return f"The history database {path} cannot be written; check its folder's permissions."
    return f"The history database {path} failed: {exc}."


class Database:
    """One SQLite connection, shareable between threads (calls are serialised)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self._lock = threading.RLock()
        try:
            if isinstance(self.path, Path):
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self.conn = sqlite3.connect(
                str(path), timeout=10, check_same_thread=False, isolation_level=None
            )
            self.conn.row_factory = sqlite3.Row
            self._configure()
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(explain(exc, path)) from exc
        except OSError as exc:
            raise StoreError(f"The history folder for {path} cannot be created: {exc}.") from exc

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
                f"The history database {self.path} was written by a newer version of deskchat "
                f"(schema {version}; this version knows {known}). Update deskchat to open it."
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
        locked, full or damaged raises ``StoreError`` with a sentence."""
        with self._lock:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise StoreError(explain(exc, self.path)) from exc
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:  # SQLite may already have rolled back
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise StoreError(explain(exc, self.path)) from exc
                raise

    def execute(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> sqlite3.Cursor:
        with self._lock:
            try:
                return self.conn.execute(sql, params)
            except sqlite3.OperationalError as exc:
                raise StoreError(explain(exc, self.path)) from exc

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
