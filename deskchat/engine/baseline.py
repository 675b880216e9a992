"""Plain llama-cpp-python, for side-by-side benchmarks: the same model, settings and prompt
streamed with ``Llama.create_completion`` in a fresh process, timed the same way."""

from __future__ import annotations

import multiprocessing as mp
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

from deskchat.engine.protocol import LoadOptions


@dataclass(frozen=True)
class StreamTiming:
    tokens: int
    ttft_s: float
    decode_tokens_per_s: float  # (tokens - 1) / (last token time - first token time)
    text: str


def decode_rate(times: list[float]) -> float:
    if len(times) < 2 or times[-1] <= times[0]:
        return 0.0
    return (len(times) - 1) / (times[-1] - times[0])


def _run(conn: Connection, path: str, options: LoadOptions, prompt: str, n_tokens: int,
         rounds: int) -> None:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=path, n_ctx=options.n_ctx, n_threads=options.n_threads,
        n_batch=options.n_batch, n_gpu_layers=max(options.n_gpu_layers, 0),
        flash_attn=options.flash_attn, verbose=False,
    )
    results = []
    for _ in range(rounds):
        llm.reset()
        start = time.perf_counter()
        times: list[float] = []
        text = []
        for chunk in llm.create_completion(prompt, max_tokens=n_tokens, temperature=0.0,
                                           repeat_penalty=1.0, stream=True):
            times.append(time.perf_counter())
            text.append(chunk["choices"][0]["text"])
        results.append(StreamTiming(len(times), times[0] - start if times else 0.0,
                                    decode_rate(times), "".join(text)))
    conn.send(results)
    conn.close()


def plain_llama_stream(path: str, options: LoadOptions, prompt: str, n_tokens: int,
                       rounds: int = 1) -> list[StreamTiming]:
    """Stream ``n_tokens`` greedily with plain llama-cpp-python, ``rounds`` times."""
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_run, args=(child, path, options, prompt, n_tokens, rounds))
    process.start()
    child.close()
    results: list[StreamTiming] = parent.recv()
    process.join()
    return results
