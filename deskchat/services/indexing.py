"""Indexing files into a document collection: read, chunk, (embed,) store — off the GUI
thread, cancellable, resumable, and only for files whose content changed.

The job is written down first (each file a pending document), and each file's chunks are
stored in one transaction: a process killed at any moment leaves a sound database in which
the files not yet done are still pending, and the next run (``resume`` or ``add`` again)
finishes them. A file that cannot be read is marked failed with its sentence; the others
go on."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from deskchat.docs.chunking import TOKENS, Chunk, Chunker, Counter
from deskchat.docs.loaders import kind_of, load
from deskchat.docs.parts import DocumentError, Limits, Section
from deskchat.docs.reading import read_bytes
from deskchat.sentences import Sentence
from deskchat.store.doc_records import Collection, DocumentRecord
from deskchat.store.documents import DocumentRepo, Embedded, FileFacts

log = logging.getLogger(__name__)

Embed = Callable[[list[str]], Sequence[Sequence[float]]]
Outcome = Literal["indexed", "unchanged", "failed"]
MAX_FOLDER_FILES = 100_000


@dataclass(frozen=True)
class Embedder:
    """Turns texts into vectors (an embedding model in an engine process); ``count``: a
    text's length in the model's tokens, so that chunks are cut to what it reads (at most
    ``max_tokens``), None to cut by characters."""

    model_key: str  # which model made the vectors: vectors of two models never mix
    embed: Embed
    batch: int = 32
    count: Counter | None = None
    max_tokens: int = 0  # the model's context (0: not known)

    def chunker(self) -> Chunker:
        """Chunks of the default token size (less for a model that reads less), overlap
        a tenth of that; by characters without a counter."""
        if self.count is None:
            return Chunker()
        size = min(TOKENS[0], self.max_tokens) if self.max_tokens > 0 else TOKENS[0]
        return Chunker(size, min(TOKENS[1], size // 8), count=self.count)


@dataclass(frozen=True)
class IndexProgress:
    files_done: int
    files_total: int
    pages: int  # PDF pages read so far, all files together
    chunks: int  # chunks made so far
    current: str  # the file being read
    seconds_left: float | None  # None until there is something to estimate from


@dataclass(frozen=True)
class FileResult:
    path: str
    outcome: Outcome
    error: Sentence | None = None
    pages: int = 0
    chunks: int = 0


@dataclass
class IndexReport:
    results: list[FileResult] = field(default_factory=list)
    cancelled: bool = False

    def count(self, outcome: Outcome) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)


class IndexingCancelledError(Exception):
    """Raised inside the indexer when ``should_stop`` says so; the file stays pending."""


def files_in(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the readable files inside the folders named (hidden ones and
    kinds deskchat does not read are left out of folders), each once."""
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
                and kind_of(p) is not None
            )
            candidates = found[:MAX_FOLDER_FILES]
        else:
            candidates = [path]
        for candidate in candidates:
            resolved = candidate.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield resolved


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class _Tally:
    started: float
    bytes_total: int
    files_total: int
    files_done: int = 0
    bytes_done: int = 0
    pages: int = 0
    chunks: int = 0

    def seconds_left(self) -> float | None:
        if self.bytes_done <= 0:
            return None
        elapsed = time.monotonic() - self.started
        return max(0.0, elapsed * (self.bytes_total - self.bytes_done) / self.bytes_done)


class Indexer:
    """Indexes files into collections of ``db``. ``embedder`` None: full-text only."""

    def __init__(
        self,
        repo: DocumentRepo,
        *,
        chunker: Chunker | None = None,
        limits: Limits | None = None,
        embedder: Embedder | None = None,
        on_progress: Callable[[IndexProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.repo = repo
        self.chunker = chunker or (embedder.chunker() if embedder is not None else Chunker())
        self.limits = limits or Limits()
        self.embedder = embedder
        self.on_progress = on_progress
        self.should_stop = should_stop or (lambda: False)
        self._tally = _Tally(time.monotonic(), 0, 0)
        self._current = ""

    def add(self, collection: Collection, paths: Iterable[Path]) -> IndexReport:
        """Index the files (and folders) into ``collection``; with them, whatever an earlier
        run left pending there. Unchanged files are not read again."""
        report = IndexReport()
        found: list[str] = []
        for path in files_in(paths):
            if path.exists():
                found.append(str(path))
            else:
                error = Sentence("{name} is not there (no such file or folder).", name=path.name)
                report.results.append(FileResult(str(path), "failed", error))
        self.repo.enqueue(collection.id, found)
        documents = [d for p in found if (d := self.repo.find(collection.id, p)) is not None]
        wanted = {d.id for d in documents}
        documents += [d for d in self.repo.pending(collection.id) if d.id not in wanted]
        return self._run(documents, report)

    def resume(self, collection: Collection) -> IndexReport:
        """Finish what an earlier run left pending (it was cancelled, or killed)."""
        return self._run(self.repo.pending(collection.id), IndexReport())

    def _run(self, documents: list[DocumentRecord], report: IndexReport) -> IndexReport:
        sizes = [_size(Path(d.path)) for d in documents]
        self._tally = _Tally(time.monotonic(), sum(sizes), len(documents))
        for document, size in zip(documents, sizes, strict=True):
            self._current = document.name
            self._progress(document.name)
            try:
                report.results.append(self._index(document))
            except IndexingCancelledError:
                report.cancelled = True
                break
            self._tally.files_done += 1
            self._tally.bytes_done += size
        self._progress("")
        return report

    def _progress(self, current: str) -> None:
        if self.on_progress is not None:
            t = self._tally
            self.on_progress(
                IndexProgress(
                    t.files_done, t.files_total, t.pages, t.chunks, current, t.seconds_left()
                )
            )

    def _stop_point(self) -> None:
        if self.should_stop():
            raise IndexingCancelledError

    def _index(self, document: DocumentRecord) -> FileResult:
        self._stop_point()
        path = Path(document.path)
        facts: FileFacts | None = None
        try:
            stat = path.stat()
            if _unchanged(document, stat.st_size, stat.st_mtime):
                return self._unchanged(document)
            data = read_bytes(path, self.limits)
            facts = FileFacts(content_hash(data), len(data), stat.st_mtime)
            del data
            if document.status == "ready" and document.content_hash == facts.content_hash:
                self.repo.touch(document.id, facts.mtime)
                return self._unchanged(document)
            if document.status != "pending":
                self.repo.mark_pending(document.id)  # a kill from here on: done again
            return self._read_and_store(document, facts)
        except FileNotFoundError:
            error = Sentence("{name} is not there (no such file or folder).", name=path.name)
        except OSError as exc:
            error = Sentence(
                "{name} cannot be opened: {reason}.",
                name=path.name,
                reason=exc.strerror or str(exc),
            )
        except DocumentError as exc:
            error = exc.sentence or Sentence(
                "{name} cannot be read: {reason}.", name=path.name, reason=str(exc)
            )
        self.repo.mark_failed(document.id, error, facts)
        return FileResult(document.path, "failed", error)

    def _unchanged(self, document: DocumentRecord) -> FileResult:
        if self.embedder is not None:  # indexed before an embedding model was set
            missing = self.repo.chunks_without_vectors(document.id, self.embedder.model_key)
            if missing:
                vectors = self._embed([text for _, text in missing])
                ids = [chunk_id for chunk_id, _ in missing]
                self.repo.add_vectors(self.embedder.model_key, zip(ids, vectors, strict=True))
        return FileResult(
            document.path, "unchanged", pages=document.pages, chunks=document.chunk_count
        )

    def _read_and_store(self, document: DocumentRecord, facts: FileFacts) -> FileResult:
        path = Path(document.path)
        pages: set[int] = set()
        chunks: list[Chunk] = []
        for chunk in self.chunker.chunks(self._sections(load(path, self.limits), pages)):
            chunks.append(chunk)
            self._tally.chunks += 1
        embedded = None
        if self.embedder is not None and chunks:
            vectors = self._embed([c.text for c in chunks])
            embedded = Embedded(self.embedder.model_key, vectors)
        self._stop_point()
        self.repo.store_chunks(
            document.id,
            kind=kind_of(path) or "",
            facts=facts,
            pages=len(pages),
            chunks=chunks,
            embedded=embedded,
        )
        return FileResult(document.path, "indexed", pages=len(pages), chunks=len(chunks))

    def _sections(self, sections: Iterator[Section], pages: set[int]) -> Iterator[Section]:
        """The sections as they are read, with a stop point and progress at each page."""
        for section in sections:
            self._stop_point()
            span = section.location.pages
            if span is not None and span[1] not in pages:
                pages.add(span[1])
                self._tally.pages += 1
                self._progress(self._current)
            yield section

    def _embed(self, texts: list[str]) -> list[Sequence[float]]:
        assert self.embedder is not None
        vectors: list[Sequence[float]] = []
        for start in range(0, len(texts), self.embedder.batch):
            self._stop_point()
            batch = texts[start : start + self.embedder.batch]
            got = list(self.embedder.embed(batch))
            if len(got) != len(batch):
                raise ValueError(f"{len(batch)} texts embedded into {len(got)} vectors")
            vectors.extend(got)
        return vectors


def _unchanged(document: DocumentRecord, size: int, mtime: float) -> bool:
    return document.status == "ready" and document.size_bytes == size and document.mtime == mtime


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
