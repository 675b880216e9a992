"""SQLite errors told apart by their code, with real SQLite: what the environment did is one
sentence saying what to do; a programming error stays an exception (a bug, for the log)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.errors import StoreError
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.sql_errors import SQLITE_BUSY, SQLITE_FULL, SQLITE_NOTADB, primary_code

COLUMNS = "title, created_at, updated_at"


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = Database(tmp_path / "history.sqlite3")
    yield database
    database.close()


def cause_code(error: StoreError) -> int | None:
    cause = error.__cause__
    assert isinstance(cause, sqlite3.Error)
    return primary_code(cause)


def test_a_full_disk_is_a_sentence_and_nothing_half_written_stays(db: Database) -> None:
    conversations = ConversationRepo(db)
    kept = conversations.create("Before the disk filled")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count={pages}")  # SQLite's own SQLITE_FULL, as on a full disk
    with pytest.raises(StoreError) as caught, db.transaction() as conn:
        conn.execute(f"INSERT INTO conversations({COLUMNS}) VALUES (?, 0, 0)", ("x" * 200_000,))
    assert str(caught.value) == (
        f"The disk holding the history database {db.path} is full; free some space and try again."
    )
    assert cause_code(caught.value) == SQLITE_FULL
    assert caught.value.sentence is not None  # a template with fields: the window translates it
    assert caught.value.sentence.fields == {"path": str(db.path)}
    assert [c.title for c in conversations.list()] == [kept.title]
    assert not db.conn.in_transaction


def test_a_database_another_program_holds_is_a_sentence(db: Database) -> None:
    other = sqlite3.connect(db.path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    db.execute("PRAGMA busy_timeout=50")
    try:
        with pytest.raises(StoreError, match="is in use by another program; close it") as caught:
            db.write("INSERT INTO conversations(title, created_at, updated_at) VALUES ('a', 0, 0)")
        assert cause_code(caught.value) == SQLITE_BUSY
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert db.write("INSERT INTO conversations(title, created_at, updated_at) VALUES ('b', 0, 0)")


def test_a_file_of_garbage_is_a_damaged_database(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"definitely not a database " * 200)
    with pytest.raises(StoreError) as caught:
        Database(path)
    assert str(caught.value).startswith(f"The history database {path} is damaged; move it aside")
    assert cause_code(caught.value) == SQLITE_NOTADB


def test_a_database_that_refuses_writes_is_a_sentence(db: Database) -> None:
    db.execute("PRAGMA query_only=ON")  # the same SQLITE_READONLY a read-only file gives
    with pytest.raises(StoreError, match="cannot be written; check that the file and its folder"):
        db.write("INSERT INTO conversations(title, created_at, updated_at) VALUES ('a', 0, 0)")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes read-only files")
def test_a_read_only_database_file_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    Database(path).close()
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        with pytest.raises(StoreError, match=r"cannot be (written|opened)"):
            db = Database(path)
            db.write("INSERT INTO conversations(title, created_at, updated_at) VALUES ('a', 0, 0)")
    finally:
        tmp_path.chmod(0o755)


def test_a_folder_where_the_file_should_be_cannot_be_opened(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").mkdir()
    with pytest.raises(StoreError, match="cannot be opened; check that its folder exists"):
        Database(tmp_path / "history.sqlite3")


def test_bad_sql_is_a_bug_not_a_sentence(db: Database) -> None:
    with pytest.raises(sqlite3.OperationalError, match="syntax error"):
        db.execute("SELEC 1")
    with pytest.raises(sqlite3.OperationalError, match="no such table"), db.transaction() as conn:
        conn.execute(f"INSERT INTO conversations({COLUMNS}) VALUES ('rolled back', 0, 0)")
        conn.execute("INSERT INTO no_such_table VALUES (1)")
    assert not db.conn.in_transaction
    assert ConversationRepo(db).list() == []
    with pytest.raises(sqlite3.IntegrityError):  # a broken constraint is the code's mistake
        db.write(
            "INSERT INTO conversations(id, title, created_at, updated_at) VALUES (NULL, NULL, 0, 0)"
        )
