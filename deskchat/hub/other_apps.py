"""Where other local-LLM apps keep their GGUF files, so the library can list them in place.

Locations, per app (defaults first, then the places a user can move them to):

- LM Studio: ``~/.lmstudio/models`` (0.3+), ``~/.cache/lm-studio/models`` (0.2), the home
  named in ``~/.lmstudio-home-pointer`` (how LM Studio relocates its home), and a custom
  models folder saved as ``downloadsFolder`` in its settings.json.
- Ollama: ``$OLLAMA_MODELS``, ``~/.ollama/models`` (macOS, Windows, Linux run as the user),
  ``/usr/share/ollama/.ollama/models`` (the Linux install script's service user).
- Jan: ``<data dir>/Jan/data`` (0.6+: ``~/.local/share``, ``~/Library/Application Support``,
  ``%APPDATA%``) or the ``data_folder`` in ``<data dir>/Jan/settings.json``; the older
  ``jan.ai.app/data`` and Electron-era ``~/.config/Jan/data``; 0.4's ``~/jan``. Models sit
  in ``llamacpp/models`` (0.6+) or ``models`` (before).
- GPT4All: ``~/.local/share/nomic.ai/GPT4All``, ``~/Library/Application Support/nomic.ai/
  GPT4All``, ``%LOCALAPPDATA%\\nomic.ai\\GPT4All``, or the ``modelPath`` in its
  GPT4All.ini; the Python bindings download to ``~/.cache/gpt4all``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from deskchat.hub.gguf_meta import GGUF_MAGIC

OLLAMA_MODEL_LAYER = "application/vnd.ollama.image.model"


@dataclass(frozen=True)
class AppFolder:
    """A folder of another app's models: ``tree`` holds .gguf files in subfolders,
    ``ollama`` is Ollama's store (manifests/ and content-addressed blobs/)."""

    app: str
    path: Path
    kind: Literal["tree", "ollama"] = "tree"


@dataclass(frozen=True)
class OllamaModel:
    """One Ollama tag whose weights are a GGUF blob."""

    name: str  # "llama3.2:latest", as `ollama list` shows it
    blob: Path


def _env_path(env: Mapping[str, str], key: str) -> Path | None:
    value = env.get(key)
    return Path(value).expanduser() if value else None


def _json_str(path: Path, key: str) -> str | None:
    """A string setting from another app's JSON settings file, or None."""
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get(key)
    except (OSError, ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value.strip() else None


def _ini_value(path: Path, key: str) -> str | None:
    """A value from a Qt INI file (GPT4All's settings), unquoted and unescaped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    for line in lines:
        name, sep, value = line.partition("=")
        if sep and name.strip() == key:
            value = value.strip().strip('"').replace("\\\\", "\\")
            return value or None
    return None


@dataclass(frozen=True)
class _Dirs:
    """The per-user folders apps keep their data in, as this platform names them."""

    home: Path
    data: Path  # app data: %APPDATA%, ~/Library/Application Support, $XDG_DATA_HOME
    config: Path  # app config: the same on Windows and macOS, $XDG_CONFIG_HOME on Linux
    local: Path  # machine-local app data: %LOCALAPPDATA% on Windows, else ``data``
    qt_config: Path  # where Qt's INI settings live: %APPDATA%, else ~/.config (macOS too)


def _platform_dirs(home: Path, env: Mapping[str, str], windows: bool, mac: bool) -> _Dirs:
    if windows:
        data = _env_path(env, "APPDATA") or home / "AppData" / "Roaming"
        local = _env_path(env, "LOCALAPPDATA") or home / "AppData" / "Local"
        return _Dirs(home, data, data, local, data)
    xdg_config = _env_path(env, "XDG_CONFIG_HOME") or home / ".config"
    if mac:
        support = home / "Library" / "Application Support"
        return _Dirs(home, support, support, support, xdg_config)
    data = _env_path(env, "XDG_DATA_HOME") or home / ".local" / "share"
    return _Dirs(home, data, xdg_config, data, xdg_config)


def _lm_studio(dirs: _Dirs) -> list[AppFolder]:
    """LM Studio: its home may be relocated by a pointer file; a custom models folder is
    saved in settings.json (in its home, or in the Electron app-data folder)."""
    home = dirs.home
    lms_homes = [home / ".lmstudio", home / ".cache" / "lm-studio"]
    try:
        pointed = (home / ".lmstudio-home-pointer").read_text(encoding="utf-8").strip()
    except OSError:
        pointed = ""
    if pointed:
        lms_homes.insert(0, Path(pointed.splitlines()[0].strip()).expanduser())
    found: list[AppFolder] = []
    settings_files = [
        *(h / "settings.json" for h in lms_homes),
        dirs.config / "LM Studio/settings.json",
    ]
    for settings in settings_files:
        if custom := _json_str(settings, "downloadsFolder"):
            found.append(AppFolder("LM Studio", Path(custom).expanduser()))
    return found + [AppFolder("LM Studio", h / "models") for h in lms_homes]


def _ollama(dirs: _Dirs, env: Mapping[str, str], linux_service: bool) -> list[AppFolder]:
    ollama = [_env_path(env, "OLLAMA_MODELS"), dirs.home / ".ollama" / "models"]
    if linux_service:
        ollama.append(Path("/usr/share/ollama/.ollama/models"))
    return [AppFolder("Ollama", p, "ollama") for p in ollama if p]


def _jan(dirs: _Dirs, env: Mapping[str, str]) -> list[AppFolder]:
    data, config = dirs.data, dirs.config
    jan_roots: list[Path | None] = [_env_path(env, "JAN_DATA_FOLDER")]
    for settings in (data / "Jan", data / "jan.ai.app", config / "Jan"):
        if custom := _json_str(settings / "settings.json", "data_folder"):
            jan_roots.append(Path(custom).expanduser())
    jan_roots += [
        data / "Jan/data",
        data / "jan.ai.app/data",
        config / "Jan/data",
        dirs.home / "jan",
    ]
    return [
        AppFolder("Jan", root / sub)
        for root in jan_roots
        if root
        for sub in ("llamacpp/models", "models")
    ]


def _gpt4all(dirs: _Dirs) -> list[AppFolder]:
    gpt4all = [dirs.local / "nomic.ai" / "GPT4All", dirs.home / ".cache" / "gpt4all"]
    if custom := _ini_value(dirs.qt_config / "nomic.ai" / "GPT4All.ini", "modelPath"):
        gpt4all.insert(0, Path(custom).expanduser())
    return [AppFolder("GPT4All", p) for p in gpt4all]


def _existing_once(found: list[AppFolder]) -> list[AppFolder]:
    """The folders that exist, each real folder once (the first name for it wins)."""
    result: list[AppFolder] = []
    seen: set[Path] = set()
    for folder in found:
        try:
            real = folder.path.resolve()
            if real in seen or not folder.path.is_dir():
                continue
        except OSError:  # a folder we may not look into is simply not listed
            continue
        seen.add(real)
        result.append(folder)
    return result


def other_app_folders(
    home: Path | None = None,
    env: Mapping[str, str] | None = None,
    platform: str | None = None,
) -> list[AppFolder]:
    """Existing model folders of LM Studio, Ollama, Jan and GPT4All on this machine.

    System-wide locations (Ollama's Linux service) are only looked at when ``home`` is not
    given, so tests that pass a temporary home never see the real machine."""
    system = home is None
    home = Path.home() if home is None else home
    env = os.environ if env is None else env
    platform = sys.platform if platform is None else platform
    windows, mac = platform.startswith("win"), platform == "darwin"
    dirs = _platform_dirs(home, env, windows, mac)
    return _existing_once(
        [
            *_lm_studio(dirs),
            *_ollama(dirs, env, linux_service=system and not windows and not mac),
            *_jan(dirs, env),
            *_gpt4all(dirs),
        ]
    )


def _ollama_name(registry: str, namespace: str, model: str, tag: str) -> str:
    """The name `ollama list` shows: the default registry and "library" are left out."""
    prefix = "" if registry == "registry.ollama.ai" else f"{registry}/"
    if prefix or namespace != "library":
        prefix += f"{namespace}/"
    return f"{prefix}{model}:{tag}"


def ollama_models(models_dir: Path) -> list[OllamaModel]:
    """Ollama tags in ``models_dir`` whose weights blob is a GGUF file, sorted by name.

    A manifest is ``manifests/<registry>/<namespace>/<model>/<tag>`` (JSON); its layer with
    the model media type names the weights as ``sha256:<hex>``, stored as
    ``blobs/sha256-<hex>``. Unreadable manifests and non-GGUF blobs are skipped."""
    manifests = models_dir / "manifests"
    found: list[OllamaModel] = []
    try:
        files = sorted(p for p in manifests.glob("*/*/*/*") if p.is_file())
    except OSError:
        return []
    for manifest in files:
        try:
            layers = json.loads(manifest.read_text(encoding="utf-8")).get("layers", [])
            digest = next(
                str(layer["digest"])
                for layer in layers
                if layer.get("mediaType") == OLLAMA_MODEL_LAYER
            )
            blob = models_dir / "blobs" / digest.replace(":", "-", 1)
            with blob.open("rb") as f:
                if f.read(4) != GGUF_MAGIC:
                    continue
        except (OSError, ValueError, AttributeError, KeyError, TypeError, StopIteration):
            continue
        registry, namespace, model, tag = manifest.relative_to(manifests).parts
        found.append(OllamaModel(_ollama_name(registry, namespace, model, tag), blob))
    return sorted(found, key=lambda m: m.name)
