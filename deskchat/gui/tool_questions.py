"""The person's say on each tool call, between the answer's worker thread and the window.

The agent loop calls ``approve(call)`` on the worker thread and waits for its answer; the
question crosses to the GUI thread as the ``asked`` signal, the approval bar shows it, and
``answer`` hands the decision back. Stop (``cancel``) answers every open question with Deny
at once, and a question asked after Stop is denied without being shown: the loop sees the
stop right after and ends, and no thread is left waiting on a window that has gone."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from deskchat.chat.tools import ToolCall
from deskchat.services.agent_loop import Decision


class ToolQuestions(QObject):
    asked = Signal(object)  # ToolCall: a call waits for the person's say
    settled = Signal(object)  # ToolCall: its question is over (answered or stopped)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = threading.Lock()
        self._open: dict[str, tuple[ToolCall, threading.Event, list[Decision]]] = {}
        self._stopped = False

    def start(self) -> None:
        """A new answer begins: its questions are asked again."""
        with self._lock:
            self._stopped = False

    def approve(self, call: ToolCall) -> Decision:
        """Ask about ``call`` and wait for the answer (the worker thread's side)."""
        event, box = threading.Event(), list[Decision]()
        with self._lock:
            if self._stopped:
                return Decision.DENY
            self._open[call.id] = (call, event, box)
        self.asked.emit(call)
        event.wait()
        return box[0] if box else Decision.DENY

    def answer(self, call_id: str, decision: Decision) -> None:
        """The person decided (the GUI thread's side)."""
        with self._lock:
            entry = self._open.pop(call_id, None)
        if entry is not None:
            entry[2].append(decision)
            entry[1].set()
            self.settled.emit(entry[0])

    def cancel(self) -> None:
        """Stop: every open question is denied, and so is any asked until ``start``."""
        with self._lock:
            self._stopped = True
            entries, self._open = list(self._open.values()), {}
        for call, event, _box in entries:
            event.set()
            self.settled.emit(call)

    def waiting(self) -> list[ToolCall]:
        """The calls waiting for the person now, oldest first."""
        with self._lock:
            return [call for call, _event, _box in self._open.values()]
