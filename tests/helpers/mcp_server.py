"""A small stdio MCP server for the tests, written with the official SDK (``MCPServer``, the
SDK 2 name of FastMCP). Run it as ``python tests/helpers/mcp_server.py [--mode MODE]``:

- ``normal``: tools ``echo``, ``add``, ``slow`` (sleeps ``seconds``), ``crash`` (the process
  exits mid-call), ``fail`` (an isError result), ``picture`` (an image), ``env`` (reads an
  environment variable, to show that ``env`` reaches the server);
- ``hang``: never answers the initialize request;
- ``garbage``: writes lines that are not JSON-RPC instead of answering;
- ``die``: exits at once, before saying anything.

``--http-port N`` serves the normal tools over streamable HTTP on 127.0.0.1 instead (with a
``header`` tool that reads the request's headers).

``MCP_TEST_STARTS`` names a file that gets one line per start, so a test can count restarts.
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import time
from pathlib import Path

from mcp.server.mcpserver import Context, Image, MCPServer

server = MCPServer("deskchat-test")


@server.tool()
def echo(text: str) -> str:
    """Say the text back."""
    return text


@server.tool()
def add(a: int, b: int) -> str:
    """Add two whole numbers."""
    return str(a + b)


@server.tool()
def slow(seconds: float) -> str:
    """Wait for a while, then answer."""
    time.sleep(seconds)
    return "done"


@server.tool()
def crash() -> str:
    """End the server's process in the middle of the call."""
    os._exit(3)


@server.tool()
def fail() -> str:
    """Fail the way a tool fails (an error result)."""
    raise ValueError("the tool could not do it")


@server.tool()
def picture() -> Image:
    """A 1x1 PNG."""
    png = base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    return Image(data=png, format="png")


@server.tool()
def env(name: str) -> str:
    """The value of an environment variable of the server."""
    return os.environ.get(name, "")


@server.tool()
def header(name: str, ctx: Context) -> str:
    """The value of a header of the HTTP request that made the call."""
    request = ctx.request_context.request
    return str(request.headers.get(name, "")) if request is not None else ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="normal", choices=["normal", "hang", "garbage", "die"])
    parser.add_argument("--http-port", type=int, help="serve streamable HTTP on 127.0.0.1")
    options = parser.parse_args()
    mode = options.mode
    starts = os.environ.get("MCP_TEST_STARTS")
    if starts:
        with Path(starts).open("a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
    if mode == "die":
        sys.exit(2)
    if mode == "hang":
        while True:
            time.sleep(60)
    if mode == "garbage":
        for line in sys.stdin:
            sys.stdout.write("this is not json-rpc " + line[:20] + "\n")
            sys.stdout.flush()
        return
    if options.http_port:
        server.run("streamable-http", host="127.0.0.1", port=options.http_port)
        return
    server.run("stdio")


if __name__ == "__main__":
    main()
