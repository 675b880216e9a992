"""What answers drew on from the person's documents, and the passages a chat pins or
excludes.

An answer's sources are copied when it is written (file, location, text), so the answer
still says what it was given after the document is removed or indexed again; the link to
the chunk (``chunk_id``) then becomes None and the passage can no longer be pinned."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from deskchat.docs.parts import Location
from deskchat.store.db import Database

PassageChoice = Literal["pinned", "excluded"]


@dataclass(frozen=True)
class AnswerSource:
    """One passage an answer was given (``given``) or found but left out for room."""

    message_id: int
    ordinal: int  # its number in the answer's list, from 1
    chunk_id: int | None
    path: str
    location: Location
    text: str
    given: bool
    pinned: bool

    @property
    def name(self) -> str:
        return Path(self.path).name

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> AnswerSource:
        return cls(
            message_id=row["message_id"],
            ordinal=row["ordinal"],
            chunk_id=row["chunk_id"],
            path=row["path"],
            location=Location.from_json(row["location"]),
            text=row["text"],
            given=bool(row["given"]),
            pinned=bool(row["pinned"]),
        )


@dataclass(frozen=True)
class NewSource:
    """A passage to record with an answer."""

    chunk_id: int | None
    path: str
    location_json: str
    text: str
    given: bool
    pinned: bool = False


class AnswerSourceRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, message_id: int, sources: Sequence[NewSource]) -> None:
        """The answer's sources, best first (replacing any it had)."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM answer_sources WHERE message_id = ?", (message_id,))
            conn.executemany(
                "INSERT INTO answer_sources(message_id, ordinal, chunk_id, path, location, "
                "text, given, pinned) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        message_id,
                        n,
                        s.chunk_id,
                        s.path,
                        s.location_json,
                        s.text,
                        int(s.given),
                        int(s.pinned),
                    )
                    for n, s in enumerate(sources, 1)
                ],
            )

    def of(self, message_id: int) -> list[AnswerSource]:
        rows = self.db.execute(
            "SELECT * FROM answer_sources WHERE message_id = ? ORDER BY ordinal", (message_id,)
        )
        return [AnswerSource.from_row(r) for r in rows]

    def answers_with_sources(self, message_ids: Sequence[int]) -> set[int]:
        """Which of these answers have sources (one query for a whole branch)."""
        if not message_ids:
            return set()
        marks = ",".join("?" * len(message_ids))
        rows = self.db.execute(
            f"SELECT DISTINCT message_id FROM answer_sources WHERE message_id IN ({marks})",
            tuple(message_ids),
        )
        return {int(r[0]) for r in rows}

    # a chat's pinned and excluded passages

    def choose(self, conversation_id: int, chunk_id: int, choice: PassageChoice | None) -> None:
        """Pin or exclude a passage in a chat (None: neither, as retrieval finds it)."""
        if choice is None:
            self.db.write(
                "DELETE FROM conversation_passages WHERE conversation_id = ? AND chunk_id = ?",
                (conversation_id, chunk_id),
            )
            return
        self.db.write(
            "INSERT INTO conversation_passages(conversation_id, chunk_id, choice) "
            "VALUES (?, ?, ?) ON CONFLICT(conversation_id, chunk_id) "
            "DO UPDATE SET choice = excluded.choice",
            (conversation_id, chunk_id, choice),
        )

    def choices(self, conversation_id: int) -> dict[int, PassageChoice]:
        rows = self.db.execute(
            "SELECT chunk_id, choice FROM conversation_passages WHERE conversation_id = ?",
            (conversation_id,),
        )
        return {int(r[0]): r[1] for r in rows}
