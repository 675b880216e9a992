"""The same file reads the same size in the Model tab and in the models window."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.main_window import MainWindow
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.units import count_text, size_text


def test_the_model_tab_and_the_library_show_one_size(window: MainWindow, qtbot: QtBot) -> None:
    path = write_tiny_gguf(paths.ensure(paths.models_dir() / "imported") / "mine.gguf")
    expected = size_text(path.stat().st_size)
    assert expected.endswith(" KB") and "." in expected  # decimal: 1,000 bytes a KB
    window.inspect_model(str(path))
    qtbot.waitUntil(lambda: expected in window.model_panel.meta.text(), timeout=10_000)
    next(a for a in window.actions() if a.text() == "Models…").trigger()
    models = window.models.window
    assert models is not None
    library = models.library
    models.tabs.setCurrentWidget(library)
    qtbot.waitUntil(lambda: len(library.models) == 1, timeout=30_000)
    assert library.table.item(0, 6).text() == expected
    parameters = library.models[0].parameters
    assert library.table.item(0, 4).text() == count_text(parameters)
    assert count_text(parameters) in window.model_panel.meta.text()
