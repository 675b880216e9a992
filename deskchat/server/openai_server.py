"""deskchat's loaded model behind an OpenAI-compatible HTTP API, run in-process on a
background thread (by `deskchat serve`, and by the window's server switch, which get it as
a ``ServerFactory`` from the program's entry point)."""

from __future__ import annotations

import threading
from types import TracebackType

from deskchat.server.api import Api
from deskchat.server.httpd import ApiHTTPServer
from deskchat.server.records import RequestLog
from deskchat.services.api_server import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    Listener,
    ServedRequest,
    ServerError,
    bind_failure,
    is_loopback,
)
from deskchat.services.api_turns import ApiTurns

MAX_BODY = 1 << 20  # 1 MiB: about 250,000 tokens of text, far beyond any context window


class OpenAIServer:
    """Serves the engine's loaded model at ``/v1/models``, ``/v1/chat/completions`` and
    ``/v1/completions`` until ``stop``.

    Requests share the engine with the app: they wait while the app's own answer streams,
    prompts are flattened through the model's template as in the app's chats, and a client
    that hangs up cancels its own generation only. ``recent``/``active`` and listeners show
    what is being served. A host other than loopback needs ``api_key``.
    """

    def __init__(
        self,
        turns: ApiTurns,
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        api_key: str | None = None,
        cors_origin: str = "",
        max_body: int = MAX_BODY,
    ) -> None:
        loopback = is_loopback(host)
        api_key = (api_key or "").strip() or None  # a blank key is no key: none could match
        if not api_key and not loopback:
            raise ServerError(
                f"Serving on {host or 'every address'} would let other machines use your "
                "model, so it needs an API key (--api-key, DESKCHAT_API_KEY, or the keyring "
                "entry server-api-key); or serve on 127.0.0.1."
            )
        self._turns = turns
        self._host, self._port = host, port
        self._api_key = api_key or None
        self._cors = tuple(o.strip().rstrip("/") for o in cors_origin.split(",") if o.strip())
        self._local_only = loopback and not api_key
        self._max_body = max_body
        self._api = Api(turns)
        self._log = RequestLog()
        self._httpd: ApiHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> None:
        """Listen and serve on a background thread; ``ServerError`` if the address is
        taken or unusable."""
        if self._httpd is not None:
            return
        try:
            httpd = ApiHTTPServer(
                (self._host, self._port),
                turns=self._turns,
                api=self._api,
                log=self._log,
                api_key=self._api_key,
                cors=self._cors,
                max_body=self._max_body,
                local_only=self._local_only,
            )
        except OSError as exc:
            raise ServerError(bind_failure(exc, self._host, self._port)) from None
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.2}, name="deskchat-api"
        )
        self._thread.daemon = True
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening, cancel the generations of requests in progress (never the app's
        own) and close their connections; waits up to ``timeout`` seconds for them."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._httpd = self._thread = None
        httpd.shutdown()
        httpd.close_all(timeout)
        httpd.server_close()
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._httpd is not None

    @property
    def address(self) -> tuple[str, int]:
        """(host, port) actually listened on (the port is chosen when 0 was asked)."""
        if self._httpd is None:
            return self._host, self._port
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        """The base URL clients take, e.g. ``http://127.0.0.1:8765/v1``."""
        host, port = self.address
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/v1"

    @property
    def needs_key(self) -> bool:
        return self._api_key is not None

    def __enter__(self) -> OpenAIServer:
        self.start()
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what is being served --------------------------------------------------------------

    def recent(self) -> list[ServedRequest]:
        """The last finished requests, oldest first."""
        return self._log.recent()

    def active(self) -> list[ServedRequest]:
        """Requests being answered or waiting for the engine now."""
        return self._log.active()

    def add_listener(self, listener: Listener) -> None:
        """Call ``listener`` as each request starts and ends, on the server's threads."""
        self._log.add_listener(listener)

    def remove_listener(self, listener: Listener) -> None:
        self._log.remove_listener(listener)
