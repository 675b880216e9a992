"""`deskchat mcp add|list|rm|import`: the MCP servers whose tools a model may call.

The list is ``mcp.json`` in the config folder, in the format Claude Desktop, LM Studio and
Cursor share; ``import`` reads one of theirs. Values given with ``--env`` and ``--header``
go to the system keyring (the file keeps ``${keyring}``); ``${env:VAR}`` reads deskchat's
own environment instead, for systems without a keyring.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence


def register(sub: Any) -> None:
    mcp = sub.add_parser("mcp", help="MCP servers whose tools a model may call")
    actions = mcp.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a server, or change one")
    add.add_argument("name", help="a name of your choice, e.g. 'files'")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--command", metavar="CMD", help="the program that runs the server")
    where.add_argument("--url", help="a streamable-HTTP server's address")
    add.add_argument(
        "--arg",
        action="append",
        default=[],
        metavar="A",
        help="an argument (repeatable; --arg=-y for one that starts with a dash)",
    )
    add.add_argument(
        "--env",
        action="append",
        default=[],
        metavar="K=V",
        help="an environment variable for the server (repeatable; kept in the keyring)",
    )
    add.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="K=V",
        help="an HTTP header (repeatable; kept in the keyring)",
    )
    add.set_defaults(handler=add_cmd)
    listing = actions.add_parser("list", help="the servers you added")
    listing.add_argument(
        "--tools", action="store_true", help="start each server and list its tools"
    )
    listing.set_defaults(handler=list_cmd)
    rm = actions.add_parser("rm", help="forget a server and its secrets")
    rm.add_argument("name")
    rm.set_defaults(handler=rm_cmd)
    imp = actions.add_parser("import", help="add the servers of another app's mcp.json")
    imp.add_argument("path", help="e.g. Claude Desktop's claude_desktop_config.json")
    imp.set_defaults(handler=import_cmd)


def _pairs(values: list[str], option: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key.strip():
            raise DeskchatError(
                Sentence(
                    "{option} takes KEY=VALUE, not “{value}”.", option=option, value=value[:40]
                )
            )
        pairs[key.strip()] = text
    return pairs


def add_cmd(args: argparse.Namespace) -> int:
    from deskchat.mcp_servers.config import ServerConfig
    from deskchat.mcp_servers.store import McpServerStore

    if args.url and (args.arg or args.env):
        raise DeskchatError(Sentence("--arg and --env go with --command, not with --url."))
    if args.command and args.header:
        raise DeskchatError(Sentence("--header goes with --url, not with --command."))
    server = ServerConfig(
        name=args.name,
        command=args.command,
        args=tuple(args.arg),
        env=_pairs(args.env, "--env"),
        url=args.url,
        headers=_pairs(args.header, "--header"),
    )
    store = McpServerStore()
    replaced = store.put(server)
    print(f"{'Changed' if replaced else 'Added'} the MCP server “{server.name}”: {server.where}")
    if server.env or server.headers:
        print("Its values are kept in the system keyring.")
    print("`deskchat mcp list --tools` starts it and lists its tools.")
    return 0


def list_cmd(args: argparse.Namespace) -> int:
    from deskchat.mcp_servers.hub import McpHub
    from deskchat.mcp_servers.store import McpServerStore

    store = McpServerStore()
    servers, warning = store.load()
    if warning:
        print(f"deskchat: {warning}", file=sys.stderr)
    if not servers:
        print("No MCP servers yet; add one with `deskchat mcp add NAME --command CMD`.")
        return 0
    width = max(len(s.name) for s in servers)
    with McpHub(store) as hub:
        for server in servers:
            names = ", ".join([*server.env, *server.headers])
            kept = f"  ({names})" if names else ""
            print(f"{server.name:<{width}}  {server.where}{kept}")
            if args.tools:
                _print_tools(hub, server.name)
    return 0


def _print_tools(hub: Any, name: str) -> None:
    from deskchat.mcp_servers.errors import McpCallError, McpServerError

    try:
        tools = hub.list_tools(name)
    except (McpServerError, McpCallError) as exc:
        print(f"    {exc}")
        return
    if not tools:
        print("    (no tools)")
    for tool in tools:
        about = tool.spec.description.strip().splitlines()
        print(f"    {tool.spec.name}" + (f": {about[0]}" if about else ""))


def rm_cmd(args: argparse.Namespace) -> int:
    from deskchat.mcp_servers.store import McpServerStore

    server = McpServerStore().remove(args.name)
    print(f"Removed the MCP server “{server.name}” and its secrets.")
    return 0


def import_cmd(args: argparse.Namespace) -> int:
    from deskchat.mcp_servers.store import McpServerStore

    names, problems = McpServerStore().import_file(Path(args.path).expanduser())
    for problem in problems:
        print(f"deskchat: {problem}", file=sys.stderr)
    if names:
        print(
            f"Imported {len(names)} MCP server{'s' if len(names) != 1 else ''}: {', '.join(names)}"
        )
    else:
        print("The file has no MCP servers to import.")
    return 0
