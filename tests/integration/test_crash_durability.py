"""kill -9 in the middle of an answer: the history survives, with the partial answer."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from deskchat import paths
from deskchat.services.app import open_database
from tests.conftest import REPO


def test_kill_9_while_streaming_keeps_everything_written(tiny_model: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.stream_until_killed", str(tiny_model)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "streaming"
    db_file = paths.db_path()
    deadline = time.monotonic() + 60
    partial = ""
    while len(partial) < 50:  # wait until the growing answer has been saved at least once
        assert time.monotonic() < deadline, "the partial answer never reached the database"
        time.sleep(0.05)
        conn = sqlite3.connect(db_file)
        row = conn.execute(
            "SELECT content FROM messages WHERE status = 'streaming' ORDER BY id DESC"
        ).fetchone()
        conn.close()
        partial = row[0] if row else ""
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    conn = sqlite3.connect(db_file)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT role, content, status FROM messages ORDER BY id").fetchall()
    conn.close()
    assert [r[0] for r in rows] == ["user", "assistant"] * 3
    assert [r[1] for r in rows[::2]] == [
        "first question",
        "second question",
        "now a very long answer",
    ]
    assert all(r[2] == "complete" for r in rows[:5])
    assert rows[5][2] == "streaming" and rows[5][1].startswith(partial[:50])

    # the next start marks the cut answer interrupted and keeps its text
    db, notices = open_database()
    last = db.execute("SELECT content, status FROM messages ORDER BY id DESC").fetchone()
    assert last[1] == "interrupted" and last[0] == rows[5][1]
    assert notices and "cut short" in notices[0]
    db.close()
