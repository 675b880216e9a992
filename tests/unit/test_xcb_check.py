"""On a fresh Debian the window needs system libraries Qt's xcb plugin loads; without them
deskchat says which packages to install, in one sentence, instead of Qt's plugin error."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from deskchat.gui import app, platform_check
from deskchat.gui.platform_check import XCB_LIBRARIES, install_advice, xcb_problem

X11 = {"DISPLAY": ":0"}
FRESH_DEBIAN = {"libxcb-cursor.so.0", "libxcb-icccm.so.4", "libxcb-keysyms.so.1"}


def lacking(*missing: str) -> platform_check.Loader:
    def load(soname: str) -> bool:
        return soname not in missing

    return load


def test_the_sentence_names_exactly_the_missing_packages() -> None:
    problem = xcb_problem(X11, "linux", lacking(*sorted(FRESH_DEBIAN)))
    assert problem is not None
    assert "`sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1`" in problem
    assert problem.count(". ") == 0 and problem.endswith(".")  # one sentence
    assert "libxcb-image0" not in problem and "libxkbcommon" not in problem


def test_nothing_to_say_when_every_library_is_there() -> None:
    assert xcb_problem(X11, "linux", lacking()) is None


@pytest.mark.parametrize(
    ("env", "platform"),
    [
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({"XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({}, "darwin"),
        ({}, "win32"),
    ],
)
def test_no_check_when_the_window_does_not_go_through_x11(
    env: dict[str, str], platform: str
) -> None:
    def load(soname: str) -> bool:
        raise AssertionError(f"{soname} was looked for")

    assert xcb_problem(env, platform, load) is None


@pytest.mark.parametrize("chosen", ["xcb", "xcb:nomitshm", "xcb;wayland"])
def test_xcb_chosen_is_checked_even_in_a_wayland_session(chosen: str) -> None:
    env = {"QT_QPA_PLATFORM": chosen, "XDG_SESSION_TYPE": "wayland", "WAYLAND_DISPLAY": "w"}
    problem = xcb_problem(env, "linux", lacking("libxcb-icccm.so.4"))
    assert problem is not None and "`sudo apt install libxcb-icccm4`" in problem


def test_each_package_is_named_once() -> None:
    assert install_advice(["libxcb-shm.so.0", "libxcb-shm.so.0"]) == "sudo apt install libxcb-shm0"


def test_starting_the_window_without_them_prints_the_sentence_and_exits(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("XDG_SESSION_TYPE", raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(
        platform_check, "can_load", lambda soname, _folders=(): soname not in FRESH_DEBIAN
    )
    assert app.run_gui([]) == 1
    err = capsys.readouterr().err
    assert err.startswith("deskchat: The window cannot open")
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1" in err
    assert err.count("\n") == 1


def test_a_library_that_cannot_be_found_is_missing_and_one_that_can_is_not() -> None:
    assert not platform_check.can_load("libdeskchat-no-such-library.so.7")
    if sys.platform.startswith("linux"):
        assert platform_check.can_load("libc.so.6")


def _qt_xcb_needs() -> set[str]:
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    plugin = qt / "plugins" / "platforms" / "libqxcb.so"
    if not sys.platform.startswith("linux") or not plugin.exists() or not shutil.which("ldd"):
        pytest.skip("needs Linux, ldd and PySide6's xcb plugin")
    needed: set[str] = set()
    for library in (plugin, *qt.glob("lib/libQt6XcbQpa.so*")):
        out = subprocess.run(["ldd", str(library)], capture_output=True, text=True, check=True)
        needed |= {line.split()[0] for line in out.stdout.splitlines() if "=>" in line}
    return needed


def test_the_table_holds_every_x11_library_the_plugin_loads() -> None:
    x11 = {n for n in _qt_xcb_needs() if n.startswith(("libxcb", "libX11", "libxkbcommon"))}
    assert x11 <= set(XCB_LIBRARIES), sorted(x11 - set(XCB_LIBRARIES))


def _install_script() -> str:
    spec = importlib.util.spec_from_file_location(
        "build", Path(__file__).resolve().parents[2] / "packaging" / "build.py"
    )
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    return str(build.install_script())


@pytest.mark.skipif(not shutil.which("sh"), reason="needs a POSIX shell")
def test_the_linux_bundles_install_script_gives_the_same_advice(tmp_path: Path) -> None:
    here = tmp_path / "deskchat-0.1.0-linux"
    (here / "deskchat").mkdir(parents=True)
    (here / "deskchat" / "deskchat").write_text("", encoding="utf-8")
    (here / "deskchat.png").write_bytes(b"")
    (here / "deskchat.desktop").write_text("Exec=deskchat\n", encoding="utf-8")
    (here / "install.sh").write_text(_install_script(), encoding="utf-8")
    tools = tmp_path / "bin"
    tools.mkdir()
    listing = "".join(
        f"\t{soname} (libc6,x86-64) => /lib/x86_64-linux-gnu/{soname}\\n"
        for soname in XCB_LIBRARIES
        if soname not in FRESH_DEBIAN
    )
    (tools / "ldconfig").write_text(f'#!/bin/sh\nprintf "{listing}"\n', encoding="utf-8")
    (tools / "ldconfig").chmod(0o755)
    env = {"HOME": str(tmp_path / "home"), "PATH": f"{tools}:/usr/bin:/bin"}
    done = subprocess.run(
        ["sh", str(here / "install.sh")], env=env, capture_output=True, text=True, check=True
    )
    assert (tmp_path / "home" / ".local" / "lib" / "deskchat" / "deskchat").exists()
    advice = xcb_problem(X11, "linux", lacking(*FRESH_DEBIAN))
    assert done.stderr == f"deskchat: {advice}\n"
    (tools / "ldconfig").write_text(
        "#!/bin/sh\n" + "".join(f"echo '\t{s} (libc6) => /lib/{s}'\n" for s in XCB_LIBRARIES),
        encoding="utf-8",
    )
    again = subprocess.run(
        ["sh", str(here / "install.sh")], env=env, capture_output=True, text=True, check=True
    )
    assert again.stderr == ""
