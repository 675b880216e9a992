"""Opening the history database carefully: WAL, foreign keys, migrations, a refusal of
databases from the future, and environment errors turned into sentences (by SQLite's result
code, ``sql_errors``); any other SQLite error is a bug and passes through."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from deskchat.errors import StoreError
from deskchat.sentences import Sentence
from deskchat.store.health import check_health
from deskchat.store.migrations import MIGRATIONS
from deskchat.store.sql_errors import (
    SQLITE_READONLY,
    DamagedHistoryError,
    damaged_sentence,
    is_damage,
    known_errors,
    sentence_for,
    sentence_of,
)

log = logging.getLogger(__name__)


class Database:
    """One SQLite connection, shareable between threads (calls are serialised).

    A damaged file is found before anything is written (``health.check_health``), and damage
    met later stops every further write: ``DamagedHistoryError``. ``read_only`` opens an
    existing file without ever writing (a read-only folder, a command that only reads)."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        self.read_only = read_only
        self.damaged = False
        self._lock = threading.RLock()
        self._deferred: list[Callable[[], None]] = []
        self._flushing = False
        try:
            if isinstance(self.path, Path) and not read_only:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            with known_errors(path):
                self.conn = self._connect(str(path))
                self.conn.row_factory = sqlite3.Row
                try:
                    check_health(self.conn, path)
                    self._configure()
                    self._migrate()
                except BaseException:
                    self.conn.close()
                    raise
        except OSError as exc:
            raise StoreError(
                Sentence(
                    "The history folder for {path} cannot be created: {reason}.",
                    path=str(path),
                    reason=str(exc),
                )
            ) from exc

    def _connect(self, path: str) -> sqlite3.Connection:
        def connect(target: str, uri: bool = False) -> sqlite3.Connection:
            return sqlite3.connect(
                target, timeout=10, check_same_thread=False, isolation_level=None, uri=uri
            )

        if not self.read_only:
            return connect(path)
        target = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
        try:
            conn = connect(target, uri=True)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.OperationalError:
            # a WAL file in a folder nobody may write: no -shm can be made, so read it as
            # an unchanging file (nothing can write there meanwhile)
            return connect(target + "&immutable=1", uri=True)

    def _configure(self) -> None:
        if not self.read_only:
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
        if self.read_only:
            raise StoreError(
                Sentence(
                    "The history database {path} needs an update that cannot be written here "
                    "(it is opened read-only); open it once where it can be written.",
                    path=str(self.path),
                )
            )
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
            self._refuse_writes()
            self._flush_deferred()
            with self._watch(), known_errors(self.path):
                self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
                self.conn.execute("COMMIT")
            except BaseException as exc:
                if self.conn.in_transaction:  # SQLite may already have rolled back
                    with contextlib.suppress(sqlite3.Error):
                        self.conn.execute("ROLLBACK")
                if not isinstance(exc, sqlite3.Error):
                    raise
                sentence = sentence_for(exc, self.path)
                if sentence is None:
                    raise
                if is_damage(exc):
                    self.damaged = True
                    raise DamagedHistoryError(sentence) from exc
                raise StoreError(sentence) from exc

    def _refuse_writes(self) -> None:
        if self.damaged:
            raise DamagedHistoryError(damaged_sentence(self.path))
        if self.read_only:
            refusal = sentence_of(SQLITE_READONLY, self.path)
            assert refusal is not None
            raise StoreError(refusal)

    @contextmanager
    def _watch(self) -> Iterator[None]:
        """Remember damage met inside the block: from then on nothing is written."""
        try:
            yield
        except DamagedHistoryError:
            self.damaged = True
            raise

    def write_later(self, write: Callable[[], None]) -> None:
        """Keep ``write`` (one that failed: a full disk) to try again before the next
        transaction and at close, in order; it is dropped once it succeeds."""
        with self._lock:
            self._deferred.append(write)

    @property
    def pending_writes(self) -> int:
        return len(self._deferred)

    def _flush_deferred(self) -> None:
        if self._flushing or not self._deferred:
            return
        self._flushing = True
        try:
            while self._deferred:
                try:
                    self._deferred[0]()
                except StoreError as exc:
                    log.info("A kept write still cannot be made: %s", exc)
                    return
                self._deferred.pop(0)
        finally:
            self._flushing = False

    def execute(
        self, sql: str, params: tuple[object, ...] | dict[str, object] = ()
    ) -> sqlite3.Cursor:
        with self._lock, self._watch(), known_errors(self.path):
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
            if self._deferred and not self.damaged and not self.read_only:
                self._flush_deferred()
            if self._deferred:
                log.warning("%d write(s) to %s could not be made", len(self._deferred), self.path)
            self.conn.close()
