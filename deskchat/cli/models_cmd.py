"""`deskchat models search|files|pull|list|import|rm|login|logout`.

The hub and download modules are imported inside the commands: huggingface_hub costs
~0.3 s to import, which every other deskchat command would otherwise pay."""

from __future__ import annotations

import argparse
import getpass
import shutil
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskchat.errors import DeskchatError
from deskchat.units import size_text

if TYPE_CHECKING:
    from deskchat.services.downloads import DownloadItem


def register(sub: Any) -> None:
    models = sub.add_parser("models", help="search, download and manage GGUF models")
    actions = models.add_subparsers(dest="action", metavar="ACTION", required=True)
    search = actions.add_parser("search", help="search Hugging Face for GGUF repositories")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(handler=search_cmd)
    files = actions.add_parser("files", help="a repository's GGUF files and what fits here")
    files.add_argument("repo", metavar="OWNER/REPO")
    files.add_argument("--ctx", type=int, default=4096, help="context length to plan for")
    files.set_defaults(handler=files_cmd)
    pull = actions.add_parser(
        "pull", help="download a model (Ctrl-C pauses; running it again resumes)"
    )
    pull.add_argument("repo", metavar="OWNER/REPO")
    pull.add_argument(
        "file", nargs="?", help="file name or quantization (default: the recommended one)"
    )
    pull.add_argument("--ctx", type=int, default=4096, help="context length to plan for")
    pull.set_defaults(handler=pull_cmd)
    listing = actions.add_parser("list", help="models on this computer")
    listing.set_defaults(handler=list_cmd)
    imp = actions.add_parser("import", help="add a GGUF file to the library")
    imp.add_argument("path")
    imp.add_argument("--link", action="store_true", help="use it where it is instead of copying")
    imp.set_defaults(handler=import_cmd)
    rm = actions.add_parser("rm", help="delete a downloaded model (asks first)")
    rm.add_argument("model", help="path or name as `models list` shows it")
    rm.add_argument("--yes", "-y", action="store_true", help="do not ask")
    rm.set_defaults(handler=rm_cmd)
    login = actions.add_parser("login", help="store a Hugging Face token in the system keyring")
    login.set_defaults(handler=login_cmd)
    logout = actions.add_parser("logout", help="forget the Hugging Face token")
    logout.set_defaults(handler=logout_cmd)


def search_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.hub_access import HubAccess

    found = HubAccess().client().search(args.text, limit=args.limit)
    if not found:
        print(f"No GGUF repositories match “{args.text}”.")
        return 0
    width = max(len(r.repo_id) for r in found)
    for r in found:
        updated = r.last_modified.strftime("%Y-%m-%d") if r.last_modified else "?"
        gated = "  gated" if r.gated else ""
        kind = "" if r.kind == "chat" else f"  {r.kind}"
        print(
            f"{r.repo_id:<{width}}  {r.downloads:>10,} ↓  {r.likes:>6,} ♥  {updated}{gated}{kind}"
        )
    return 0


def _fits(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    from deskchat.engine.backend import build_offloads_to_gpu
    from deskchat.hub.fit import probe_memory
    from deskchat.services.hub_access import HubAccess
    from deskchat.services.model_choice import assess_choices, remote_shape
    from deskchat.settings import load_settings

    load = load_settings()[0].load
    hub = HubAccess().client()
    repo = hub.files(args.repo)
    memory = probe_memory()
    shape = remote_shape(hub, repo)
    fits = assess_choices(
        repo,
        memory,
        gpu_offload=build_offloads_to_gpu(),
        n_ctx=args.ctx,
        shape=shape,
        cache_types=(load.cache_type_k, load.cache_type_v),
    )
    return hub, repo, fits


def files_cmd(args: argparse.Namespace) -> int:
    _hub, repo, fits = _fits(args)
    if not fits:
        print(f"{repo.repo_id} has no GGUF model files.")
        return 0
    width = max(len(f.choice.name) for f in fits)
    for f in fits:
        mark = "★" if f.recommended else " "
        parts = f" ({len(f.choice.parts)} parts)" if len(f.choice.parts) > 1 else ""
        print(
            f"{mark} {f.choice.quantization or '?':<8} {size_text(f.choice.size):>9}  "
            f"{f.report.fit.value:<12}  {f.choice.name:<{width}}{parts}"
        )
    rec = next((f for f in fits if f.recommended), None)
    if rec is not None:
        print(f"\n★ recommended: {rec.choice.name}. {rec.report.sentence}")
    if repo.gated:
        print("This repository is gated: accept its license on the hub and run `models login`.")
    return 0


def _bar(item: DownloadItem) -> str:
    total = item.total_bytes or 1
    frac = min(1.0, item.done_bytes / total)
    columns = shutil.get_terminal_size((80, 20)).columns
    width = max(10, min(40, columns - 50))
    filled = int(frac * width)
    eta = item.eta_seconds
    eta_text = f"ETA {int(eta) // 60}:{int(eta) % 60:02d}" if eta is not None else ""
    return (
        f"\r[{'#' * filled}{'.' * (width - filled)}] {frac * 100:5.1f}% "
        f"{size_text(item.done_bytes)}/{size_text(total)} {size_text(item.speed)}/s {eta_text}   "
    )


def pull_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.downloads import DownloadManager
    from deskchat.services.hub_access import HubAccess
    from deskchat.services.model_choice import pick_choice
    from deskchat.services.model_library import models_folder
    from deskchat.settings import load_settings

    settings, _ = load_settings()
    _hub, repo, fits = _fits(args)
    choice = pick_choice(repo, fits, args.file)
    access = HubAccess()
    manager = DownloadManager(access.client, models_folder(settings), concurrency=1, persist=False)
    item = manager.enqueue(repo.repo_id, repo.commit, choice)
    print(
        f"Downloading {choice.name} ({size_text(choice.size)}) from {repo.repo_id}",
        file=sys.stderr,
    )
    try:
        while item.state in ("queued", "downloading"):
            time.sleep(0.25)
            item = manager.get(item.id)
            if sys.stderr.isatty():
                print(_bar(item), end="", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        manager.pause(item.id)
        # what is on disk is consistent at any moment: do not wait out a stalled read
        item = manager.wait(item.id, timeout=2)
        print(
            f"\nPaused at {size_text(item.done_bytes)} of {size_text(item.total_bytes)}; run "
            "the same command again to continue from there.",
            file=sys.stderr,
        )
        return 130
    finally:
        manager.close(timeout=2)
    item = manager.wait(item.id)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if item.state != "done":
        raise DeskchatError(item.error or f"The download ended as {item.state}.")
    print(item.path)
    return 0


def list_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.model_library import models_folder, open_library
    from deskchat.settings import load_settings

    settings, _ = load_settings()
    models = open_library(settings).scan()
    if not models:
        print(
            f"No models yet. Download one with `deskchat models pull OWNER/REPO`, or import a "
            f"GGUF with `deskchat models import PATH` (models folder: {models_folder(settings)})."
        )
        return 0
    width = min(60, max(len(m.name) for m in models))
    for m in models:
        status = f"  ⚠ {m.error}" if m.error else ""
        print(
            f"{m.name:<{width}}  {m.kind:<9} {m.quantization or '?':<8} "
            f"{size_text(m.size_bytes):>9}  "
            f"{m.source:<9} {m.path}{status}"
        )
    return 0


def import_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.model_library import open_library
    from deskchat.settings import load_settings

    settings, _ = load_settings()
    library = open_library(settings)
    model = library.import_file(
        Path(args.path).expanduser(),
        "link" if args.link else "copy",
    )
    how = "linked in place" if args.link else "copied into the library"
    print(f"{model.name} ({size_text(model.size_bytes)}) {how}: {model.path}")
    return 0


def rm_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.model_library import find_model, open_library
    from deskchat.settings import load_settings

    settings, _ = load_settings()
    library = open_library(settings)
    matches = find_model(library.scan(), args.model)
    if not matches:
        raise DeskchatError(f"No model in the library matches “{args.model}”; see `models list`.")
    if len(matches) > 1:
        names = "; ".join(str(m.path) for m in matches[:5])
        raise DeskchatError(f"“{args.model}” matches several models ({names}); give the path.")
    model = matches[0]
    if not args.yes:
        verb = "Forget" if model.source == "linked" else "Delete"
        answer = input(f"{verb} {model.path} ({size_text(model.size_bytes)})? [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing deleted.")
            return 1
    library.delete(model)
    print(f"Deleted {model.name}." if model.source != "linked" else f"Forgot {model.name}.")
    return 0


def login_cmd(args: argparse.Namespace) -> int:
    from deskchat import secrets
    from deskchat.services.hub_access import HubAccess

    try:
        token = getpass.getpass("Hugging Face token (input hidden): ").strip()
    except EOFError:
        token = ""
    if not token:
        raise DeskchatError("No token given; nothing was changed.")
    access = HubAccess()
    access.set_token(token, session_only=True)
    name = access.client().whoami()  # check it before keeping it
    try:
        print(access.set_token(token), f"Signed in as {name}.")
    except secrets.NoKeyringError as exc:
        print(f"{exc} Set HF_TOKEN in the environment to use it from the command line.")
        return 1
    return 0


def logout_cmd(args: argparse.Namespace) -> int:
    from deskchat.services.hub_access import HubAccess

    HubAccess().clear_token()
    print("The Hugging Face token was removed from the system keyring.")
    return 0
