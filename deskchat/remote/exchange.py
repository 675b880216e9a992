"""One streamed request on a helper thread, so that stop never waits for the network.

A blocking read cannot be interrupted from another thread by closing the response: on
Linux ``close()`` does not wake a ``recv`` in progress. So the request runs here and hands
what arrives over a queue; the session's thread polls that queue and can give up at any
moment. ``cancel`` also shuts the socket down (``shutdown`` does wake ``recv``), so the
server sees the client leave and stops generating.

Every read is bounded (``deskchat.remote.limits``): a line, an event and the whole answer
have a size past which the answer is interrupted with a sentence naming the bound, and
``bytes_at`` tells the session's thread when bytes last came, to notice a silent server.
"""

from __future__ import annotations

import contextlib
import json
import logging
import queue
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import httpx2

from deskchat.remote.client import OpenAIClient
from deskchat.remote.errors import (
    RemoteError,
    RemoteStreamError,
    dropped,
    unreachable,
    unreadable,
)
from deskchat.remote.limits import StreamLimits, answer_too_big
from deskchat.remote.wire import Chunk, StreamEnd, events, lines, parse_chunk
from deskchat.sentences import Sentence


@dataclass(frozen=True)
class Opened:
    """The server accepted the request (HTTP 200): the answer has begun."""


@dataclass(frozen=True)
class Failed:
    error: Exception  # a sentence (RemoteError or RemoteStreamError)


@dataclass(frozen=True)
class Closed:
    """Nothing more will come."""


Item = Opened | Chunk | StreamEnd | Failed | Closed


class Exchange:
    def __init__(
        self, client: OpenAIClient, body: dict[str, Any], limits: StreamLimits | None = None
    ) -> None:
        self.items: queue.Queue[Item] = queue.Queue()
        self.cancelled = threading.Event()
        self.bytes_at: float | None = None  # when bytes of the answer last came (monotonic)
        self.limits = limits or StreamLimits()
        self._client = client
        self._body = body
        self._response: httpx2.Response | None = None
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="deskchat-remote", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        base = self._client.base_url
        opened = False
        try:
            with self._client.chat_stream(self._body) as response:
                self._response = response
                opened = True
                if self.cancelled.is_set():
                    return
                self.items.put(Opened())
                limits = self.limits
                total = limits.total_bytes(int(self._body.get("max_tokens") or 0))
                if response.headers.get("content-type", "").startswith("application/json"):
                    # a server that ignores "stream": the whole answer in one object
                    whole = self._read_whole(response, total)
                    self.items.put(parse_chunk(json.loads(whole), base))
                    self.items.put(StreamEnd())
                    return
                read = lines(
                    response.iter_bytes(),
                    base,
                    line_bytes=limits.line_bytes,
                    total_bytes=total,
                    on_bytes=self._saw_bytes,
                )
                for item in events(read, base, event_bytes=limits.event_bytes):
                    if self.cancelled.is_set():
                        return
                    self.items.put(item)
        except RemoteError as exc:
            self.items.put(Failed(exc))
        except RemoteStreamError as exc:  # an error object mid-stream, or bad JSON
            key = self._client.api_key
            if key and key in str(exc):  # servers echo
                exc = RemoteStreamError(str(exc).replace(key, "[API key]"))
            self.items.put(Failed(exc))
        except httpx2.TransportError as exc:
            if not self.cancelled.is_set():
                self.items.put(Failed(dropped(base, exc) if opened else unreachable(base, exc)))
        except (ValueError, UnicodeDecodeError) as exc:
            logging.getLogger(__name__).info("Unreadable stream from %s: %r", base, exc)
            detail = (
                Sentence("its text is not valid UTF-8")
                if isinstance(exc, UnicodeDecodeError)
                else Sentence("part of it is malformed")
            )
            self.items.put(Failed(unreadable(base, detail)))
        except Exception:  # logged: the session must get a sentence, not hang
            logging.getLogger(__name__).exception("Reading the stream from %s failed", base)
            detail = Sentence("an error inside deskchat, written to the log")
            self.items.put(Failed(unreadable(base, detail)))
        finally:
            self._finished.set()
            self.items.put(Closed())

    def _saw_bytes(self) -> None:
        self.bytes_at = time.monotonic()

    def _read_whole(self, response: httpx2.Response, limit: int) -> bytes:
        body = b""
        for part in response.iter_bytes():
            self._saw_bytes()
            body += part
            if len(body) > limit:
                raise answer_too_big(self._client.base_url, limit)
        return body

    def cancel(self) -> None:
        """Stop reading; shut the connection so the server stops generating too."""
        self.cancelled.set()
        response = self._response
        if response is None or self._finished.is_set():
            return
        stream = response.extensions.get("network_stream")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def join(self, timeout: float) -> None:
        self._thread.join(timeout)
