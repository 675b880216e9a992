"""One indexing run at a time for the whole window (a chat's attached files, or a
collection in the Documents window): off the GUI thread, its progress handed over at most
every ``PROGRESS_EVERY_S``, cancellable at the indexer's next step."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from deskchat.gui.controller import ChatController
from deskchat.services.indexing import IndexProgress, IndexReport

PROGRESS_EVERY_S = 0.1
# what a run does: index, telling ``on_progress`` how far it is, stopping when asked
IndexWork = Callable[[Callable[[IndexProgress], None], Callable[[], bool]], IndexReport]


class IndexingRun(QObject):
    started = Signal()
    progress = Signal(object)  # IndexProgress
    done = Signal(object)  # IndexReport
    failed = Signal(str)
    ended = Signal()

    def __init__(self, controller: ChatController) -> None:
        super().__init__(controller)
        self.controller = controller
        self._stop = threading.Event()
        self._running = False
        self._last = 0.0

    def is_running(self) -> bool:
        return self._running

    def start(self, work: IndexWork) -> bool:
        """Run ``work`` on a worker thread; False (and nothing started) while another
        run is going or the window is closing."""
        if self._running or self.controller.is_closing():
            return False
        self._running = True
        self._stop.clear()
        self.started.emit()
        job = self.controller.background(lambda: work(self._report, self._stop.is_set))
        job.item.connect(self.done)
        job.failed.connect(self.failed)
        job.finished.connect(self._ended)
        return True

    def summary(self, report: IndexReport) -> str:
        """How a run went, in one line: indexed, unchanged, unreadable, cancelled."""
        parts = [self.tr("{n} indexed").format(n=report.count("indexed"))]
        if report.count("unchanged"):
            parts.append(self.tr("{n} unchanged").format(n=report.count("unchanged")))
        if report.count("failed"):
            parts.append(
                self.tr("{n} could not be read (see the list)").format(n=report.count("failed"))
            )
        if report.cancelled:
            parts.append(self.tr("cancelled: the rest can be finished later"))
        return self.tr("Documents: {outcome}.").format(outcome=", ".join(parts))

    def cancel(self) -> None:
        """Stop at the indexer's next step: what is done stays, the rest stays pending."""
        self._stop.set()

    def _report(self, progress: IndexProgress) -> None:
        """On the indexing thread: passed on at most every PROGRESS_EVERY_S (and the last)."""
        now = time.monotonic()
        if now - self._last >= PROGRESS_EVERY_S or not progress.current:
            self._last = now
            self.progress.emit(progress)

    def _ended(self) -> None:
        self._running = False
        self.ended.emit()
