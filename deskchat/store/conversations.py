"""Conversations: create, list, rename, delete, and which branch is current."""

from __future__ import annotations

import time

from deskchat.errors import NotFoundError
from deskchat.sentences import Sentence
from deskchat.store.db import Database
from deskchat.store.records import Conversation


class ConversationRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(
        self,
        title: str = "",
        *,
        persona_id: int | None = None,
        model_path: str | None = None,
        system_prompt: str | None = None,
    ) -> Conversation:
        now = time.time()
        cid = self.db.write(
            "INSERT INTO conversations(title, persona_id, model_path, system_prompt, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
            (title, persona_id, model_path, system_prompt, now, now),
        )
        return self.get(cid)

    def get(self, conversation_id: int) -> Conversation:
        row = self.db.execute(
            "SELECT * FROM conversations WHERE id = ?", (conversation_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no conversation {id:d}.", id=conversation_id))
        return Conversation.from_row(row)

    def list(self, limit: int = 50, offset: int = 0) -> list[Conversation]:
        rows = self.db.execute(
            "SELECT * FROM conversations ORDER BY pinned DESC, updated_at DESC, id DESC "
            "LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [Conversation.from_row(r) for r in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM conversations").fetchone()[0])

    def update(self, conversation_id: int, **fields: object) -> Conversation:
        allowed = {
            "title",
            "persona_id",
            "system_prompt",
            "model_path",
            "current_leaf_id",
            "overflow_policy",
            "sampling_json",
            "template_options_json",
            "tool_servers_json",
            "allowed_tools_json",
            "pinned",
        }
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot update {sorted(unknown)}")
        assignments = ", ".join(f"{name} = ?" for name in fields)
        self.db.write(
            f"UPDATE conversations SET {assignments}, updated_at = ? WHERE id = ?",
            (*fields.values(), time.time(), conversation_id),
        )
        return self.get(conversation_id)

    def delete(self, conversation_id: int) -> None:
        self.get(conversation_id)
        self.db.write("DELETE FROM conversations WHERE id = ?", (conversation_id,))
