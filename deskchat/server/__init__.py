"""An OpenAI-compatible HTTP API over deskchat's engine (Qt-free): `deskchat serve`, and
the window's server switch. ``OpenAIServer`` is the one class to start and stop."""

from deskchat.server.errors import ServerError
from deskchat.server.openai_server import DEFAULT_HOST, DEFAULT_PORT, OpenAIServer, is_loopback
from deskchat.server.records import ServedRequest

__all__ = [
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "OpenAIServer",
    "ServedRequest",
    "ServerError",
    "is_loopback",
]
