"""A full disk mid-answer: the answer streams on to its end, is kept in memory, ends
"interrupted" with the sentence that says the disk is full, and is written once there is room.
The disk fills for real: SQLite's own limit on the file's pages (``max_page_count``), which
gives the same SQLITE_FULL a full disk does, and a small tmpfs where it can be mounted."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.services import conversation_sink
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from tests.helpers.fake_engine import FakeEngine

WORDS = " ".join(f"word{i:05d}" for i in range(3000))  # ~30 KB: it needs new pages


def stream_until_full(session: ChatSession, fill: object) -> tuple[str, AnswerFinished]:
    """Send a message; after the first piece of the answer, ``fill()`` the disk."""
    chat = session.new_conversation(None)
    text, finished, filled = "", None, False
    for event in session.send(chat.id, "Say many words."):
        if isinstance(event, AnswerDelta):
            text += event.text
            if not filled:
                fill()  # type: ignore[operator]
                filled = True
        elif isinstance(event, AnswerFinished):
            finished = event
    assert finished is not None
    return text, finished


def stored(path: Path, message_id: int) -> tuple[str, str, str | None]:
    db = Database(path)
    try:
        m = MessageRepo(db).get(message_id)
        return m.status, m.content, m.error
    finally:
        db.close()


def test_an_answer_outlives_a_full_disk_and_is_written_when_there_is_room(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(conversation_sink, "SAVE_INTERVAL_S", 0.0)  # try to save every piece
    db, _ = open_database()
    session = ChatSession(db, FakeEngine([WORDS]))
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])

    def fill() -> None:
        db.execute(f"PRAGMA max_page_count={pages + 2}")

    text, finished = stream_until_full(session, fill)
    assert text == WORDS  # the answer streamed to its end on screen
    m = finished.message
    assert (m.status, m.content) == ("interrupted", WORDS)
    assert m.error is not None and "is full; free some space and try again" in m.error
    assert db.pending_writes == 1
    row = db.execute("SELECT status, length(content) FROM messages WHERE id = ?", (m.id,))
    status, saved = row.fetchone()
    assert status == "streaming" and saved < len(WORDS)  # the disk held only the start
    db.execute("PRAGMA max_page_count=1073741823")  # room again
    session.new_conversation(None)  # the next write writes the kept answer first
    assert db.pending_writes == 0
    db.close()
    assert stored(db.path, m.id) == ("interrupted", WORDS, m.error)  # type: ignore[arg-type]


def test_a_kept_answer_is_written_at_close(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(conversation_sink, "SAVE_INTERVAL_S", 0.0)
    db, _ = open_database()
    session = ChatSession(db, FakeEngine([WORDS]))
    pages = int(db.execute("PRAGMA page_count").fetchone()[0])
    _, finished = stream_until_full(
        session, lambda: db.execute(f"PRAGMA max_page_count={pages + 2}")
    )
    db.execute("PRAGMA max_page_count=1073741823")
    db.close()
    status, content, _ = stored(db.path, finished.message.id)  # type: ignore[arg-type]
    assert (status, content) == ("interrupted", WORDS)


@contextlib.contextmanager
def small_tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir(parents=True)
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a tmpfs can only be mounted by root on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"a tmpfs cannot be mounted here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_really_full_tmpfs_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conversation_sink, "SAVE_INTERVAL_S", 0.0)
    with small_tmpfs(tmp_path / "small", "2m") as disk:
        monkeypatch.setenv("DESKCHAT_HOME", str(disk / "home"))
        db, _ = open_database()
        session = ChatSession(db, FakeEngine([WORDS]))
        filler = disk / "filler"

        def fill() -> None:
            with contextlib.suppress(OSError), filler.open("wb", buffering=0) as f:
                while True:
                    f.write(b"\0" * 4096)

        text, finished = stream_until_full(session, fill)
        assert text == WORDS
        m = finished.message
        assert (m.status, m.content) == ("interrupted", WORDS)
        assert m.error is not None and "is full; free some space" in m.error, m.error
        filler.unlink()  # room again
        db.close()
        assert stored(db.path, m.id)[:2] == ("interrupted", WORDS)  # type: ignore[arg-type]
