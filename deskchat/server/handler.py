"""HTTP for the API: routing, access checks, bodies, JSON and server-sent events.

The standard library's threading HTTP server is enough here: one engine answers one
request at a time anyway, so a thread per connection waiting its turn costs nothing, and
it adds no dependency. Streams use HTTP/1.1 chunked encoding so connections are reused.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import urlsplit

from deskchat.logs import bug_sentence
from deskchat.server.access import check_access
from deskchat.server.api import Api, JsonReply, Reply, StreamReply
from deskchat.server.errors import ApiError, error_body
from deskchat.server.records import Progress, RequestLog
from deskchat.server.requests import parse_json
from deskchat.server.watch import DisconnectWatch
from deskchat.services.engine_port import CallerEngine

ROUTES = {
    "/v1/models": ("GET", "models"),
    "/v1/chat/completions": ("POST", "chat"),
    "/v1/completions": ("POST", "completions"),
    "/v1/embeddings": ("POST", "embeddings"),
}
IDLE_TIMEOUT_S = 120  # an idle keep-alive connection, or a client that stops reading
DRAIN_LIMIT = 16 << 20  # an oversized body is read and dropped up to this, then cut off

log = logging.getLogger(__name__)


class Listening(Protocol):
    """What a request's handler needs of the listening server (``ApiHTTPServer``)."""

    api: Api
    log: RequestLog
    api_key: str | None
    cors: tuple[str, ...]
    max_body: int
    local_only: bool

    @property
    def closing(self) -> bool: ...

    def allows_origin(self, origin: str) -> bool: ...

    def open_caller(self) -> CallerEngine: ...

    def release_caller(self, caller: CallerEngine) -> None: ...


def _json_bytes(body: Any) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "deskchat"
    sys_version = ""
    disable_nagle_algorithm = True  # small stream chunks must leave at once
    timeout = IDLE_TIMEOUT_S
    server: Listening  # type: ignore[assignment]
    _body_left = 0  # bytes of the request body not read yet
    _streaming = False  # a stream's headers are out: an error can no longer be a status
    _chunked = True

    def log_message(self, format: str, *args: Any) -> None:
        """Requests go to the server's RequestLog, not to stderr."""

    def handle_expect_100(self) -> bool:
        # an oversized body is refused before the client sends it (do_POST answers 413)
        if self._declared_length() > self.server.max_body:
            return True
        return super().handle_expect_100()

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def do_OPTIONS(self) -> None:
        self._serve("OPTIONS")

    # -- one request ---------------------------------------------------------------------

    def _serve(self, method: str) -> None:
        path = urlsplit(self.path).path
        record = self.server.log.begin(self.client_address[0], method, path)
        progress = Progress()
        self._body_left = self._declared_length() if method in ("POST", "PUT") else 0
        self._streaming = False
        try:
            status = self._answer(method, path, progress)
        except ApiError as exc:
            status = exc.status
            progress.error = progress.error or exc.message
            self._send_json(exc.status, exc.body())
        except OSError:  # the connection broke while the request was being read
            status = 499  # nginx's "client closed request", for the log
            self._client_gone(progress)
        except Exception as exc:  # a bug: the client still gets an answer, the log the cause
            log.exception("The API server failed on %s %s", method, path)
            status = 500
            progress.error = bug_sentence(exc)  # names the log, never the bug's insides
            if self._streaming:
                self.close_connection = True
            else:
                self._send_json(500, error_body(progress.error, "server_error"))
        finally:
            self._drain()
        self.server.log.end(
            replace(
                record,
                model=progress.model,
                stream=progress.stream,
                prompt_tokens=progress.prompt_tokens,
                completion_tokens=progress.completion_tokens,
                finish_reason=progress.finish_reason,
                error=progress.error,
            ),
            status,
        )

    def _answer(self, method: str, path: str, progress: Progress) -> int:
        self._check_access()
        if method == "OPTIONS":
            return self._preflight()
        route = ROUTES.get(path.rstrip("/")) or ROUTES.get("/v1" + path.rstrip("/"))
        if route is None:
            raise ApiError(
                404,
                f"There is nothing at {path}; this server answers GET /v1/models, "
                "POST /v1/chat/completions, POST /v1/completions and POST /v1/embeddings.",
            )
        expected, name = route
        if method != expected:
            raise ApiError(405, f"{path} takes {expected} requests, not {method}.")
        api = self.server.api
        if name == "models":
            return self._send(api.list_models(), progress)
        body = parse_json(self._read_body())
        if name == "embeddings":  # the embedding engine's, not a chat engine caller's
            return self._send(api.embeddings(body, progress), progress)
        caller = self.server.open_caller()
        try:
            with DisconnectWatch(self.connection, caller.close) as watch:
                endpoint = api.chat if name == "chat" else api.completions
                status = self._send(endpoint(body, caller, progress), progress)
            if watch.fired:
                self._client_gone(progress)
            return status
        finally:
            self.server.release_caller(caller)

    # -- access --------------------------------------------------------------------------

    def _check_access(self) -> None:
        server = self.server
        check_access(
            self.headers,
            preflight=self.command == "OPTIONS",
            api_key=server.api_key,
            local_only=server.local_only,
            allows_origin=server.allows_origin,
        )

    def _preflight(self) -> int:
        if not self.server.cors:
            raise ApiError(
                405, "OPTIONS is answered only when CORS is enabled (deskchat serve --cors)."
            )
        self.send_response(204)
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        self.send_header("Access-Control-Allow-Headers", requested or "Authorization, Content-Type")
        self.send_header("Access-Control-Max-Age", "600")
        self.send_header("Content-Length", "0")
        self.end_headers()
        return 204

    def _cors_headers(self) -> None:
        origin = self.headers.get("Origin")
        if self.server.cors and origin and self.server.allows_origin(origin):
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    # -- bodies --------------------------------------------------------------------------

    def _declared_length(self) -> int:
        try:
            return max(0, int(self.headers.get("Content-Length", "0")))
        except ValueError:
            return 0

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            self.close_connection = True
            raise ApiError(411, "Send the body with a Content-Length; chunked bodies are refused.")
        if self.headers.get("Content-Length") is None:
            raise ApiError(411, "A POST request needs a Content-Length header.")
        length = self._declared_length()
        if length > self.server.max_body:
            raise ApiError(
                413,
                f"The request body is {length:,} bytes; this server takes at most "
                f"{self.server.max_body:,}.",
                code="request_too_large",
            )
        data = self.rfile.read(length)
        self._body_left = 0
        if len(data) < length:
            self.close_connection = True
            raise ApiError(400, "The request body ended before its Content-Length.")
        return data

    def _drain(self) -> None:
        """An unread body is read and dropped (bounded), so the client gets the error
        instead of a reset connection; the connection then closes."""
        left, self._body_left = self._body_left, 0
        if not left:
            return
        self.close_connection = True
        if left > DRAIN_LIMIT:
            return
        try:
            self.connection.settimeout(2.0)
            while left > 0:
                chunk = self.rfile.read(min(left, 1 << 16))
                if not chunk:
                    break
                left -= len(chunk)
        except OSError:
            pass

    # -- replies -------------------------------------------------------------------------

    def _send(self, reply: Reply, progress: Progress) -> int:
        if isinstance(reply, JsonReply):
            self._send_json(reply.status, reply.body)
            return reply.status
        return self._send_stream(reply, progress)

    def _send_json(self, status: int, body: dict[str, Any]) -> None:
        data = _json_bytes(body)
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self._cors_headers()
            if self._body_left or self.close_connection:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            self.close_connection = True

    def _send_stream(self, reply: StreamReply, progress: Progress) -> int:
        self._streaming = True
        # HTTP/1.1 clients get chunks (the connection stays open); HTTP/1.0 ones, the end
        # of the stream as the end of the connection
        self._chunked = self.request_version != "HTTP/1.0"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-cache")
            if self._chunked:
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            self.send_header("X-Accel-Buffering", "no")
            self._cors_headers()
            self.end_headers()
            for chunk in reply.chunks:
                self._event(b"data: " + _json_bytes(chunk) + b"\n\n")
            self._event(b"data: [DONE]\n\n")
            if self._chunked:
                self.wfile.write(b"0\r\n\r\n")
        except OSError:
            self._client_gone(progress)
        finally:
            close = getattr(reply.chunks, "close", None)
            if close is not None:
                close()
            reply.close()
        return 200

    def _client_gone(self, progress: Progress) -> None:
        self.close_connection = True
        progress.error = "the server stopped" if self.server.closing else "the client went away"
        progress.finish_reason = progress.finish_reason or "cancelled"

    def _event(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%b\r\n" % (len(data), data) if self._chunked else data)
