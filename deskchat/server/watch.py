"""Noticing a client that hangs up while its request is being answered.

A request can spend most of its time where the server writes nothing: waiting for the
engine behind another generation, or evaluating a long prompt. Writing is how a closed
socket is usually found, so a small thread watches the connection instead: when the peer
closes it, the socket becomes readable with nothing to read.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Callable
from types import TracebackType


class DisconnectWatch:
    """Calls ``on_gone`` (once, from its own thread) if the peer closes ``sock`` before the
    block ends. Bytes from the client (a pipelined next request) end the watch quietly."""

    def __init__(self, sock: socket.socket, on_gone: Callable[[], None]) -> None:
        self._sock = sock
        self._on_gone = on_gone
        self.fired = False  # the peer hung up and ``on_gone`` was called
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._run, name="deskchat-api-watch", daemon=True)

    def __enter__(self) -> DisconnectWatch:
        self._thread.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        self._thread.join()
        self._wake_r.close()
        self._wake_w.close()

    def _run(self) -> None:
        with selectors.DefaultSelector() as selector:
            try:
                selector.register(self._sock, selectors.EVENT_READ)
                selector.register(self._wake_r, selectors.EVENT_READ)
            except (OSError, ValueError):  # the socket is already closed
                self._gone()
                return
            ready = {key.fileobj for key, _ in selector.select()}
        if self._wake_r in ready:
            return
        try:
            gone = not self._sock.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            gone = False
        except OSError:  # reset by the peer
            gone = True
        if gone:
            self._gone()

    def _gone(self) -> None:
        self.fired = True
        self._on_gone()
