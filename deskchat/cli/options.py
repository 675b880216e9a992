"""Command-line options shared by `chat`, `ask` and `bench`: model, load and sampling."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from deskchat.chat.generation import (
    CONTEXT_MIN,
    FLASH_ATTENTION,
    GPU_LAYERS_ALL,
    GPU_LAYERS_AUTO,
    KV_CACHE_TYPES,
    LoadOptions,
    load_problem,
)
from deskchat.chat.sampling_fields import FIELDS, SamplingField
from deskchat.errors import DeskchatError
from deskchat.hub.gguf_meta import read_gguf_info
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


def context_length(value: str) -> int:
    number = positive(value)
    if number < CONTEXT_MIN:
        raise argparse.ArgumentTypeError(
            f"must be at least {CONTEXT_MIN:,} tokens, not {number:,}."
        )
    return number


def add_model_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("model")
    group.add_argument(
        "--model",
        "-m",
        metavar="PATH",
        help="GGUF file to load (default: the last model, else the starter model)",
    )
    group.add_argument(
        "--ctx",
        type=context_length,
        metavar="N",
        help=f"context length in tokens (at least {CONTEXT_MIN}, at most what the model was "
        "trained on)",
    )
    group.add_argument(
        "--gpu-layers",
        type=gpu_layers,
        metavar="N|auto|all",
        help="layers to offload to the GPU (auto: all when the build has a GPU)",
    )
    group.add_argument("--threads", type=positive, metavar="N", help="CPU threads")
    group.add_argument(
        "--flash-attn",
        nargs="?",
        const="on",
        choices=FLASH_ATTENTION,
        help="flash attention: less memory, often faster on a GPU (auto: with a GPU backend or "
        "a quantised V cache, off on the CPU alone; the flag alone: on)",
    )
    group.add_argument(
        "--cache-type-k",
        choices=tuple(KV_CACHE_TYPES),
        metavar="TYPE",
        help="how the context cache stores keys: f16 (exact), q8_0 (half the memory), q4_0 "
        f"(a quarter, some loss); one of {', '.join(KV_CACHE_TYPES)}",
    )
    group.add_argument(
        "--cache-type-v",
        choices=tuple(KV_CACHE_TYPES),
        metavar="TYPE",
        help="how the context cache stores values, as --cache-type-k; a quantised V cache "
        "needs flash attention",
    )
    group.add_argument(
        "--swa-full",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="sliding-window models (Gemma 3): keep the whole context in every layer "
        "(more memory, slower prompts; off re-reads the prompt when regenerating far back)",
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


def field_value(spec: SamplingField) -> Callable[[str], Any]:
    """argparse's type for a sampling flag: the table's range, refused in its words."""

    def parse(text: str) -> Any:
        value: Any
        try:
            value = int(text) if spec.kind == "whole" else float(text)
        except ValueError:
            value = text
        problem = spec.problem(value, spec.cli_flag)
        if problem:  # argparse names the flag itself: "argument --temp: must be …"
            raise argparse.ArgumentTypeError(problem.removeprefix(f"{spec.cli_flag} "))
        return value

    parse.__name__ = spec.name  # what argparse calls the type in its own messages
    return parse


def add_sampling_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("sampling")
    for spec in FIELDS:
        if spec.kind == "texts":
            group.add_argument(
                spec.cli_flag, dest=spec.name, action="append", metavar="TEXT", help=spec.help
            )
            continue
        group.add_argument(
            spec.cli_flag,
            dest=spec.name,
            type=field_value(spec),
            metavar="N" if spec.kind == "whole" else "X",
            help=f"{spec.help} ({spec.range_text()})",
        )
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
        ("cache_type_k", "cache_type_k"),
        ("cache_type_v", "cache_type_v"),
        ("swa_full", "swa_full"),
    ):
        value = getattr(args, arg, None)
        if value is not None:
            changes[name] = value
    return replace(base, **changes)


def checked_load_options(path: str, base: LoadOptions, args: argparse.Namespace) -> LoadOptions:
    """The load options for the model at ``path``, checked against its GGUF header before
    anything is loaded: a file that is not a model, or a --ctx beyond what the model was
    trained on, is one sentence now instead of after the engine started."""
    options = load_options(base, args)
    problem = load_problem(options)
    if problem is not None:
        raise DeskchatError(problem)
    info = read_gguf_info(path)
    asked = getattr(args, "ctx", None)
    if asked is not None and info.context_length and asked > info.context_length:
        raise DeskchatError(
            f"--ctx {asked:,} is more than {info.name} was trained on "
            f"({info.context_length:,} tokens); ask for {info.context_length:,} or fewer."
        )
    return options


def add_tool_options(parser: argparse.ArgumentParser, *, unattended: bool = False) -> None:
    """--tools and --tool-choice (and, for `ask`, --allow-tools)."""
    group = parser.add_argument_group("tools (MCP servers, see `deskchat mcp`)")
    group.add_argument(
        "--tools",
        nargs="*",
        metavar="SERVER",
        help="let the model call the tools of these MCP servers (all of them when none is "
        "named); each call is asked first",
    )
    group.add_argument(
        "--tool-choice",
        choices=("auto", "required"),
        default="auto",
        help="required: the model's first answer must call a tool (later ones may)",
    )
    if unattended:
        group.add_argument(
            "--allow-tools",
            action="store_true",
            help="run every call without asking (without it, and without a terminal to ask "
            "at, calls are denied)",
        )


def sampling_overrides(args: argparse.Namespace) -> dict[str, Any]:
    """The sampling flags given, checked by their types already."""
    names = (*(spec.name for spec in FIELDS), "ignore_eos")
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
