"""A real embedding model, offline: all-MiniLM-L6-v2 converted to GGUF (tests/helpers/
minilm_gguf) in deskchat's embedding engine. Questions that share no word with the passage
that answers them are answered by their meaning; the vectors are plain llama.cpp's; a
chat gets the right passage in its prompt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.doc_embedding import doc_embedders
from deskchat.services.embeddings import EmbeddingService
from deskchat.services.indexing import Indexer
from deskchat.services.retrieval import Retriever
from deskchat.store.db import Database
from deskchat.store.documents import DocumentRepo
from tests.helpers.fake_engine import FakeEngine
from tests.helpers.minilm_gguf import INSTALL, model_dir, write_minilm_gguf

pytestmark = pytest.mark.slow

CORPUS = {
    "llamas.txt": "Llamas graze on grass and hay and drink little water.",
    "etna.txt": "Mount Etna in Sicily is one of the most active volcanoes in the world.",
    "tea.txt": "Green tea leaves are steamed soon after picking, so they do not oxidise.",
    "piano.txt": "A grand piano has 88 keys: 52 white keys and 36 black keys.",
    "moon.txt": "The Moon orbits the Earth at an average distance of 384,400 kilometres.",
    "bread.txt": "Sourdough bread rises thanks to wild yeast and lactic acid bacteria.",
    "chess.txt": "In chess, castling moves the king two squares towards a rook.",
    "rust.txt": "Rust guarantees memory safety through ownership and borrowing.",
}
# each shares no word with the passage that answers it
PARAPHRASES = [
    ("What food do these South American animals like?", "llamas.txt"),
    ("Which Italian mountain erupts often?", "etna.txt"),
    ("How far away is our satellite?", "moon.txt"),
    ("What makes a loaf of this kind go up?", "bread.txt"),
]


@pytest.fixture(scope="module")
def minilm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if model_dir() is None:
        pytest.fail(f"the real embedding model is not installed; run: {INSTALL}")
    return write_minilm_gguf(tmp_path_factory.mktemp("minilm") / "all-MiniLM-L6-v2-f32.gguf")


@pytest.fixture
def service(minilm: Path) -> Iterator[EmbeddingService]:
    embeddings = EmbeddingService(lambda: str(minilm))
    yield embeddings
    embeddings.close()


def indexed(tmp_path: Path, service: EmbeddingService) -> tuple[Database, list[int]]:
    folder = tmp_path / "facts"
    folder.mkdir()
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db, _ = open_database()
    repo = DocumentRepo(db)
    collection = repo.collection("facts")
    embedder, _query = doc_embedders(service)
    report = Indexer(repo, embedder=embedder).add(collection, [folder])
    assert report.count("indexed") == len(CORPUS)
    return db, [collection.id]


def test_questions_are_answered_by_their_meaning(tmp_path: Path, service: EmbeddingService) -> None:
    db, collections = indexed(tmp_path, service)
    _embedder, query = doc_embedders(service)
    hybrid = Retriever(db, embedder=query)
    words_alone = Retriever(db)
    missed_by_words = 0
    for question, answer in PARAPHRASES:
        best = hybrid.search(question, collections, k=3)
        assert best[0].chunk.name == answer, (question, [p.chunk.name for p in best])
        assert best[0].similarity is not None and best[0].similarity > 0.3
        found = words_alone.search(question, collections, k=1)
        missed_by_words += not found or found[0].chunk.name != answer
    assert missed_by_words >= len(PARAPHRASES) // 2  # words alone could not have


def test_the_vectors_are_plain_llama_cpps(minilm: Path, service: EmbeddingService) -> None:
    from llama_cpp import Llama

    texts = [CORPUS["tea.txt"], "短い日本語の文", "x" * 3000]  # the last is cut to 512 tokens
    ours = service.embed(texts)
    assert ours.shape == (3, 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    plain = Llama(str(minilm), embedding=True, n_ctx=512, verbose=False)
    try:
        theirs = np.array(plain.embed(texts[:2], normalize=True), dtype=np.float32)
    finally:
        plain.close()
    assert np.abs(ours[:2] - theirs).max() < 1e-3


def test_a_chat_is_given_the_passage_its_question_means(
    tmp_path: Path, service: EmbeddingService
) -> None:
    db, collections = indexed(tmp_path, service)
    engine = FakeEngine(["It is about 384,400 km away."])
    session = ChatSession(db, engine)
    session.documents.embedder = lambda: doc_embedders(service)[1]
    session.documents.passages = lambda: 2
    chat = session.new_conversation()
    session.documents.documents.turn_on(chat.id, collections[0])
    list(session.send(chat.id, "How far away is our satellite?"))
    prompt = engine.prompts[-1]
    assert "384,400 kilometres" in prompt
    assert prompt.index("384,400 kilometres") < prompt.index("How far away is our satellite?")


def test_chunks_are_cut_to_what_the_model_reads(tmp_path: Path, service: EmbeddingService) -> None:
    # 1,000 characters of Chinese are about 1,000 of MiniLM's tokens: cut by characters,
    # each chunk would lose most of its text to truncation
    text = "长城是中国古代的军事防御工程，全长两万多公里。" * 200
    (tmp_path / "长城.txt").write_text(text, encoding="utf-8")
    db, _ = open_database()
    repo = DocumentRepo(db)
    embedder, _query = doc_embedders(service)
    assert embedder is not None
    Indexer(repo, embedder=embedder).add(repo.collection("wall"), [tmp_path / "长城.txt"])
    rows = db.execute("SELECT text, token_count FROM doc_chunks").fetchall()
    assert len(rows) > 10
    counted = service.count_tokens([r[0] for r in rows])
    assert all(n <= 256 for n in counted), max(counted)
    assert [r[1] for r in rows] == counted  # what is stored is the model's own count
