"""What can go wrong talking to a remote server, each as one sentence for the person.

Network failures name the server and the likely cause; HTTP answers are sorted by what the
person can do about them (fix the key, pick another model, wait, try later). A server's
own error text is quoted when it helps, with the API key cut out of it first.
"""

from __future__ import annotations

import email.utils
import json
import logging
import time
from collections.abc import Mapping

from deskchat.errors import AnswerInterruptedError, DeskchatError
from deskchat.hub.network import why_unreachable
from deskchat.sentences import Sentence

log = logging.getLogger(__name__)

EXCERPT = 200  # longest piece of a server's error text quoted in a sentence


class RemoteError(DeskchatError):
    """A remote server could not be used; ``str()`` is the sentence."""


class RemoteUnreachableError(RemoteError):
    """Connection refused, unknown host, TLS failure or no answer in time."""


class RemoteAuthError(RemoteError):
    """HTTP 401/403: the API key is missing, wrong or not allowed."""


class RemoteModelNotFoundError(RemoteError):
    """The server does not have the model (or the address has no such API)."""


class RemoteRateLimitError(RemoteError):
    """HTTP 429; ``retry_after_s`` when the server said how long to wait."""

    def __init__(self, message: str | Sentence, retry_after_s: float | None = None) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class RemoteServerError(RemoteError):
    """HTTP 5xx, or any other refusal of the request."""


class RemoteStreamError(AnswerInterruptedError):
    """The stream broke off or became unreadable after the answer had begun: the text
    so far is kept and marked interrupted."""


def redact(text: str, secret: str | None) -> str:
    """``text`` with every occurrence of ``secret`` replaced (servers echo keys back)."""
    if secret and len(secret) >= 4:
        return text.replace(secret, "[API key]")
    return text


def unreachable(base_url: str, exc: BaseException) -> RemoteUnreachableError:
    why = why_unreachable(exc)
    if why is None:
        return RemoteUnreachableError(
            Sentence(
                "The server at {url} cannot be reached; check the address and that the "
                "server is running.",
                url=base_url,
            )
        )
    return RemoteUnreachableError(
        Sentence(
            "The server at {url} cannot be reached ({why}); check the address and that the "
            "server is running.",
            url=base_url,
            why=why,
        )
    )


def dropped(base_url: str, exc: BaseException | None = None) -> RemoteStreamError:
    if exc is not None:  # the kind of break is for the log; the person reads what happened
        log.info("The stream from %s broke off: %s: %s", base_url, type(exc).__name__, exc)
    return RemoteStreamError(
        Sentence(
            "The connection to the server at {url} was lost mid-answer; the text that "
            "arrived is kept.",
            url=base_url,
        )
    )


def unreadable(base_url: str, detail: Sentence) -> RemoteStreamError:
    return RemoteStreamError(
        Sentence(
            "The server at {url} sent an answer deskchat cannot read ({detail}); the text "
            "that arrived is kept.",
            url=base_url,
            detail=detail,
        )
    )


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: a number, or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def server_message(body: str, secret: str | None) -> str:
    """The human part of an error body: OpenAI's {"error": {"message"}}, a plain
    {"error": "..."} or {"detail": "..."}, else the text itself; short and redacted."""
    text = body.strip()
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if isinstance(error, str):
            text = error
    text = " ".join(redact(text, secret).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def status_error(
    base_url: str,
    status: int,
    body: str,
    headers: Mapping[str, str],
    *,
    model_id: str | None = None,
    secret: str | None = None,
) -> RemoteError:
    """The sentence for an HTTP error answer from ``base_url``."""
    said = server_message(body, secret)
    quoted = f": {said}" if said else ""
    if status in (401, 403):
        return RemoteAuthError(
            Sentence(
                "The server at {url} refused the API key (HTTP {status:d}); set the right key "
                "for this server (in the app: remove and add it again under Remote servers; "
                "in a terminal: deskchat endpoints add NAME URL --key-stdin).",
                url=base_url,
                status=status,
            )
        )
    if status == 404:
        what = (
            Sentence("the model “{model}”", model=model_id)
            if model_id
            else Sentence("the requested API")
        )
        return RemoteModelNotFoundError(
            Sentence(
                "The server at {url} does not have {what} (HTTP 404{quoted}); check the "
                "address (it usually ends in /v1) and the model's name in the server's model "
                "list.",
                url=base_url,
                what=what,
                quoted=quoted,
            )
        )
    if status == 429:
        wait = retry_after_seconds(headers.get("retry-after"))
        when = (
            Sentence("try again in {n} seconds", n=max(1, round(wait)))
            if wait is not None
            else Sentence("wait a moment and try again")
        )
        return RemoteRateLimitError(
            Sentence(
                "The server at {url} is limiting requests (HTTP 429{quoted}); {when}.",
                url=base_url,
                quoted=quoted,
                when=when,
            ),
            wait,
        )
    if status >= 500:
        return RemoteServerError(
            Sentence(
                "The server at {url} had an internal error (HTTP {status:d}{quoted}); try "
                "again shortly.",
                url=base_url,
                status=status,
                quoted=quoted,
            )
        )
    return RemoteServerError(
        Sentence(
            "The server at {url} refused the request (HTTP {status:d}{quoted}).",
            url=base_url,
            status=status,
            quoted=quoted,
        )
    )
