"""An OpenAI-compatible HTTP API over deskchat's engine (Qt-free): `deskchat serve`, and
the window's server switch. ``OpenAIServer`` is the one class to start and stop; the other
faces get it as a ``deskchat.services.api_server.ServerFactory`` from the entry point."""

from deskchat.server.openai_server import OpenAIServer

__all__ = ["OpenAIServer"]
