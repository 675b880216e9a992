"""Full-text search over every message (FTS5, trigram: works for Chinese and substrings)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskchat.store.db import Database


@dataclass(frozen=True)
class SearchHit:
    message_id: int
    conversation_id: int
    conversation_title: str
    role: str
    snippet: str
    created_at: float


def _fts_phrase(query: str) -> str:
    # Each whitespace-separated word must occur; quoting keeps FTS syntax out of user text.
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words)


def make_snippet(content: str, words: list[str], width: int = 60) -> str:
    """A window of text around the first hit, each hit word in [brackets]."""
    lowered = content.lower()
    positions = [p for w in words if (p := lowered.find(w.lower())) >= 0]
    start = max(0, min(positions, default=0) - width // 2)
    end = min(len(content), start + 2 * width)
    text = " ".join(content[start:end].split())
    for word in sorted(set(words), key=len, reverse=True):
        text = re.sub(re.escape(word), lambda m: f"[{m.group(0)}]", text, flags=re.I)
    return ("…" if start > 0 else "") + text + ("…" if end < len(content) else "")


def search_messages(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Messages containing every word of ``query``, newest first. Both paths walk the
    messages from the newest and stop at ``limit``, so a common word answers as fast as a
    rare one."""
    words = query.split()
    if not words:
        return []
    columns = "m.id, m.conversation_id, c.title, m.role, m.created_at, m.content"
    if all(len(w) >= 3 for w in words):  # the trigram index needs 3+ characters a word
        sql = (
            f"SELECT {columns} FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) AS hit JOIN messages m ON m.id = hit.rowid "
            "JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id DESC"
        )
        rows = db.execute(sql, (_fts_phrase(query), limit)).fetchall()
    else:  # short words (e.g. two Chinese characters): a scan from the newest, still correct
        like = " AND ".join("m.content LIKE ? ESCAPE '\\'" for _ in words)
        sql = (
            f"SELECT {columns} FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE {like} ORDER BY m.id DESC LIMIT ?"
        )
        escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
        rows = db.execute(sql, (*[f"%{w}%" for w in escaped], limit)).fetchall()
    return [
        SearchHit(
            message_id=r[0],
            conversation_id=r[1],
            conversation_title=r[2],
            role=r[3],
            created_at=r[4],
            snippet=make_snippet(r[5], words),
        )
        for r in rows
    ]
