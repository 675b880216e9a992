""" "Use the starter model", clicked as a person would: from the first click the window says
what it is doing (assembling the model from its parts, with progress; reading; loading),
the window never freezes, a second click while it is busy does nothing, and a problem is
one sentence with the button usable again."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.errors import DeskchatError
from deskchat.gui import model_tab
from deskchat.gui.main_window import MainWindow
from deskchat.sentences import Sentence
from deskchat.services import starter

pytestmark = pytest.mark.skipif(
    not starter.starter_installed(), reason="needs the starter model's package"
)
LOAD_MS = 180_000  # a shared CI machine: assembling 253 MB and a real load


class Steps:
    """Every step the window was told, and the longest the event loop went unserved."""

    def __init__(self, win: MainWindow) -> None:
        self.seen: list[tuple[str, float]] = []
        self.longest_gap = 0.0
        self._last = time.monotonic()
        original = win.first_start.show_step

        def record(text: str, fraction: float) -> None:
            self.seen.append((text, fraction))
            original(text, fraction)

        win.first_start.show_step = record  # type: ignore[method-assign]
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.longest_gap = max(self.longest_gap, now - self._last)
        self._last = now

    def stop(self) -> None:
        self._timer.stop()

    def texts(self) -> list[str]:
        return [text for text, _ in self.seen]


@pytest.fixture
def steps(window: MainWindow) -> Iterator[Steps]:
    recorded = Steps(window)
    yield recorded
    recorded.stop()


def click_starter(qtbot: QtBot, win: MainWindow) -> None:
    qtbot.mouseClick(win.first_start.starter_button, Qt.MouseButton.LeftButton)


def test_the_first_click_shows_each_step_and_a_second_click_does_nothing(
    window: MainWindow, qtbot: QtBot, steps: Steps
) -> None:
    assert not starter.starter_on_disk()  # a fresh home: the model is assembled first
    click_starter(qtbot, window)
    # at once, before anything slow: the button says what is happening and is disabled
    button = window.first_start.starter_button
    assert button.text() == "Getting the starter model ready…" and not button.isEnabled()
    assert "Getting the starter model ready…" in window.chat.empty.text()
    assert window.first_start.starter_progress.isVisible()
    qtbot.waitUntil(lambda: "Assembling" in window.first_start.step, timeout=60_000)
    assert "Assembling the starter model from its parts" in window.model_panel.status.text()
    assert window.model_panel.progress.isVisible()
    with qtbot.assertNotEmitted(window.controller.error):
        click_starter(qtbot, window)  # disabled: nothing happens
        window.first_start.use_starter()  # even if it were reached: nothing happens
        assert window.model_tab.use_starter() is None
    with qtbot.waitSignal(window.controller.model_loaded, timeout=LOAD_MS):
        pass
    qtbot.waitUntil(lambda: window.first_start.step == "", timeout=10_000)
    steps.stop()

    texts = steps.texts()
    assembled = [f for t, f in steps.seen if t.startswith("Assembling")]
    assert len(assembled) > 10 and assembled == sorted(assembled) and assembled[-1] == 1.0
    assert "253.1 MB of 253.1 MB" in next(t for t in reversed(texts) if "Assembling" in t)
    order = ["Getting the starter model ready…", "Assembling", "Reading the starter model…"]
    order.append("Loading the starter model…")
    positions = [next(i for i, t in enumerate(texts) if t.startswith(o)) for o in order]
    assert positions == sorted(positions) and texts[-1] == "", texts
    assert steps.longest_gap < 0.5, f"the window froze for {steps.longest_gap:.2f} s"
    # ready: no stale problem line, the panel names the model and its file
    assert not window.error_label.isVisible()
    assert not window.first_start.starter_button.isVisible()
    assert "Say hello" in window.chat.empty.text()
    meta = window.model_panel.meta.text()
    assert "<b>Gemma 3 270m</b>" in meta and "gemma-3-270m-q4_k_m.gguf" in meta
    assert "<code>&lt;bos&gt;</code>" in meta
    assert window.model_panel.status.text().startswith("Loaded Gemma 3 270m")
    assert not window.model_panel.progress.isVisible()


def test_an_assembled_starter_goes_straight_to_reading_and_loading(
    window: MainWindow, qtbot: QtBot, steps: Steps, gemma_model: Path
) -> None:
    folder = paths.ensure(paths.models_dir())
    (folder / gemma_model.name).symlink_to(gemma_model)
    with qtbot.waitSignal(window.controller.model_loaded, timeout=LOAD_MS):
        click_starter(qtbot, window)
    qtbot.waitUntil(lambda: window.first_start.step == "", timeout=10_000)
    assert not any(t.startswith("Assembling") for t in steps.texts())
    assert "Loading the starter model…" in steps.texts()
    assert not window.error_label.isVisible()


def test_a_starter_that_cannot_be_had_is_one_sentence_and_the_button_works_again(
    window: MainWindow, qtbot: QtBot, steps: Steps, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(**_kwargs: object) -> Path:
        raise DeskchatError(
            Sentence(
                "The starter model could not be written to {folder}: {reason}.",
                folder="/models",
                reason="No space left on device",
            )
        )

    monkeypatch.setattr(model_tab, "starter_model_path", full_disk)
    click_starter(qtbot, window)
    said = "The starter model could not be written to /models: No space left on device."
    qtbot.waitUntil(lambda: window.error_label.text() == said, timeout=30_000)
    assert window.error_label.isVisible()
    assert said in window.model_panel.status.text()
    qtbot.waitUntil(lambda: window.first_start.starter_button.isEnabled(), timeout=10_000)
    assert window.first_start.starter_button.text() == "Use the starter model"
    assert not window.first_start.starter_progress.isVisible()
    assert window.model_panel.open_button.isEnabled()


def test_without_the_package_the_click_says_how_to_install_it(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(starter, "_package", lambda: None)
    click_starter(qtbot, window)
    assert "pip install 'deskchat[starter]'" in window.error_label.text()
    assert window.first_start.starter_button.isEnabled()


def test_a_wait_for_the_load_line_clears_when_the_load_ends(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    """Another way in (the models window) asking for a load while one runs is told to
    wait; once the model is loaded, that line is gone."""
    window.inspect_model(str(tiny_model))
    with qtbot.waitSignal(window.controller.model_loaded, timeout=LOAD_MS):
        qtbot.mouseClick(window.model_panel.load_button, Qt.MouseButton.LeftButton)
        window.controller.load(str(tiny_model), window.model_panel.options())
        assert window.error_label.isVisible()
        assert "Wait for the current answer or load" in window.error_label.text()
    assert not window.error_label.isVisible()
