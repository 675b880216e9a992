"""Which build this is: a source install, or a bundle and the llama.cpp backend frozen into
it (written by packaging/build.py as resources/variant.json)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from deskchat import __version__, paths

_NAMES = {"cpu": "CPU", "cuda": "CUDA", "metal": "Metal", "vulkan": "Vulkan"}


@cache
def build_info() -> dict[str, Any]:
    try:
        data = json.loads((paths.resources_dir() / "variant.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def variant_label() -> str:
    """'CUDA bundle', 'CPU bundle', or 'source install'."""
    variant = build_info().get("variant")
    if not isinstance(variant, str):
        return "source install"
    return f"{_NAMES.get(variant, variant)} bundle"


def version_line() -> str:
    """What `deskchat --version` prints and the About box shows."""
    info = build_info()
    extra = f", llama-cpp-python {info['llama_cpp_python']}" if "llama_cpp_python" in info else ""
    return f"deskchat {__version__} ({variant_label()}{extra})"
