"""The template renderer process, seen from the app: one request, one reply, a deadline.

Why a child process. A chat template is a program from a stranger, and Jinja gives it loops,
recursion, string building and formatting. Guards inside the sandbox can refuse the known ways
to exhaust the machine, but each new filter or trick is a new way around them; a template that
builds a gigabyte-long prompt or loops for a minute must be stopped whatever construct it
uses. Only the operating system can promise that: a process can be killed at a deadline, its
address space capped (RLIMIT_AS on Linux) or its RSS watched (elsewhere), and whatever it
allocated comes back when it ends. Threads cannot be stopped in Python and share the app's
memory, so a thread with a timeout would bound nothing. The process is started once (spawn,
as the engine is, so it works in a frozen bundle) and kept: a render costs one round trip
through a pipe, and compiled templates are cached in it.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing as mp
import signal
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Literal

import psutil

from deskchat.chat.template_sandbox import MEMORY_HEADROOM, Reply, serve

RENDER_SECONDS = 2  # the longest one render may take
START_SECONDS = 60  # spawning and importing jinja2 on a busy machine
POLL_SECONDS = 0.02  # how often a slow render's memory is looked at

Limit = Literal["time", "memory", "crash"]


class RendererStopped(Exception):  # noqa: N818 -- an outcome the caller words, not a bug
    """The renderer was stopped at a limit (``time``, ``memory``) or died (``crash``)."""

    def __init__(self, limit: Limit, exit_code: int | None = None) -> None:
        super().__init__(limit, exit_code)
        self.limit: Limit = limit
        self.exit_code = exit_code


def _died(exit_code: int | None) -> RendererStopped:
    # killed by the system (the OOM killer) or out of memory while answering: memory
    if exit_code in (None, 0, -signal.SIGKILL):
        return RendererStopped("memory", exit_code)
    return RendererStopped("crash", exit_code)


class TemplateRenderer:
    """Owns one renderer process, started on the first render and after each stop.

    Thread-safe: renders from several threads take turns (each takes milliseconds)."""

    def __init__(
        self,
        *,
        seconds: float = RENDER_SECONDS,
        headroom: int = MEMORY_HEADROOM,
        cap_address_space: bool = True,
    ) -> None:
        self._seconds = seconds
        self._headroom = headroom
        self._cap = cap_address_space
        self._ctx = mp.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._rss_limit = 0
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def render(self, source: str, context: dict[str, Any]) -> Reply:
        """The child's reply for one render; raises ``RendererStopped`` at a limit."""
        with self._lock:
            conn = self._ensure_running()
            try:
                conn.send((source, context))
                return self._wait(conn, time.monotonic() + self._seconds)
            except BaseException:
                self._kill()  # a reply may still be on its way: never read it as the next one
                raise

    def close(self) -> None:
        """Stop the renderer process (the next render starts a fresh one)."""
        with self._lock:
            if self._conn is not None and self._process is not None:
                with contextlib.suppress(OSError):
                    self._conn.send(None)
                self._process.join(timeout=2)
            self._kill()

    def _ensure_running(self) -> Connection:
        if self._process is not None and self._conn is not None and self._process.is_alive():
            return self._conn
        self._kill()
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(
            target=serve,
            args=(child, self._headroom, self._cap),
            daemon=True,
            name="deskchat-templates",
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        if not parent.poll(START_SECONDS):
            self._kill()
            raise RendererStopped("time")
        try:
            parent.recv()  # ("ready", ...)
            start_rss = psutil.Process(process.pid).memory_info().rss
        except (EOFError, OSError, psutil.Error):
            process.join(timeout=1)
            code = process.exitcode
            self._kill()
            raise _died(code) from None
        self._rss_limit = start_rss + self._headroom
        return parent

    def _wait(self, conn: Connection, deadline: float) -> Reply:
        process = self._process
        assert process is not None and process.pid is not None
        watched = psutil.Process(process.pid)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self._kill()
                raise RendererStopped("time")
            if conn.poll(min(left, POLL_SECONDS)):
                try:
                    reply: Reply = conn.recv()
                except (EOFError, OSError):
                    break
                if reply[0] == "memory":
                    self._kill()  # it exits after a MemoryError; do not wait for it here
                return reply
            try:  # where RLIMIT_AS is not enforced, the RSS is the limit
                over = watched.memory_info().rss > self._rss_limit
            except psutil.Error:
                break
            if over:
                self._kill()
                raise RendererStopped("memory")
        process.join(timeout=1)
        code = process.exitcode
        self._kill()
        raise _died(code)

    def _kill(self) -> None:
        process, conn = self._process, self._conn
        self._process = self._conn = None
        if conn is not None:
            conn.close()
        if process is not None:
            if process.is_alive():
                process.kill()
            process.join(timeout=5)
            if process.exitcode is not None:
                process.close()


_RENDERER = TemplateRenderer()
atexit.register(_RENDERER.close)


def renderer() -> TemplateRenderer:
    """The app's one template renderer."""
    return _RENDERER
