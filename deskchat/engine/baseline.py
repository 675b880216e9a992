"""Plain llama-cpp-python, for side-by-side benchmarks: the same model, settings and prompt
streamed with ``Llama.create_completion`` in its own process, timed the same way as
deskchat's engine, one round at a time so the two can be interleaved."""

from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from deskchat.chat.generation import LoadOptions
from deskchat.engine.context_options import flash_attention, ggml_type


@dataclass(frozen=True)
class StreamTiming:
    tokens: int
    ttft_s: float
    decode_tokens_per_s: float  # (tokens - 1) / (last token time - first token time)


def decode_rate(times: list[float]) -> float:
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


def _serve(conn: Connection, path: str, options: LoadOptions) -> None:
    import llama_cpp

    with flash_attention(llama_cpp, options.flash_attn):
        llm = llama_cpp.Llama(
            model_path=path,
            n_ctx=options.n_ctx,
            n_threads=options.n_threads,
            n_batch=options.n_batch,
            n_gpu_layers=max(options.n_gpu_layers, 0),
            type_k=ggml_type(llama_cpp, options.cache_type_k),
            type_v=ggml_type(llama_cpp, options.cache_type_v),
            swa_full=options.swa_full,
            verbose=False,
        )
    conn.send("ready")
    while True:
        request = conn.recv()
        if request is None:
            break
        prompt, n_tokens = request
        llm.reset()  # type: ignore[no-untyped-call]
        start = time.perf_counter()
        times: list[float] = []
        stream: Any = llm.create_completion(
            prompt, max_tokens=n_tokens, temperature=0.0, repeat_penalty=1.0, stream=True
        )
        for _chunk in stream:
            times.append(time.perf_counter())
        conn.send(StreamTiming(len(times), times[0] - start if times else 0.0, decode_rate(times)))


class PlainLlama:
    """A separate process holding a plain ``llama_cpp.Llama`` with the given options."""

    def __init__(self, path: str, options: LoadOptions) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, path, options), daemon=True)
        self._process.start()
        child.close()
        self._conn.recv()

    def stream(self, prompt: str, n_tokens: int) -> StreamTiming:
        """Stream up to ``n_tokens`` greedily from a fresh KV cache."""
        self._conn.send((prompt, n_tokens))
        result: StreamTiming = self._conn.recv()
        return result

    def close(self) -> None:
        self._conn.send(None)
        self._process.join(timeout=10)
        self._conn.close()
