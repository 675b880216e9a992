"""`deskchat docs add|list|rm|search`: collections of documents a chat can draw on.

Indexing is full-text (FTS5, BM25), and with the embedding model in the settings
(``embedding_model``) chunks get vectors and searches are hybrid."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.app import open_database
from deskchat.services.doc_context import refuse_chat_own_name
from deskchat.services.doc_embedding import doc_embedders
from deskchat.services.doc_library import DEFAULT_COLLECTION, remove_paths
from deskchat.services.embeddings import EmbeddingService
from deskchat.services.indexing import Embedder, Indexer, IndexProgress
from deskchat.services.retrieval import QueryEmbedder, Retriever
from deskchat.settings import load_settings
from deskchat.store.documents import DocumentRepo
from deskchat.units import counted, size_text


def register(sub: Any) -> None:
    docs = sub.add_parser("docs", help="documents a chat can draw on: add, list, remove, search")
    actions = docs.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="index files or folders (again: only changed files)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    _collection_option(add)
    add.set_defaults(handler=add_cmd)
    listing = actions.add_parser("list", help="the collections, or one collection's documents")
    listing.add_argument("--collection", "-c", metavar="NAME", help="list its documents")
    listing.set_defaults(handler=list_cmd)
    rm = actions.add_parser(
        "rm", help="remove documents (a folder: all under it), or with no PATH the collection"
    )
    rm.add_argument("paths", nargs="*", metavar="PATH")
    rm.add_argument("--collection", "-c", metavar="NAME", required=False)
    rm.set_defaults(handler=rm_cmd)
    search = actions.add_parser("search", help="the passages that best answer TEXT")
    search.add_argument("text")
    search.add_argument("--collection", "-c", metavar="NAME", help="default: every collection")
    search.add_argument("--limit", type=int, default=5)
    search.set_defaults(handler=search_cmd)


def _collection_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--collection",
        "-c",
        metavar="NAME",
        default=DEFAULT_COLLECTION,
        help=f"the collection to add to (default: {DEFAULT_COLLECTION}; made if new)",
    )


def _show_progress(progress: IndexProgress) -> None:
    left = progress.seconds_left
    eta = f", {int(left) // 60}:{int(left) % 60:02d} left" if left is not None else ""
    pages = f"{progress.pages:,} pages, " if progress.pages else ""
    line = (
        f"\r{progress.files_done:,}/{progress.files_total:,} files, {pages}"
        f"{progress.chunks:,} chunks{eta}  {progress.current[:40]}"
    )
    print(f"{line:<79}", end="", file=sys.stderr, flush=True)


@contextlib.contextmanager
def _embedders() -> Iterator[tuple[Embedder | None, QueryEmbedder | None]]:
    """The embedding model in the settings, in its engine process while the command runs."""
    settings, _warning = load_settings()
    service = EmbeddingService(lambda: settings.embedding_model)
    try:
        yield doc_embedders(service)
    finally:
        service.close()


def add_cmd(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)
    if all(c.name != args.collection for c in repo.collections()):  # made here: a new name
        refuse_chat_own_name(args.collection)
    collection = repo.collection(args.collection)
    progress = _show_progress if sys.stderr.isatty() else None
    with _embedders() as (embedder, _query):
        indexer = Indexer(repo, embedder=embedder, on_progress=progress)
        report = indexer.add(collection, [Path(p) for p in args.paths])
    if sys.stderr.isatty():
        print("\r" + " " * 79 + "\r", end="", file=sys.stderr)
    for result in report.results:
        name = Path(result.path).name
        if result.outcome == "failed":
            print(f"failed     {name}: {result.error}")
        else:
            pages = f"{result.pages:,} pages, " if result.pages else ""
            chunks = counted(result.chunks, "chunk", "chunks")
            print(f"{result.outcome:<10} {name} ({pages}{chunks})")
    indexed, unchanged = report.count("indexed"), report.count("unchanged")
    failed = report.count("failed")
    print(f"{collection.name}: {indexed:,} indexed, {unchanged:,} unchanged, {failed:,} failed.")
    return 1 if failed else 0


def list_cmd(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)
    if args.collection:
        collection = repo.find_collection(args.collection)
        for d in repo.documents(collection.id):
            detail = d.error if d.status == "failed" else counted(d.chunk_count, "chunk", "chunks")
            pages = f"{d.pages:,} pages, " if d.pages else ""
            print(f"{d.status:<8} {size_text(d.size_bytes):>9}  {d.path}  ({pages}{detail})")
        return 0
    collections = repo.collections()
    if not collections:
        print("No documents yet. Add some with: deskchat docs add PATH")
    for c in collections:
        print(f"{c.name}: {c.documents:,} documents, {c.chunks:,} chunks")
    return 0


def rm_cmd(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)
    if not args.paths:
        if not args.collection:
            raise DeskchatError(
                Sentence("Name documents to remove, or a whole collection with --collection.")
            )
        collection = repo.find_collection(args.collection)
        repo.delete_collection(collection.id)
        print(f"Removed the collection {collection.name} ({collection.documents:,} documents).")
        return 0
    collection = repo.find_collection(args.collection or DEFAULT_COLLECTION)
    removed = remove_paths(repo, collection, [Path(p) for p in args.paths])
    if not removed:
        print(f"None of those are in {collection.name}.")
        return 1
    for d in removed:
        print(f"removed {d.path}")
    return 0


def search_cmd(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    repo = DocumentRepo(db)
    ids = [repo.find_collection(args.collection).id] if args.collection else None
    with _embedders() as (_embedder, query):
        passages = Retriever(db, embedder=query).search(args.text, ids, k=args.limit)
    if not passages:
        print(f"No passages found for {args.text!r}.")
        return 0
    for p in passages:
        text = " ".join(p.chunk.text.split())
        shown = text if len(text) <= 300 else text[:299] + "…"
        print(f"{p.chunk.path} · {p.chunk.location.describe()}  (score {p.score:.4f})")
        print(f"    {shown}\n")
    return 0
