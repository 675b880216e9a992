"""Full-text ranking of document chunks (FTS5, BM25, trigram), and reading chunks back.

A question is not a phrase: each word of three or more characters is a term, any of them
may match, and BM25 ranks chunks holding more (and rarer) ones first. Words held by more
than ``COMMON_SHARE`` of the chunks (by their rarest trigram, from the index's vocabulary)
are left out when rarer ones remain: they weigh little in BM25 (a low inverse document
frequency) and cost the most, as every chunk holding them must be scored (at 100k chunks,
median 86 → 29 ms on a loaded 2-core machine). Chinese and Japanese
runs have no spaces, so they are cut into overlapping three-character terms, which is
exactly what the trigram index holds. Words shorter than three characters cannot be found
by the trigram index: when the index finds nothing for a question in Chinese or Japanese
(two characters, or three-character stretches that all differ from the text's), a scan
counts which two-character stretches each chunk holds.

The trigram index matches inside words ("our" in "sourdough"), so a Latin term only counts
where a word starts with it: the index's candidates are read again and kept when one of the
question's terms begins a word of theirs (CJK terms match anywhere, as CJK text has no word
boundaries). English function words ("what", "does", "the") are left out of a question
that has other terms: they match nearly every chunk and say nothing of what is asked."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from deskchat.store.db import Database
from deskchat.store.doc_records import StoredChunk

MAX_TERMS = 48
CANDIDATES = 4  # the index is asked for this many times the chunks wanted, before filtering
STOP_WORDS = frozenset(
    {
        "about", "after", "all", "also", "and", "any", "are", "because", "been", "but", "can",
        "could", "did", "does", "doing", "each", "for", "from", "had", "has", "have", "her", "here",
        "hers", "him", "his", "how", "into", "its", "just", "may", "might", "more", "most", "much",
        "must", "not", "now", "off", "our", "ours", "out", "over", "own", "she", "should", "some",
        "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
        "those", "too", "under", "until", "very", "was", "were", "what", "when", "where", "which",
        "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours",
    }
)  # fmt: skip
COMMON_SHARE = 0.05
COMMON_FLOOR = 500  # a small collection is fast anyway: nothing is left out of it
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(question: str) -> list[str]:
    """The terms of a question, each once, in order: words of 3+ characters, and every
    three-character stretch of a CJK run (a run of one or two characters as it is)."""
    terms: list[str] = []
    for word in _WORD.findall(question.lower()):
        for piece in _split_cjk(word):
            if piece not in terms:
                terms.append(piece)
    return terms[:MAX_TERMS]


def short_terms(question: str) -> list[str]:
    """What the scan looks for: every two-character stretch of the question's CJK runs (a
    run of one character as it is). Short Latin words ("of", "x") are not looked for: as
    substrings they are in nearly every chunk, and a full scan would cost the most for
    the least (half a second at 100k chunks)."""
    terms: list[str] = []
    for run in _CJK.findall(question):
        pieces = [run] if len(run) <= 2 else [run[i : i + 2] for i in range(len(run) - 1)]
        terms += [p for p in pieces if p not in terms]
    return terms[:MAX_TERMS]


def _split_cjk(word: str) -> list[str]:
    pieces: list[str] = []
    at = 0
    for run in _CJK.finditer(word):
        pieces.extend(_latin(word[at : run.start()]))
        text = run.group()
        pieces.extend([text] if len(text) < 3 else [text[i : i + 3] for i in range(len(text) - 2)])
        at = run.end()
    pieces.extend(_latin(word[at:]))
    return pieces


def _latin(text: str) -> list[str]:
    return [text] if text else []


def _match(terms: Sequence[str]) -> str:
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)


def _in(collection_ids: Sequence[int] | None) -> tuple[str, tuple[int, ...]]:
    """The condition on ``d`` (documents): ready (a pending one is being written), in the
    collections (None: any)."""
    if collection_ids is None:
        return " AND d.status = 'ready'", ()
    ids = tuple(collection_ids)
    marks = ", ".join("?" * len(ids)) or "NULL"
    return f" AND d.status = 'ready' AND d.collection_id IN ({marks})", ids


def fts_ranked(
    db: Database, question: str, collection_ids: Sequence[int] | None, limit: int
) -> list[tuple[int, float]]:
    """(chunk id, score: higher is better), best first: BM25 from the index, or else the
    count of short terms a chunk holds."""
    terms = [t for t in query_terms(question) if len(t) >= 3]
    terms = [t for t in terms if t not in STOP_WORDS] or terms
    long_terms = uncommon_terms(db, terms)
    where, ids = _in(collection_ids)
    if long_terms:
        rows = db.execute(
            "SELECT f.rowid, -bm25(doc_chunks_fts) AS score, c.text FROM doc_chunks_fts f "
            "JOIN doc_chunks c ON c.id = f.rowid JOIN documents d ON d.id = c.document_id "
            f"WHERE doc_chunks_fts MATCH ?{where} ORDER BY bm25(doc_chunks_fts) LIMIT ?",
            (_match(long_terms), *ids, limit * CANDIDATES),
        ).fetchall()
        starts = _word_starts(long_terms)
        kept = [(int(r[0]), float(r[1])) for r in rows if starts.search(r[2])]
        if kept:
            return kept[:limit]
    return _scan(db, short_terms(question), where, ids, limit)


def _word_starts(terms: Sequence[str]) -> re.Pattern[str]:
    """A pattern that finds any of the terms where it may match: a Latin term at the
    start of a word, a CJK one anywhere."""
    ways = [re.escape(t) if _CJK.search(t) else rf"(?<!\w){re.escape(t)}" for t in terms]
    return re.compile("|".join(ways), re.IGNORECASE)


def uncommon_terms(db: Database, terms: list[str]) -> list[str]:
    """The terms without those in more than ``COMMON_SHARE`` of the chunks (and more than
    ``COMMON_FLOOR``); the rarest of them if that would leave none."""
    if len(terms) < 2:
        return terms
    held: dict[str, int] = {}
    for gram in {t[i : i + 3] for t in terms for i in range(len(t) - 2)}:
        # one lookup a trigram: the vocabulary answers "term = ?" from its index, while an
        # IN list walks it (10–20 ms at 100k chunks)
        row = db.execute("SELECT doc FROM doc_chunks_vocab WHERE term = ?", (gram,)).fetchone()
        held[gram] = int(row[0]) if row else 0
    # chunk ids only grow: their span is about the count of chunks, read without a scan
    # (min and max in one SELECT would scan; each on its own is one index lookup)
    span = db.execute(
        "SELECT coalesce((SELECT max(id) FROM doc_chunks) - (SELECT min(id) FROM doc_chunks)"
        " + 1, 0)"
    ).fetchone()[0]

    def share(term: str) -> int:  # a word is in no more chunks than its rarest trigram
        return min(held.get(term[i : i + 3], 0) for i in range(len(term) - 2))

    limit = max(COMMON_SHARE * span, COMMON_FLOOR)
    kept = [t for t in terms if share(t) <= limit]
    return kept or [min(terms, key=share)]


def _scan(
    db: Database, terms: Sequence[str], where: str, ids: tuple[int, ...], limit: int
) -> list[tuple[int, float]]:
    if not terms:
        return []
    held = " + ".join("(instr(lower(c.text), ?) > 0)" for _ in terms)
    rows = db.execute(
        f"SELECT c.id, {held} AS held FROM doc_chunks c JOIN documents d ON d.id = c.document_id "
        f"WHERE held > 0{where} ORDER BY held DESC, c.id LIMIT ?",
        (*terms, *ids, limit),
    ).fetchall()
    return [(int(r[0]), float(r[1])) for r in rows]


def chunks_by_id(db: Database, chunk_ids: Iterable[int]) -> dict[int, StoredChunk]:
    """The chunks of ready documents among ``chunk_ids`` (a pending one is being written)."""
    ids = list(chunk_ids)
    if not ids:
        return {}
    rows = db.execute(
        "SELECT c.id, c.document_id, d.path, c.ordinal, c.text, c.location, c.token_count "
        "FROM doc_chunks c JOIN documents d ON d.id = c.document_id "
        f"WHERE d.status = 'ready' AND c.id IN ({', '.join('?' * len(ids))})",
        tuple(ids),
    ).fetchall()
    return {int(r["id"]): StoredChunk.from_row(r) for r in rows}
