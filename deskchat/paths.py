"""Every location deskchat reads or writes, in one place.

``DESKCHAT_HOME`` puts everything under one folder (tests, portable installs); otherwise the
platform's conventions apply (XDG on Linux, ~/Library on macOS, %APPDATA% on Windows).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "deskchat"
HOME_ENV = "DESKCHAT_HOME"


def _home_override() -> Path | None:
    value = os.environ.get(HOME_ENV)
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """History database and other user data."""
    home = _home_override()
    return home / "data" if home else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """The settings file."""
    home = _home_override()
    return (
        home / "config" if home else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    )


def cache_dir() -> Path:
    home = _home_override()
    return home / "cache" if home else Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def kv_states_dir() -> Path:
    """Chats' saved KV states (engine/kv_states.py): large, and safe to delete."""
    return cache_dir() / "kv-states"


def log_dir() -> Path:
    home = _home_override()
    return home / "logs" if home else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    """Downloaded and starter models (GGUF files are large: data, not cache)."""
    return data_dir() / "models"


def db_path() -> Path:
    return data_dir() / "history.sqlite3"


def settings_path() -> Path:
    return config_dir() / "settings.json"


def remote_endpoints_path() -> Path:
    """The remote OpenAI-compatible servers the person added (no API keys: the keyring)."""
    return config_dir() / "remote_endpoints.json"


def ensure(path: Path) -> Path:
    """Create ``path`` (a directory) if needed and return it."""
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """Read-only files shipped with the app (the top-level resources/ folder).

    Installed from a wheel it is the package ``deskchat.resources``; in an editable install
    or a source tree it is the folder beside the package; in a PyInstaller bundle it sits
    at the same place inside the bundle (read-only)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "deskchat" / "resources"
    try:
        shipped = importlib.import_module("deskchat.resources")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "resources"
    return Path(str(shipped.__file__)).resolve().parent
