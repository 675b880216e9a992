"""`deskchat endpoints add|list|models|rm`: remote OpenAI-compatible servers.

An API key is read from standard input (``--key-stdin``, never from the command line,
where the shell history and the process list would keep it) and stored in the system
keyring; where there is none, ``--key-env VAR`` names an environment variable instead.
A key for a plain ``http://`` address off this machine would travel unencrypted: that is
asked at a terminal, and refused otherwise unless ``--allow-http`` says it is meant.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING, Any

from deskchat.cli.options import positive
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

if TYPE_CHECKING:
    from deskchat.services.remote_access import RemoteAccess


def register(sub: Any) -> None:
    endpoints = sub.add_parser(
        "endpoints", help="remote OpenAI-compatible servers (llama-server, Ollama, LM Studio…)"
    )
    actions = endpoints.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a server, or change one")
    add.add_argument("name", help="a name of your choice, e.g. 'lab'")
    add.add_argument("url", help="the API's base address, e.g. http://127.0.0.1:8080/v1")
    add.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the API key from standard input and keep it in the system keyring",
    )
    add.add_argument(
        "--key-env", metavar="VAR", help="read the API key from environment variable VAR"
    )
    add.add_argument(
        "--allow-http",
        action="store_true",
        help="send the API key to a plain http:// address off this machine (unencrypted)",
    )
    add.add_argument(
        "--ctx",
        type=positive,
        metavar="N",
        help="context length to plan for when the server does not say (default 8192)",
    )
    add.set_defaults(handler=add_cmd)
    listing = actions.add_parser("list", help="the servers you added")
    listing.set_defaults(handler=list_cmd)
    models = actions.add_parser("models", help="the models a server offers")
    models.add_argument("name")
    models.set_defaults(handler=models_cmd)
    rm = actions.add_parser("rm", help="forget a server and its API key")
    rm.add_argument("name")
    rm.set_defaults(handler=rm_cmd)


def _read_key() -> str:
    if sys.stdin.isatty():
        return getpass.getpass("API key (not shown): ")
    return sys.stdin.readline()


def _has_kept_key(access: RemoteAccess, name: str) -> bool:
    """Whether a server already called ``name`` has a key that would go on being sent."""
    try:
        return bool(access.keys.get(access.get(name)))
    except DeskchatError:
        return False


def _check_clear_key(args: argparse.Namespace, base_url: str) -> None:
    """Refuse to save a key for an unencrypted address unless the person means it."""
    from deskchat.remote.endpoints import clear_key_warning

    warning = clear_key_warning(base_url)
    if args.allow_http:
        print(f"deskchat: {warning}", file=sys.stderr)
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        print(warning, file=sys.stderr)
        answer = input(str(Sentence("Send the API key unencrypted anyway? [y/N] ")))
        if answer.strip().lower() in ("y", "yes"):
            return
    raise DeskchatError(
        Sentence(
            "{warning} Nothing was saved; to save it anyway, add --allow-http.",
            warning=warning,
        )
    )


def add_cmd(args: argparse.Namespace) -> int:
    from deskchat.remote.endpoints import key_in_clear, normalize_base_url
    from deskchat.secrets import NoKeyringError
    from deskchat.services.remote_access import RemoteAccess

    base_url = normalize_base_url(args.url)  # a sentence before the key is asked for
    key = _read_key().strip() if args.key_stdin else None
    if args.key_stdin and not key:
        raise DeskchatError("No API key was given on standard input; nothing was saved.")
    access = RemoteAccess()
    if key_in_clear(base_url) and (key or args.key_env or _has_kept_key(access, args.name)):
        _check_clear_key(args, base_url)
    try:
        endpoint, said = access.add(
            args.name, args.url, api_key=key, key_env=args.key_env, default_context=args.ctx
        )
    except NoKeyringError as exc:
        raise DeskchatError(
            f"{exc} Nothing was saved; keep the key in an environment variable and add the "
            "server with --key-env VAR instead."
        ) from None
    print(f"Saved “{endpoint.name}” at {endpoint.base_url}. {said}")
    print(f"`deskchat endpoints models {endpoint.name}` lists its models.")
    return 0


def list_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.remote_access import RemoteAccess

    access = RemoteAccess()
    endpoints, warning = access.load()
    if warning:
        print(f"deskchat: {warning}", file=sys.stderr)
    if not endpoints:
        print("No remote servers yet; add one with `deskchat endpoints add NAME URL`.")
        return 0
    width = max(len(e.name) for e in endpoints)
    for e in endpoints:
        print(f"{e.name:<{width}}  {e.base_url}  (API key: {access.keys.source(e)})")
    return 0


def models_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.remote_access import RemoteAccess

    found = RemoteAccess().models(args.name)
    if not found:
        print(f"The server “{args.name}” offers no models.")
        return 0
    width = max(len(m.id) for m in found)
    for m in found:
        context = f"context {m.context_length:,}" if m.context_length else "context not given"
        owner = f"  {m.owned_by}" if m.owned_by else ""
        print(f"{m.id:<{width}}  {context}{owner}")
    return 0


def rm_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.remote_access import RemoteAccess

    endpoint = RemoteAccess().remove(args.name)
    print(f"Removed “{endpoint.name}” ({endpoint.base_url}) and its API key.")
    return 0
