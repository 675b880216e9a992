"""Splitting sections into chunks of about ``size`` tokens (or characters when no token
counter is given) with ``overlap``, along paragraph and heading boundaries.

Sections are packed whole while they fit; a chunk never spans two heading paths, so every
passage has one place in the document. A section larger than a chunk is cut into sentences,
a sentence larger than a chunk at spaces, then (one long word, Chinese without punctuation)
anywhere. Each piece is counted once and the counts added up, so a 300-page PDF costs about
one count per sentence, not one per growing chunk. The overlap is whole pieces."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from deskchat.docs.parts import Location, Section

Counter = Callable[[str], int]

# zero-width seams: the parts of a section joined again are its text, whitespace included
_SENTENCE_END = re.compile(r"(?<=[.!?;])(?=\s)|(?<=[。！？；])")
_SPACE = re.compile(r"(?<=\s)")


@dataclass(frozen=True)
class Chunk:
    text: str
    location: Location
    tokens: int  # by the counter given, else characters


@dataclass
class _Piece:
    text: str
    location: Location
    size: int


TOKENS = (256, 32)  # size and overlap by default, in tokens
CHARACTERS = (1000, 120)  # and in characters (about as much text as 256 English tokens)


class Chunker:
    """``size`` and ``overlap`` in tokens when ``count`` is given, else in characters."""

    def __init__(
        self, size: int | None = None, overlap: int | None = None, count: Counter | None = None
    ) -> None:
        default_size, default_overlap = TOKENS if count is not None else CHARACTERS
        size = default_size if size is None else size
        overlap = min(default_overlap, size - 1) if overlap is None else overlap
        if size < 1 or not 0 <= overlap < size:
            raise ValueError("a chunk needs size >= 1 and 0 <= overlap < size")
        self.size = size
        self.overlap = overlap
        self.count: Counter = count or len

    def chunks(self, sections: Iterable[Section]) -> Iterator[Chunk]:
        current: list[_Piece] = []
        for section in sections:
            if current and current[0].location.heading != section.location.heading:
                yield self._make(current)
                current = []
            for piece in self._pieces(section):
                if current and sum(p.size for p in current) + piece.size > self.size:
                    yield self._make(current)
                    current = self._tail(current)
                    while current and sum(p.size for p in current) + piece.size > self.size:
                        current.pop(0)
                current.append(piece)
        if current:
            yield self._make(current)

    def _make(self, pieces: list[_Piece]) -> Chunk:
        text = "".join(_joined(pieces)).strip()
        location = pieces[0].location
        for piece in pieces[1:]:
            location = location.merged(piece.location)
        return Chunk(text, location, self.count(text))

    def _tail(self, pieces: list[_Piece]) -> list[_Piece]:
        """The last pieces of a chunk, up to ``overlap``, to begin the next with."""
        tail: list[_Piece] = []
        total = 0
        for piece in reversed(pieces):
            if total + piece.size > self.overlap:
                break
            tail.insert(0, piece)
            total += piece.size
        return tail

    def _pieces(self, section: Section) -> Iterator[_Piece]:
        text = section.text.strip()
        if not text:
            return
        size = self.count(text)
        if size <= self.size:
            yield _Piece(text, section.location, size)
            return
        # sentences, each a piece (so that overlap can take whole ones); a sentence larger
        # than a chunk is cut at spaces, then anywhere, into parts of about the overlap
        small = max(1, min(self.size, self.overlap or self.size))
        for sentence in _SENTENCE_END.split(text):
            if not sentence.strip():
                continue
            counted = self.count(sentence)
            if counted <= self.size:
                yield _Piece(sentence, section.location, counted)
                continue
            for part in self._packed(_SPACE.split(sentence), small):
                yield _Piece(part, section.location, self.count(part))

    def _packed(self, words: list[str], limit: int) -> Iterator[str]:
        """Runs of words within ``limit``; a word larger than that is cut anywhere."""
        packed = ""
        packed_size = 0
        for word in words:
            size = self.count(word)
            if size > limit:
                if packed:
                    yield packed
                    packed, packed_size = "", 0
                yield from self._hard_cut(word, limit)
                continue
            if packed and packed_size + size > limit:
                yield packed
                packed, packed_size = "", 0
            packed += word
            packed_size += size
        if packed:
            yield packed

    def _hard_cut(self, text: str, limit: int) -> Iterator[str]:
        while text:
            length = min(len(text), limit)
            # by tokens a character can be several (Chinese in a byte-level vocabulary)
            while length > 1 and (counted := self.count(text[:length])) > limit:
                length = max(1, min(length - 1, length * limit // counted))
            yield text[:length]
            text = text[length:]


def _joined(pieces: list[_Piece]) -> Iterator[str]:
    """Parts of one section run on; a new section begins a new paragraph."""
    for i, piece in enumerate(pieces):
        if i and piece.location != pieces[i - 1].location:
            yield "\n\n"
        yield piece.text
