"""Word documents (.docx) with python-docx: paragraphs and tables in document order, under
the heading path their "Heading n" / "Title" styles make. A .docx is a zip: its sizes are
checked before anything is unpacked, so a zip bomb is refused unread."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from deskchat.docs.parts import DocumentError, Limits, Location, Section
from deskchat.docs.reading import broken, read_bytes
from deskchat.sentences import Sentence
from deskchat.units import size_text


def _check_zip(data: bytes, name: str, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise broken(name, Sentence("a Word document"), exc) from exc
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if unpacked > limits.max_unpacked or unpacked > packed * limits.max_ratio:
        raise DocumentError(
            Sentence(
                "{name} unpacks to {size}, far more than it takes on disk; it is refused as "
                "a possible zip bomb.",
                name=name,
                size=size_text(unpacked),
            )
        )


def _heading_level(style_name: str) -> int:
    """1–9 for "Heading n", 1 for "Title", 0 for any other style."""
    if style_name == "Title":
        return 1
    if style_name.startswith("Heading "):
        level = style_name.removeprefix("Heading ").strip()
        return int(level) if level.isdigit() else 0
    return 0


def docx_sections(path: Path, limits: Limits) -> Iterator[Section]:
    data = read_bytes(path, limits)
    _check_zip(data, path.name, limits)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise broken(path.name, Sentence("a Word document"), exc) from exc
    headings: list[tuple[int, str]] = []
    total = 0
    for block in blocks:
        if isinstance(block, docx.table.Table):
            text = _table_text(block)
            level = 0
        else:
            text = block.text.strip()
            level = _heading_level(block.style.name if block.style is not None else "")
        total += len(text)
        if total > limits.max_chars:
            raise DocumentError(
                Sentence(
                    "{name} holds more than {limit:d} characters of text, more than deskchat "
                    "reads from one file.",
                    name=path.name,
                    limit=limits.max_chars,
                )
            )
        if level and text:
            while headings and headings[-1][0] >= level:
                headings.pop()
            headings.append((level, text))
        elif text:
            yield Section(text, Location(heading=tuple(t for _, t in headings)))


def _table_text(table: object) -> str:
    """A table as lines of cells joined by " | " (merged cells once)."""
    lines = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = " ".join(cell.text.split())
            if not cells or cells[-1] != text:
                cells.append(text)
        if any(cells):
            lines.append(" | ".join(cells))
    return "\n".join(lines)
