"""Summary notes: the model's summaries of a chat's oldest turns (summary memory).

A note covers the branch's messages up to and including its ``through_message_id``; it is
used on a branch only when that message is on it (another branch, made by an edit before
it, never sees it). The latest note on a branch is the one in use: it folds in the one
before it, which stays, drawn where it was written.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from deskchat.errors import NotFoundError
from deskchat.sentences import Sentence
from deskchat.store.db import Database
from deskchat.store.records import SummaryNote


class SummaryNoteRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        conversation_id: int,
        through_message_id: int,
        content: str,
        *,
        covers: int,
        model: str | None = None,
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        ms: float | None = None,
    ) -> SummaryNote:
        now = time.time()
        nid = self.db.write(
            "INSERT INTO summary_notes(conversation_id, through_message_id, content, covers, "
            "model, prompt_tokens, completion_tokens, ms, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                conversation_id,
                through_message_id,
                content,
                covers,
                model,
                prompt_tokens,
                completion_tokens,
                ms,
                now,
                now,
            ),
        )
        return self.get(nid)

    def get(self, note_id: int) -> SummaryNote:
        row = self.db.execute("SELECT * FROM summary_notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no summary note {id:d}.", id=note_id))
        return SummaryNote.from_row(row)

    def on_branch(self, conversation_id: int, branch: Sequence[int]) -> list[SummaryNote]:
        """The chat's notes whose last message is on ``branch`` (message ids, oldest
        first), in the branch's order (the one covering the most last)."""
        if not branch:
            return []
        order = {message_id: n for n, message_id in enumerate(branch)}
        rows = self.db.execute(
            "SELECT * FROM summary_notes WHERE conversation_id = ? ORDER BY id",
            (conversation_id,),
        )
        notes = [SummaryNote.from_row(r) for r in rows]
        kept = [n for n in notes if n.through_message_id in order]
        return sorted(kept, key=lambda n: (order[n.through_message_id], n.id))

    def edit(self, note_id: int, content: str) -> SummaryNote:
        """The person's text in place of the model's (the next prompts use it)."""
        self.get(note_id)
        self.db.write(
            "UPDATE summary_notes SET content = ?, edited = 1, updated_at = ? WHERE id = ?",
            (content, time.time(), note_id),
        )
        return self.get(note_id)

    def delete(self, note_id: int) -> None:
        self.get(note_id)
        self.db.write("DELETE FROM summary_notes WHERE id = ?", (note_id,))
