"""Real document files written by the tests: PDFs made with pypdf's writer (text pages,
blank "scanned" pages, an encrypted one), Word files made with python-docx, and broken
or hostile ones."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject


def _pdf_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _text_page(writer: PdfWriter, lines: Sequence[str]) -> None:
    page = writer.add_blank_page(612, 792)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )
    shown = " ".join(f"{_pdf_string(line)} Tj 0 -16 Td" for line in lines)
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 740 Td {shown} ET".encode("latin-1"))
    page.replace_contents(stream)


def write_pdf(
    path: Path,
    pages: Sequence[Sequence[str]],
    *,
    password: str | None = None,
    blank_pages: int = 0,
) -> Path:
    """A PDF with one page a list of lines (Helvetica, Latin-1 text), then ``blank_pages``
    pages without any text (what a scan without OCR looks like)."""
    writer = PdfWriter()
    for lines in pages:
        _text_page(writer, lines)
    for _ in range(blank_pages):
        writer.add_blank_page(612, 792)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password, algorithm="RC4-128")
    with path.open("wb") as f:
        writer.write(f)
    return path


def write_docx(path: Path, blocks: Sequence[tuple[str, str]]) -> Path:
    """A Word file of (style, text) blocks: style "h1".."h3" a heading, "table" a table
    whose text is rows split by ";" and cells by ",", else a paragraph."""
    document = docx.Document()
    for style, text in blocks:
        if style.startswith("h"):
            document.add_heading(text, level=int(style[1:]))
        elif style == "table":
            rows = [r.split(",") for r in text.split(";")]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        else:
            document.add_paragraph(text)
    document.save(str(path))
    return path


def write_zip_bomb_docx(path: Path, unpacked_bytes: int = 20_000_000) -> Path:
    """A .docx-named zip whose one member unpacks to ``unpacked_bytes`` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * 1_000_000
            for _ in range(unpacked_bytes // len(chunk)):
                member.write(chunk)
    path.write_bytes(buffer.getvalue())
    return path
