"""A loopback OpenAI-compatible server (``GET /v1/models``, ``POST /v1/chat/completions``)
with the faults a real one shows, for testing deskchat as a client.

One ThreadingHTTPServer on 127.0.0.1 in a daemon thread, speaking HTTP/1.1 with chunked
server-sent events as llama-server, vLLM and OpenAI do. Switches (plain attributes, set
them before the request):

* ``api_key``: required as ``Authorization: Bearer …`` (401 otherwise, with the offered key
  echoed in the error text, as OpenAI does);
* ``fail_status`` / ``retry_after`` / ``error_message``: answer every chat request so;
* ``omit_usage``: no usage chunk (older Ollama, LM Studio);
* ``drop_after``: cut the connection after that many text chunks;
* ``malformed_after``: send a line that is not JSON after that many text chunks;
* ``chunk_delay_s`` (between chunks) and ``silent_s`` (before the answer's headers);
* ``context_length``: published in the model list as ``context_length``;
* ``redirect_to``: answer chat requests with a 302 to that address;
* ``list_chunk_delay_s``: send the model list 64 bytes at a time, with that delay between.

Misbehaving servers, each sending until the client leaves (or ``close``), at most
``MISBEHAVE_CAP`` bytes so that a client that never stops cannot fill the machine:

* ``endless``: text pieces forever, ignoring ``max_tokens``;
* ``huge_event_bytes``: after the first piece, one event with that much text;
* ``endless_line``: after the first piece, one line that never ends;
* ``stall_after``: that many pieces, then silence (the connection stays open).

Every request is recorded (method, path, headers, JSON body) so tests can check what was
sent; ``disconnects`` counts streams the client closed before their end.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MISBEHAVE_CAP = 256 * 1024 * 1024  # bytes a misbehaving mode sends at most
MISBEHAVE_S = 60.0  # and for how long


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    headers: dict[str, str]  # lower-case names
    body: dict[str, Any] | None


@dataclass
class FakeOpenAI:
    models: tuple[str, ...] = ("fake-model",)
    api_key: str | None = None
    answer: str = "Hello from the fake server, nice to meet you."
    context_length: int | None = None
    omit_usage: bool = False
    fail_status: int | None = None
    retry_after: str | None = None
    error_message: str = "something went wrong"
    drop_after: int | None = None
    malformed_after: int | None = None
    error_after: int | None = None  # send an {"error": ...} object after N pieces
    chunk_delay_s: float = 0.0
    silent_s: float = 0.0
    redirect_to: str | None = None
    list_chunk_delay_s: float = 0.0  # the model list trickles out, 64 bytes per delay
    endless: bool = False
    huge_event_bytes: int | None = None
    endless_line: bool = False
    stall_after: int | None = None
    sent_bytes: int = 0  # by the misbehaving modes
    requests: list[Recorded] = field(default_factory=list)
    sent_usage: list[dict[str, int]] = field(default_factory=list)
    disconnects: int = 0
    server_errors: list[str] = field(default_factory=list)
    connections: set[socket.socket] = field(default_factory=set)
    connections_made: int = 0

    def __post_init__(self) -> None:
        fake = self
        self.stopping = threading.Event()

        class Handler(_Handler):
            server_state = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._server.block_on_close = False  # type: ignore[attr-defined]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def chat_requests(self) -> list[Recorded]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def close(self) -> None:
        """Stop listening and cut every open connection (keep-alive ones too), as a server
        that went away does."""
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        for connection in list(self.connections):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


def _prompt_tokens(messages: list[dict[str, Any]]) -> int:
    """The fake's own tokenizer: words, plus 3 per message (distinct from any estimate)."""
    return sum(len(str(m.get("content", "")).split()) + 3 for m in messages)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_state: FakeOpenAI

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.server_state.connections.add(self.connection)
        self.server_state.connections_made += 1

    def finish(self) -> None:
        self.server_state.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    # -- plumbing ---------------------------------------------------------------------------

    def _record(self, body: dict[str, Any] | None) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server_state.requests.append(Recorded(self.command, self.path, headers, body))

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)

    def _authorized(self) -> bool:
        key = self.server_state.api_key
        offered = self.headers.get("Authorization", "")
        if key is None or offered == f"Bearer {key}":
            return True
        self._json(
            401,
            {
                "error": {
                    "message": f"Incorrect API key provided: {offered.removeprefix('Bearer ')}",
                    "type": "invalid_request_error",
                    "code": "invalid_api_key",
                }
            },
        )
        return False

    def _guarded(self, work: Any) -> None:
        try:
            work()
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.server_state.disconnects += 1
            self.close_connection = True
        except Exception:  # noqa: BLE001 - reported to the test, not swallowed
            self.server_state.server_errors.append(traceback.format_exc())
            self.close_connection = True

    # -- endpoints ----------------------------------------------------------------------------

    def do_GET(self) -> None:
        self._guarded(self._get)

    def do_POST(self) -> None:
        self._guarded(self._post)

    def _get(self) -> None:
        self._record(None)
        if self.path.rstrip("/") != "/v1/models":
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        if not self._authorized():
            return
        state = self.server_state
        data = []
        for model in state.models:
            entry: dict[str, Any] = {"id": model, "object": "model", "owned_by": "fake"}
            if state.context_length:
                entry["context_length"] = state.context_length
            data.append(entry)
        if state.list_chunk_delay_s:  # trickle the list out, 64 bytes at a time
            payload = json.dumps({"object": "list", "data": data}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(payload), 64):
                if state.stopping.wait(state.list_chunk_delay_s):
                    return
                self._chunk(payload[start : start + 64])
            self.wfile.write(b"0\r\n\r\n")
            return
        self._json(200, {"object": "list", "data": data})

    def _post(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        self._record(body)
        state = self.server_state
        if self.path != "/v1/chat/completions":
            self._json(404, {"error": {"message": f"no route {self.path}"}})
            return
        if not self._authorized():
            return
        if state.redirect_to is not None:
            self.send_response(302)
            self.send_header("Location", state.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if state.fail_status is not None:
            extra = {"Retry-After": state.retry_after} if state.retry_after else {}
            self._json(state.fail_status, {"error": {"message": state.error_message}}, extra)
            return
        if body.get("model") not in state.models:
            message = f"The model `{body.get('model')}` does not exist"
            self._json(404, {"error": {"message": message, "code": "model_not_found"}})
            return
        if state.silent_s:
            time.sleep(state.silent_s)
        words = state.answer.split(" ")
        pieces = [words[0], *(" " + w for w in words[1:])]
        limit = int(body.get("max_tokens") or len(pieces))
        finish = "length" if len(pieces) > limit else "stop"
        pieces = pieces[:limit]
        usage = {
            "prompt_tokens": _prompt_tokens(body.get("messages", [])),
            "completion_tokens": len(pieces),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        if not body.get("stream"):
            message = {"role": "assistant", "content": "".join(pieces)}
            self._json(
                200,
                {
                    "object": "chat.completion",
                    "choices": [{"index": 0, "message": message, "finish_reason": finish}],
                    "usage": None if state.omit_usage else usage,
                },
            )
            return
        self._stream(pieces, finish, usage)

    def _stream(self, pieces: list[str], finish: str, usage: dict[str, int]) -> None:
        state = self.server_state
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        base = {"id": "chatcmpl-fake", "object": "chat.completion.chunk", "model": "fake"}
        self._event({**base, "choices": [{"index": 0, "delta": {"role": "assistant"}}]})
        if self._misbehave(base):
            return
        for n, piece in enumerate(pieces):
            if state.drop_after is not None and n >= state.drop_after:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)  # mid-answer, no closing chunk
                self.close_connection = True
                return
            if state.malformed_after is not None and n >= state.malformed_after:
                self._chunk(b"data: {this is not json\n\n")
                break
            if state.error_after is not None and n >= state.error_after:
                self._event({"error": {"message": state.error_message, "type": "server_error"}})
                self._chunk(b"data: [DONE]\n\n")
                break
            delta = {"index": 0, "delta": {"content": piece}, "finish_reason": None}
            self._event({**base, "choices": [delta]})
            if state.chunk_delay_s:
                time.sleep(state.chunk_delay_s)
        else:
            self._event({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": finish}]})
            if not state.omit_usage:
                self._event({**base, "choices": [], "usage": usage})
                state.sent_usage.append(usage)
            self._chunk(b"data: [DONE]\n\n")
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def _misbehave(self, base: dict[str, Any]) -> bool:
        """The misbehaving modes; True when one ran (the connection is then spent)."""
        state = self.server_state
        if not (
            state.endless
            or state.huge_event_bytes
            or state.endless_line
            or state.stall_after is not None
        ):
            return False
        self.close_connection = True

        def piece(text: str) -> None:
            delta = {"index": 0, "delta": {"content": text}, "finish_reason": None}
            self._event({**base, "choices": [delta]})

        if state.stall_after is not None:
            for n in range(state.stall_after):
                piece(f"p{n} ")
            state.stopping.wait(MISBEHAVE_S)  # silent, the connection open
            return True
        piece("Hello")
        if state.endless_line:
            self._chunk(b"data: ")
        started = time.monotonic()
        while state.sent_bytes < MISBEHAVE_CAP and time.monotonic() - started < MISBEHAVE_S:
            if state.stopping.is_set():
                return True
            if state.endless:
                piece(" more")
            elif state.huge_event_bytes:
                head = b'data: {"choices": [{"index": 0, "delta": {"content": "'
                self._chunk(head)
                left = state.huge_event_bytes
                while left > 0 and not state.stopping.is_set():
                    self._chunk(b"x" * min(left, 64 * 1024))
                    left -= 64 * 1024
                self._chunk(b'"}}]}\n\n')
                state.stopping.wait(MISBEHAVE_S)
                return True
            else:
                self._chunk(b"y" * 64 * 1024)
        return True

    def _chunk(self, data: bytes) -> None:
        self.server_state.sent_bytes += len(data)
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _event(self, data: dict[str, Any]) -> None:
        self._chunk(f"data: {json.dumps(data)}\n\n".encode())
