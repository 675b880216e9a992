"""What a loader yields: text with where it came from, the limits every loader keeps, and
the one error a file that cannot be read raises."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

Span = tuple[int, int]  # first and last, both included, counted from 1


class DocumentError(DeskchatError):
    """A file cannot be read (encrypted, no text layer, broken, unsupported, too big): the
    sentence says which and why; the other files go on."""


@dataclass(frozen=True)
class Limits:
    """Bounds that hostile input cannot get past."""

    max_bytes: int = 200_000_000  # a file larger than this is refused unread
    max_chars: int = 50_000_000  # text extracted from one file
    max_unpacked: int = 400_000_000  # what a .docx (a zip) may unpack to
    max_ratio: int = 200  # and how much larger than it is packed
    max_pages: int = 20_000
    max_depth: int = 64  # JSON nesting spelled out as paths; deeper parts stay JSON


@dataclass(frozen=True)
class Location:
    """Where a passage is: a page (range) for PDFs, the heading path for Markdown, HTML
    and Word, a line range for text and code, a row range for CSV."""

    pages: Span | None = None
    heading: tuple[str, ...] = ()
    lines: Span | None = None
    rows: Span | None = None

    def merged(self, other: Location) -> Location:
        """The location spanning both (the heading of the first)."""
        return replace(
            self,
            pages=_join(self.pages, other.pages),
            lines=_join(self.lines, other.lines),
            rows=_join(self.rows, other.rows),
            heading=self.heading or other.heading,
        )

    def to_json(self) -> str:
        data: dict[str, object] = {}
        for name in ("pages", "lines", "rows"):
            span = getattr(self, name)
            if span is not None:
                data[name] = list(span)
        if self.heading:
            data["heading"] = list(self.heading)
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Location:
        data = json.loads(text or "{}")

        def span(name: str) -> Span | None:
            value = data.get(name)
            return (int(value[0]), int(value[1])) if value else None

        return cls(
            pages=span("pages"),
            heading=tuple(str(h) for h in data.get("heading", ())),
            lines=span("lines"),
            rows=span("rows"),
        )

    def describe(self) -> Sentence:
        """'page 3', 'pages 3–4', 'Setup › Linux', 'lines 10–24', 'rows 2–51', or
        several of them joined."""
        parts = [_span_sentence(kind, span) for kind, span in self._spans() if span]
        if self.heading:
            parts.insert(0, Sentence("{path}", path=" › ".join(self.heading)))
        if not parts:
            return Sentence("the whole file")
        sentence = parts[0]
        for part in parts[1:]:
            sentence = Sentence("{first}, {second}", first=sentence, second=part)
        return sentence

    def _spans(self) -> list[tuple[str, Span | None]]:
        return [("pages", self.pages), ("lines", self.lines), ("rows", self.rows)]


def _join(a: Span | None, b: Span | None) -> Span | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _span_sentence(kind: str, span: Span) -> Sentence:
    first, last = span
    one = first == last
    if kind == "pages":
        if one:
            return Sentence("page {n:d}", n=first)
        return Sentence("pages {first:d}–{last:d}", first=first, last=last)
    if kind == "lines":
        if one:
            return Sentence("line {n:d}", n=first)
        return Sentence("lines {first:d}–{last:d}", first=first, last=last)
    if one:
        return Sentence("row {n:d}", n=first)
    return Sentence("rows {first:d}–{last:d}", first=first, last=last)


@dataclass(frozen=True)
class Section:
    """A run of text that belongs together (a paragraph, a page's text, a group of rows)."""

    text: str
    location: Location = field(default_factory=Location)
