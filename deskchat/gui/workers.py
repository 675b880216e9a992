"""The one adapter from the Qt-free services to Qt: run an iterator (or a function) on a
worker thread and hand every item back to the GUI thread as a signal.

Widgets are never touched from the worker; results arrive through queued signals.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from deskchat import logs
from deskchat.errors import DeskchatError
from deskchat.gui.words import say


class _Runner(QObject):
    item = Signal(object)
    batch = Signal(list)
    failed = Signal(str)
    done = Signal()

    def __init__(
        self,
        work: Callable[[], Iterable[Any] | Any],
        iterate: bool,
        batch_s: float,
        urgent: Callable[[Any], bool] | None = None,
    ) -> None:
        super().__init__()
        self._work = work
        self._iterate = iterate
        self._batch_s = batch_s
        self._urgent = urgent

    @Slot()
    def run(self) -> None:
        try:
            result = self._work()
            if self._iterate and self._batch_s > 0:
                self._run_batched(result)
            elif self._iterate:
                for item in result:
                    self.item.emit(item)
            else:
                self.item.emit(result)
        except DeskchatError as exc:
            self.failed.emit(say(exc))  # in the reader's language
        except Exception as exc:  # noqa: BLE001 - a bug must not kill the window: it is logged
            doing = getattr(self._work, "__qualname__", type(self._work).__name__)
            self.failed.emit(say(logs.log_bug(exc, f"running {doing} on a worker thread")))
        finally:
            self.done.emit()

    def _run_batched(self, items: Iterable[Any]) -> None:
        """Hand items over at most every ``batch_s``: a fast stream wakes the GUI thread a
        few times a second instead of once per token; a slow one passes each item at once.
        An ``urgent`` item goes at once with those before it: after it the work may wait
        (for the person, or a tool), and the window must show what came so far."""
        pending: list[Any] = []
        last = 0.0
        urgent = self._urgent
        try:
            for item in items:
                pending.append(item)
                now = time.monotonic()
                if now - last >= self._batch_s or (urgent is not None and urgent(item)):
                    self.batch.emit(pending)
                    pending, last = [], now
        finally:
            if pending:
                self.batch.emit(pending)


_RUNNING: set[Job] = set()  # started and not finished: held here, and counted by running_jobs


def running_jobs() -> int:
    """How many jobs have started and not yet finished (a test waits for none)."""
    return len(_RUNNING)


class Job(QObject):
    """One piece of background work. Signals: item(object), failed(str), finished()."""

    item = Signal(object)
    batch = Signal(list)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self,
        work: Callable[[], Any],
        *,
        iterate: bool,
        batch_s: float = 0.0,
        urgent: Callable[[Any], bool] | None = None,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._thread = QThread()
        self._runner = _Runner(work, iterate, batch_s, urgent)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.item.connect(self.item)
        self._runner.batch.connect(self.batch)
        self._runner.failed.connect(self.failed)
        # direct: the GUI thread may be blocked in wait() at shutdown, so a queued quit
        # would never arrive
        self._runner.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> Job:
        _RUNNING.add(self)
        self._thread.start()
        return self

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, ms: int = 30_000) -> bool:
        return self._thread.wait(ms)

    def _on_thread_finished(self) -> None:
        _RUNNING.discard(self)
        self.finished.emit()
        # free the thread and its runner: a long session starts thousands of jobs
        self._runner.deleteLater()
        self._thread.deleteLater()
        self.deleteLater()


def run_iterator(work: Callable[[], Iterable[Any]], parent: QObject | None = None) -> Job:
    """Start ``work()`` on a thread; each item it yields arrives as ``item``."""
    return Job(work, iterate=True, parent=parent).start()


def run_batched(
    work: Callable[[], Iterable[Any]],
    batch_s: float,
    parent: QObject | None = None,
    *,
    urgent: Callable[[Any], bool] | None = None,
) -> Job:
    """Like ``run_iterator``, but items arrive as lists (``batch``), at most every
    ``batch_s`` seconds while they come faster than that; an item ``urgent`` says yes to
    goes at once, with the ones before it."""
    return Job(work, iterate=True, batch_s=batch_s, urgent=urgent, parent=parent).start()


def run_call(work: Callable[[], Any], parent: QObject | None = None) -> Job:
    """Start ``work()`` on a thread; its return value arrives as one ``item``."""
    return Job(work, iterate=False, parent=parent).start()
