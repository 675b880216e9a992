"""Library → Folders…: where downloads go, the other folders listed in place, and how many
downloads run at once, driven through the dialog against the loopback hub."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.library_folders import FoldersDialog
from deskchat.gui.main_window import MainWindow
from deskchat.gui.models_window import ModelsWindow
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.settings import load_settings
from tests.gui.conftest import download_threads
from tests.gui.test_models_window import (
    CLICK,
    FILE,
    add_tiny_repo,
    open_models,
    search_and_choose,
    start_download,
)
from tests.helpers.fake_hub import FakeHub


def choose_folder(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """The folder picker answers ``folder``."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(folder))


def open_folders(models: ModelsWindow) -> FoldersDialog:
    library = models.library
    models.tabs.setCurrentWidget(library)
    library.folders_button.click()
    dialog = library.folders_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def listed(dialog: FoldersDialog) -> list[str]:
    return [dialog.extras.item(i).text() for i in range(dialog.extras.count())]


def names(models: ModelsWindow) -> dict[str, str]:
    """Name → source, as the Library table shows them."""
    table = models.library.table
    return {table.item(r, 0).text(): table.item(r, 7).text() for r in range(table.rowCount())}


def test_a_new_models_folder_takes_the_next_download_and_the_old_models_stay_listed(
    hub_window: MainWindow,
    qtbot: QtBot,
    fake_hub: FakeHub,
    model_bytes: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old = paths.models_dir()
    write_tiny_gguf(paths.ensure(old / "imported") / "mine.gguf")
    add_tiny_repo(fake_hub, model_bytes)
    models = open_models(hub_window)
    dialog = open_folders(models)
    qtbot.waitUntil(lambda: names(models) == {"mine.gguf": "deskchat"}, timeout=30_000)
    assert dialog.folder.text() == f"{old} (the default)"
    assert not dialog.default_button.isEnabled() and listed(dialog) == []

    new = tmp_path / "big-disk" / "models"
    new.mkdir(parents=True)
    choose_folder(monkeypatch, new)
    qtbot.mouseClick(dialog.change_button, CLICK)
    assert dialog.status.text() == (
        f"Downloads now go to {new}. The models already in {old} stay listed: "
        "it is now one of the other folders."
    )
    assert dialog.folder.text() == str(new) and dialog.default_button.isEnabled()
    assert listed(dialog) == [str(old)]
    saved, _ = load_settings()
    assert saved.models_dir == str(new) and saved.extra_model_folders == (str(old),)
    qtbot.waitUntil(lambda: names(models) == {"mine.gguf": "folder"}, timeout=30_000)
    dialog.close()

    search_and_choose(qtbot, models, "tiny")
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.state.text() == "Done", timeout=60_000)
    assert Path(row.item.path) == new / "acme" / "tiny-chat-GGUF" / FILE
    assert Path(row.item.path).read_bytes() == model_bytes
    both = {"mine.gguf": "folder", "tiny-chat-GGUF/tiny-chat-Q4_K_M.gguf": "deskchat"}
    qtbot.waitUntil(lambda: names(models) == both, timeout=30_000)

    dialog = open_folders(models)  # back to the default: the swap goes the other way
    qtbot.mouseClick(dialog.default_button, CLICK)
    assert dialog.folder.text() == f"{old} (the default)" and listed(dialog) == [str(new)]
    assert "Downloads now go to" in dialog.status.text()
    assert list(models.downloads.rows) == []  # the list is the new folder's queue
    qtbot.waitUntil(
        lambda: names(models) == {"mine.gguf": "deskchat", "tiny-chat-Q4_K_M.gguf": "folder"},
        timeout=30_000,
    )


def test_the_models_folder_stays_while_a_download_is_running(
    hub_window: MainWindow,
    qtbot: QtBot,
    fake_hub: FakeHub,
    model_bytes: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_tiny_repo(fake_hub, model_bytes + bytes(4_000_000))
    models = open_models(hub_window)
    search_and_choose(qtbot, models, "tiny")
    fake_hub.throttle_bps = 500_000
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.done_bytes > 0, timeout=30_000)
    dialog = open_folders(models)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    choose_folder(monkeypatch, elsewhere)
    qtbot.mouseClick(dialog.change_button, CLICK)
    assert dialog.status.text().startswith("Wait for the downloads to finish, or cancel them")
    assert dialog.status.problem and dialog.folder.text().endswith("(the default)")
    assert hub_window.app.settings.current.models_dir == "" and row.state.text() == "Downloading"

    qtbot.mouseClick(row.buttons["pause"], CLICK)  # paused keeps its partial file here too
    dialog.status.say("")
    qtbot.mouseClick(dialog.change_button, CLICK)
    assert dialog.status.text().startswith("Wait for the downloads to finish")

    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(row.buttons["cancel"], CLICK)
    qtbot.waitUntil(lambda: download_threads() == [], timeout=20_000)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    choose_folder(monkeypatch, blocker / "models")
    qtbot.mouseClick(dialog.change_button, CLICK)
    text = dialog.status.text()
    assert text.startswith(f"deskchat cannot keep models in {blocker / 'models'} (")
    assert text.endswith("); choose another folder.") and dialog.status.problem
    assert hub_window.app.settings.current.models_dir == ""

    choose_folder(monkeypatch, elsewhere)  # nothing is downloading now
    qtbot.mouseClick(dialog.change_button, CLICK)
    assert dialog.status.text().startswith(f"Downloads now go to {elsewhere}.")
    assert hub_window.models.services.downloads.models_dir == elsewhere


def test_an_other_folder_is_listed_until_it_is_removed(
    hub_window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "my-models"
    elsewhere.mkdir()
    theirs = write_tiny_gguf(elsewhere / "theirs.gguf")
    models = open_models(hub_window)
    dialog = open_folders(models)
    choose_folder(monkeypatch, elsewhere)
    qtbot.mouseClick(dialog.add_button, CLICK)
    assert dialog.status.text() == f"The models in {elsewhere} are listed now."
    assert listed(dialog) == [str(elsewhere)] and not dialog.remove_button.isEnabled()
    qtbot.waitUntil(lambda: names(models) == {"theirs.gguf": "folder"}, timeout=30_000)
    qtbot.mouseClick(dialog.add_button, CLICK)  # the same folder again
    assert dialog.status.text() == f"{elsewhere} is already in the library."
    assert listed(dialog) == [str(elsewhere)]

    dialog.extras.setCurrentRow(0)
    assert dialog.remove_button.isEnabled()
    qtbot.mouseClick(dialog.remove_button, CLICK)
    assert dialog.status.text() == f"{elsewhere} is no longer listed; its files were not touched."
    assert listed(dialog) == [] and not dialog.remove_button.isEnabled()
    qtbot.waitUntil(lambda: names(models) == {}, timeout=30_000)
    assert theirs.exists() and load_settings()[0].extra_model_folders == ()

    assert dialog.concurrency.value() == 2  # downloads at once
    dialog.concurrency.setValue(3)
    assert hub_window.models.services.downloads.concurrency == 3
    dialog.close()
    assert open_folders(models).concurrency.value() == 3
    assert load_settings()[0].download_concurrency == 3
