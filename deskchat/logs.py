"""Where bugs go: a rotating log file per process, and the sentence that points a person at it.

A ``DeskchatError`` is the user's or the environment's and is shown as its one sentence.
Anything else is a bug: its traceback goes to the log (``deskchat.log`` in the logs folder,
``engine.log`` for the engine process) and the person reads ``bug_sentence``, which says where
that log is. Secrets never reach a log file: every record passes ``RedactSecrets``.
"""

from __future__ import annotations

import logging
import platform
import re
import sys
import threading
from logging.handlers import RotatingFileHandler
from pathlib import Path

from deskchat import __version__, paths
from deskchat.sentences import Sentence

LOG_FILE = "deskchat.log"
MAX_BYTES = 2_000_000
BACKUPS = 3
LOGGER = "deskchat"
REDACTED = "[redacted]"

_SECRETS = (
    # a value after a header or field that names a credential (quoted or not)
    re.compile(
        r"(?i)(\b(?:authorization|proxy-authorization|x-api-key|api[_-]?key|hf[_-]?token|"
        r"access[_-]?token|password|secret)[\"']?\s*[:=]\s*[\"']?)"
        r"(?:(?:bearer|basic|token)\s+)?[^\s\"',;}]+"
    ),
    re.compile(r"(?i)(\bbearer\s+)[^\s\"',;}]+"),
    re.compile(r"()\bhf_[A-Za-z0-9]{6,}"),  # Hugging Face tokens
    re.compile(r"()\bsk-[A-Za-z0-9_\-]{6,}"),  # OpenAI-style API keys
)

_lock = threading.Lock()
_handlers: dict[Path, RotatingFileHandler] = {}


class _Main:
    path: Path | None = None  # the log this process's bugs go to, once set up


def redact(text: str) -> str:
    """``text`` with every value that looks like a secret replaced by ``[redacted]``."""
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    return text


class RedactSecrets(logging.Filter):
    """Rewrites a record's message, traceback and stack so that no token, API key or
    Authorization header reaches a handler. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def attach_file(
    path: Path, *, max_bytes: int = MAX_BYTES, backups: int = BACKUPS, tag: str = ""
) -> RotatingFileHandler | None:
    """Send the ``deskchat`` loggers' records to a rotating file at ``path`` (``backups``
    old files of ``max_bytes`` each are kept). Idempotent per path; ``None`` when the file
    cannot be opened (logging is best effort and must never stop the app)."""
    path = Path(path)
    with _lock:
        handler = _handlers.get(path)
        if handler is not None:
            return handler
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = RotatingFileHandler(
                path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
        except OSError:
            return None
        where = f" {tag}" if tag else ""
        handler.setFormatter(
            logging.Formatter(
                f"%(asctime)s{where} [%(process)d] %(levelname)s %(name)s: %(message)s"
            )
        )
        handler.addFilter(RedactSecrets())
        logger = logging.getLogger(LOGGER)
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > logging.INFO:
            logger.setLevel(logging.INFO)
        _handlers[path] = handler
        return handler


def detach_file(path: Path) -> None:
    """Stop writing to ``path`` and close it."""
    with _lock:
        handler = _handlers.pop(Path(path), None)
    if handler is not None:
        logging.getLogger(LOGGER).removeHandler(handler)
        handler.close()


def use_log(path: Path, *, tag: str, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> Path:
    """Make ``path`` this process's bug log (the one ``bug_sentence`` names): attach it,
    and detach a previous one that is elsewhere. Returns ``path``."""
    path = Path(path)
    previous = _Main.path
    if previous is not None and previous != path:
        detach_file(previous)
    opened = attach_file(path, max_bytes=max_bytes, backups=backups, tag=tag) is not None
    _Main.path = path if opened else None
    if opened and previous != path:
        logging.getLogger(LOGGER).info(
            "deskchat %s (%s) on Python %s, %s",
            __version__, tag, platform.python_version(), platform.platform(),
        )  # fmt: skip
    return path


def setup_logging(face: str) -> Path:
    """Log this face (``gui``, ``cli``, ``serve``) to ``deskchat.log`` in the logs folder.
    Idempotent; a changed logs folder (another ``DESKCHAT_HOME``) moves the log there.
    Returns the log file's path."""
    return use_log(paths.log_dir() / LOG_FILE, tag=face)


def log_file() -> Path | None:
    """The bug log of this process, or ``None`` when none could be opened."""
    return _Main.path


def bug_sentence(exc: BaseException) -> str:
    """What a person reads for a bug: that it is one, and where its details are."""
    where = _Main.path
    if where is None:  # no log to point at: say at least what happened
        said = Sentence(
            "Something went wrong (a bug in deskchat: {kind}: {reason}).",
            kind=type(exc).__name__,
            reason=redact(str(exc)),
        )
    else:
        said = Sentence(
            "Something went wrong (a bug in deskchat); the details are in {where}.",
            where=str(where),
        )
    return str(said)  # a window words it again in its language (deskchat.gui.words)


def log_bug(exc: BaseException, doing: str) -> str:
    """Log ``exc``'s traceback (while ``doing`` something) and return ``bug_sentence``."""
    logging.getLogger(LOGGER).error(
        "A bug (%s)", doing, exc_info=(type(exc), exc, exc.__traceback__)
    )
    return bug_sentence(exc)


def shutdown() -> None:
    """Close every log file (tests call this between tests)."""
    for path in list(_handlers):
        detach_file(path)
    _Main.path = None


def print_bug(exc: BaseException, doing: str) -> None:
    """For faces without a window: log the bug and write its sentence to stderr."""
    print(f"deskchat: {log_bug(exc, doing)}", file=sys.stderr)  # noqa: T201 - the terminal face
