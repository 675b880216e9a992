"""Reading a file's bytes within the limits, and its text in whichever encoding it has."""

from __future__ import annotations

import codecs
from pathlib import Path

from deskchat.docs.parts import DocumentError, Limits
from deskchat.sentences import Sentence
from deskchat.units import size_text

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes; a file over ``limits.max_bytes`` is refused before it is read."""
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise DocumentError(
                Sentence(
                    "{name} is {size}, more than the {limit} deskchat reads from one file.",
                    name=path.name,
                    size=size_text(size),
                    limit=size_text(limits.max_bytes),
                )
            )
        with path.open("rb") as f:
            return f.read(limits.max_bytes + 1)
    except OSError as exc:
        raise DocumentError(
            Sentence(
                "{name} cannot be opened: {reason}.",
                name=path.name,
                reason=exc.strerror or str(exc),
            )
        ) from exc


def decode_text(data: bytes, name: str, limits: Limits) -> str:
    """Text from bytes: a byte-order mark's encoding, else UTF-8, else Windows-1252 (what
    older Western text files are). Binary data (NUL bytes without a UTF-16 mark) is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data.decode(encoding, errors="replace")
            break
    else:
        if b"\x00" in data[:8192]:
            raise DocumentError(
                Sentence("{name} is not a text file (it holds binary data).", name=name)
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    if len(text) > limits.max_chars:
        raise DocumentError(
            Sentence(
                "{name} holds more than {limit:d} characters of text, more than deskchat "
                "reads from one file.",
                name=name,
                limit=limits.max_chars,
            )
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_text(path: Path, limits: Limits) -> str:
    return decode_text(read_bytes(path, limits), path.name, limits)


def broken(name: str, kind: Sentence, reason: object) -> DocumentError:
    """The error of a file that is not the kind its name says, or is damaged; ``kind``
    is what it should have been ("a PDF")."""
    return DocumentError(
        Sentence(
            "{name} cannot be read as {kind}: {reason}.",
            name=name,
            kind=kind,
            reason=str(reason).rstrip(".") or type(reason).__name__,
        )
    )
