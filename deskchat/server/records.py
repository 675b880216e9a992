"""What the server has been doing, for a panel or a terminal: each request when it starts
and when it ends, and the last few hundred, safe to read from any thread."""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import deque
from dataclasses import dataclass, replace

from deskchat.services.api_server import Listener, ServedRequest

KEEP = 200  # finished requests remembered for ``recent``

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """What handling one request found out, for its line in the request log."""

    model: str | None = None
    stream: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    error: str | None = None


class RequestLog:
    """Requests in progress and recently served; listeners hear of each start and end
    (on the server's threads: a GUI hands them to its own thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._active: dict[int, ServedRequest] = {}
        self._recent: deque[ServedRequest] = deque(maxlen=KEEP)
        self._listeners: list[Listener] = []

    def add_listener(self, listener: Listener) -> None:
        with self._lock:
            self._listeners.append(listener)

    def remove_listener(self, listener: Listener) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def recent(self) -> list[ServedRequest]:
        """Finished requests, oldest first."""
        with self._lock:
            return list(self._recent)

    def active(self) -> list[ServedRequest]:
        """Requests being answered now (including those waiting for the engine)."""
        with self._lock:
            return list(self._active.values())

    def begin(self, client: str, method: str, path: str) -> ServedRequest:
        with self._lock:
            request = ServedRequest(next(self._ids), time.time(), client, method, path)
            self._active[request.id] = request
        self._tell(request)
        return request

    def end(self, request: ServedRequest, status: int) -> ServedRequest:
        ms = (time.time() - request.started) * 1000.0
        final = replace(request, status=status, ms=ms)
        with self._lock:
            self._active.pop(request.id, None)
            self._recent.append(final)
        self._tell(final)
        return final

    def _tell(self, request: ServedRequest) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(request)
            except Exception:  # a broken panel must not break the request it watches
                log.exception("A request listener failed")
