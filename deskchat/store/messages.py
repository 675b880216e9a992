"""Messages form a tree (``parent_id``): editing or regenerating adds a sibling branch and
never overwrites. A streaming answer is written as it grows."""

from __future__ import annotations

import os
import time

import psutil

from deskchat.errors import NotFoundError
from deskchat.sentences import Sentence
from deskchat.store.db import Database
from deskchat.store.records import Message, MessageStatus


class MessageRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(
        self,
        conversation_id: int,
        role: str,
        content: str,
        *,
        parent_id: int | None,
        status: MessageStatus = "complete",
        model: str | None = None,
        persona: str | None = None,
        tool_call_id: str = "",
        tool_name: str = "",
        tool_error: bool = False,
        tool_ms: float | None = None,
    ) -> Message:
        """A new message at the end of its branch (the branch shown from now on). A ``tool``
        message is what a tool answered: ``content`` the result, with its call's id, the
        tool's name, whether it failed and how long it took."""
        now = time.time()
        with self.db.transaction() as conn:
            writer = os.getpid() if status == "streaming" else None
            mid = conn.execute(
                "INSERT INTO messages(conversation_id, parent_id, role, content, status, model, "
                "persona, writer_pid, created_at, updated_at, tool_call_id, tool_name, "
                "tool_error, tool_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    conversation_id,
                    parent_id,
                    role,
                    content,
                    status,
                    model,
                    persona,
                    writer,
                    now,
                    now,
                    tool_call_id,
                    tool_name,
                    int(tool_error),
                    tool_ms,
                ),
            ).lastrowid
            conn.execute(
                "UPDATE conversations SET current_leaf_id = ?, updated_at = ? WHERE id = ?",
                (mid, now, conversation_id),
            )
        assert mid is not None
        return self.get(mid)

    def get(self, message_id: int) -> Message:
        row = self.db.execute("SELECT * FROM messages WHERE id = ?", (message_id,)).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no message {id:d}.", id=message_id))
        return Message.from_row(row)

    def save_partial(self, message_id: int, content: str, reasoning: str = "") -> None:
        """Persist a growing answer and its thought (about twice a second while streaming)."""
        self.db.write(
            "UPDATE messages SET content = ?, reasoning = ?, updated_at = ? WHERE id = ?",
            (content, reasoning, time.time(), message_id),
        )

    def finish(
        self,
        message_id: int,
        *,
        content: str,
        status: MessageStatus,
        error: str | None = None,
        prompt_tokens: int | None = None,
        prompt_evaluated: int | None = None,
        completion_tokens: int | None = None,
        ttft_ms: float | None = None,
        tokens_per_s: float | None = None,
        finish_reason: str | None = None,
        tokens_estimated: bool = False,
        reasoning: str = "",
        reasoning_tokens: int | None = None,
        reasoning_ms: float | None = None,
        tool_calls: str = "",
    ) -> Message:
        """The answer's final record (``tool_calls``: the calls it made, as
        ``records.calls_json`` writes them)."""
        self.db.write(
            "UPDATE messages SET content = ?, status = ?, error = ?, prompt_tokens = ?, "
            "prompt_evaluated = ?, completion_tokens = ?, ttft_ms = ?, tokens_per_s = ?, "
            "finish_reason = ?, tokens_estimated = ?, reasoning = ?, reasoning_tokens = ?, "
            "reasoning_ms = ?, tool_calls = ?, updated_at = ? WHERE id = ?",
            (
                content,
                status,
                error,
                prompt_tokens,
                prompt_evaluated,
                completion_tokens,
                ttft_ms,
                tokens_per_s,
                finish_reason,
                int(tokens_estimated),
                reasoning,
                reasoning_tokens,
                reasoning_ms,
                tool_calls,
                time.time(),
                message_id,
            ),
        )
        return self.get(message_id)

    def path_to(self, leaf_id: int | None) -> list[Message]:
        """The branch from the root down to ``leaf_id``, oldest first."""
        if leaf_id is None:
            return []
        rows = self.db.execute(
            """
            WITH RECURSIVE up(id, parent_id, depth) AS (
                SELECT id, parent_id, 0 FROM messages WHERE id = ?
                UNION ALL
                SELECT m.id, m.parent_id, up.depth + 1
                FROM messages m JOIN up ON m.id = up.parent_id
            )
            SELECT messages.* FROM messages JOIN up USING (id) ORDER BY up.depth DESC
            """,
            (leaf_id,),
        )
        return [Message.from_row(r) for r in rows]

    def children(self, conversation_id: int, parent_id: int | None) -> list[Message]:
        """Versions that share a parent (the branches of one turn), oldest first."""
        rows = self.db.execute(
            "SELECT * FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id",
            (conversation_id, parent_id),
        )
        return [Message.from_row(r) for r in rows]

    def latest_leaf(self, message_id: int) -> int:
        """Follow the newest reply down from ``message_id`` to the end of that branch."""
        current = message_id
        while True:
            row = self.db.execute(
                "SELECT id FROM messages WHERE parent_id = ? ORDER BY id DESC LIMIT 1", (current,)
            ).fetchone()
            if row is None:
                return current
            current = int(row[0])

    def for_conversation(self, conversation_id: int) -> list[Message]:
        rows = self.db.execute(
            "SELECT * FROM messages WHERE conversation_id = ? ORDER BY id", (conversation_id,)
        )
        return [Message.from_row(r) for r in rows]

    def recover_interrupted(self) -> int:
        """After a crash, answers left 'streaming' are marked interrupted (text kept).
        An answer another running deskchat is still writing (its process is alive) is left
        alone."""
        me = os.getpid()
        with self.db.transaction() as conn:
            rows = conn.execute(
                "SELECT id, writer_pid FROM messages WHERE status = 'streaming'"
            ).fetchall()
            stale = [
                (row[0],)
                for row in rows
                if row[1] is None or row[1] == me or not psutil.pid_exists(row[1])
            ]
            stopped = Sentence("deskchat stopped while this answer was being written.")
            conn.executemany(
                "UPDATE messages SET status = 'interrupted', error = coalesce(error, ?) "
                "WHERE id = ?",
                [(str(stopped), *row) for row in stale],
            )
            return len(stale)
