"""The Tokens view's decoding: each token's bytes read as UTF-8, characters kept whole."""

from __future__ import annotations

from deskchat.chat.generation import Tokens
from deskchat.chat.token_spans import rows, spans, visible


def make_tokens(*pieces: tuple[int, str, bytes]) -> Tokens:
    """Tokens as an engine gives them: ids, vocabulary pieces, each token's bytes."""
    return Tokens(
        tuple(p[0] for p in pieces), tuple(p[1] for p in pieces), tuple(p[2] for p in pieces)
    )


def test_byte_level_bpe_pieces_read_as_their_bytes_not_as_g_with_a_dot() -> None:
    tokens = make_tokens((9906, "Hello", b"Hello"), (1917, "Ġworld", b" world"), (0, "!", b"!"))
    found = spans(tokens)
    assert [s.text for s in found] == ["Hello", " world", "!"]
    assert [s.shown for s in found] == ["Hello", "·world", "!"]
    assert [s.ids for s in found] == [(9906,), (1917,), (0,)]
    assert "Ġ" not in "".join(s.shown for s in found)
    assert [(r.id, r.piece, r.hex) for r in rows(tokens)][1] == (
        1917,
        " world",
        "20 77 6f 72 6c 64",
    )


def test_a_chinese_character_split_across_tokens_is_one_span_with_both_ids() -> None:
    kuai = "快".encode()  # e5 bf ab
    tokens = make_tokens((100, "å¿", kuai[:2]), (101, "«", kuai[2:]), (102, "ä¹Ĳ", "乐".encode()))
    found = spans(tokens)
    assert [s.text for s in found] == ["快", "乐"]
    assert found[0].ids == (100, 101) and found[1].ids == (102,)
    # the table keeps one row per token, its part of the character as bytes
    assert [r.piece for r in rows(tokens)] == ["<0xE5><0xBF>", "<0xAB>", "乐"]
    assert rows(tokens)[0].hex == "e5 bf"


def test_a_character_split_three_ways_after_text_in_the_same_token() -> None:
    kuai = "快".encode()
    tokens = make_tokens((1, "a", b"a" + kuai[:1]), (2, "x", kuai[1:2]), (3, "y", kuai[2:] + b"!"))
    found = spans(tokens)
    assert len(found) == 1 and found[0].text == "a快!" and found[0].ids == (1, 2, 3)


def test_bytes_that_never_make_a_character_are_shown_as_bytes() -> None:
    tokens = make_tokens((7, "<0xE5>", b"\xe5"), (8, "a", b"a"), (9, "<0xFF>", b"\xff"))
    found = spans(tokens)
    assert [s.text for s in found] == ["<0xE5>", "a", "<0xFF>"]
    assert [s.ids for s in found] == [(7,), (8,), (9,)]
    assert found[0].parts == (b"\xe5",) and found[1].parts == ("a",)
    assert found[0].runs() == [("bytes", "<0xE5>")]


def test_a_cut_character_at_the_end_is_bytes() -> None:
    tokens = make_tokens((1, "ok", b"ok"), (2, "<0xE4>", b"\xe4\xb8"))
    assert [s.text for s in spans(tokens)] == ["ok", "<0xE4><0xB8>"]


def test_newlines_and_spaces_are_visible_and_still_break_the_line() -> None:
    tokens = make_tokens((1, "def", b"def"), (2, "Ġf", b" f"), (3, "():ĊĠĠ", b"():\n  "))
    found = spans(tokens)
    assert found[2].shown == "():↵\n··"
    assert found[2].runs() == [("text", "():"), ("mark", "↵\n··")]
    assert found[1].runs() == [("mark", "·"), ("text", "f")]
    assert visible("a\tb c\n") == "a→b·c↵\n"


def test_a_control_token_without_bytes_is_shown_by_its_name() -> None:
    tokens = make_tokens((1, "<s>", b""), (2, "Hi", b"Hi"))
    assert [s.text for s in spans(tokens)] == ["<s>", "Hi"]
    assert spans(tokens)[0].runs() == [("bytes", "<s>")]
    assert rows(tokens)[0].piece == "<s>"


def test_tokens_without_bytes_read_their_pieces() -> None:
    assert [s.text for s in spans(Tokens((1, 2), ("he", "llo")))] == ["he", "llo"]
    assert spans(Tokens(())) == []
