"""Chunks: within their size (tokens with a counter, else characters), overlapping by
whole sentences, never across a heading, keeping where they are."""

from __future__ import annotations

import itertools

import pytest

from deskchat.docs.chunking import Chunker
from deskchat.docs.parts import Location, Section


def words(n: int, start: int = 0) -> str:
    return " ".join(f"w{i}." for i in range(start, start + n))


def by_words(text: str) -> int:
    return len(text.split())


def test_small_sections_are_packed_together_with_their_locations_merged() -> None:
    sections = [Section(f"Paragraph {i}.", Location(lines=(i * 2, i * 2))) for i in range(1, 4)]
    (chunk,) = Chunker(200, 20).chunks(sections)
    assert chunk.text == "Paragraph 1.\n\nParagraph 2.\n\nParagraph 3."
    assert chunk.location == Location(lines=(2, 6))
    assert chunk.tokens == len(chunk.text)


def test_chunks_keep_to_their_size_in_tokens_and_overlap() -> None:
    section = Section(words(100), Location(pages=(7, 7)))
    chunks = list(Chunker(20, 5, count=by_words).chunks([section]))
    assert all(c.tokens <= 20 for c in chunks)
    assert all(c.location.pages == (7, 7) for c in chunks)
    for before, after in itertools.pairwise(chunks):
        tail = before.text.split()[-5:]
        assert after.text.split()[:5] == tail  # five sentences of one word overlap
    text = " ".join(w for c in chunks for w in c.text.split())
    assert all(f"w{i}." in text for i in range(100))


def test_by_characters_a_long_paragraph_is_cut_at_sentence_ends() -> None:
    sentence = "The llama is a domesticated South American camelid. "
    section = Section(sentence * 40, Location(lines=(1, 1)))
    chunks = list(Chunker(300, 60).chunks([section]))
    assert len(chunks) > 1
    assert all(len(c.text) <= 300 for c in chunks)
    assert all(c.text.startswith("The llama") and c.text.endswith("camelid.") for c in chunks)


def test_a_chunk_never_spans_two_headings() -> None:
    sections = [
        Section("About install.", Location(heading=("Guide", "Install"), lines=(3, 3))),
        Section("More install.", Location(heading=("Guide", "Install"), lines=(5, 5))),
        Section("About use.", Location(heading=("Guide", "Use"), lines=(9, 9))),
    ]
    chunks = list(Chunker(500, 50).chunks(sections))
    assert [(c.text, c.location.heading, c.location.lines) for c in chunks] == [
        ("About install.\n\nMore install.", ("Guide", "Install"), (3, 5)),
        ("About use.", ("Guide", "Use"), (9, 9)),
    ]


def test_pdf_pages_in_one_chunk_give_a_page_range() -> None:
    sections = [Section(f"Page {n} text.", Location(pages=(n, n))) for n in (1, 2)]
    (chunk,) = Chunker(100, 10).chunks(sections)
    assert str(chunk.location.describe()) == "pages 1–2"


def test_chinese_without_spaces_is_cut_at_its_sentence_ends() -> None:
    section = Section("北京是中国的首都。" * 50, Location(lines=(1, 1)))
    chunks = list(Chunker(100, 20).chunks([section]))
    assert all(len(c.text) <= 100 for c in chunks)
    assert all(c.text.startswith("北京") and c.text.endswith("。") for c in chunks)
    assert " " not in "".join(c.text for c in chunks)


def test_one_huge_word_is_cut_anywhere_within_the_size() -> None:
    chunks = list(Chunker(1000, 100).chunks([Section("x" * 50_000)]))
    assert all(len(c.text) <= 1000 for c in chunks)
    assert sum(len(c.text) for c in chunks) >= 50_000


def test_a_token_larger_than_a_character_still_fits() -> None:
    def three_per_char(text: str) -> int:  # Chinese in a byte-level vocabulary
        return 3 * len(text)

    chunks = list(Chunker(30, 0, count=three_per_char).chunks([Section("字" * 100)]))
    assert all(c.tokens <= 30 for c in chunks)
    assert "".join(c.text for c in chunks) == "字" * 100


def test_empty_sections_give_no_chunks() -> None:
    assert list(Chunker().chunks([Section("   \n "), Section("")])) == []


@pytest.mark.parametrize(("size", "overlap"), [(0, 0), (10, 10), (10, -1)])
def test_impossible_sizes_are_refused(size: int, overlap: int) -> None:
    with pytest.raises(ValueError, match="chunk"):
        Chunker(size, overlap)
