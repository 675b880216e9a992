"""Plain text and source code: paragraphs (runs of lines between blank lines) with their
line ranges. Code keeps its indentation and blank-line-separated blocks."""

from __future__ import annotations

from collections.abc import Iterator

from deskchat.docs.parts import Location, Section


def paragraphs(text: str, *, first_line: int = 1) -> Iterator[Section]:
    """Blocks of non-blank lines, each with the lines it spans."""
    block: list[str] = []
    start = first_line
    for number, line in enumerate(text.split("\n"), start=first_line):
        if line.strip():
            if not block:
                start = number
            block.append(line)
        elif block:
            yield Section("\n".join(block), Location(lines=(start, number - 1)))
            block = []
    if block:
        yield Section("\n".join(block), Location(lines=(start, start + len(block) - 1)))
