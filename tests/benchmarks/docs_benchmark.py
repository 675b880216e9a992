"""Documents: indexing throughput and retrieval latency.

Indexing: a PDF written with pypdf (``--pages`` pages of 40 lines) and a text corpus
(``--text-mb`` MB of paragraphs), each indexed into a fresh history database the way
`deskchat docs add` does it (read, chunk by characters, store with the FTS index):
pages/s and chunks/s, and the same reading and chunking without storing, to show where the
time goes.

Retrieval: ``--chunks`` chunks (default 100,000) of real text, the Python standard
library's sources (docstrings, comments and code: English with identifiers, present on
every machine that runs this) chunked by characters, in one collection, with fixed random
vectors of ``--dim`` dimensions (384 by default, MiniLM's size). Median and
95th-percentile latency of full-text search and of hybrid search (BM25 + cosine, fused)
over ``--queries`` questions of 3–6 consecutive words taken from random chunks, after one
warm-up query (the hybrid warm-up loads the vector matrix into memory; its time is
reported as the cold start). Targets: < 50 ms full-text, < 100 ms hybrid.

Run: .venv/bin/python -m tests.benchmarks.docs_benchmark [--chunks 100000] [--dim 384]
     [--pages 200] [--text-mb 5] [--queries 50]
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import statistics
import sysconfig
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from deskchat.docs.chunking import Chunk, Chunker
from deskchat.docs.loaders import load
from deskchat.docs.parts import DocumentError
from deskchat.services.indexing import Indexer
from deskchat.services.retrieval import QueryEmbedder, Retriever
from deskchat.store.db import Database
from deskchat.store.documents import DocumentRepo, Embedded, FileFacts
from tests.helpers.doc_files import write_pdf

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "do", "fi", "gu")


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def sentence_maker(words: list[str], rng: random.Random) -> Callable[[int], str]:
    weights = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))

    def make(n: int) -> str:  # Zipf-like: a few common words, most rare
        return " ".join(rng.choices(words, cum_weights=weights, k=n)) + "."

    return make


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def index_throughput(folder: Path, pages: int, text_mb: float, make: Callable[[int], str]) -> None:
    pdf = write_pdf(folder / "long.pdf", [[make(10) for _ in range(40)] for _ in range(pages)])
    text = folder / "corpus.txt"
    paragraphs, size = [], 0
    while size < text_mb * 1e6:
        paragraphs.append(" ".join(make(12) for _ in range(5)))
        size += len(paragraphs[-1]) + 2
    text.write_text("\n\n".join(paragraphs), encoding="utf-8")
    list(load(write_pdf(folder / "warm-up.pdf", [["imports pypdf"]])))  # not timed
    for path in (pdf, text):
        read = timed(lambda p=path: list(Chunker().chunks(load(p))))
        db = Database(folder / f"{path.stem}.sqlite3")
        repo = DocumentRepo(db)
        start = time.perf_counter()
        report = Indexer(repo).add(repo.collection("bench"), [path])
        took = time.perf_counter() - start
        result = report.results[0]
        db.close()
        unit = f"{result.pages / took:,.1f} pages/s, " if result.pages else ""
        print(
            f"index {path.name}: {result.pages:,} pages, {result.chunks:,} chunks, "
            f"{path.stat().st_size / 1e6:.1f} MB in {took:.2f} s: {unit}"
            f"{result.chunks / took:,.0f} chunks/s (reading and chunking alone: {read:.2f} s)"
        )


def real_chunks(count: int) -> Iterator[Chunk]:
    """Chunks of the standard library's sources, as many as asked (read again, with the
    pass number in front, when they run out)."""
    sources = sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py"))
    chunker = Chunker(300, 0)
    made = 0
    for turn in itertools.count():
        for path in sources:
            try:
                sections = list(load(path))
            except DocumentError:
                continue
            for chunk in chunker.chunks(sections):
                text = chunk.text if turn == 0 else f"{turn} {chunk.text}"
                yield Chunk(text, chunk.location, len(text))
                made += 1
                if made == count:
                    return


def build_corpus(db: Database, chunks: int, dim: int) -> list[str]:
    """The corpus stored as 1,000-chunk documents with random vectors; its chunks' texts."""
    repo = DocumentRepo(db)
    collection = repo.collection("bench")
    per_document = 1000
    vectors = np.random.default_rng(7).standard_normal((chunks, dim)).astype(np.float32)
    texts: list[str] = []
    source = real_chunks(chunks)
    for n in range((chunks + per_document - 1) // per_document):
        made = list(itertools.islice(source, per_document))
        if not made:
            break
        path = f"/bench/doc{n:05d}.txt"
        repo.enqueue(collection.id, [path])
        document = repo.find(collection.id, path)
        assert document is not None
        block = vectors[len(texts) : len(texts) + len(made)]
        repo.store_chunks(
            document.id,
            kind="text",
            facts=FileFacts(f"h{n}", 1, 0.0),
            pages=0,
            chunks=made,
            embedded=Embedded("bench-384", list(block)),
        )
        texts += [c.text for c in made]
    return texts


def questions_from(texts: list[str], count: int, rng: random.Random) -> list[str]:
    questions = []
    while len(questions) < count:
        words = [w for w in rng.choice(texts).split() if w.isalpha()]
        n = rng.randint(3, 6)
        if len(words) >= n:
            start = rng.randrange(len(words) - n + 1)
            questions.append(" ".join(words[start : start + n]))
    return questions


def latencies(search: Callable[[str], object], questions: Sequence[str]) -> list[float]:
    return [timed(lambda q=q: search(q)) * 1000 for q in questions]


def report(name: str, ms: list[float], target: float) -> None:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    median = statistics.median(ms)
    verdict = "meets" if p95 < target else "misses"
    print(
        f"{name}: median {median:.1f} ms, p95 {p95:.1f} ms, max {ms[-1]:.1f} ms "
        f"({verdict} the {target:.0f} ms target at p95)"
    )


def retrieval_latency(folder: Path, args: argparse.Namespace) -> None:
    rng = random.Random(3)
    db = Database(folder / "retrieval.sqlite3")
    start = time.perf_counter()
    texts = build_corpus(db, args.chunks, args.dim)
    size = (folder / "retrieval.sqlite3").stat().st_size / 1e6
    print(
        f"corpus: {len(texts):,} chunks of the standard library's sources with {args.dim}-d "
        f"vectors, built in {time.perf_counter() - start:.1f} s ({size:,.0f} MB database)"
    )
    questions = questions_from(texts, args.queries, rng)
    query_vectors = np.random.default_rng(11).standard_normal((len(questions), args.dim))
    by_question = dict(zip(questions, query_vectors, strict=True))
    fts = Retriever(db)
    hybrid = Retriever(db, embedder=QueryEmbedder("bench-384", lambda q: by_question[q]))
    fts.search(questions[0], k=8)
    cold = timed(lambda: hybrid.search(questions[0], k=8))
    report("full-text search (FTS5 BM25)", latencies(lambda q: fts.search(q, k=8), questions), 50)
    print(f"hybrid cold start (vector matrix loaded): {cold * 1000:.0f} ms")
    hybrid_ms = latencies(lambda q: hybrid.search(q, k=8), questions)
    report("hybrid search (BM25 + cosine, RRF)", hybrid_ms, 100)
    vectors_only = latencies(
        lambda q: hybrid.index.search(by_question[q], "bench-384", None, 50), questions
    )
    report("  of which the vector scan", vectors_only, 100)
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--text-mb", type=float, default=5.0)
    parser.add_argument("--queries", type=int, default=50)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    rng = random.Random(1)
    words = vocabulary(20_000, rng)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        index_throughput(folder, args.pages, args.text_mb, sentence_maker(words, rng))
        retrieval_latency(folder, args)


if __name__ == "__main__":
    main()
