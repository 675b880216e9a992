"""Full-text search over every message (FTS5, trigram: works for Chinese and substrings)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from deskchat.store.db import Database

Span = tuple[int, int]  # [start, end) of a hit in a snippet's text


@dataclass(frozen=True)
class SearchHit:
    message_id: int
    conversation_id: int
    conversation_title: str
    role: str
    snippet: str  # text around the first hit, whitespace collapsed, "…" where it was cut
    created_at: float
    spans: tuple[Span, ...] = ()  # where the query's words are in ``snippet``

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each hit between ``before`` and ``after`` (for a terminal)."""
        return mark(self.snippet, self.spans, before, after)


def _fts_phrase(query: str) -> str:
    # Each whitespace-separated word must occur; quoting keeps FTS syntax out of user text.
    words = [w.replace('"', '""') for w in query.split()]
    return " ".join(f'"{w}"' for w in words)


def _finds(text: str, words: list[str]) -> list[Span]:
    """Every occurrence of every word (any case), overlapping ones merged, in order."""
    found = sorted(
        (m.start(), m.end())
        for w in set(words)
        if w
        for m in re.finditer(re.escape(w), text, flags=re.IGNORECASE)
    )
    merged: list[Span] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def make_snippet(content: str, words: list[str], radius: int = 40) -> tuple[str, list[Span]]:
    """About ``radius`` characters either side of the first hit (more on one side when the
    message ends on the other), whitespace collapsed, "…" where it was cut, and where each
    hit is in it."""
    first = _finds(content, words)[:1]
    hit_start, hit_end = first[0] if first else (0, 0)
    total = 2 * radius + (hit_end - hit_start)
    start = max(0, hit_start - radius)
    end = min(len(content), start + total)
    start = max(0, end - total)
    if start > 0:  # begin at a word when one begins close by
        space = content.find(" ", start, min(hit_start, start + 12))
        start = space + 1 if space >= 0 else start
    if end < len(content):
        space = content.rfind(" ", max(hit_end, end - 12), end)
        end = space if space >= 0 else end
    text = " ".join(content[start:end].split())
    text = ("…" if start > 0 else "") + text + ("…" if end < len(content) else "")
    return text, _finds(text, words)


def mark(text: str, spans: tuple[Span, ...] | list[Span], before: str, after: str) -> str:
    """``text`` with each span between ``before`` and ``after``."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], before, text[start:end], after]
        at = end
    return "".join([*out, text[at:]])


def search_messages(db: Database, query: str, limit: int = 50) -> list[SearchHit]:
    """Messages containing every word of ``query``, newest first. Both paths walk the
    messages from the newest and stop at ``limit``, so a common word answers as fast as a
    rare one."""
    words = query.split()
    if not words:
        return []
    # a tool call's arguments are searched too, by words of 3+ characters (FTS tool_calls)
    columns = "m.id, m.conversation_id, c.title, m.role, m.created_at, m.content, m.tool_calls"
    if all(len(w) >= 3 for w in words):  # the trigram index needs 3+ characters a word
        sql = (
            f"SELECT {columns} FROM (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? "
            "ORDER BY rowid DESC LIMIT ?) AS hit JOIN messages m ON m.id = hit.rowid "
            "JOIN conversations c ON c.id = m.conversation_id ORDER BY m.id DESC"
        )
        rows = db.execute(sql, (_fts_phrase(query), limit)).fetchall()
    else:  # short words (e.g. two Chinese characters): a scan from the newest, still correct
        # the text only: reading the calls too would cost every scan ~40% more
        like = " AND ".join("m.content LIKE ? ESCAPE '\\'" for _ in words)
        sql = (
            f"SELECT {columns} FROM messages m JOIN conversations c ON c.id = m.conversation_id "
            f"WHERE {like} ORDER BY m.id DESC LIMIT ?"
        )
        escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
        rows = db.execute(sql, (*[f"%{w}%" for w in escaped], limit)).fetchall()
    hits = []
    for r in rows:
        text = r[5] if _finds(r[5], words) or not r[6] else r[6]
        snippet, spans = make_snippet(text, words)
        hits.append(
            SearchHit(
                message_id=r[0],
                conversation_id=r[1],
                conversation_title=r[2],
                role=r[3],
                created_at=r[4],
                snippet=snippet,
                spans=tuple(spans),
            )
        )
    return hits
