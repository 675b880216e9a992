"""Why a host cannot be reached, as the clause a person reads: a name that does not
resolve, a refused connection, a certificate not accepted, no answer in time. The
exception's class name is for the log, never for the sentence."""

from __future__ import annotations

import logging
import socket
import ssl

import httpx2

from deskchat.sentences import Sentence

log = logging.getLogger(__name__)


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def why_unreachable(exc: BaseException) -> Sentence | None:
    """The likely cause of a failed connection, or None when the error does not say (the
    class name and message are logged then, so the cause can still be found)."""
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or "name or service" in text:
        return Sentence("its name could not be found")
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in text:
        return Sentence("the connection was refused")
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text:
        return Sentence("its TLS certificate was not accepted")
    if isinstance(exc, httpx2.ConnectTimeout | httpx2.PoolTimeout):
        return Sentence("it did not accept a connection in time")
    if any(isinstance(e, httpx2.TimeoutException | TimeoutError) for e in chain):
        return Sentence("it did not answer in time")
    log.info("No known cause for a failed connection: %s: %s", type(exc).__name__, exc)
    return None
