"""Starting the desktop app."""

from __future__ import annotations

import os
import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from deskchat import __version__, logs
from deskchat.errors import DeskchatError, StoreError
from deskchat.gui.bug_hooks import BugHooks
from deskchat.gui.db_problem_dialog import window_despite
from deskchat.gui.look import apply_theme, install_translators
from deskchat.gui.main_window import MainWindow
from deskchat.gui.platform_check import xcb_problem
from deskchat.services.api_server import ServerFactory
from deskchat.services.app import open_app

# How long a Python thread may hold the GIL while another waits for it (Python's default
# is 5 ms). The GUI thread needs the GIL for every Python method Qt calls while it draws a
# frame (paint events, size hints, event filters), a dozen times a frame: with a worker
# thread busy in Python (reading a PDF), each wait cost up to 5 ms and a frame 60 ms. At
# 1 ms the longest stall while a 300-page PDF is indexed went from 60 to 11 ms, the
# indexing took as long (tests/benchmarks/gui_benchmarks.py indexing).
GIL_SWITCH_S = 0.001


def create_window(qapp: QApplication, serve: ServerFactory | None = None) -> MainWindow:
    """Open deskchat's state and build the main window (tests call this too). ``serve``
    makes the API server for the window's server switch (the entry point hands it in)."""
    sys.setswitchinterval(GIL_SWITCH_S)
    logs.setup_logging("gui")
    context = open_app(serve)
    dark = apply_theme(qapp, context.settings.current.theme)
    translators = install_translators(qapp, context.settings.current.language)
    window = MainWindow(context, dark)
    window.translators = translators

    def follow_os(_scheme: object) -> None:
        if window.app.settings.current.theme == "system":
            apply_theme(qapp, "system")

    QGuiApplication.styleHints().colorSchemeChanged.connect(follow_os)
    return window


def display_problem() -> str | None:
    """A sentence when there is no screen to show a window on (Linux without X/Wayland)."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return (
        "There is no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is "
        "set); chat in this terminal with `deskchat chat`, or start deskchat from a desktop "
        "session."
    )


def run_gui(argv: list[str], serve: ServerFactory | None = None) -> int:
    problem = display_problem() or xcb_problem()  # before Qt's plugin error, which quits
    if problem:
        print(f"deskchat: {problem}", file=sys.stderr)  # noqa: T201 - no window to show it in
        return 1
    qapp = QApplication.instance() or QApplication([sys.argv[0], *argv])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("deskchat")
    qapp.setApplicationVersion(__version__)
    qapp.setOrganizationName("deskchat")
    hooks = BugHooks().install()  # an uncaught bug is logged and shown, never lost
    try:
        window = create_window(qapp, serve)
    except StoreError as exc:  # the history cannot be opened: ask what to do about it
        opened = window_despite(exc, lambda: create_window(qapp, serve))
        if opened is None:
            return 1
        window = opened
    except DeskchatError as exc:
        print(f"deskchat: {exc}", file=sys.stderr)  # noqa: T201 - no window to show it in
        return 1
    hooks.show = window.controller.error.emit  # a queued signal: safe from any thread
    window.show()
    code = qapp.exec()
    window.app.close()
    hooks.uninstall()
    return int(code)
