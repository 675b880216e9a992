"""Who may use the API: the key, web pages (CORS origins), and the names a key-less
server answers to."""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Callable
from email.message import Message

from deskchat.server.errors import ApiError

LOCAL_NAMES = {"localhost", "localhost.localdomain"}


def check_access(
    headers: Message,
    *,
    preflight: bool,
    api_key: str | None,
    local_only: bool,
    allows_origin: Callable[[str], bool],
) -> None:
    """Raise the 401/403 this request deserves, if any."""
    if local_only and not addressed_locally(headers.get("Host")):
        raise ApiError(
            403,
            f"This server answers only requests addressed to localhost or 127.0.0.1, not "
            f"{headers.get('Host')!r}; start it with an API key to serve other names.",
        )
    origin = headers.get("Origin")
    if origin and not allows_origin(origin):
        raise ApiError(
            403,
            f"Requests from web pages ({origin}) are refused; start the server with "
            f"--cors {origin} to allow that page.",
        )
    if api_key and not preflight:  # a CORS preflight never carries the key
        scheme, _, key = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise ApiError(
                401,
                "This server needs an API key: send it as 'Authorization: Bearer KEY'.",
                code="invalid_api_key",
            )
        if not hmac.compare_digest(key.strip().encode(), api_key.encode()):
            raise ApiError(
                401, "The API key is not the one this server expects.", code="invalid_api_key"
            )


def addressed_locally(host: str | None) -> bool:
    """Whether a Host header names this machine. A web page that points its own domain
    name at 127.0.0.1 (DNS rebinding) must not reach a server that has no key."""
    if not host:
        return True
    name = host[1 : host.find("]")] if host.startswith("[") else host.rpartition(":")[0]
    name = (name or host).lower()
    if name in LOCAL_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
