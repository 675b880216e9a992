"""SQLite errors told apart by their result code, as qutebrowser's ``misc/sql.py`` does.

A full disk, a database another program holds, a damaged or unwritable file: the person can do
something about those, so they become a ``StoreError`` sentence saying what. Every other code
(bad SQL, a constraint the code should have kept, misuse) is a bug in deskchat and is
re-raised unchanged, for the face to log.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from deskchat.errors import StoreError
from deskchat.sentences import Sentence


class DamagedHistoryError(StoreError):
    """The history database is damaged: nothing more is written to it. The faces offer to
    recover what can be read (``recovery.recover_history``) or to start a fresh history
    (``recovery.keep_aside``); the damaged file is kept beside it either way."""


def damaged_sentence(path: Path | str) -> Sentence:
    return Sentence(
        "The history database {path} is damaged; move it aside to start a fresh history "
        "(`deskchat history reset`) or copy what can still be read into a fresh one "
        "(`deskchat history recover`). The damaged file is kept beside it either way, and "
        "nothing more is written to it.",
        path=str(path),
    )


# primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_NOMEM = 7
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_PROTOCOL = 15
SQLITE_NOLFS = 22
SQLITE_NOTADB = 26

FULL_BELOW_BYTES = 1 << 20  # an I/O error with less room than this is a full disk

_SENTENCES: dict[int, Callable[[str, str], Sentence]] = {
    SQLITE_FULL: lambda path, _name: Sentence(
        "The disk holding the history database {path} is full; free some space and try again.",
        path=path,
    ),
    SQLITE_BUSY: lambda path, _name: Sentence(
        "The history database {path} is in use by another program; close it and try again.",
        path=path,
    ),
    SQLITE_CORRUPT: lambda path, _name: damaged_sentence(path),
    SQLITE_READONLY: lambda path, _name: Sentence(
        "The history database {path} cannot be written; check that the file and its folder "
        "are writable.",
        path=path,
    ),
    SQLITE_CANTOPEN: lambda path, _name: Sentence(
        "The history database {path} cannot be opened; check that its folder exists and is "
        "writable.",
        path=path,
    ),
    SQLITE_IOERR: lambda path, name: Sentence(
        "The history database {path} could not be read or written ({name}); check the disk it "
        "is on and try again.",
        path=path,
        name=name,
    ),
    SQLITE_NOMEM: lambda path, _name: Sentence(
        "There is not enough memory to use the history database {path}; close some programs "
        "and try again.",
        path=path,
    ),
    SQLITE_NOLFS: lambda path, _name: Sentence(
        "The disk holding the history database {path} cannot hold a file this large; move the "
        "data folder to another disk.",
        path=path,
    ),
}
_SAME_AS = {
    SQLITE_LOCKED: SQLITE_BUSY,
    SQLITE_PROTOCOL: SQLITE_BUSY,
    SQLITE_NOTADB: SQLITE_CORRUPT,
    SQLITE_PERM: SQLITE_READONLY,
}


def primary_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``exc``, or ``None`` for an error Python's sqlite3
    module raised itself (a closed connection, a wrong number of parameters)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def sentence_for(exc: sqlite3.Error, path: Path | str) -> Sentence | None:
    """The sentence for an error a person can do something about; ``None`` for a bug."""
    code = primary_code(exc)
    if code is None:
        return None
    if code == SQLITE_IOERR and _disk_full(path):  # a full disk often reads as an I/O error
        code = SQLITE_FULL
    name = getattr(exc, "sqlite_errorname", None) or f"code {code}"
    return sentence_of(code, path, name)


def sentence_of(code: int, path: Path | str, name: str = "") -> Sentence | None:
    """The sentence for SQLite's primary result ``code`` (``None``: a bug's code)."""
    make = _SENTENCES.get(_SAME_AS.get(code, code))
    return make(str(path), name or f"code {code}") if make is not None else None


def _disk_full(path: Path | str) -> bool:
    """Whether the disk holding ``path`` has (almost) no room left."""
    try:
        return shutil.disk_usage(Path(path).parent).free < FULL_BELOW_BYTES
    except (OSError, ValueError):
        return False


def is_damage(exc: sqlite3.Error) -> bool:
    return _SAME_AS.get(primary_code(exc) or 0, primary_code(exc)) == SQLITE_CORRUPT


@contextmanager
def known_errors(path: Path | str) -> Iterator[None]:
    """Turn the environment's SQLite errors inside the block into ``StoreError``; let every
    other error (a bug) through unchanged."""
    try:
        yield
    except sqlite3.Error as exc:
        sentence = sentence_for(exc, path)
        if sentence is None:
            raise
        kind = DamagedHistoryError if is_damage(exc) else StoreError
        raise kind(sentence) from exc
