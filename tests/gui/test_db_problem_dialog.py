"""The window with a history it cannot open: a dialog says why and offers to recover, to
start afresh (the old file kept beside the new one) or to quit; the window opens after a
choice that worked. Driven through run_gui, as the app starts."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import run_gui
from deskchat.gui.db_problem_dialog import DatabaseProblemDialog
from deskchat.gui.main_window import MainWindow
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from tests.helpers.damaged_db import CHATS, damage, digest, write_history


def shown(kind: type[QWidget]) -> QWidget | None:
    return next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()),
        None,
    )


def when_shown(kind: type[QWidget], then: Callable[[QWidget], None], within_s: float = 60) -> None:
    """Call ``then(widget)`` from the event loop once a ``kind`` window is showing (the
    dialog and the main window each run their own loop, so this cannot block in one)."""
    deadline = time.monotonic() + within_s
    generation = _generation[0]

    def poll() -> None:
        if generation != _generation[0]:  # left over from a test that has ended
            return
        widget = shown(kind)
        if widget is not None:
            then(widget)
        elif time.monotonic() < deadline:
            QTimer.singleShot(20, poll)
        else:
            QApplication.instance().quit()  # type: ignore[union-attr]

    QTimer.singleShot(0, poll)


_generation = [0]


@pytest.fixture(autouse=True)
def no_leftovers(qapp: QApplication) -> Iterator[None]:
    """No poll and no quit of one test reaches the next (closing the last window of a test
    would otherwise end the next test's dialog)."""
    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)
    yield
    _generation[0] += 1
    qapp.setQuitOnLastWindowClosed(quits)


@pytest.fixture
def damaged() -> Path:
    path = paths.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_history(path)
    damage(path)
    return path


def test_a_damaged_history_is_set_aside_and_the_window_opens(
    qapp: QApplication, qtbot: QtBot, damaged: Path
) -> None:
    before = digest(damaged)
    seen: dict[str, object] = {}

    def close_window(window: QWidget) -> None:
        seen["window"] = window
        qapp.quit()  # one quit: closing the window as well would leave a second one queued

    def start_fresh(dialog: QWidget) -> None:
        assert isinstance(dialog, DatabaseProblemDialog)
        seen["said"] = dialog.message.text()
        qtbot.mouseClick(dialog.fresh_button, Qt.MouseButton.LeftButton)
        when_shown(MainWindow, close_window)

    qtbot.waitUntil(lambda: shown(DatabaseProblemDialog) is None)
    when_shown(DatabaseProblemDialog, start_fresh)
    code = run_gui([])
    assert str(seen.get("said", "")).startswith(f"The history database {damaged} is damaged")
    assert "window" in seen, "the main window never opened"
    assert code == 0
    (kept,) = damaged.parent.glob(damaged.name + ".damaged-*")
    assert digest(kept) == before  # the damaged file kept as it was, beside the new one
    db = Database(damaged)
    assert ConversationRepo(db).list(limit=CHATS) == []  # a fresh, whole history
    db.close()
    seen["window"].close()  # type: ignore[attr-defined]
    seen["window"].deleteLater()  # type: ignore[attr-defined]


def test_quit_leaves_the_damaged_history_untouched(
    qapp: QApplication, qtbot: QtBot, damaged: Path
) -> None:
    before = digest(damaged)
    clicked: list[bool] = []

    def quit_(dialog: QWidget) -> None:
        clicked.append(True)
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]

    when_shown(DatabaseProblemDialog, quit_)
    assert run_gui([]) == 1
    assert clicked == [True]  # it was the person's choice that ended it
    assert digest(damaged) == before
    assert list(damaged.parent.glob(damaged.name + ".damaged-*")) == []


def test_recovering_keeps_what_could_be_read_and_opens_the_window(
    qapp: QApplication, qtbot: QtBot, damaged: Path
) -> None:
    seen: dict[str, QWidget] = {}

    def close_window(window: QWidget) -> None:
        seen["window"] = window
        qapp.quit()  # one quit: closing the window as well would leave a second one queued

    def recover(dialog: QWidget) -> None:
        qtbot.mouseClick(dialog.recover_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        when_shown(MainWindow, close_window)

    when_shown(DatabaseProblemDialog, recover)
    assert run_gui([]) == 0 and "window" in seen
    db = Database(damaged)
    assert len(ConversationRepo(db).list(limit=CHATS)) == CHATS  # the chats came back
    db.close()
    assert len(list(damaged.parent.glob(damaged.name + ".damaged-*"))) == 1
    seen["window"].close()
    seen["window"].deleteLater()
