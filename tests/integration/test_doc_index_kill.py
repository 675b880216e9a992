"""kill -9 in the middle of indexing: the database passes its integrity checks, no document
is half stored, and running again finishes the job with what a clean run stores."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from deskchat import paths
from deskchat.docs.chunking import Chunker
from deskchat.services.app import open_database
from deskchat.services.indexing import Indexer
from deskchat.store.db import Database
from deskchat.store.documents import DocumentRepo
from tests.conftest import REPO

FILES = 10


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    for n in range(FILES):
        paragraphs = (
            f"File {n} paragraph {p}: "
            + " ".join(f"word{(n * 7 + p * 13 + i) % 997}." for i in range(40))
            for p in range(300)
        )
        (folder / f"file{n:02d}.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")


def stored(conn: sqlite3.Connection) -> dict[str, tuple[str, int, int]]:
    """path -> (status, chunk_count recorded, chunks actually there)"""
    rows = conn.execute(
        "SELECT d.path, d.status, d.chunk_count, "
        "(SELECT count(*) FROM doc_chunks c WHERE c.document_id = d.id) FROM documents d"
    ).fetchall()
    return {Path(r[0]).name: (r[1], r[2], r[3]) for r in rows}


def test_kill_9_while_indexing_leaves_a_sound_database_that_resumes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    write_corpus(folder)
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.index_until_killed", str(folder)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    for line in process.stdout:  # until three files are stored, while it writes the fourth
        assert not line.startswith("finished"), "indexing ended before the kill"
        if line.strip() == "done 3":
            break
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGKILL

    conn = sqlite3.connect(paths.db_path())
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.execute("INSERT INTO doc_chunks_fts(doc_chunks_fts) VALUES ('integrity-check')")
    before = stored(conn)
    conn.close()
    assert len(before) == FILES  # the whole job was written down first
    ready = [name for name, (status, _, _) in before.items() if status == "ready"]
    assert 3 <= len(ready) < FILES
    for status, recorded, there in before.values():
        assert (there == recorded) if status == "ready" else status == "pending"

    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)
    report = Indexer(repo, chunker=Chunker(200, 20)).resume(repo.find_collection("big"))
    assert report.count("indexed") == FILES - len(ready)
    assert report.count("failed") == 0
    after = stored(db.conn)
    db.close()

    clean = Database(tmp_path / "clean.sqlite3")
    clean_repo = DocumentRepo(clean)
    Indexer(clean_repo, chunker=Chunker(200, 20)).add(clean_repo.collection("big"), [folder])
    assert after == stored(clean.conn)
    assert {status for status, _, _ in after.values()} == {"ready"}
    clean.close()
