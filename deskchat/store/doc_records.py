"""Documents' rows as typed records."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from deskchat.docs.parts import Location

DocumentStatus = Literal["pending", "ready", "failed"]


@dataclass(frozen=True)
class Collection:
    id: int
    name: str
    documents: int = 0
    chunks: int = 0

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Collection:
        keys = row.keys()
        return cls(
            id=row["id"],
            name=row["name"],
            documents=row["documents"] if "documents" in keys else 0,
            chunks=row["chunks"] if "chunks" in keys else 0,
        )


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    collection_id: int
    path: str
    kind: str
    content_hash: str
    size_bytes: int
    mtime: float
    status: DocumentStatus
    error: str  # the sentence saying why a failed file cannot be read
    pages: int
    chunk_count: int

    @property
    def name(self) -> str:
        return Path(self.path).name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DocumentRecord:
        return cls(
            id=row["id"],
            collection_id=row["collection_id"],
            path=row["path"],
            kind=row["kind"],
            content_hash=row["content_hash"],
            size_bytes=row["size_bytes"],
            mtime=row["mtime"],
            status=row["status"],
            error=row["error"],
            pages=row["pages"],
            chunk_count=row["chunk_count"],
        )


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as retrieval hands it on: its text, its document and where it is there."""

    id: int
    document_id: int
    path: str
    ordinal: int
    text: str
    location: Location
    token_count: int

    @property
    def name(self) -> str:
        return Path(self.path).name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> StoredChunk:
        return cls(
            id=row["id"],
            document_id=row["document_id"],
            path=row["path"],
            ordinal=row["ordinal"],
            text=row["text"],
            location=Location.from_json(row["location"]),
            token_count=row["token_count"],
        )
