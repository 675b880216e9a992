"""deskchat's command line: the same services as the GUI, from a terminal."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from deskchat import logs
from deskchat.build_info import version_line
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.api_server import ServerFactory


def build_parser() -> argparse.ArgumentParser:
    from deskchat.cli import (
        bench_cmd,
        chat_cmd,
        docs_cmd,
        doctor_cmd,
        endpoints_cmd,
        history_cmd,
        mcp_cmd,
        models_cmd,
        serve_cmd,
    )

    parser = argparse.ArgumentParser(
        prog="deskchat", description="Private, offline chat with local LLMs (GGUF)."
    )
    parser.add_argument("--version", action="version", version=version_line())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chat_cmd.register(sub)
    history_cmd.register(sub)
    models_cmd.register(sub)
    endpoints_cmd.register(sub)
    mcp_cmd.register(sub)
    docs_cmd.register(sub)
    doctor_cmd.register(sub)
    bench_cmd.register(sub)
    serve_cmd.register(sub)
    check = sub.add_parser(
        "self-test",
        help="check this installation: window, engine, a streamed answer, the history",
    )
    check.add_argument("data_dir", nargs="?", help="folder for its data (default: a new one)")
    check.set_defaults(handler=_self_test)
    return parser


@dataclass(frozen=True)
class OtherFaces:
    """What the terminal starts of the other faces: the API server (`serve`) and the
    window's self-test. The entry point hands them in; faces never import each other."""

    serve: ServerFactory | None = None
    self_test: Callable[[Path | None], int] | None = None


def _self_test(args: argparse.Namespace) -> int:
    faces: OtherFaces = args.faces
    if faces.self_test is None:
        raise DeskchatError(
            Sentence("This copy of deskchat was started without its window to test.")
        )
    return faces.self_test(Path(args.data_dir) if args.data_dir else None)


def _reader_gone() -> int:
    """Quietly end a command whose output's reader closed the pipe (the Python docs' way:
    what is still buffered goes to devnull, so the flush at exit cannot fail again); 141
    is what a shell reports for a command ended by SIGPIPE."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141


def run(argv: list[str], faces: OtherFaces | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    args.faces = faces or OtherFaces()
    args.serve = args.faces.serve
    command = str(args.command)
    logs.setup_logging("serve" if command == "serve" else "cli")
    try:
        status = int(args.handler(args))
        sys.stdout.flush()  # here, so that a reader gone away is seen below, not at exit
        return status
    except BrokenPipeError:  # `deskchat history list | head -1`: the reader had enough
        return _reader_gone()
    except DeskchatError as exc:
        print(f"deskchat: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: its traceback goes to the log, not here
        logs.print_bug(exc, f"running `deskchat {command}`")
        return 1
