"""A chat's documents at question time: the passages a message gets, and what each answer
was given.

A chat draws on the collections turned on for it (its own attached files are one of them,
``chat_collection_name``). For each message the best passages are retrieved (hybrid when
an embedding model is set, full-text otherwise, services/retrieval); the passages the
person pinned in the chat come first, always, and those excluded never come. The prompt
then takes as many as fit (chat/prompt) and the answer records them all, given or left out,
so the window can show its sources and the person can pin, exclude and regenerate.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from deskchat.chat.passages import Source
from deskchat.chat.prompt import PromptPlan
from deskchat.errors import DeskchatError, NotFoundError
from deskchat.sentences import Sentence
from deskchat.services.indexing import Embedder, Indexer, IndexProgress, IndexReport
from deskchat.services.retrieval import QueryEmbedder, Retriever
from deskchat.store.answer_sources import AnswerSource, AnswerSourceRepo, NewSource, PassageChoice
from deskchat.store.db import Database
from deskchat.store.doc_records import Collection, DocumentRecord, StoredChunk
from deskchat.store.doc_search import chunks_by_id
from deskchat.store.documents import DocumentRepo

log = logging.getLogger(__name__)

DEFAULT_PASSAGES = 6
_CHAT_OWN = re.compile(r"chat \d+")  # the name of a chat's own collection


def chat_collection_name(conversation_id: int) -> str:
    """The collection that holds the files attached to one chat."""
    return f"chat {conversation_id}"


def refuse_chat_own_name(name: str) -> None:
    """A sentence for a new collection named like a chat's own ("chat 3")."""
    if _CHAT_OWN.fullmatch(name):
        raise DeskchatError(
            Sentence("{name} is kept for a chat's own files; choose another name.", name=name)
        )


def source_of(chunk: StoredChunk, *, pinned: bool = False) -> Source:
    return Source(
        title=chunk.name,
        where=str(chunk.location.describe()),
        text=chunk.text,
        chunk_id=chunk.id,
        pinned=pinned,
    )


@dataclass
class DocContext:
    """``embedder`` gives the question's embedder (None: full-text alone) and is asked
    only when a chat has documents; ``passages``: how many retrieval adds per message;
    ``index_embedder``: the chunks' embedder when files are attached."""

    db: Database
    embedder: Callable[[], QueryEmbedder | None] = lambda: None
    passages: Callable[[], int] = lambda: DEFAULT_PASSAGES
    # what gives the chunks of newly indexed files their vectors (None: full-text alone)
    index_embedder: Callable[[], Embedder | None] = lambda: None

    def __post_init__(self) -> None:
        self.documents = DocumentRepo(self.db)
        self.answers = AnswerSourceRepo(self.db)

    def collections(self, conversation_id: int) -> list[Collection]:
        return self.documents.collections_of(conversation_id)

    def turn_on(self, conversation_id: int, name: str) -> Collection:
        """Let the chat draw on the collection called ``name`` (a sentence if none is)."""
        collection = self.documents.find_collection(name)
        self.documents.turn_on(conversation_id, collection.id)
        return collection

    def turn_off(self, conversation_id: int, collection_id: int) -> None:
        self.documents.turn_off(conversation_id, collection_id)

    def chat_collection(self, conversation_id: int) -> Collection:
        """The chat's own collection (made and turned on if it has none yet)."""
        collection = self.documents.collection(chat_collection_name(conversation_id))
        self.documents.turn_on(conversation_id, collection.id)
        return collection

    def attach(
        self,
        conversation_id: int,
        paths: Sequence[Path],
        *,
        on_progress: Callable[[IndexProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> IndexReport:
        """Index files (and folders) into the chat's own collection, with whatever an
        earlier run left pending there (cancelled, or killed); unchanged files are not
        read again. Call it off the GUI thread."""
        collection = self.chat_collection(conversation_id)
        embedder = self._index_embedder()
        indexer = Indexer(
            self.documents, embedder=embedder, on_progress=on_progress, should_stop=should_stop
        )
        return indexer.add(collection, paths)

    # -- shared collections (the Documents window, `deskchat docs`) ------------------------

    def shared_collections(self) -> list[Collection]:
        """The named collections, without the chats' own."""
        return [c for c in self.documents.collections() if not _CHAT_OWN.fullmatch(c.name)]

    def new_collection(self, name: str) -> Collection:
        """A new named collection (a sentence for an empty, taken or reserved name)."""
        name = " ".join(name.split())
        if not name:
            raise DeskchatError(Sentence("A collection needs a name."))
        refuse_chat_own_name(name)
        if any(c.name == name for c in self.documents.collections()):
            raise DeskchatError(Sentence("There is already a collection called {name}.", name=name))
        return self.documents.collection(name)

    def add_to_collection(
        self,
        collection_id: int,
        paths: Sequence[Path],
        *,
        on_progress: Callable[[IndexProgress], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> IndexReport:
        """Index files (and folders) into a named collection, as ``attach`` does for a
        chat's own. Call it off the GUI thread."""
        collection = next(c for c in self.documents.collections() if c.id == collection_id)
        indexer = Indexer(
            self.documents,
            embedder=self._index_embedder(),
            on_progress=on_progress,
            should_stop=should_stop,
        )
        return indexer.add(collection, paths)

    def _index_embedder(self) -> Embedder | None:
        try:
            return self.index_embedder()
        except DeskchatError as exc:
            log.warning("documents are indexed by their words alone: %s", exc)
            return None

    def attached(self, conversation_id: int) -> list[DocumentRecord]:
        """The files of the chat's own collection (failed ones with their sentence)."""
        try:
            collection = self.documents.find_collection(chat_collection_name(conversation_id))
        except NotFoundError:
            return []
        return self.documents.documents(collection.id)

    def forget_chat(self, conversation_id: int) -> None:
        """The chat is deleted: its own collection goes with it (shared ones stay)."""
        try:
            collection = self.documents.find_collection(chat_collection_name(conversation_id))
        except NotFoundError:
            return
        self.documents.delete_collection(collection.id)

    def sources_for(self, conversation_id: int, question: str) -> list[Source]:
        """The passages for ``question`` in this chat, best first: pinned ones, then what
        retrieval finds (none when the chat has no documents)."""
        collections = self.collections(conversation_id)
        if not collections or not question.strip():
            return []
        choices = self.answers.choices(conversation_id)
        pinned_ids = [c for c, choice in choices.items() if choice == "pinned"]
        pinned = chunks_by_id(self.db, pinned_ids)
        sources = [source_of(pinned[c], pinned=True) for c in pinned_ids if c in pinned]
        wanted = self.passages()
        retriever = Retriever(self.db, embedder=self._embedder())
        found = retriever.search(question, [c.id for c in collections], k=wanted + len(choices))
        for passage in found:
            if choices.get(passage.chunk.id) is None and len(sources) < wanted + len(pinned):
                sources.append(source_of(passage.chunk))
        return sources

    def _embedder(self) -> QueryEmbedder | None:
        """The question's embedder; full-text alone (and a logged reason) when the
        embedding model cannot be used now."""
        try:
            return self.embedder()
        except DeskchatError as exc:
            log.warning("documents are searched by their words alone: %s", exc)
            return None

    def record(self, answer_id: int, plan: PromptPlan) -> None:
        """What the answer was given (and found but left out for room)."""
        offered = [*plan.sources, *plan.sources_left_out]
        if not offered:
            return
        chunks = chunks_by_id(self.db, [s.chunk_id for s in offered if s.chunk_id is not None])
        rows = []
        for n, source in enumerate(offered):
            chunk = chunks.get(source.chunk_id) if source.chunk_id is not None else None
            rows.append(
                NewSource(
                    chunk_id=chunk.id if chunk else None,
                    path=chunk.path if chunk else source.title,
                    location_json=chunk.location.to_json() if chunk else "{}",
                    text=source.text,
                    given=n < len(plan.sources),
                    pinned=source.pinned,
                )
            )
        self.answers.record(answer_id, rows)

    def sources_of(self, answer_id: int) -> list[AnswerSource]:
        return self.answers.of(answer_id)

    def answers_with_sources(self, answer_ids: Sequence[int]) -> set[int]:
        return self.answers.answers_with_sources(answer_ids)

    def choose(self, conversation_id: int, chunk_id: int, choice: PassageChoice | None) -> None:
        """Pin a passage to the chat, exclude it from it, or neither (None)."""
        self.answers.choose(conversation_id, chunk_id, choice)

    def choices(self, conversation_id: int) -> dict[int, PassageChoice]:
        return self.answers.choices(conversation_id)
