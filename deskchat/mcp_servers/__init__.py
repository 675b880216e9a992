"""MCP servers: the ``mcp.json`` list a person keeps (secrets in the keyring), and the hub
that starts each server on first use, lists its tools as ``ToolSpec`` and runs calls with a
time limit (the official ``mcp`` SDK, on a private event-loop thread). Qt-free."""
