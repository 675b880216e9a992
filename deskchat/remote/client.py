"""The HTTP side of one remote server: headers, timeouts, and every failure as a sentence.

One ``httpx2.Client`` per server keeps its connection open between turns. The API key goes
only into the ``Authorization`` header of requests to that server; it is cut out of any
error text the server sends back before that text reaches a sentence.

A chat request never follows a redirect: httpx would turn the POST into a GET (its body
lost, an empty "answer" taken for a whole one), and a redirect to another host is where a
key or a conversation should not go unasked. It is an error naming where it pointed.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx2

from deskchat import __version__
from deskchat.remote.errors import (
    EXCERPT,
    RemoteServerError,
    redact,
    status_error,
    unreachable,
)
from deskchat.remote.wire import RemoteModel, parse_models
from deskchat.sentences import Sentence

CONNECT_TIMEOUT_S = 10.0
LIST_TIMEOUT_S = 20.0
# the longest silence while streaming: a big prompt on a slow server can take minutes
# before the first token (stop works at any moment regardless)
READ_TIMEOUT_S = 600.0
MAX_ERROR_BODY = 64 * 1024
MAX_LIST_BODY = 8 * 1024 * 1024  # a model list: thousands of models fit in far less
LIST_DEADLINE_S = 60.0  # the whole list, however slowly it trickles in


class OpenAIClient:
    def __init__(
        self,
        base_url: str,
        api_key: str | None = None,
        *,
        transport: httpx2.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._key = api_key or None
        timeout = httpx2.Timeout(CONNECT_TIMEOUT_S, read=READ_TIMEOUT_S)
        self._http = httpx2.Client(timeout=timeout, transport=transport, follow_redirects=True)

    @property
    def api_key(self) -> str | None:
        """The key this client sends (to redact it wherever a server echoes it back)."""
        return self._key

    def _headers(self) -> dict[str, str]:
        headers = {"User-Agent": f"deskchat/{__version__}", "Accept-Encoding": "identity"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    def _failed(self, response: httpx2.Response, model_id: str | None) -> Exception:
        body = b""
        with contextlib.suppress(httpx2.HTTPError):
            for part in response.iter_bytes():
                body += part
                if len(body) >= MAX_ERROR_BODY:
                    break
        return status_error(
            self.base_url,
            response.status_code,
            body.decode("utf-8", "replace"),
            response.headers,
            model_id=model_id,
            secret=self._key,
        )

    def models(self) -> list[RemoteModel]:
        """GET {base}/models: the models this server offers."""
        url = f"{self.base_url}/models"
        try:
            with self._http.stream(
                "GET", url, headers=self._headers(), timeout=LIST_TIMEOUT_S
            ) as response:
                if response.status_code >= 400:
                    raise self._failed(response, None)
                body = self._read_list(response, url)
        except httpx2.TransportError as exc:
            raise unreachable(self.base_url, exc) from exc
        try:
            return parse_models(json.loads(body))
        except (ValueError, RecursionError):
            raise RemoteServerError(
                Sentence(
                    "The server at {base} answered {url} with something that is not a model "
                    "list; check that the address is the API's base (it usually ends in /v1).",
                    base=self.base_url,
                    url=url,
                )
            ) from None

    def _read_list(self, response: httpx2.Response, url: str) -> bytes:
        """The model list's bytes, within MAX_LIST_BODY and LIST_DEADLINE_S."""
        body = b""
        started = time.monotonic()
        for part in response.iter_bytes():
            body += part
            if len(body) > MAX_LIST_BODY:
                raise RemoteServerError(
                    Sentence(
                        "The server at {base} sent a model list (from {url}) larger than "
                        "{limit} bytes; check that the address is the API's base (it usually "
                        "ends in /v1).",
                        base=self.base_url,
                        url=url,
                        limit=MAX_LIST_BODY,
                    )
                )
            if time.monotonic() - started > LIST_DEADLINE_S:
                raise RemoteServerError(
                    Sentence(
                        "The server at {base} took more than {seconds:g} seconds to send its "
                        "model list (from {url}); try again, or check the server.",
                        base=self.base_url,
                        url=url,
                        seconds=LIST_DEADLINE_S,
                    )
                )
        return body

    @contextlib.contextmanager
    def chat_stream(self, body: dict[str, Any]) -> Iterator[httpx2.Response]:
        """POST {base}/chat/completions; the open response, once the server said 200.
        Connection failures and HTTP errors raise sentences; failures while reading the
        response are the caller's (the answer has begun by then)."""
        url = f"{self.base_url}/chat/completions"
        headers = {**self._headers(), "Accept": "text/event-stream"}
        with contextlib.ExitStack() as stack:
            try:
                response = stack.enter_context(
                    self._http.stream(
                        "POST", url, json=body, headers=headers, follow_redirects=False
                    )
                )
            except httpx2.TransportError as exc:
                raise unreachable(self.base_url, exc) from exc
            if response.is_redirect or 300 <= response.status_code < 400:
                raise self._redirected(response)
            if response.status_code >= 400:
                raise self._failed(response, str(body.get("model") or "") or None)
            yield response

    def _redirected(self, response: httpx2.Response) -> RemoteServerError:
        where = response.headers.get("location", "").strip()
        return RemoteServerError(
            Sentence(
                "The server at {url} answered the chat request with a redirect (HTTP "
                "{status}) to {where}; deskchat does not follow redirects for chat requests, "
                "so if that address is right, use it as the server's address instead.",
                url=self.base_url,
                status=str(response.status_code),
                where=redact(where, self._key)[:EXCERPT] if where else Sentence("nowhere"),
            )
        )

    def close(self) -> None:
        self._http.close()
