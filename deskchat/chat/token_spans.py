"""A text's tokens as readable spans: the tokens' bytes decoded as UTF-8, a character
split across tokens kept whole in one span (its tokens' ids listed together), bytes that
never form a character shown as bytes (``<0xE5>``), spaces and newlines made visible."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from deskchat.chat.generation import Tokens

SPACE = "·"  # U+00B7 MIDDLE DOT
NEWLINE = "↵"
TAB = "→"
_WHITESPACE = re.compile(r"([ \t\n]+)")

Run = Literal["text", "mark", "bytes"]


@dataclass(frozen=True)
class TokenSpan:
    """Tokens shown as one span: one token, or those sharing a character's bytes.
    ``parts``: the decoded text (``str``) and the bytes that are no character (``bytes``),
    in order; ``label`` stands in for a token with no bytes (a control token's name)."""

    ids: tuple[int, ...]
    data: bytes
    parts: tuple[str | bytes, ...]
    label: str = ""

    @property
    def text(self) -> str:
        """The span as text: its characters, and ``<0xE5>`` for each byte that is none."""
        if not self.data:
            return self.label
        return _read(self.data)

    @property
    def shown(self) -> str:
        """The text with spaces, tabs and newlines visible (a newline still breaks the line)."""
        return visible(self.text)

    def runs(self) -> list[tuple[Run, str]]:
        """The span as drawn, in runs: ``text``; ``mark``, whitespace made visible; ``bytes``,
        the names of bytes that are no character (or a no-bytes token's name)."""
        if not self.data:
            return [("bytes", self.label)]
        found: list[tuple[Run, str]] = []
        for part in self.parts:
            if isinstance(part, bytes):
                found.append(("bytes", _byte_names(part)))
                continue
            for index, piece in enumerate(_WHITESPACE.split(part)):
                if piece:
                    found.append(("mark", visible(piece)) if index % 2 else ("text", piece))
        return found


@dataclass(frozen=True)
class TokenRow:
    """One token for the id table: its id, its own bytes read alone, the bytes in hex."""

    id: int
    piece: str
    hex: str


def visible(text: str) -> str:
    """``text`` with its whitespace drawn: a middle dot for a space, an arrow for a tab,
    ↵ before a line break."""
    return text.replace(" ", SPACE).replace("\t", TAB).replace("\n", NEWLINE + "\n")


def spans(tokens: Tokens) -> list[TokenSpan]:
    """The tokens as spans (see the module's docstring). Tokens without ``piece_bytes``
    (an engine that gives none) read their vocabulary pieces as text."""
    data = _token_bytes(tokens)
    whole = b"".join(data)
    inside = _inside_characters(whole)
    result: list[TokenSpan] = []
    ids: list[int] = []
    start = offset = 0
    for index, (token, chunk) in enumerate(zip(tokens.ids, data, strict=True)):
        if not chunk:  # a control token without text, shown by its name
            if ids:
                result.append(_span(ids, whole[start:offset]))
                ids, start = [], offset
            result.append(TokenSpan((token,), b"", (), _label(tokens, index)))
            continue
        ids.append(token)
        offset += len(chunk)
        if offset not in inside:  # no character goes on into the next token
            result.append(_span(ids, whole[start:offset]))
            ids, start = [], offset
    if ids:
        result.append(_span(ids, whole[start:offset]))
    return result


def rows(tokens: Tokens) -> list[TokenRow]:
    """One row per token: its id, its own bytes read alone (part of a character as bytes),
    and the bytes in hex."""
    return [
        TokenRow(token, _read(chunk) if chunk else _label(tokens, index), chunk.hex(" "))
        for index, (token, chunk) in enumerate(zip(tokens.ids, _token_bytes(tokens), strict=True))
    ]


# -- decoding ----------------------------------------------------------------------------------


def _token_bytes(tokens: Tokens) -> Sequence[bytes]:
    if len(tokens.piece_bytes) == len(tokens.ids):
        return tokens.piece_bytes
    return [p.encode() for p in tokens.pieces] if tokens.pieces else [b"" for _ in tokens.ids]


def _label(tokens: Tokens, index: int) -> str:
    return tokens.pieces[index] if index < len(tokens.pieces) else f"<{tokens.ids[index]}>"


def _span(ids: list[int], data: bytes) -> TokenSpan:
    return TokenSpan(tuple(ids), data, tuple(_parts(data)))


def _char_length(data: bytes, at: int) -> int:
    """The length of the valid UTF-8 character at ``at``; 0 when none starts there."""
    lead = data[at]
    n = 1 if lead < 0x80 else 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4
    if lead >= 0x80 and not 0xC2 <= lead <= 0xF4:
        return 0
    try:
        data[at : at + n].decode("utf-8")
    except UnicodeDecodeError:  # cut short, a bad continuation, an overlong or a surrogate
        return 0
    return n


def _inside_characters(data: bytes) -> set[int]:
    """The byte offsets that fall strictly inside a valid character."""
    inside: set[int] = set()
    at = 0
    while at < len(data):
        n = _char_length(data, at) or 1
        inside.update(range(at + 1, at + n))
        at += n
    return inside


def _parts(data: bytes) -> list[str | bytes]:
    """``data`` as runs of characters (``str``) and of bytes that are none (``bytes``)."""
    parts: list[str | bytes] = []
    at = 0
    while at < len(data):
        n = _char_length(data, at)
        if n:
            piece: str | bytes = data[at : at + n].decode("utf-8")
        else:
            piece, n = data[at : at + 1], 1
        if parts and type(parts[-1]) is type(piece):
            parts[-1] += piece  # type: ignore[operator]
        else:
            parts.append(piece)
        at += n
    return parts


def _read(data: bytes) -> str:
    return "".join(p if isinstance(p, str) else _byte_names(p) for p in _parts(data))


def _byte_names(data: bytes) -> str:
    return "".join(f"<0x{b:02X}>" for b in data)
