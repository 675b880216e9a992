"""Embeddings for the rest of the app: ``embed(texts)`` over the embedding engine process.

The model is the ``embedding_model`` setting. Its engine starts on the first call (an app
that never indexes a document never starts it), loads the model again when the setting
changes, and comes back by itself after a crash (the crash itself is one sentence).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from deskchat.engine.embed_client import EmbedClient
from deskchat.engine.embed_protocol import EmbedLoadRequest, EmbedModelInfo
from deskchat.errors import DeskchatError, ModelFileError
from deskchat.hub.gguf_meta import read_gguf_info
from deskchat.sentences import Sentence

# texts per engine request: a long list goes in several, so each reply stays a few MB and
# a cancel or a crash loses little
BATCH_TEXTS = 256

Text = str | Sequence[int]  # a text, or the token ids of one


class NoEmbeddingModelError(DeskchatError):
    """No embedding model is set."""


NO_EMBEDDING_MODEL = Sentence(
    "No embedding model is set; choose one (a GGUF such as nomic-embed-text or bge) in"
    " Settings, or start the server with --embedding-model PATH."
)


@dataclass(frozen=True)
class EmbeddingResult:
    vectors: np.ndarray  # float32, one unit-length row per text
    tokens: int  # tokens read (after truncation)
    truncated: int  # texts longer than the model's context, cut to it
    model: EmbedModelInfo


class EmbeddingService:
    """Hands out embeddings; thread-safe. ``model_path`` gives the current setting ("" for
    none), read at each call so a changed setting takes effect on the next one."""

    def __init__(
        self,
        model_path: Callable[[], str],
        *,
        log_path: str | None = None,
        n_threads: int | None = None,
        client: EmbedClient | None = None,
    ) -> None:
        self._model_path = model_path
        self._n_threads = n_threads
        self._client = client or EmbedClient(log_path)
        self._loaded: str | None = None  # the path the engine has loaded
        self._lock = threading.Lock()

    @property
    def configured(self) -> bool:
        """Whether an embedding model is set (it may not be loaded yet)."""
        return bool(self._model_path().strip())

    @property
    def model(self) -> EmbedModelInfo:
        """The embedding model, loaded now if it is not yet."""
        with self._lock:
            return self._ready()

    def embed(self, texts: Sequence[Text]) -> np.ndarray:
        """One unit-length float32 vector per text, as the rows of a matrix."""
        return self.embed_counted(texts).vectors

    def embed_counted(self, texts: Sequence[Text]) -> EmbeddingResult:
        """The vectors with the tokens read and how many texts were cut."""
        with self._lock:
            info = self._ready()
            parts, tokens, truncated = [], 0, 0
            for start in range(0, len(texts), BATCH_TEXTS):
                reply = self._client.embed(texts[start : start + BATCH_TEXTS])
                parts.append(reply.matrix())
                tokens += reply.tokens
                truncated += reply.truncated
            vectors = np.vstack(parts) if parts else np.zeros((0, info.dims), dtype=np.float32)
            return EmbeddingResult(vectors, tokens, truncated, info)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Each text's length in the embedding model's tokens (for splitting chunks to what
        it reads: ``model.n_ctx``)."""
        with self._lock:
            self._ready()
            return self._client.count_tokens(texts)

    def cancel(self) -> None:
        """Stop a running ``embed`` between two batches (from any thread)."""
        self._client.cancel()

    def close(self) -> None:
        """End the embedding engine (its memory goes back to the system)."""
        self._client.unload()
        self._loaded = None

    def _ready(self) -> EmbedModelInfo:
        path = self._model_path().strip()
        if not path:
            raise NoEmbeddingModelError(NO_EMBEDDING_MODEL)
        if path != self._loaded or self._client.model is None:
            self._loaded = None
            info = read_gguf_info(path)
            if info.kind != "embedding":
                raise ModelFileError(
                    Sentence(
                        "{name} is not an embedding model (it is for chatting); choose an"
                        " embedding model such as nomic-embed-text or bge.",
                        name=Path(path).name,
                    )
                )
            self._client.load(EmbedLoadRequest(str(info.path), n_threads=self._n_threads))
            self._loaded = path
        model = self._client.model
        assert model is not None
        return model
