"""`deskchat serve`: the loaded model behind an OpenAI-compatible API, until Ctrl-C."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from deskchat.cli.options import add_model_options, load_options, resolve_model
from deskchat.secrets import get_secret
from deskchat.services.api_server import ServedRequest, check_address
from deskchat.services.app import AppContext, open_app

API_KEY_SECRET = "server-api-key"  # noqa: S105 - the keyring entry's name, not a key
API_KEY_ENV = "DESKCHAT_API_KEY"


def port_number(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, not {value!r}") from None
    if not 0 <= number <= 65535:
        raise argparse.ArgumentTypeError(
            f"a port is between 1 and 65535 (0: any free one), not {number}"
        )
    return number


def register(sub: Any) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the model to OpenAI clients (/v1/chat/completions) on this machine",
        description="Serve a model through an OpenAI-compatible HTTP API. "
        f"The API key comes from --api-key, the keyring entry {API_KEY_SECRET!r} "
        f"(service 'deskchat'), or the {API_KEY_ENV} environment variable.",
    )
    add_model_options(serve)
    group = serve.add_argument_group("server")
    group.add_argument("--host", help="address to listen on (default 127.0.0.1: this machine only)")
    group.add_argument("--port", type=port_number, help="port (default 8765)")
    group.add_argument(
        "--api-key",
        metavar="KEY",
        help=f"require this key (visible to other users in the process list; prefer {API_KEY_ENV})",
    )
    group.add_argument(
        "--cors", metavar="ORIGIN", help="let web pages from ORIGIN call the API ('*': any page)"
    )
    group.add_argument(
        "--log-history",
        action="store_true",
        default=None,
        help="keep each request and its answer as a conversation in the history",
    )
    group.add_argument(
        "--embedding-model",
        metavar="PATH",
        help="a GGUF embedding model for POST /v1/embeddings (default: the one in Settings)",
    )
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    app = open_app(serve=args.serve)
    app.settings.on_unsaved = lambda why: print(f"deskchat: {why}", file=sys.stderr)
    try:
        for notice in app.notices:
            print(f"deskchat: {notice}", file=sys.stderr)
        settings = app.settings.current
        explicit = (args.api_key or "").strip() or None  # blank: as if not given
        api_key = get_secret(API_KEY_SECRET, explicit=explicit, env_var=API_KEY_ENV)
        host = args.host or settings.server_host
        port = settings.server_port if args.port is None else args.port
        # refuse an exposed address without a key, or a port in use, before the model loads
        check_address(host, port)
        server = app.api_server(
            host=host,
            port=port,
            api_key=api_key,
            cors_origin=settings.server_cors if args.cors is None else args.cors,
            log_history=bool(args.log_history or settings.server_log_history),
        )
        path = resolve_model(args.model, settings.last_model)
        print(f"Loading {path} …", file=sys.stderr)
        info, meta = app.load_model(path, load_options(settings.load, args))
        app.settings.update(last_model=info.path)
        _load_embeddings(app, args.embedding_model)
        server.add_listener(_print_line)
        server.start()
        try:
            print(
                f"Serving {meta.name} ({meta.quantization}, context {info.n_ctx:,}) at {server.url}"
                f"{' (API key required)' if server.needs_key else ''} · Ctrl-C stops",
                flush=True,
            )
            _wait_for_stop()
        finally:
            server.stop()
        print("Stopped.", file=sys.stderr)
        return 0
    finally:
        app.close()


def _load_embeddings(app: AppContext, path: str | None) -> None:
    """Load the embedding model now, so a wrong one is told before the server starts."""
    if path:
        app.embedding_model = str(Path(path).expanduser())
    if app.embeddings.configured:
        model = app.embeddings.model
        print(
            f"Embeddings: {model.name} ({model.dims} dimensions, {model.pooling} pooling)",
            file=sys.stderr,
        )


def _print_line(request: ServedRequest) -> None:
    if request.done:
        print(request.line(), flush=True)


def _wait_for_stop() -> None:
    """Until Ctrl-C or SIGTERM (a service manager stopping it)."""
    stop = threading.Event()

    def on_signal(_sig: int, _frame: Any) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        while not stop.wait(0.5):  # short waits: Windows delivers Ctrl-C only between them
            pass
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
