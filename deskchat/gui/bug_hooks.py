"""The window's last line for bugs, as qutebrowser's ``misc/crashsignal.py`` is: an exception
nobody caught, in a Qt slot or on any thread, is logged with its traceback and shown to the
person as the sentence that says where the log is, instead of vanishing on stderr."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import TracebackType

from deskchat import logs
from deskchat.errors import DeskchatError
from deskchat.gui.words import say

Show = Callable[[str], None]


def _to_stderr(sentence: str) -> None:
    print(f"deskchat: {sentence}", file=sys.stderr)  # noqa: T201 - before a window exists


class BugHooks:
    """Owns ``sys.excepthook`` and ``threading.excepthook`` while installed. ``show`` gets the
    sentence; it may be called from any thread, so the window passes a Qt signal's ``emit``."""

    def __init__(self, show: Show = _to_stderr) -> None:
        self.show = show
        self._previous: tuple[object, object] | None = None

    def install(self) -> BugHooks:
        if self._previous is None:
            self._previous = (sys.excepthook, threading.excepthook)
            sys.excepthook = self.on_exception
            threading.excepthook = self.on_thread_exception
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def on_exception(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        self.report(exc.with_traceback(tb), "in the window")

    def on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "a thread"
        self.report(args.exc_value.with_traceback(args.exc_traceback), f"on thread {name!r}")

    def report(self, exc: BaseException, where: str) -> None:
        """A ``DeskchatError`` is its own sentence; anything else is logged as a bug."""
        sentence = say(exc) if isinstance(exc, DeskchatError) else say(logs.log_bug(exc, where))
        try:
            self.show(sentence)
        except Exception as error:  # noqa: BLE001 - the hook itself must never raise
            logs.log_bug(error, "showing a bug's sentence")
            _to_stderr(sentence)
