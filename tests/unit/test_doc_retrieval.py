"""Retrieval: the full-text path finds the passage that answers a question (recall@k on a
small corpus with known answers, Chinese included); with vectors, the rankings are fused,
and a passage that shares no word with the question is still found by its meaning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.docs.chunking import Chunker
from deskchat.services.indexing import Embedder, Indexer
from deskchat.services.retrieval import QueryEmbedder, Retriever, fuse
from deskchat.store.db import Database
from deskchat.store.doc_search import query_terms, uncommon_terms
from deskchat.store.documents import DocumentRepo

CORPUS = {
    "llamas.md": "# Llamas\n\nLlamas are domesticated camelids from the Andes of South America."
    "\n\n## Diet\n\nA llama eats grass and hay; it needs little water.",
    "rust.md": "# Rust\n\nRust guarantees memory safety without a garbage collector, "
    "through ownership and borrowing.",
    "sqlite.txt": "SQLite writes a write-ahead log (WAL) so that readers never block writers.",
    "volcano.txt": "Mount Etna in Sicily is one of the most active volcanoes in the world.",
    "tea.txt": "Green tea is steamed or pan-fired soon after picking, so it does not oxidise.",
    "piano.txt": "A grand piano has 88 keys: 52 white keys and 36 black keys.",
    "moon.txt": "The Moon is about 384,400 kilometres from the Earth on average.",
    "bread.txt": "Sourdough bread rises thanks to wild yeast and lactic acid bacteria.",
    "chess.txt": "In chess, castling moves the king two squares towards a rook.",
    "长城.txt": "长城是中国古代的军事防御工程，全长两万多公里。",
    "熊猫.txt": "大熊猫主要以竹子为食，生活在四川的山区。",
}
QUESTIONS = [
    ("What does a llama eat?", "llamas.md"),
    ("how does Rust get memory safety without garbage collection", "rust.md"),
    ("Do SQLite readers block writers?", "sqlite.txt"),
    ("most active volcano in Sicily", "volcano.txt"),
    ("why is green tea not oxidised", "tea.txt"),
    ("how many keys does a piano have", "piano.txt"),
    ("distance from the Earth to the Moon in kilometres", "moon.txt"),
    ("what makes sourdough rise", "bread.txt"),
    ("castling the king in chess", "chess.txt"),
    ("长城全长多少公里", "长城.txt"),
    ("大熊猫吃什么食物", "熊猫.txt"),
]


@pytest.fixture
def corpus(tmp_path: Path) -> Iterator[Database]:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = Database(tmp_path / "h.sqlite3")
    repo = DocumentRepo(db)
    report = Indexer(repo).add(repo.collection("facts"), [folder])
    assert report.count("indexed") == len(CORPUS)
    yield db
    db.close()


def recall_at(retriever: Retriever, k: int) -> float:
    found = 0
    for question, answer in QUESTIONS:
        found += answer in [p.chunk.name for p in retriever.search(question, k=k)]
    return found / len(QUESTIONS)


def test_full_text_recall_on_known_answers(corpus: Database) -> None:
    retriever = Retriever(corpus)
    assert recall_at(retriever, 3) == 1.0
    assert recall_at(retriever, 1) >= 0.9


def test_chinese_whose_trigrams_all_differ_is_found_by_its_pairs(corpus: Database) -> None:
    # "长城全长多少公里" shares no three-character stretch with the passage
    (best, *_) = Retriever(corpus).search("长城全长多少公里", k=1)
    assert best.chunk.name == "长城.txt"


def test_the_best_passage_says_where_it_is(corpus: Database) -> None:
    (best, *_) = Retriever(corpus).search("What does a llama eat?", k=3)
    assert best.chunk.name == "llamas.md"
    assert best.chunk.location.heading == ("Llamas", "Diet")
    assert str(best.chunk.location.describe()) == "Llamas › Diet, line 7"
    assert best.bm25 is not None and best.bm25 > 0
    assert best.similarity is None  # no embedding model: full-text alone


def test_a_question_of_short_words_is_still_answered(corpus: Database) -> None:
    (best, *_) = Retriever(corpus).search("熊猫", k=1)  # two characters: below a trigram
    assert best.chunk.name == "熊猫.txt"


def test_a_question_with_no_words_or_no_match_finds_nothing(corpus: Database) -> None:
    assert Retriever(corpus).search("  ?! ") == []
    assert Retriever(corpus).search("zeppelin") == []


def test_search_keeps_to_the_collections_named(corpus: Database, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text("Llamas also live in zoos in Europe.", encoding="utf-8")
    repo = DocumentRepo(corpus)
    Indexer(repo).add(repo.collection("zoo"), [other])
    zoo = repo.find_collection("zoo").id
    assert {p.chunk.name for p in Retriever(corpus).search("llamas", [zoo])} == {"other.txt"}
    assert len({p.chunk.name for p in Retriever(corpus).search("llamas")}) == 2


def test_query_terms_cut_chinese_into_trigrams() -> None:
    assert query_terms("长城全长 of the Wall") == ["长城全", "城全长", "of", "the", "wall"]


def test_reciprocal_rank_fusion_favours_what_both_rankings_place_high() -> None:
    fused = fuse([[(1, 9.0), (2, 8.0), (3, 7.0)], [(2, 0.9), (4, 0.8), (3, 0.7)]])
    assert sorted(fused, key=lambda i: -fused[i]) == [2, 3, 1, 4]
    assert fused[2] == pytest.approx(1 / 61 + 1 / 62)


def topic_vector(text: str) -> list[float]:
    """A fixed embedding: the topic a text is about, by a few telling words."""
    lowered = text.lower()
    vector = [0.0, 0.0, 0.0, 0.1]
    for word, axis in (("llama", 0), ("camelid", 0), ("andes", 0), ("etna", 1),
                       ("volcan", 1), ("lava", 1), ("tea", 2)):  # fmt: skip
        if word in lowered:
            vector[axis] += 1.0
    return vector


def test_hybrid_search_finds_by_meaning_and_fuses_with_words(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "etna.txt").write_text("Etna: lava and ash over Catania.", encoding="utf-8")
    (folder / "words.txt").write_text("A mountain that erupts, they say.", encoding="utf-8")
    (folder / "llama.txt").write_text("Llamas of the Andes.", encoding="utf-8")
    db = Database(tmp_path / "h.sqlite3")
    repo = DocumentRepo(db)

    def embed(texts: list[str]) -> list[list[float]]:
        return [topic_vector(t) for t in texts]

    Indexer(repo, embedder=Embedder("topics", embed)).add(repo.collection("c"), [folder])
    question = "which volcano erupts"
    assert [p.chunk.name for p in Retriever(db).search(question, k=3)] == ["words.txt"]
    hybrid = Retriever(db, embedder=QueryEmbedder("topics", topic_vector)).search(question, k=3)
    # words.txt is in both rankings; etna.txt shares no word but is closest in meaning
    assert [p.chunk.name for p in hybrid] == ["words.txt", "etna.txt", "llama.txt"]
    assert hybrid[1].bm25 is None
    assert hybrid[1].similarity == pytest.approx(1.0, abs=0.01)
    assert hybrid[0].score > hybrid[1].score > hybrid[2].score
    db.close()


def test_very_common_words_are_left_out_of_a_large_collection(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    lines = [f"The note number {n} is about the weather." for n in range(1200)]
    lines[700] = "The zebra crossed the road."
    (folder / "notes.txt").write_text("\n\n".join(lines), encoding="utf-8")
    db = Database(tmp_path / "h.sqlite3")
    repo = DocumentRepo(db)
    Indexer(repo, chunker=Chunker(60, 0)).add(repo.collection("c"), [folder])
    assert uncommon_terms(db, ["the", "zebra", "weather"]) == ["zebra"]
    assert uncommon_terms(db, ["the", "weather"]) == ["weather"]  # the rarest, all being common
    (best, *_) = Retriever(db).search("the zebra and the weather", k=1)
    assert best.chunk.text == "The zebra crossed the road."
    db.close()
