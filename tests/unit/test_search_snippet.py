"""Search snippets: centred on the hit, cut with "…", and the hits' places given as offsets
(a face highlights them its own way; nothing is written into the text)."""

from __future__ import annotations

from deskchat.store.search import make_snippet, mark


def test_the_snippet_is_centred_on_the_hit_and_cut_with_ellipses() -> None:
    content = "alpha " * 40 + "the zebra question " + "omega " * 40
    text, spans = make_snippet(content, ["zebra"])
    assert text.startswith("…") and text.endswith("…")
    (start, end), *_ = spans
    assert text[start:end] == "zebra"
    before, after = start, len(text) - end
    assert 30 <= before <= 45 and 30 <= after <= 45, (before, after)
    assert "[" not in text and "]" not in text


def test_words_are_not_cut_when_a_space_is_close() -> None:
    content = "alpha " * 40 + "the zebra question " + "omega " * 40
    text, _ = make_snippet(content, ["zebra"])
    words = text.strip("…").split()
    assert words[0] == "alpha" and words[-1] == "omega", text


def test_a_hit_near_an_end_takes_the_room_from_the_other_side() -> None:
    content = "zebra " + "word " * 60
    text, spans = make_snippet(content, ["zebra"])
    assert not text.startswith("…") and text.endswith("…")
    assert spans[0] == (0, 5)
    assert len(text) > 70


def test_every_word_of_the_query_is_found_in_any_case_and_merged_when_overlapping() -> None:
    text, spans = make_snippet(
        "How does Lollipop split into tokens?", ["lollipop", "TOKENS", "lol"]
    )
    assert not text.startswith("…") and not text.endswith("…")
    assert [text[s:e] for s, e in spans] == ["Lollipop", "tokens"]
    assert mark(text, spans, "<b>", "</b>") == "How does <b>Lollipop</b> split into <b>tokens</b>?"


def test_chinese_and_collapsed_whitespace_keep_the_offsets_right() -> None:
    content = "这本书\n\n非常   有意思。" * 12
    text, spans = make_snippet(content, ["有意"])
    assert "\n" not in text and "   " not in text
    assert spans and all(text[s:e] == "有意" for s, e in spans)


def test_no_hit_gives_the_start_of_the_message() -> None:
    assert make_snippet("short message", ["zzz"]) == ("short message", [])
