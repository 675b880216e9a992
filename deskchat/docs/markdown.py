"""Markdown: paragraphs under their heading path ("Install › Linux"), with line ranges.
Headings are ATX (``#``) and setext (underlined) ones; fenced code blocks are kept whole
and a ``#`` inside them is not a heading."""

from __future__ import annotations

import re
from collections.abc import Iterator

from deskchat.docs.parts import Location, Section

_ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t#]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class _Headings:
    def __init__(self) -> None:
        self.path: list[tuple[int, str]] = []

    def enter(self, level: int, title: str) -> None:
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, title.strip()))

    def names(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.path if title)


def markdown_sections(text: str) -> Iterator[Section]:
    lines = text.split("\n")
    headings = _Headings()
    block: list[str] = []
    start = 1
    fence = ""

    def flush(end: int) -> Iterator[Section]:
        if block:
            location = Location(heading=headings.names(), lines=(start, end))
            yield Section("\n".join(block), location)
            block.clear()

    for number, line in enumerate(lines, start=1):
        if fence:
            block.append(line)
            if line.strip().startswith(fence):
                fence = ""
            continue
        opening = _FENCE.match(line)
        heading = _ATX.match(line)
        if heading:
            yield from flush(number - 1)
            headings.enter(len(heading.group(1)), heading.group(2))
            continue
        if _SETEXT.match(line) and len(block) == 1 and not block[0].startswith((" ", "\t")):
            title = block.pop()
            headings.enter(1 if line.strip()[0] == "=" else 2, title)
            continue
        if not line.strip():
            yield from flush(number - 1)
            continue
        if not block:
            start = number
        block.append(line)
        if opening:
            fence = opening.group(1)
    yield from flush(len(lines))
