"""Run by the kill -9 test: indexes a folder into the history database of DESKCHAT_HOME,
saying on stdout each file it has stored, until it is killed."""

from __future__ import annotations

import sys
from pathlib import Path

from deskchat.docs.chunking import Chunker
from deskchat.services.app import open_database
from deskchat.services.indexing import Indexer, IndexProgress
from deskchat.store.documents import DocumentRepo


def main(folder: str) -> None:
    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)

    def said(progress: IndexProgress) -> None:
        print(f"done {progress.files_done}", flush=True)

    indexer = Indexer(repo, chunker=Chunker(200, 20), on_progress=said)
    report = indexer.add(repo.collection("big"), [Path(folder)])
    print(f"finished before the kill: {report.count('indexed')}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
