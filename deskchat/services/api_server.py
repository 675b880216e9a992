"""The API server as the other faces see it: the window's server switch and `deskchat serve`
start one through a factory the program's entry point hands them (the server is a face of
its own; faces never import each other), watch what it serves, and stop it."""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.api_turns import ApiTurns

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


class ServerError(DeskchatError):
    """The server cannot start as asked (an exposed address without a key, a port in use)."""


def bind_failure(exc: OSError, host: str, port: int) -> Sentence:
    """Why listening on ``host:port`` failed, in a sentence with what to do."""
    if exc.errno == errno.EADDRINUSE:
        return Sentence(
            "Port {port} on {host} is already in use (another deskchat serve, or another "
            "program); choose another port.",
            port=str(port),
            host=host,
        )
    if exc.errno == errno.EACCES:
        return Sentence(
            "Port {port} needs administrator rights here; choose one above 1023.", port=str(port)
        )
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return Sentence(
            "This machine has no address {host}; use 127.0.0.1, or 0.0.0.0 for every network.",
            host=repr(host),
        )
    return Sentence(
        "Serving on {host}:{port} failed: {reason}.",
        host=host,
        port=str(port),
        reason=str(exc.strerror or exc),
    )


def check_address(host: str, port: int) -> None:
    """``ServerError`` now if ``host:port`` cannot be listened on (taken, privileged, no such
    address), before anything slow such as loading a model. Port 0 takes any free one."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as the server itself binds (see httpd.ApiHTTPServer)
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServerError(bind_failure(exc, host, port)) from None


def is_loopback(host: str) -> bool:
    """Whether ``host`` is reachable only from this machine ("" means every address)."""
    name = host.strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(name, None) if name else []
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(i[4][0]).is_loopback for i in infos)


@dataclass(frozen=True)
class ServedRequest:
    """One HTTP request. ``status`` is None while it is being answered; a streamed answer
    whose client went away keeps its 200 and says so in ``error``."""

    id: int
    started: float  # time.time()
    client: str
    method: str
    path: str
    model: str | None = None
    stream: bool = False
    status: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None  # the engine's: stop, length, context, cancelled
    error: str | None = None
    ms: float | None = None

    @property
    def done(self) -> bool:
        return self.status is not None

    def line(self) -> str:
        """'POST /v1/chat/completions tiny 200 · 25 + 40 tokens · 83 ms' for a log."""
        parts = [f"{self.method} {self.path}"]
        if self.model:
            parts[0] += f" {self.model}"
        parts[0] += f" {self.status if self.status is not None else '…'}"
        if self.prompt_tokens is not None:
            parts.append(f"{self.prompt_tokens} + {self.completion_tokens or 0} tokens")
        if self.ms is not None:
            parts.append(f"{self.ms:.0f} ms")
        if self.error:
            parts.append(self.error)
        return " · ".join(parts)


Listener = Callable[[ServedRequest], None]


class ApiServer(Protocol):
    """A running (or ready) OpenAI-compatible server."""

    def start(self) -> None: ...

    def stop(self, timeout: float = 5.0) -> None: ...

    @property
    def running(self) -> bool: ...

    @property
    def url(self) -> str: ...

    @property
    def needs_key(self) -> bool: ...

    def recent(self) -> list[ServedRequest]: ...

    def active(self) -> list[ServedRequest]: ...

    def add_listener(self, listener: Listener) -> None: ...

    def remove_listener(self, listener: Listener) -> None: ...


class ServerFactory(Protocol):
    """Makes a server over ``turns``; ``ServerError`` for an address it must refuse (one
    other machines can reach, without a key)."""

    def __call__(
        self,
        turns: ApiTurns,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        api_key: str | None = None,
        cors_origin: str = "",
    ) -> ApiServer: ...
