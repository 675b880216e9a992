"""A stdio MCP server with ONE tool, for the agent loop's tests: a tiny random model held to
the call grammar calls whatever it is offered, so offering one tool decides which it calls.
``python tests/helpers/mcp_agent_server.py --tool ping|wait``:

- ``ping``: answers "pong from the test server" at once;
- ``wait``: sleeps 30 seconds (a tool past any time limit the tests set).
"""

from __future__ import annotations

import argparse
import time

from mcp.server.mcpserver import MCPServer


def ping() -> str:
    """Answer at once."""
    return "pong from the test server"


def wait() -> str:
    """Take a long time to answer."""
    time.sleep(30)
    return "done at last"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tool", choices=["ping", "wait"], default="ping")
    options = parser.parse_args()
    server = MCPServer("deskchat-agent-test")
    server.tool()(ping if options.tool == "ping" else wait)
    server.run("stdio")


if __name__ == "__main__":
    main()
