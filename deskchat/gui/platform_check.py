"""Before the window opens on Linux: the system libraries Qt's X11 (xcb) platform plugin
needs. A fresh Debian or Ubuntu lacks some (libxcb-cursor0, libxcb-icccm4,
libxcb-keysyms1); Qt then prints a plugin error and quits. This finds them first and
names the packages to install, in one sentence.

Plain Python (ctypes), so it runs before any QApplication exists."""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# What libqxcb.so and libQt6XcbQpa.so.6 load (`ldd` on PySide6's plugin), beyond Qt's own
# and the C runtime: each soname with the Debian/Ubuntu package that ships it.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
}

Loader = Callable[[str], bool]  # whether a library (by soname) can be loaded


def will_use_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """Whether Qt will open its window through X11 (xcb): on Linux, with no platform
    chosen (and not in a Wayland session, where Qt uses Wayland), or xcb chosen."""
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0] == "xcb"
    wayland = env.get("XDG_SESSION_TYPE") == "wayland" and bool(env.get("WAYLAND_DISPLAY"))
    return not wayland


def can_load(soname: str, folders: Iterable[Path] = ()) -> bool:
    """Whether the dynamic loader finds ``soname`` (or it lies in one of ``folders``, as
    in a bundle that carries its own copy)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return any((folder / soname).is_file() for folder in folders)
    return True


def _bundled_folders() -> list[Path]:
    folders = [Path(sys.executable).parent]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        folders.append(Path(frozen))
    try:
        import PySide6

        folders.append(Path(PySide6.__file__).parent / "Qt" / "lib")
    except ImportError:
        pass
    return folders


def missing_libraries(load: Loader | None = None) -> list[str]:
    """The sonames of ``XCB_LIBRARIES`` that cannot be loaded, in the table's order."""
    if load is None:
        folders = _bundled_folders()

        def load(soname: str) -> bool:
            return can_load(soname, folders)

    return [soname for soname in XCB_LIBRARIES if not load(soname)]


def install_advice(missing: Iterable[str]) -> str:
    """The apt command that installs the packages holding ``missing``."""
    packages = list(dict.fromkeys(XCB_LIBRARIES[soname] for soname in missing))
    return "sudo apt install " + " ".join(packages)


def xcb_problem(
    env: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    load: Loader | None = None,
) -> str | None:
    """One sentence when the window cannot open for want of system libraries; else None."""
    if not will_use_xcb(os.environ if env is None else env, platform):
        return None
    missing = missing_libraries(load)
    if not missing:
        return None
    return (
        f"The window cannot open: Qt's X11 platform needs system libraries this computer "
        f"lacks ({', '.join(missing)}); install them with `{install_advice(missing)}` "
        "(Debian, Ubuntu), or chat in this terminal with `deskchat chat`."
    )
