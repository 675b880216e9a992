"""One MCP server as ``mcp.json`` describes it, the format Claude Desktop, LM Studio and
Cursor share::

    {"mcpServers": {
        "files": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem"],
                  "env": {"TOKEN": "..."}},
        "web":   {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ..."}}
    }}

``read_servers`` turns such a document into ``ServerConfig`` values and sentences for the
entries it had to leave out; ``ServerConfig.to_json`` writes an entry back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from deskchat.mcp_servers.errors import McpConfigError
from deskchat.sentences import Sentence

# "type" values other apps write; stdio and streamable HTTP are the ones the SDK speaks here
_STDIO_TYPES = ("stdio",)
_HTTP_TYPES = ("http", "streamable-http", "streamableHttp", "streamable_http")


@dataclass(frozen=True)
class ServerConfig:
    """A stdio server (``command`` + ``args`` + ``env``) or a streamable-HTTP one (``url`` +
    ``headers``). ``env`` and ``headers`` hold the values as they will be used."""

    name: str
    command: str | None = None
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict, hash=False)
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        check_name(self.name)
        if (self.command is None) == (self.url is None):
            raise McpConfigError(
                Sentence('The MCP server "{name}" needs either a command or a url.', name=self.name)
            )
        if self.command is not None and not self.command.strip():
            raise McpConfigError(
                Sentence('The MCP server "{name}" has an empty command.', name=self.name)
            )
        if self.url is not None:
            check_url(self.name, self.url)

    @property
    def is_stdio(self) -> bool:
        return self.command is not None

    @property
    def where(self) -> str:
        """The command line or the address, for lists."""
        if self.command is not None:
            return " ".join([self.command, *self.args])
        return str(self.url)

    def to_json(self) -> dict[str, Any]:
        if self.command is not None:
            entry: dict[str, Any] = {"command": self.command, "args": list(self.args)}
            if self.env:
                entry["env"] = dict(self.env)
            return entry
        entry = {"url": self.url}
        if self.headers:
            entry["headers"] = dict(self.headers)
        return entry


def check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise McpConfigError(Sentence("An MCP server needs a name."))
    if len(name) > 64 or "/" in name or any(ord(c) < 32 for c in name):
        raise McpConfigError(
            Sentence(
                "“{name}” cannot be the name of an MCP server: at most 64 characters, no "
                "slashes or line breaks.",
                name=name[:80],
            )
        )
    return name


def check_url(name: str, url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise McpConfigError(
            Sentence(
                'The address {url} of the MCP server "{name}" must start with http:// or '
                "https:// and name a host.",
                url=url,
                name=name,
            )
        )


def _text_map(name: str, what: str, value: object) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str | int | float) and not isinstance(v, bool)
        for k, v in value.items()
    ):
        raise McpConfigError(
            Sentence(
                'The "{what}" of the MCP server "{name}" must be an object of text values.',
                what=what,
                name=name,
            )
        )
    return {str(k): str(v) for k, v in value.items()}


def server_from_json(name: str, entry: object) -> ServerConfig:
    """One entry of ``mcpServers``; a sentence when it is not one."""
    check_name(name)
    if not isinstance(entry, Mapping):
        raise McpConfigError(
            Sentence('The entry of the MCP server "{name}" must be an object.', name=name)
        )
    kind = entry.get("type", entry.get("transport"))
    if kind is not None and kind not in _STDIO_TYPES + _HTTP_TYPES:
        raise McpConfigError(
            Sentence(
                'The MCP server "{name}" uses the transport "{kind}"; deskchat speaks stdio '
                "and streamable HTTP.",
                name=name,
                kind=str(kind)[:40],
            )
        )
    command, url = entry.get("command"), entry.get("url", entry.get("serverUrl"))
    if command is not None and not isinstance(command, str):
        raise McpConfigError(
            Sentence('The command of the MCP server "{name}" must be text.', name=name)
        )
    if url is not None and not isinstance(url, str):
        raise McpConfigError(
            Sentence('The url of the MCP server "{name}" must be text.', name=name)
        )
    args = entry.get("args", [])
    if not isinstance(args, list) or not all(isinstance(a, str | int | float) for a in args):
        raise McpConfigError(
            Sentence('The "args" of the MCP server "{name}" must be a list of text.', name=name)
        )
    return ServerConfig(
        name=name,
        command=command,
        args=tuple(str(a) for a in args),
        env=_text_map(name, "env", entry.get("env")),
        url=url if command is None else None,
        headers=_text_map(name, "headers", entry.get("headers")),
    )


def read_servers(document: object, source: str) -> tuple[list[ServerConfig], list[Sentence]]:
    """The servers of an ``mcp.json`` document (VS Code's ``servers`` key too), and a
    sentence for each entry left out. A document without such an object is an error."""
    servers_obj = None
    if isinstance(document, Mapping):
        servers_obj = document.get("mcpServers", document.get("servers"))
    if not isinstance(servers_obj, Mapping):
        raise McpConfigError(
            Sentence(
                'The file {path} has no "mcpServers" object, so it is not an mcp.json file.',
                path=source,
            )
        )
    servers: list[ServerConfig] = []
    problems: list[Sentence] = []
    for name, entry in servers_obj.items():
        try:
            servers.append(server_from_json(name, entry))
        except McpConfigError as exc:
            assert exc.sentence is not None  # every McpConfigError here carries one
            problems.append(exc.sentence)
    return servers, problems
