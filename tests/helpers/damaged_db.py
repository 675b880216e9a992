"""A real history file with garbage written over some of its pages."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo

CHATS, PER_CHAT = 120, 4


def write_history(path: Path) -> None:
    db = Database(path)
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    for i in range(CHATS):
        chat = conversations.create(title=f"chat {i}")
        parent = None
        for j in range(PER_CHAT):
            role = "user" if j % 2 == 0 else "assistant"
            parent = messages.add(chat.id, role, f"message {i}.{j} " * 40, parent_id=parent).id
    db.close()


def damage(path: Path, first_page: int | None = None, pages: int = 6) -> None:
    """Garbage over ``pages`` pages from ``first_page`` (default: the middle of the file,
    among the rows, wherever the schema's empty tables end; the schema page stays whole)."""
    conn = sqlite3.connect(path)
    size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    count = int(conn.execute("PRAGMA page_count").fetchone()[0])
    conn.close()
    first_page = count // 2 if first_page is None else first_page
    with path.open("r+b") as f:
        f.seek(first_page * size)
        f.write(bytes((i * 37 + 11) % 256 for i in range(pages * size)))


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
