"""Command-line options shared by `chat`, `ask` and `bench`: model, load and sampling."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from deskchat.chat.generation import GPU_LAYERS_ALL, GPU_LAYERS_AUTO, LoadOptions
from deskchat.services.starter import starter_model_path, starter_on_disk


def gpu_layers(value: str) -> int:
    named = {"auto": GPU_LAYERS_AUTO, "all": GPU_LAYERS_ALL}
    if value.lower() in named:
        return named[value.lower()]
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--gpu-layers takes a number, 'auto' or 'all', not {value!r}"
        ) from None
    if number < 0:
        raise argparse.ArgumentTypeError("--gpu-layers cannot be negative (use 'all')")
    return number


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, not {number}")
    return number


def add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument(
        "--model",
        "-m",
        metavar="PATH",
        help="GGUF file to load (default: the last model, else the starter model)",
    )
    group.add_argument("--ctx", type=positive, metavar="N", help="context length in tokens")
    group.add_argument(
        "--gpu-layers",
        type=gpu_layers,
        metavar="N|auto|all",
        help="layers to offload to the GPU (auto: all when the build has a GPU)",
    )
    group.add_argument("--threads", type=positive, metavar="N", help="CPU threads")
    group.add_argument(
        "--flash-attn", action="store_true", default=None, help="use flash attention"
    )


def add_remote_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("remote server (instead of a local model)")
    group.add_argument(
        "--endpoint",
        metavar="NAME",
        help="answer with a model on a server added with `deskchat endpoints add`",
    )
    group.add_argument(
        "--remote-model",
        metavar="ID",
        help="the model on that server (default: its only model); --ctx sets its context",
    )


def add_sampling_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sampling")
    group.add_argument(
        "--temp",
        type=float,
        dest="temperature",
        metavar="T",
        help="randomness: 0 always picks the likeliest token, higher is more varied",
    )
    group.add_argument(
        "--top-p",
        type=float,
        metavar="P",
        help="sample only from the likeliest tokens covering P of the probability",
    )
    group.add_argument("--top-k", type=int, metavar="K", help="sample only from the K likeliest")
    group.add_argument("--max-tokens", type=positive, metavar="N", help="longest answer")
    group.add_argument("--seed", type=int, metavar="N", help="fixed seed for repeatable answers")
    group.add_argument("--stop", action="append", metavar="TEXT", help="stop at TEXT (repeatable)")
    group.add_argument(
        "--ignore-eos",
        action="store_true",
        default=None,
        help="keep generating past the end-of-text token (for benchmarks)",
    )


def load_options(base: LoadOptions, args: argparse.Namespace) -> LoadOptions:
    changes: dict[str, Any] = {}
    for arg, name in (
        ("ctx", "n_ctx"),
        ("gpu_layers", "n_gpu_layers"),
        ("threads", "n_threads"),
        ("flash_attn", "flash_attn"),
    ):
        value = getattr(args, arg, None)
        if value is not None:
            changes[name] = value
    return replace(base, **changes)


def sampling_overrides(args: argparse.Namespace) -> dict[str, Any]:
    names = ("temperature", "top_p", "top_k", "max_tokens", "seed", "stop", "ignore_eos")
    return {n: getattr(args, n) for n in names if getattr(args, n, None) is not None}


def resolve_model(explicit: str | None, last: str | None) -> str:
    """--model, else the last model used (if still there), else the starter model."""
    if explicit:
        return explicit
    if last and Path(last).is_file():
        return last
    if not starter_on_disk():
        print("Preparing the starter model, Gemma 3 270M (253 MB, only once) …", file=sys.stderr)
    return str(starter_model_path())
