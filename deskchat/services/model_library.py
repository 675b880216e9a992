"""The library and the download queue as the settings configure them (one place, so the
GUI and the CLI agree on folders)."""

from __future__ import annotations

from pathlib import Path

from deskchat import paths
from deskchat.hub.library import Library, LocalModel
from deskchat.settings import Settings


def models_folder(settings: Settings) -> Path:
    return Path(settings.models_dir).expanduser() if settings.models_dir else paths.models_dir()


def open_library(settings: Settings) -> Library:
    return Library(
        paths.ensure(models_folder(settings)),
        extra_folders=[Path(f).expanduser() for f in settings.extra_model_folders],
        other_apps=settings.scan_other_apps,
        links_path=paths.data_dir() / "linked-models.json",  # survives a models-folder change
    )


def find_model(models: list[LocalModel], wanted: str) -> list[LocalModel]:
    """Library entries matching a path, a display name or a unique part of one."""
    w = wanted.strip()
    exact = [m for m in models if w in (str(m.path), m.name, m.path.name)]
    if exact:
        return exact
    try:
        resolved = Path(w).expanduser().resolve()
        by_path = [m for m in models if resolved in (p.resolve() for p in m.parts)]
    except OSError:
        by_path = []
    if by_path:
        return by_path
    return [m for m in models if w.lower() in m.name.lower()]
