"""What every face does with document collections besides indexing: list, remove, and the
collection a command means."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from deskchat.store.doc_records import Collection, DocumentRecord
from deskchat.store.documents import DocumentRepo

DEFAULT_COLLECTION = "default"


def remove_paths(
    repo: DocumentRepo, collection: Collection, paths: Iterable[Path]
) -> list[DocumentRecord]:
    """Remove the documents named (a folder: every document under it) from the collection,
    with their chunks and vectors; the removed ones are returned."""
    targets = [p.resolve() for p in paths]
    removed = []
    for document in repo.documents(collection.id):
        where = Path(document.path)
        if any(where == t or t in where.parents for t in targets):
            repo.remove(document.id)
            removed.append(document)
    return removed
