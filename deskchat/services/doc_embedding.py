"""The documents' side of the embedding model: the ``Embedder`` that gives chunks vectors
while indexing (and cuts them by the model's own tokens, so none is longer than it reads)
and the ``QueryEmbedder`` that embeds a question, both from the embedding model in the
settings (none set: full-text search alone, chunks cut by characters)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from deskchat.services.embeddings import EmbeddingService
from deskchat.services.indexing import Embedder
from deskchat.services.retrieval import QueryEmbedder


def model_key(path: str) -> str:
    """Which model made a vector: the file's name, size and time (a changed or another file
    gets a new key, so vectors of two models never mix)."""
    stat = Path(path).stat()
    what = f"{Path(path).resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    return f"{Path(path).name}:{hashlib.sha256(what.encode()).hexdigest()[:12]}"


def doc_embedders(service: EmbeddingService) -> tuple[Embedder | None, QueryEmbedder | None]:
    """Both embedders when an embedding model is set (loaded now: a file that is not an
    embedding model is its sentence here), else (None, None)."""
    if not service.configured:
        return None, None
    model = service.model
    key = model_key(model.path)

    def embed(texts: list[str]) -> list[list[float]]:
        rows: list[list[float]] = service.embed(texts).tolist()
        return rows

    def embed_query(text: str) -> list[float]:
        return embed([text])[0]

    def count(text: str) -> int:
        return service.count_tokens([text])[0]

    indexing = Embedder(key, embed, count=count, max_tokens=model.n_ctx)
    return indexing, QueryEmbedder(key, embed_query)
