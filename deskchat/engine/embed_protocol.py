"""The typed messages between the app and the embedding engine process.

The embedding engine is a second engine process (``embed_worker``), apart from the chat
model's, so indexing documents and chatting never wait on each other. Its requests and
replies are plain dataclasses like ``protocol``'s; a failure is ``protocol.Failed`` and the
heartbeat ``protocol.Alive``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from deskchat.chat.generation import GPU_LAYERS_AUTO
from deskchat.engine.protocol import Alive, Failed, Unloaded

# llama.cpp's pooling types (enum llama_pooling_type), as the model info names them
POOLING_NAMES = {0: "none", 1: "mean", 2: "cls", 3: "last", 4: "rank"}


@dataclass(frozen=True)
class EmbedLoadRequest:
    path: str
    n_ctx: int = 0  # the longest text read, in tokens (0: the model's, at most MAX_CONTEXT)
    n_batch: int = 0  # tokens per llama.cpp call (0: as many as n_ctx, at least 512)
    n_threads: int | None = None  # None: physical cores
    n_gpu_layers: int = GPU_LAYERS_AUTO


@dataclass(frozen=True)
class EmbedRequest:
    request_id: int
    # each a text, or the token ids of one (as OpenAI's API accepts them)
    texts: tuple[str | tuple[int, ...], ...]


@dataclass(frozen=True)
class CountRequest:
    """How many tokens each text is in the embedding model's vocabulary (uncut), so the
    documents code can split chunks by the tokens the model reads."""

    texts: tuple[str, ...]


@dataclass(frozen=True)
class TokenCounts:
    counts: tuple[int, ...]


@dataclass(frozen=True)
class EmbedModelInfo:
    path: str
    name: str
    dims: int
    n_ctx: int  # the longest text read, in tokens; longer ones are truncated
    pooling: str  # "mean", "cls" or "last" (POOLING_NAMES)
    load_seconds: float


@dataclass(frozen=True)
class EmbedLoaded:
    info: EmbedModelInfo


@dataclass(frozen=True)
class Embeddings:
    """One unit-length float32 vector per text, in order, as the rows of ``data``
    (little-endian, ``count`` x ``dims``): bytes pickle far faster than lists of floats."""

    request_id: int
    data: bytes
    dims: int
    count: int
    tokens: int  # tokens read, after truncation (OpenAI's usage.prompt_tokens)
    truncated: int  # how many texts were longer than the model's context and were cut

    def matrix(self) -> np.ndarray:
        """The vectors as a read-only ``count`` x ``dims`` float32 array."""
        return np.frombuffer(self.data, dtype="<f4").reshape(self.count, self.dims)

    def vectors(self) -> list[list[float]]:
        return [[float(x) for x in row] for row in self.matrix()]


EmbedEvent = EmbedLoaded | Embeddings | TokenCounts | Unloaded | Failed | Alive
