"""The embedding engine process: one llama.cpp model loaded with ``embedding=True``.

It packs many texts into each llama.cpp call, as ``Llama.embed`` does, but fills the batch
and reads the vectors with numpy instead of a Python loop per token and per float, calls
``llama_encode`` directly for encoder models (BERT and kin have no KV cache), and
normalises all the vectors in one step. A text longer than the model's context is cut
(keeping its closing separator token) and counted.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import signal
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from deskchat import logs
from deskchat.chat.generation import GPU_LAYERS_ALL, GPU_LAYERS_AUTO
from deskchat.chat.model_names import display_name
from deskchat.engine.embed_protocol import (
    POOLING_NAMES,
    CountRequest,
    Embeddings,
    EmbedEvent,
    EmbedLoaded,
    EmbedLoadRequest,
    EmbedModelInfo,
    EmbedRequest,
    TokenCounts,
)
from deskchat.engine.llama_log import LlamaLog
from deskchat.engine.protocol import Failed, ShutdownRequest, Unloaded, UnloadRequest
from deskchat.engine.worker import Outbox, physical_cores
from deskchat.sentences import Sentence

MAX_CONTEXT = 8192  # the longest text read by default, whatever the model claims
MIN_BATCH = 512
# An encoder's attention spans the whole call, other texts masked out, so its cost grows
# with the square of the call's tokens: short texts go in calls of about this many tokens
# (a text longer than this goes in a call of its own length). Measured with
# tests/benchmarks/embed_benchmark.py (MiniLM's shape, 2 threads): 256 is 1.02x plain
# llama-cpp-python's embed(), 512 (its own packing) 0.96x
PACK_TOKENS = 256
_NONE, _MEAN, _CLS, _LAST, _RANK = 0, 1, 2, 3, 4


class _Batch:
    """A ``llama_batch`` whose arrays are numpy arrays, so a sequence is copied in with one
    slice assignment per field rather than a ctypes write per token."""

    def __init__(self, lib: Any, size: int) -> None:
        self.size = size
        self.token = np.zeros(size, dtype=np.int32)
        self.pos = np.zeros(size, dtype=np.int32)
        self.n_seq_id = np.ones(size, dtype=np.int32)
        self.seq = np.zeros(size, dtype=np.int32)
        self.logits = np.ones(size, dtype=np.int8)  # embeddings want every token's output
        i32 = ctypes.POINTER(ctypes.c_int32)
        base = self.seq.ctypes.data
        self._seq_ptrs = (i32 * size)(*(ctypes.cast(base + 4 * i, i32) for i in range(size)))
        self.batch = lib.llama_batch(
            n_tokens=0,
            token=self.token.ctypes.data_as(i32),
            embd=None,
            pos=self.pos.ctypes.data_as(i32),
            n_seq_id=self.n_seq_id.ctypes.data_as(i32),
            seq_id=self._seq_ptrs,
            logits=self.logits.ctypes.data_as(ctypes.POINTER(ctypes.c_int8)),
        )
        self.used = 0
        self.sequences = 0

    def add(self, tokens: np.ndarray) -> None:
        start, end = self.used, self.used + len(tokens)
        self.token[start:end] = tokens
        self.pos[start:end] = np.arange(len(tokens), dtype=np.int32)
        self.seq[start:end] = self.sequences
        self.used = end
        self.sequences += 1

    def clear(self) -> None:
        self.used = self.sequences = 0


class Embedder:
    """The state of one embedding engine: at most one loaded model."""

    def __init__(self, llama_cpp: Any, log: LlamaLog, cancel: Any) -> None:
        self._lib = llama_cpp
        self._log = log
        self._cancel = cancel  # multiprocessing.Value('q'): cancel every request id <= it
        self._llm: Any = None
        self._info: EmbedModelInfo | None = None
        self._batch: _Batch | None = None
        self._encode = False  # llama_encode (no KV cache) rather than llama_decode
        self._n_seq_max = 1
        self._limit = 0  # the longest text read, in tokens
        self._ids = np.zeros(0, dtype=np.int32)  # the tokenizer's output buffer

    # -- requests ------------------------------------------------------------------------

    def load(self, request: EmbedLoadRequest) -> EmbedEvent:
        self.unload()
        self._log.clear()
        started = time.perf_counter()
        try:
            llm = self._open(request, _NONE)
            pooling = int(llm.pooling_type())
            if pooling == _NONE:  # one vector per text is wanted: pool as the model would
                llm.close()
                causal = _metadata_flag(llm.metadata, "attention.causal", default=True)
                pooling = _LAST if causal else _MEAN
                llm = self._open(request, pooling)
        except (ValueError, RuntimeError, OSError) as exc:
            reason = (self._log.reason() or str(exc)).rstrip(".")
            return Failed(
                "load",
                Sentence(
                    "llama.cpp could not load {name}: {reason}.",
                    name=Path(request.path).name,
                    reason=reason,
                ),
            )
        if pooling == _RANK:
            llm.close()
            return Failed(
                "load",
                Sentence(
                    "{name} is a reranker: it scores pairs of texts and makes no embeddings.",
                    name=Path(request.path).name,
                ),
            )
        self._llm = llm
        self._setup(llm)
        self._info = EmbedModelInfo(
            path=request.path,
            name=display_name(str(llm.metadata.get("general.name", "")), Path(request.path).name),
            dims=int(llm.n_embd()),
            n_ctx=self._limit,
            pooling=POOLING_NAMES.get(pooling, str(pooling)),
            load_seconds=time.perf_counter() - started,
        )
        return EmbedLoaded(self._info)

    def _open(self, request: EmbedLoadRequest, pooling: int) -> Any:
        from deskchat.engine.worker import _NoChatFormatter

        self._lib.llama_chat_format.Jinja2ChatFormatter = _NoChatFormatter
        probe = request.n_ctx or MAX_CONTEXT
        n_batch = request.n_batch or max(probe, MIN_BATCH)
        gpu_layers = request.n_gpu_layers
        if gpu_layers == GPU_LAYERS_AUTO:
            gpu_layers = GPU_LAYERS_ALL if self._lib.llama_supports_gpu_offload() else 0
        threads = request.n_threads or physical_cores()
        llm = self._lib.Llama(
            model_path=request.path,
            embedding=True,
            n_ctx=n_batch,
            n_batch=n_batch,
            n_ubatch=n_batch,
            n_threads=threads,
            n_threads_batch=threads,
            n_gpu_layers=gpu_layers,
            pooling_type=pooling if pooling != _NONE else -1,
            verbose=False,
        )
        # the longest text: the asked context, never past what the model was trained on
        # nor past one batch (an encoder reads a text in one call)
        train = int(llm._model.n_ctx_train()) or probe
        self._limit = min(request.n_ctx or min(train, MAX_CONTEXT), train, n_batch)
        return llm

    def _setup(self, llm: Any) -> None:
        n_batch = int(llm.n_batch)
        self._batch = _Batch(self._lib, n_batch)
        self._encode = self._lib.llama_get_memory(llm.ctx) is None
        self._n_seq_max = max(1, int(llm.context_params.n_seq_max))
        self._ids = np.zeros(self._limit + 1, dtype=np.int32)

    def unload(self) -> EmbedEvent:
        if self._llm is not None:
            self._llm.close()
            self._llm = None
            self._info = None
            self._batch = None
            gc.collect()
        return Unloaded()

    def embed(self, request: EmbedRequest) -> EmbedEvent:
        llm, info, batch = self._llm, self._info, self._batch
        if llm is None or info is None or batch is None:
            return Failed("no_model", Sentence("No embedding model is loaded."), request.request_id)
        rid = request.request_id
        tokenized = self._tokenize_all(request.texts, rid)
        if isinstance(tokenized, Failed):
            return tokenized
        sequences, truncated = tokenized
        out = np.empty((len(sequences), info.dims), dtype=np.float32)
        start = 0  # the first text of the batch being filled
        batch.clear()
        pack = batch.size
        if self._encode:
            pack = min(pack, max(PACK_TOKENS, *(len(t) for t in sequences)))
        for i, tokens in enumerate(sequences):
            if batch.used + len(tokens) > pack or batch.sequences >= self._n_seq_max:
                if self._cancelled(rid):
                    return Failed("embed", Sentence("Embedding was cancelled."), rid)
                self._run(batch, out[start:i])
                start = i
            batch.add(tokens)
        if batch.sequences:
            self._run(batch, out[start:])
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        total = sum(len(t) for t in sequences)
        return Embeddings(rid, out.astype("<f4").tobytes(), info.dims, len(out), total, truncated)

    def count(self, request: CountRequest) -> EmbedEvent:
        if self._llm is None:
            return Failed("no_model", Sentence("No embedding model is loaded."))
        lib, vocab = self._lib, self._llm._model.vocab
        counts = []
        for text in request.texts:
            data = text.encode("utf-8", errors="replace")
            # a buffer too small gives minus the count, without writing a token
            n = lib.llama_tokenize(vocab, data, len(data), None, 0, True, False)
            counts.append(abs(int(n)))
        return TokenCounts(tuple(counts))

    # -- internals -----------------------------------------------------------------------

    def _cancelled(self, request_id: int) -> bool:
        return bool(self._cancel is not None and self._cancel.value >= request_id)

    def _run(self, batch: _Batch, rows: np.ndarray) -> None:
        """Evaluate the batch and copy each sequence's pooled vector into ``rows``."""
        lib, ctx = self._lib, self._llm.ctx
        batch.batch.n_tokens = batch.used
        if self._encode:
            code = lib.llama_encode(ctx, batch.batch)
        else:
            memory = lib.llama_get_memory(ctx)
            lib.llama_memory_clear(memory, True)
            code = lib.llama_decode(ctx, batch.batch)
        if code != 0:
            raise RuntimeError(f"llama.cpp returned {code} for a batch of {batch.used} tokens")
        dims = rows.shape[1]
        for s in range(batch.sequences):
            ptr = lib.llama_get_embeddings_seq(ctx, s)
            rows[s] = np.ctypeslib.as_array(ptr, shape=(dims,))
        batch.clear()

    def _tokenize_all(
        self, texts: Sequence[str | tuple[int, ...]], rid: int
    ) -> tuple[list[np.ndarray], int] | Failed:
        sequences: list[np.ndarray] = []
        truncated = 0
        n_vocab = int(self._llm.n_vocab())
        for number, text in enumerate(texts, 1):
            if isinstance(text, str):
                ids, cut = self._tokenize(text)
            else:
                ids = np.asarray(text, dtype=np.int64)
                if ids.size and (ids.min() < 0 or ids.max() >= n_vocab):
                    return Failed(
                        "embed",
                        Sentence(
                            "Input {number:d} has a token id outside the vocabulary"
                            " (0 to {last:d}).",
                            number=number,
                            last=n_vocab - 1,
                        ),
                        rid,
                    )
                cut = len(ids) > self._limit
                ids = ids[: self._limit].astype(np.int32)
            if not len(ids):
                return Failed(
                    "embed",
                    Sentence(
                        "Input {number:d} is empty: there is nothing to embed.", number=number
                    ),
                    rid,
                )
            truncated += cut
            sequences.append(ids)
        return sequences, truncated

    def _tokenize(self, text: str) -> tuple[np.ndarray, bool]:
        """The text's tokens (special tokens as plain text), cut to the model's context;
        and whether it was cut."""
        lib, vocab = self._lib, self._llm._model.vocab
        data = text.encode("utf-8", errors="replace")
        buffer = self._ids
        ptr = buffer.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
        n = lib.llama_tokenize(vocab, data, len(data), ptr, len(buffer), True, False)
        if n >= 0 and n <= self._limit:
            return buffer[:n].copy(), False
        if n >= 0:  # limit + 1 tokens fit the buffer: one too many
            n = -n
        full = np.zeros(-n, dtype=np.int32)
        ptr = full.ctypes.data_as(ctypes.POINTER(ctypes.c_int32))
        lib.llama_tokenize(vocab, data, len(data), ptr, len(full), True, False)
        kept = full[: self._limit].copy()
        eos = int(lib.llama_vocab_sep(vocab))
        if eos < 0:
            eos = int(lib.llama_vocab_eos(vocab))
        if eos >= 0 and full[-1] == eos:
            kept[-1] = eos  # a BERT text ends with [SEP]; so does the cut one
        return kept, True


def _metadata_flag(metadata: dict[str, str], key: str, *, default: bool) -> bool:
    arch = metadata.get("general.architecture", "")
    value = metadata.get(f"{arch}.{key}")
    return default if value is None else value.lower() == "true"


def _answer(embedder: Embedder, request: object) -> EmbedEvent:
    if isinstance(request, EmbedLoadRequest):
        return embedder.load(request)
    if isinstance(request, EmbedRequest):
        return embedder.embed(request)
    if isinstance(request, CountRequest):
        return embedder.count(request)
    if isinstance(request, UnloadRequest):
        return embedder.unload()
    return Failed("internal", f"Unknown embedding request {type(request).__name__}.")


def serve(conn: Connection, cancel: Any, log_path: str | None) -> None:
    """Entry point of the embedding engine process (multiprocessing target)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the app's to handle
    if log_path:
        logs.use_log(Path(log_path), tag="embed")
    log = LlamaLog(logging.getLogger("deskchat.llama") if log_path else None)
    import llama_cpp

    log.install(llama_cpp)
    embedder = Embedder(llama_cpp, log, cancel)
    outbox = Outbox(conn)
    while True:
        outbox.busy(False)
        try:
            request = conn.recv()
        except (EOFError, OSError):  # the app went away
            break
        if isinstance(request, ShutdownRequest):
            break
        outbox.busy(True)
        try:
            reply = _answer(embedder, request)
        except Exception as exc:  # noqa: BLE001 - a bug: log it, report it, keep serving
            rid = getattr(request, "request_id", None)
            reply = Failed("internal", logs.log_bug(exc, f"serving {type(request).__name__}"), rid)
        try:
            outbox.send(reply)
        except (BrokenPipeError, OSError):
            break
    outbox.busy(False)
    embedder.unload()
