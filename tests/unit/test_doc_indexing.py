"""Indexing files into a collection: progress, only changed files again, a sentence per
file that cannot be read while the rest go on, cancel and resume, vectors when an embedder
is given."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from deskchat.docs.chunking import Chunker
from deskchat.services.indexing import Embedder, Indexer, IndexProgress
from deskchat.store.db import Database
from deskchat.store.documents import DocumentRepo
from tests.helpers.doc_files import write_pdf


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[DocumentRepo]:
    db = Database(tmp_path / "h.sqlite3")
    yield DocumentRepo(db)
    db.close()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    (docs / "sub").mkdir(parents=True)
    (docs / "a.md").write_text("# A\n\nAlpaca facts.\n\nMore alpaca.\n", encoding="utf-8")
    (docs / "sub" / "b.txt").write_text("Bison live on plains.\n", encoding="utf-8")
    write_pdf(docs / "c.pdf", [["Camel page one."], ["Camel page two."], ["Camel three."]])
    (docs / "photo.jpg").write_bytes(b"\xff\xd8")  # not a document: left out of a folder
    (docs / ".hidden.txt").write_text("secret", encoding="utf-8")
    return docs


def chunk_ids(repo: DocumentRepo) -> list[int]:
    return [r[0] for r in repo.db.execute("SELECT id FROM doc_chunks ORDER BY id")]


def test_a_folder_is_indexed_with_progress(repo: DocumentRepo, folder: Path) -> None:
    events: list[IndexProgress] = []
    collection = repo.collection("animals")
    report = Indexer(repo, on_progress=events.append).add(collection, [folder])
    assert [(Path(r.path).name, r.outcome) for r in report.results] == [
        ("a.md", "indexed"),
        ("c.pdf", "indexed"),
        ("b.txt", "indexed"),
    ]
    assert report.results[1].pages == 3
    assert [e.files_done for e in events] == sorted(e.files_done for e in events)
    assert [e.pages for e in events] == sorted(e.pages for e in events)
    assert {e.current for e in events} >= {"a.md", "b.txt", "c.pdf"}
    last = events[-1]
    assert (last.files_done, last.files_total, last.pages) == (3, 3, 3)
    assert last.chunks == sum(r.chunks for r in report.results)
    assert last.seconds_left == 0.0
    assert repo.find_collection("animals").documents == 3


def test_only_files_whose_content_changed_are_indexed_again(
    repo: DocumentRepo, folder: Path
) -> None:
    collection = repo.collection("animals")
    Indexer(repo).add(collection, [folder])
    before = chunk_ids(repo)
    again = Indexer(repo).add(collection, [folder])
    assert {r.outcome for r in again.results} == {"unchanged"}
    assert chunk_ids(repo) == before
    same = folder / "sub" / "b.txt"
    os.utime(same, (1_000_000, 1_000_000))  # saved again, same bytes
    changed = folder / "a.md"
    changed.write_text("# A\n\nAlpacas hum.\n", encoding="utf-8")
    third = Indexer(repo).add(collection, [folder])
    outcomes = {Path(r.path).name: r.outcome for r in third.results}
    assert outcomes == {"a.md": "indexed", "b.txt": "unchanged", "c.pdf": "unchanged"}
    texts = [r[0] for r in repo.db.execute("SELECT text FROM doc_chunks")]
    assert "Alpacas hum." in texts
    assert not any("Alpaca facts" in t for t in texts)


def test_a_file_that_cannot_be_read_is_a_sentence_and_the_rest_go_on(
    repo: DocumentRepo, tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("fine text", encoding="utf-8")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not a pdf")
    scan = write_pdf(tmp_path / "scan.pdf", [], blank_pages=2)
    collection = repo.collection("mixed")
    report = Indexer(repo).add(collection, [broken, scan, tmp_path / "missing.md", good])
    by_name = {Path(r.path).name: r for r in report.results}
    assert by_name["good.txt"].outcome == "indexed"
    assert str(by_name["broken.pdf"].error).startswith("broken.pdf cannot be read as a PDF")
    assert "no text layer" in str(by_name["scan.pdf"].error)
    assert str(by_name["missing.md"].error) == ("missing.md is not there (no such file or folder).")
    listed = {d.name: (d.status, d.error) for d in repo.documents(collection.id)}
    assert listed["good.txt"] == ("ready", "")
    assert listed["broken.pdf"][0] == "failed"
    assert "no text layer" in listed["scan.pdf"][1]
    assert "missing.md" not in listed  # nothing to list for a file that was never there


def test_cancel_leaves_the_rest_pending_and_resume_finishes(
    repo: DocumentRepo, folder: Path
) -> None:
    collection = repo.collection("animals")
    seen: list[IndexProgress] = []
    indexer = Indexer(repo, on_progress=seen.append, should_stop=lambda: len(seen) >= 2)
    report = indexer.add(collection, [folder])
    assert report.cancelled
    assert [r.outcome for r in report.results] == ["indexed"]
    assert [Path(d.path).name for d in repo.pending(collection.id)] == ["c.pdf", "b.txt"]
    resumed = Indexer(repo).resume(collection)
    assert [r.outcome for r in resumed.results] == ["indexed", "indexed"]
    assert repo.pending(collection.id) == []
    assert {d.status for d in repo.documents(collection.id)} == {"ready"}


def test_cancel_between_pages_of_a_long_pdf(repo: DocumentRepo, tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "long.pdf", [[f"Page {n} text."] for n in range(1, 41)])
    seen: list[IndexProgress] = []
    indexer = Indexer(
        repo, on_progress=seen.append, should_stop=lambda: bool(seen) and seen[-1].pages >= 5
    )
    report = indexer.add(repo.collection("c"), [pdf])
    assert report.cancelled
    assert seen[-1].pages < 40
    assert repo.db.execute("SELECT count(*) FROM doc_chunks").fetchone()[0] == 0


class CountingEmbedder:
    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> Sequence[Sequence[float]]:
        self.texts += texts
        return [[float(len(t)), 1.0, 0.0] for t in texts]


def test_with_an_embedder_every_chunk_gets_a_vector(repo: DocumentRepo, folder: Path) -> None:
    embed = CountingEmbedder()
    collection = repo.collection("animals")
    Indexer(repo, embedder=Embedder("tiny-embed", embed, batch=2)).add(collection, [folder])
    chunks = repo.db.execute("SELECT count(*) FROM doc_chunks").fetchone()[0]
    rows = repo.db.execute("SELECT model_key, dim FROM doc_vectors").fetchall()
    assert len(rows) == chunks == len(embed.texts)
    assert {(r[0], r[1]) for r in rows} == {("tiny-embed", 3)}


def test_an_embedder_set_later_fills_in_the_vectors(repo: DocumentRepo, folder: Path) -> None:
    collection = repo.collection("animals")
    Indexer(repo).add(collection, [folder])
    before = chunk_ids(repo)
    embed = CountingEmbedder()
    report = Indexer(repo, embedder=Embedder("tiny-embed", embed)).add(collection, [folder])
    assert {r.outcome for r in report.results} == {"unchanged"}
    assert chunk_ids(repo) == before  # not chunked again: only embedded
    vectors = repo.db.execute("SELECT count(*) FROM doc_vectors").fetchone()[0]
    assert vectors == len(before)


def test_chunks_follow_the_chunker_given(repo: DocumentRepo, tmp_path: Path) -> None:
    text = tmp_path / "long.txt"
    text.write_text("Word. " * 2000, encoding="utf-8")
    chunker = Chunker(50, 10, count=lambda t: len(t.split()))
    report = Indexer(repo, chunker=chunker).add(repo.collection("c"), [text])
    tokens = [r[0] for r in repo.db.execute("SELECT token_count FROM doc_chunks")]
    assert report.results[0].chunks == len(tokens) > 40
    assert max(tokens) <= 50
