"""Chunk vectors: stored as normalised float32 blobs (little-endian, sqlite-vec's layout),
searched by cosine similarity.

This Python's ``sqlite3`` (like many, macOS's included) cannot load extensions, so the
search here is a numpy scan over a matrix cached in memory: one matrix product, a few
milliseconds at 100k chunks of 384 dimensions. The cache knows it is current from the
model's generation, which a trigger bumps on every vector written or removed (one row
read, where counting the vectors would cost a scan). ``VectorIndex`` is the
seam where an sqlite-vec index can stand in where the extension loads; the blobs are
already in its format."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from deskchat.store.db import Database

Matrix = npt.NDArray[np.float32]


def normalised(vector: Sequence[float] | npt.NDArray[np.floating]) -> Matrix:
    """The vector as float32 of length 1 (a zero vector stays zero)."""
    array = np.asarray(vector, dtype=np.float32).reshape(-1)
    norm = float(np.linalg.norm(array))
    return array / norm if norm > 0 else array


def to_blob(vector: Sequence[float] | npt.NDArray[np.floating]) -> bytes:
    return normalised(vector).astype("<f4").tobytes()


VectorScan = Callable[[Sequence[float], Iterable[int] | None, int], list[tuple[int, float]]]


class VectorIndex(Protocol):
    def prepare(self, model_key: str) -> VectorScan:
        """Read now what a search among ``model_key``'s vectors needs from the database; the
        scan returned finds the ``k`` chunks closest to a query in the collections given
        (None: all) as (chunk id, cosine similarity), best first. A hybrid search prepares
        before its full-text query and scans beside it, so the two never queue for the
        connection."""
        ...


@dataclass
class _Cached:
    generation: int
    by_dim: dict[int, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], Matrix]]


class NumpyVectorIndex:
    """Cosine search by a numpy scan over every vector of one model, cached per model."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._cache: dict[str, _Cached] = {}
        self._lock = threading.Lock()

    def search(
        self, query: Sequence[float], model_key: str, collection_ids: Iterable[int] | None, k: int
    ) -> list[tuple[int, float]]:
        return self.prepare(model_key)(query, collection_ids, k)

    def prepare(self, model_key: str) -> VectorScan:
        cached = self._current(model_key)

        def scan(
            query: Sequence[float], collection_ids: Iterable[int] | None, k: int
        ) -> list[tuple[int, float]]:
            q = normalised(query)
            found = cached.by_dim.get(len(q))
            if found is None or k < 1:
                return []
            return _nearest(*found, q, collection_ids, k)

        return scan

    def _current(self, model_key: str) -> _Cached:
        row = self.db.execute(
            "SELECT generation FROM doc_vector_state WHERE model_key = ?", (model_key,)
        ).fetchone()
        generation = int(row[0]) if row else 0
        with self._lock:
            cached = self._cache.get(model_key)
            if cached is not None and cached.generation == generation:
                return cached
        rows = self.db.execute(
            "SELECT v.dim, v.chunk_id, d.collection_id, v.vector FROM doc_vectors v "
            "JOIN doc_chunks c ON c.id = v.chunk_id JOIN documents d ON d.id = c.document_id "
            "WHERE v.model_key = ? ORDER BY v.dim, v.chunk_id",
            (model_key,),
        ).fetchall()
        by_dim = {}
        for dim, group in itertools.groupby(rows, key=lambda r: int(r[0])):
            items = list(group)
            ids = np.fromiter((r[1] for r in items), dtype=np.int64, count=len(items))
            collections = np.fromiter((r[2] for r in items), dtype=np.int64, count=len(items))
            matrix = np.frombuffer(b"".join(r[3] for r in items), dtype="<f4").reshape(-1, dim)
            by_dim[dim] = (ids, collections, matrix.astype(np.float32, copy=False))
        cached = _Cached(generation, by_dim)
        with self._lock:
            self._cache[model_key] = cached
        return cached


def _nearest(
    ids: npt.NDArray[np.int64],
    collections: npt.NDArray[np.int64],
    matrix: Matrix,
    q: Matrix,
    collection_ids: Iterable[int] | None,
    k: int,
) -> list[tuple[int, float]]:
    scores = matrix @ q
    if collection_ids is not None:
        wanted = np.isin(collections, np.fromiter(collection_ids, dtype=np.int64))
        scores = np.where(wanted, scores, -np.inf)
    k = min(k, int(np.count_nonzero(np.isfinite(scores))))
    if k == 0:
        return []
    best = np.argpartition(-scores, k - 1)[:k]
    best = best[np.argsort(-scores[best], kind="stable")]
    return [(int(ids[i]), float(scores[i])) for i in best]
