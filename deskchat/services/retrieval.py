"""Finding the passages that answer a question: full-text (BM25) fused with vector
similarity by reciprocal rank fusion when the chunks have vectors of the embedding model
in use; full-text alone on a fresh install with no embedding model.

Reciprocal rank fusion (Cormack et al., 2009) adds 1 / (60 + rank) over the rankings a
chunk is in: it needs no tuning between BM25 scores and cosines, which are on different
scales, and a chunk that both rankings place high comes first.

The question is embedded and the vectors scanned on a worker thread while the full-text
search runs (numpy and SQLite both let go of the GIL): a hybrid search costs about the
slower of the two, not their sum."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from deskchat.store.db import Database
from deskchat.store.doc_records import StoredChunk
from deskchat.store.doc_search import chunks_by_id, fts_ranked
from deskchat.store.vectors import NumpyVectorIndex, VectorIndex, VectorScan

RRF_K = 60
_VECTORS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="vector-search")
EmbedQuery = Callable[[str], Sequence[float]]


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with how it was found."""

    chunk: StoredChunk
    score: float  # the fused score: higher is better
    bm25: float | None = None  # its full-text score, if the words matched
    similarity: float | None = None  # its cosine to the question, if it has a vector


@dataclass(frozen=True)
class QueryEmbedder:
    """Embeds a question with the model whose vectors the chunks have."""

    model_key: str
    embed: EmbedQuery


class Retriever:
    def __init__(
        self,
        db: Database,
        *,
        embedder: QueryEmbedder | None = None,
        index: VectorIndex | None = None,
        candidates: int = 50,
    ) -> None:
        self.db = db
        self.embedder = embedder
        self.index = index or NumpyVectorIndex(db)
        self.candidates = candidates

    def search(
        self, question: str, collection_ids: Sequence[int] | None = None, k: int = 8
    ) -> list[Passage]:
        """The ``k`` best passages for ``question`` in the collections (None: all)."""
        pool = max(k, self.candidates)
        nearest = None
        if self.embedder is not None and question.strip():
            scan = self.index.prepare(self.embedder.model_key)
            nearest = _VECTORS.submit(_nearest, self.embedder, scan, question, collection_ids, pool)
        fts = fts_ranked(self.db, question, collection_ids, pool)
        vectors = nearest.result() if nearest is not None else []
        fused = fuse([fts, vectors])
        best = sorted(fused, key=lambda chunk_id: -fused[chunk_id])[:k]
        chunks = chunks_by_id(self.db, best)
        bm25 = dict(fts)
        cosine = dict(vectors)
        return [
            Passage(chunks[i], fused[i], bm25.get(i), cosine.get(i)) for i in best if i in chunks
        ]


def _nearest(
    embedder: QueryEmbedder,
    scan: VectorScan,
    question: str,
    collection_ids: Sequence[int] | None,
    pool: int,
) -> list[tuple[int, float]]:
    return scan(embedder.embed(question), collection_ids, pool)


def fuse(rankings: Sequence[Sequence[tuple[int, float]]]) -> dict[int, float]:
    """Reciprocal rank fusion of rankings of (id, score), each best first."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (RRF_K + rank)
    return fused
