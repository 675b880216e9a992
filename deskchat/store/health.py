"""Is the history database whole? Checked when it is opened, before anything writes to it.

SQLite's ``PRAGMA quick_check`` reads every page (140 to 350 ms for 10,000 conversations
of 6 messages, 60 MB), so it runs within a time budget: a history too large to check in
that time is checked as far as it gets, and damage met later is still caught wherever it
shows (``DamagedHistoryError`` from any statement, after which nothing more is written).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

from deskchat.store.sql_errors import DamagedHistoryError, damaged_sentence

log = logging.getLogger(__name__)

CHECK_BUDGET_S = 0.3  # the start-up time a damaged-file check may take at most


def check_health(conn: sqlite3.Connection, path: Path | str, budget_s: float | None = None) -> None:
    """Raise ``DamagedHistoryError`` when ``conn``'s file is damaged (nothing is written).
    A file SQLite cannot read at all raises through ``known_errors`` with its code."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the header and schema
    budget_s = CHECK_BUDGET_S if budget_s is None else budget_s
    # quick_check is one long step of SQLite's VM: only an interrupt from outside stops it
    timer = threading.Timer(budget_s, conn.interrupt)
    timer.start()
    try:
        rows = conn.execute("PRAGMA quick_check(5)").fetchall()
    except sqlite3.OperationalError as exc:
        if "interrupt" not in str(exc):
            raise
        log.info("The history database %s is too large to check in %.1f s", path, budget_s)
        return
    finally:
        timer.cancel()
        timer.join()
    problems = [str(row[0]) for row in rows if str(row[0]) != "ok"]
    if problems:
        log.warning("The history database %s is damaged: %s", path, "; ".join(problems))
        raise DamagedHistoryError(damaged_sentence(path))
