"""The listening socket and its connections: what stopping the server must reach."""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import socketserver
import sys
import threading
import time
from http.server import ThreadingHTTPServer
from typing import Any

from deskchat.server.api import Api
from deskchat.server.handler import ApiHandler
from deskchat.server.records import RequestLog
from deskchat.services.api_turns import ApiTurns
from deskchat.services.engine_port import CallerEngine

log = logging.getLogger(__name__)


class ApiHTTPServer(ThreadingHTTPServer):
    """A thread per connection. Keeps its open connections and the engine callers in use,
    so ``close_all`` can cancel every generation and end every connection."""

    daemon_threads = True
    allow_reuse_address = os.name != "nt"  # on Windows it would let another program share the port
    request_queue_size = 64

    def __init__(
        self,
        address: tuple[str, int],
        *,
        turns: ApiTurns,
        api: Api,
        log: RequestLog,
        api_key: str | None,
        cors: tuple[str, ...],
        max_body: int,
        local_only: bool,
    ) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.turns = turns
        self.api = api
        self.log = log
        self.api_key = api_key
        self.cors = cors
        self.max_body = max_body
        self.local_only = local_only
        self._changed = threading.Condition()
        self._connections: set[socket.socket] = set()
        self._callers: set[CallerEngine] = set()
        self._closing = False
        super().__init__(address, ApiHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the host's full name, which can take seconds
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    @property
    def closing(self) -> bool:
        return self._closing

    def allows_origin(self, origin: str) -> bool:
        return "*" in self.cors or origin.rstrip("/") in self.cors

    # -- connections and callers -----------------------------------------------------------

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._changed:
            if self._closing:
                self.shutdown_request(request)
                return
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._changed:
            self._connections.discard(request)
            self._changed.notify_all()
        super().shutdown_request(request)

    def open_caller(self) -> CallerEngine:
        caller = self.turns.caller()
        with self._changed:
            self._callers.add(caller)
            if self._closing:
                caller.close()
        return caller

    def release_caller(self, caller: CallerEngine) -> None:
        with self._changed:
            self._callers.discard(caller)

    def close_all(self, timeout: float) -> None:
        """Cancel every request's generation, end every connection, and wait (up to
        ``timeout``) for their threads to finish."""
        with self._changed:
            self._closing = True
            for caller in self._callers:
                caller.close()
            for sock in self._connections:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
            deadline = time.monotonic() + timeout
            while self._connections and (left := deadline - time.monotonic()) > 0:
                self._changed.wait(left)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # a client that went away: nothing to say
            return
        log.exception("The API server failed on a request from %s", client_address[0])
