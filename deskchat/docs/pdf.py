"""PDF with pypdf (pure Python, BSD, well kept): one section a page, in page order. An
encrypted file or one whose pages hold no text (a scan) is refused with a sentence."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from deskchat.docs.parts import DocumentError, Limits, Location, Section
from deskchat.docs.reading import broken, read_bytes
from deskchat.sentences import Sentence

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

log = logging.getLogger(__name__)


def _pages(path: Path, limits: Limits) -> list[PageObject]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    data = read_bytes(path, limits)
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        if encrypted and not _opens_without_password(reader):
            raise DocumentError(
                Sentence(
                    "{name} is protected by a password; deskchat cannot read encrypted PDFs.",
                    name=path.name,
                )
            )
        pages = list(reader.pages)  # a damaged page tree fails here, not half-way
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise broken(path.name, Sentence("a PDF"), exc) from exc
    return pages


def _opens_without_password(reader: PdfReader) -> bool:
    """Some PDFs are encrypted with an empty user password: they open for anyone."""
    try:
        return bool(reader.decrypt(""))
    except Exception:  # noqa: BLE001 - an unsupported cipher is a file we cannot read
        return False


def pdf_sections(path: Path, limits: Limits) -> Iterator[Section]:
    pages = _pages(path, limits)
    if len(pages) > limits.max_pages:
        raise DocumentError(
            Sentence(
                "{name} has {pages:d} pages, more than the {limit:d} deskchat reads from one PDF.",
                name=path.name,
                pages=len(pages),
                limit=limits.max_pages,
            )
        )
    found_text = False
    total = 0
    for number, page in enumerate(pages, start=1):
        text = _page_text(page, path.name, number)
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
        if text.strip():
            found_text = True
            yield Section(text, Location(pages=(number, number)))
    if pages and not found_text:
        raise DocumentError(
            Sentence(
                "{name} has no text layer (a scanned PDF?); deskchat cannot read text from images.",
                name=path.name,
            )
        )


def _page_text(page: PageObject, name: str, number: int) -> str:
    try:
        text = page.extract_text()
    except Exception as exc:  # noqa: BLE001 - one damaged page: skip it, read the rest
        log.warning("page %d of %s cannot be read: %s", number, name, exc)
        return ""
    # pages are laid out in lines; paragraphs keep their blank lines
    return "\n".join(line.rstrip() for line in text.replace("\r", "\n").split("\n"))
