"""Embeddings per second: deskchat's embedding engine against plain llama-cpp-python.

The same texts (``--texts`` document-chunk-like passages of 10 to 120 words), the same
model, threads, context and batch: deskchat through its embedding engine process (pipe and
all, as the app uses it) and plain ``Llama(embedding=True).embed(texts, normalize=True)``
in this process, alternately for ``--rounds`` rounds. Reports each one's embeddings/s and
tokens/s in its best round (the one least disturbed by other work on the machine, as
``timeit`` takes the best) and the median, their ratio (target: deskchat >= 0.95x plain)
and the largest difference between their vectors (they must agree).

The default model is random-weight BERT of all-MiniLM-L6-v2's shape (384 dimensions, 6
layers, 512-token context), written to a temporary folder: it costs what the real model
costs to run. ``--model PATH`` measures any GGUF embedding model (nomic-embed-text, bge…).

Run: .venv/bin/python -m tests.benchmarks.embed_benchmark [--texts 48] [--rounds 5]
     [--threads N] [--batch 512] [--model PATH]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from deskchat.engine.embed_client import EmbedClient
from deskchat.engine.embed_protocol import EmbedLoadRequest
from deskchat.engine.worker import physical_cores
from deskchat.hub.tiny_embed_gguf import (
    WORDS,  # one token each in the default model
    write_tiny_embed_gguf,
)


def passages(count: int, seed: int = 7) -> list[str]:
    rng = np.random.default_rng(seed)
    return [
        " ".join(rng.choice(WORDS, size=int(rng.integers(10, 120)))) + "." for _ in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--batch", type=int, default=512, help="context and batch, in tokens")
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model = args.model or write_tiny_embed_gguf(
            Path(folder) / "minilm-shape.gguf", n_embd=384, n_layer=6, context=512
        )
        run(model, args)


def run(model: Path, args: argparse.Namespace) -> None:
    import llama_cpp

    texts = passages(args.texts)
    n = args.batch
    plain = llama_cpp.Llama(
        model_path=str(model),
        embedding=True,
        n_ctx=n,
        n_batch=n,
        n_ubatch=n,
        n_threads=args.threads,
        n_threads_batch=args.threads,
        verbose=False,
    )
    ours_s: list[float] = []
    plain_s: list[float] = []
    with EmbedClient() as client:
        info = client.load(EmbedLoadRequest(str(model), n_ctx=n, n_batch=n, n_threads=args.threads))
        client.embed(texts[:8])  # warm both up
        plain.embed(texts[:8], normalize=True)
        for _ in range(args.rounds):
            started = time.perf_counter()
            reply = client.embed(texts)
            ours_s.append(time.perf_counter() - started)
            started = time.perf_counter()
            theirs, tokens = plain.embed(texts, normalize=True, return_count=True)
            plain_s.append(time.perf_counter() - started)
    plain.close()
    diff = float(np.abs(reply.matrix() - np.asarray(theirs, dtype=np.float32)).max())
    print(
        f"model {model.name}: {info.dims} dimensions, {info.pooling} pooling; "
        f"{len(texts)} texts, {reply.tokens:,} tokens (plain counts {tokens:,}); "
        f"{args.threads} threads, batch {n}; {args.rounds} rounds"
    )
    for label, times in (("deskchat", ours_s), ("plain", plain_s)):
        best, median = min(times), statistics.median(times)
        print(
            f"{label:<9} best {len(texts) / best:7.1f} embeddings/s {tokens / best:8.0f} tokens/s"
            f" · median {len(texts) / median:7.1f} embeddings/s"
        )
    print(
        f"ratio deskchat/plain: best {min(plain_s) / min(ours_s):.3f}, median"
        f" {statistics.median(plain_s) / statistics.median(ours_s):.3f} (target >= 0.95);"
        f" largest difference between their vectors {diff:.1e}"
    )


if __name__ == "__main__":
    main()
