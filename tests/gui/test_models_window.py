"""The model manager window (Model → Models…) driven through its widgets, against the
loopback hub (tests/helpers/fake_hub.py) that the real huggingface_hub client talks to,
with real tiny GGUF files the real engine loads."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui import library_import
from deskchat.gui.downloads_view import DownloadRow
from deskchat.gui.main_window import MainWindow
from deskchat.gui.models_window import ModelsWindow
from deskchat.hub.tiny_gguf import write_tiny_gguf
from tests.gui.conftest import close_window, download_threads, open_window, send
from tests.helpers.fake_hub import FakeHub
from tests.helpers.keyrings import MemoryKeyring

REPO = "acme/tiny-chat-GGUF"
FILE = "tiny-chat-Q4_K_M.gguf"
CLICK = Qt.MouseButton.LeftButton


@pytest.fixture(scope="module")
def big_bytes(model_bytes: bytes) -> bytes:
    """A tiny model padded to 4 MB: the downloader reports progress per MiB, so a transfer
    this long is seen half-way."""
    return model_bytes + bytes(4_000_000 - len(model_bytes))


def add_tiny_repo(hub: FakeHub, data: bytes, repo: str = REPO, gated: bool | str = False) -> str:
    """A repository with two quantizations of the tiny model (same bytes, other names)."""
    files = {FILE: data, "tiny-chat-Q8_0.gguf": data, "README.md": b"# tiny"}
    gguf = {"total": 100_000, "architecture": "llama", "context_length": 4096}
    return hub.add_repo(repo, files, downloads=1234, likes=5, gguf=gguf, gated=gated)


def open_models(win: MainWindow) -> ModelsWindow:
    action = next(a for a in win.actions() if a.text() == "Models…")
    assert action.shortcut().toString() == "Ctrl+Shift+M"
    action.trigger()
    models = win.models.window
    assert models is not None and models.isVisible()
    return models


def search_and_choose(qtbot: QtBot, models: ModelsWindow, text: str, repo: str = REPO) -> None:
    """Type in the search box, press Enter, pick ``repo``; wait for its file list."""
    discover = models.discover
    discover.query.setFocus()
    qtbot.keyClicks(discover.query, text)
    qtbot.keyClick(discover.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: discover.results.rowCount() > 0, timeout=20_000)
    rows = [discover.results.item(r, 0).text() for r in range(discover.results.rowCount())]
    discover.results.selectRow(rows.index(repo))
    qtbot.waitUntil(lambda: discover.files.table.rowCount() == 2, timeout=30_000)


def start_download(qtbot: QtBot, models: ModelsWindow) -> DownloadRow:
    """Press Download on the selected (recommended) file; the Downloads row that appears."""
    qtbot.mouseClick(models.discover.files.download_button, CLICK)
    qtbot.waitUntil(lambda: len(models.downloads.rows) == 1, timeout=20_000)
    models.tabs.setCurrentWidget(models.downloads)
    return next(iter(models.downloads.rows.values()))


def test_search_download_then_load_and_chat(
    hub_window: MainWindow, qtbot: QtBot, fake_hub: FakeHub, model_bytes: bytes
) -> None:
    add_tiny_repo(fake_hub, model_bytes)
    fake_hub.add_repo("acme/tiny-other-GGUF", {"other-Q4_K_M.gguf": model_bytes}, downloads=9)
    fake_hub.add_repo(
        "acme/tiny-embed-GGUF",
        {"tiny-embed-Q8_0.gguf": model_bytes},
        downloads=3,
        tags=["sentence-transformers", "feature-extraction"],
    )
    assert hub_window.first_start.find_button.isVisible()  # the first-start way in
    models = open_models(hub_window)
    discover = models.discover
    assert discover.stack.currentWidget() is discover.starters  # nothing searched yet
    assert discover.starters.table.rowCount() >= 3 and discover.starters.buttons[0].isVisible()

    search_and_choose(qtbot, models, "tiny")
    results = discover.results
    assert [results.item(r, 0).text() for r in range(3)] == [
        REPO,
        "acme/tiny-other-GGUF",
        "acme/tiny-embed-GGUF",
    ]
    assert results.item(0, 1).text() == "1.2 K" and results.item(0, 4).text() == ""
    kinds = [results.item(r, 5).text() for r in range(3)]
    assert kinds == ["Chat", "Chat", "Documents (embedding)"]  # embedding models are marked
    table = discover.files.table
    fits = [table.item(r, 3).text() for r in range(2)]
    assert set(fits) <= {"fits on GPU", "fits in RAM"}
    stars = [table.item(r, 4).text() for r in range(2)]
    assert stars.count("★") == 1
    best = stars.index("★")
    assert table.item(best, 0).text() == FILE and table.currentRow() == best
    assert "Needs about" in discover.files.sentence.text()
    discover.files.ctx.setValue(2048)  # the estimate follows the context length
    assert "2,048-token context" in discover.files.sentence.text()

    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.state == "done", timeout=60_000)
    size = f"{len(model_bytes) / 1e3:.1f} KB"
    assert row.state.text() == "Done" and row.bytes.text() == f"{size} / {size}"
    assert row.buttons["load"].isVisible() and not row.buttons["pause"].isVisible()
    assert models.tabs.tabText(1) == "Downloads"
    path = Path(row.item.path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == hashlib.sha256(model_bytes).hexdigest()

    library = models.library
    qtbot.waitUntil(lambda: any(m.path == path for m in library.models), timeout=30_000)
    names = [library.table.item(r, 0).text() for r in range(library.table.rowCount())]
    assert "tiny-chat-GGUF/tiny-chat-Q4_K_M.gguf" in names
    assert "1 model," in library.total.text()

    with qtbot.waitSignal(hub_window.controller.model_loaded, timeout=60_000):
        qtbot.mouseClick(row.buttons["load"], CLICK)
    qtbot.waitUntil(lambda: not hub_window.controller.is_loading(), timeout=10_000)
    assert "Loaded tiny-test-chat" in hub_window.model_panel.status.text()
    assert not hub_window.first_start.find_button.isVisible()
    deltas: list[object] = []
    hub_window.controller.answer_delta.connect(deltas.append)
    send(qtbot, hub_window, "hello")
    assert deltas, "the answer streamed"


def test_pause_then_resume_completes_with_the_right_bytes(
    hub_window: MainWindow, qtbot: QtBot, fake_hub: FakeHub, big_bytes: bytes
) -> None:
    add_tiny_repo(fake_hub, big_bytes)
    models = open_models(hub_window)
    search_and_choose(qtbot, models, "tiny-chat")
    fake_hub.throttle_bps = 500_000
    row = start_download(qtbot, models)
    # the speed shows once a few tenths of a second of progress are known
    qtbot.waitUntil(lambda: "/s" in row.speed.text(), timeout=30_000)
    assert row.state.text() == "Downloading" and row.item.done_bytes > 0
    assert models.tabs.tabText(1) == "Downloads (1)"
    qtbot.mouseClick(row.buttons["pause"], CLICK)
    assert row.state.text() == "Paused" and row.buttons["resume"].isVisible()
    assert row.speed.text() == "" and row.eta.text() == ""
    qtbot.waitUntil(lambda: download_threads() == [], timeout=20_000)  # the transfer stopped
    paused_at = row.item.done_bytes
    assert 0 < paused_at < len(big_bytes)
    assert row.bytes.text().endswith(" / 4.0 MB")

    fake_hub.throttle_bps = None
    qtbot.mouseClick(row.buttons["resume"], CLICK)
    qtbot.waitUntil(lambda: row.item.state == "done", timeout=60_000)
    data = Path(row.item.path).read_bytes()
    assert data == big_bytes
    ranged = [r for r in fake_hub.requests if r.path.startswith("/_cdn/") and r.range]
    assert ranged, "the download went on from the bytes already on disk"


def test_cancel_asks_first_and_deletes_the_partial_file(
    hub_window: MainWindow,
    qtbot: QtBot,
    fake_hub: FakeHub,
    big_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    add_tiny_repo(fake_hub, big_bytes)
    models = open_models(hub_window)
    search_and_choose(qtbot, models, "tiny")
    fake_hub.throttle_bps = 500_000
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.done_bytes > 0, timeout=30_000)
    partials = paths.models_dir() / ".downloads"
    assert list(partials.glob("*.part"))
    questions: list[str] = []
    answer = QMessageBox.StandardButton.No

    def question(_parent: object, _title: str, text: str) -> QMessageBox.StandardButton:
        questions.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(row.buttons["cancel"], CLICK)  # answered No: it goes on
    assert "will be deleted" in questions[0] and row.item.state == "downloading"
    answer = QMessageBox.StandardButton.Yes
    qtbot.mouseClick(row.buttons["cancel"], CLICK)
    assert models.downloads.rows == {} and models.downloads.empty.isVisible()
    qtbot.waitUntil(lambda: download_threads() == [], timeout=20_000)
    qtbot.waitUntil(lambda: not list(partials.glob("*.part")), timeout=10_000)
    assert not Path(row.item.path).exists()


def test_an_unreachable_hub_is_a_sentence(
    qapp: object, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    win = open_window(qtbot, f"http://127.0.0.1:{port}")
    try:
        models = open_models(win)
        discover = models.discover
        qtbot.mouseClick(discover.starters.buttons[0], CLICK)  # a starter, one click
        qtbot.waitUntil(lambda: "cannot be reached" in discover.status.text(), timeout=30_000)
        discover.status.setText("")
        qtbot.keyClicks(discover.query, "qwen")
        qtbot.keyClick(discover.query, Qt.Key.Key_Return)
        assert discover.status.text() == "Searching for “qwen”…"
        # huggingface_hub retries a refused search for about 20 s before giving up
        qtbot.waitUntil(lambda: "cannot be reached" in discover.status.text(), timeout=90_000)
        text = discover.status.text()
        assert text.startswith(f"The Hugging Face hub at http://127.0.0.1:{port} cannot be reached")
        assert "Traceback" not in text and not discover.fix_button.isVisible()
        assert models.downloads.rows == {}
    finally:
        close_window(win)


def test_a_gated_repo_asks_for_a_token_then_the_license(
    hub_window: MainWindow,
    qtbot: QtBot,
    fake_hub: FakeHub,
    model_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
    no_keyring: None,
) -> None:
    add_tiny_repo(fake_hub, model_bytes, repo="meta/gated-tiny-GGUF", gated="manual")
    fake_hub.valid_tokens.add("hf_good")
    models = open_models(hub_window)
    discover = models.discover
    search_and_choose(qtbot, models, "gated", repo="meta/gated-tiny-GGUF")
    assert discover.results.item(0, 4).text() == "gated"
    qtbot.mouseClick(discover.files.download_button, CLICK)
    qtbot.waitUntil(
        lambda: "is gated: accept its license" in discover.status.text(), timeout=20_000
    )
    assert discover.fix_button.text() == "Set a Hugging Face token…"
    assert models.downloads.rows == {}

    qtbot.mouseClick(discover.fix_button, CLICK)
    dialog = models.token_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.source.text() == "Current token: none set"
    qtbot.keyClicks(dialog.field, "hf_wrong")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: "rejected your" in dialog.status.text(), timeout=20_000)
    dialog.field.clear()
    qtbot.keyClicks(dialog.field, "hf_good")
    qtbot.mouseClick(dialog.save_button, CLICK)  # this system has no keyring
    qtbot.waitUntil(lambda: dialog.session_button.isVisible(), timeout=20_000)
    assert "Signed in as tester." in dialog.status.text() and "no keyring" in dialog.status.text()
    qtbot.mouseClick(dialog.session_button, CLICK)
    assert dialog.source.text() == "Current token: used for this session only"
    assert hub_window.models.services.access.token() == "hf_good"
    dialog.close()

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(discover.files.download_button, CLICK)
    qtbot.waitUntil(lambda: "accept its license" in discover.status.text(), timeout=20_000)
    assert discover.fix_button.text() == "Open the license page"
    qtbot.mouseClick(discover.fix_button, CLICK)
    assert [u.toString() for u in opened] == [f"{fake_hub.url}/meta/gated-tiny-GGUF"]

    fake_hub.grant("meta/gated-tiny-GGUF", "hf_good")
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.state == "done", timeout=60_000)
    assert Path(row.item.path).read_bytes() == model_bytes


def test_library_delete_import_and_other_folders(
    hub_window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = write_tiny_gguf(paths.ensure(paths.models_dir() / "imported") / "mine.gguf")
    models = open_models(hub_window)
    library = models.library
    models.tabs.setCurrentWidget(library)
    qtbot.waitUntil(lambda: len(library.models) == 1, timeout=30_000)
    assert library.table.item(0, 0).text() == "mine.gguf"
    assert library.table.item(0, 3).text() == "llama" and library.table.item(0, 8).text() == "yes"
    assert library.table.item(0, 7).text() == "deskchat"
    assert library.table.item(0, 1).text() == "Chat"

    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: next(answers))
    library.table.selectRow(0)
    qtbot.mouseClick(library.delete_button, CLICK)  # No: kept
    assert own.exists()
    qtbot.mouseClick(library.delete_button, CLICK)
    assert not own.exists() and "was deleted" in library.status.text()
    qtbot.waitUntil(lambda: library.models == [], timeout=30_000)
    assert library.table.rowCount() == 0 and not library.delete_button.isEnabled()

    elsewhere = tmp_path / "my-models"
    elsewhere.mkdir()
    theirs = write_tiny_gguf(elsewhere / "theirs.gguf")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(elsewhere))
    qtbot.mouseClick(library.folders_button, CLICK)
    folders = library.folders_dialog
    assert folders is not None and folders.isVisible()
    qtbot.mouseClick(folders.add_button, CLICK)
    folders.close()
    assert hub_window.app.settings.current.extra_model_folders == (str(elsewhere),)
    qtbot.waitUntil(lambda: len(library.models) == 1, timeout=30_000)
    assert library.models[0].source == "folder"
    library.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(library.delete_button, CLICK)
    assert "only deletes models in its own folder" in library.status.text()
    assert theirs.exists()

    dropped = write_tiny_gguf(tmp_path / "dropped.gguf", name="dropped-chat")
    asked: list[list[str]] = []
    monkeypatch.setattr(
        library_import, "ask_import_mode", lambda _parent, names: asked.append(names) or "copy"
    )
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(dropped))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    library.dropEvent(drop)
    qtbot.waitUntil(lambda: asked == [["dropped.gguf"]], timeout=5_000)
    qtbot.waitUntil(lambda: "Added to the library" in library.status.text(), timeout=30_000)
    qtbot.waitUntil(lambda: len(library.models) == 2, timeout=30_000)
    copied = paths.models_dir() / "imported" / "dropped.gguf"
    assert copied.read_bytes() == dropped.read_bytes() and not library.import_bar.isVisible()


def test_closing_the_app_stops_a_download_and_the_next_start_resumes_it(
    qapp: object,
    qtbot: QtBot,
    fake_hub: FakeHub,
    big_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HF_TOKEN", raising=False)
    add_tiny_repo(fake_hub, big_bytes)
    first = open_window(qtbot, fake_hub.url)
    models = open_models(first)
    search_and_choose(qtbot, models, "tiny")
    fake_hub.throttle_bps = 500_000
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.done_bytes > 0, timeout=30_000)
    close_window(first)  # the transfer stops; its queue entry stays

    fake_hub.throttle_bps = None
    second = open_window(qtbot, fake_hub.url)
    try:
        qtbot.waitUntil(
            lambda: [i.state for i in second.models.services.items()] == ["done"], timeout=60_000
        )
        item = second.models.services.items()[0]
        assert Path(item.path).read_bytes() == big_bytes
    finally:
        close_window(second)


def test_the_token_is_checked_saved_in_the_keyring_and_removed(
    hub_window: MainWindow, qtbot: QtBot, fake_hub: FakeHub, memory_keyring: MemoryKeyring
) -> None:
    fake_hub.valid_tokens.add("hf_mine")
    models = open_models(hub_window)
    qtbot.mouseClick(models.token_button, CLICK)
    dialog = models.token_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.remove_button.isEnabled()
    qtbot.keyClicks(dialog.field, "hf_mine")
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Signed in as tester." in dialog.status.text(), timeout=20_000)
    assert "saved in the system keyring" in dialog.status.text()
    assert dialog.source.text() == "Current token: saved in the system keyring"
    assert dialog.field.text() == "" and not dialog.session_button.isVisible()
    assert memory_keyring.values == {("deskchat", "huggingface-token"): "hf_mine"}
    assert hub_window.models.services.access.client().whoami() == "tester"
    qtbot.mouseClick(dialog.remove_button, CLICK)
    assert memory_keyring.values == {}
    assert dialog.source.text() == "Current token: none set"


def test_a_gated_download_that_fails_shows_how_to_fix_it(
    hub_window: MainWindow,
    qtbot: QtBot,
    fake_hub: FakeHub,
    big_bytes: bytes,
    monkeypatch: pytest.MonkeyPatch,
    memory_keyring: MemoryKeyring,
) -> None:
    """A download that was allowed when queued fails later (the token was removed, then
    replaced by one whose account has not accepted the license): its row offers the fix."""
    repo = "meta/gated-tiny-GGUF"
    add_tiny_repo(fake_hub, big_bytes, repo=repo, gated="manual")
    fake_hub.valid_tokens |= {"hf_good", "hf_other"}
    fake_hub.grant(repo, "hf_good")
    access = hub_window.models.services.access
    access.set_token("hf_good")
    models = open_models(hub_window)
    search_and_choose(qtbot, models, "gated", repo=repo)
    fake_hub.throttle_bps = 500_000
    row = start_download(qtbot, models)
    qtbot.waitUntil(lambda: row.item.done_bytes > 0, timeout=30_000)
    qtbot.mouseClick(row.buttons["pause"], CLICK)
    qtbot.waitUntil(lambda: download_threads() == [], timeout=20_000)
    qtbot.mouseClick(models.token_button, CLICK)
    dialog = models.token_dialog
    assert dialog is not None
    qtbot.mouseClick(dialog.remove_button, CLICK)
    dialog.close()

    qtbot.mouseClick(row.buttons["resume"], CLICK)
    qtbot.waitUntil(lambda: row.state.text() == "Failed", timeout=20_000)
    token_button, license_button = row.buttons["token"], row.buttons["license"]
    assert row.error.isVisible() and row.error.text()
    assert token_button.isVisible() and token_button.text() == "Add token…"
    assert row.buttons["retry"].isVisible() and not license_button.isVisible()
    qtbot.mouseClick(token_button, CLICK)
    assert models.token_dialog is dialog and dialog.isVisible()
    qtbot.keyClicks(dialog.field, "hf_other")
    qtbot.mouseClick(dialog.save_button, CLICK)
    qtbot.waitUntil(lambda: "Signed in as tester." in dialog.status.text(), timeout=20_000)
    dialog.close()

    qtbot.mouseClick(row.buttons["retry"], CLICK)
    qtbot.waitUntil(lambda: license_button.isVisible(), timeout=20_000)
    assert row.state.text() == "Failed" and license_button.text() == "Open license page"
    assert row.buttons["retry"].isVisible() and not token_button.isVisible()
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    qtbot.mouseClick(license_button, CLICK)
    assert [u.toString() for u in opened] == [f"{fake_hub.url}/{repo}"]

    fake_hub.grant(repo, "hf_other")  # the license was accepted on that page
    fake_hub.throttle_bps = None
    qtbot.mouseClick(row.buttons["retry"], CLICK)
    qtbot.waitUntil(lambda: row.state.text() == "Done", timeout=60_000)
    assert not token_button.isVisible() and not license_button.isVisible()
    assert Path(row.item.path).read_bytes() == big_bytes


def test_the_model_tab_leads_to_the_model_manager(hub_window: MainWindow, qtbot: QtBot) -> None:
    panel = hub_window.model_panel
    hub_window.tabs.setCurrentWidget(panel)
    find = panel.find_button
    assert find.isVisible() and find.text() == "Find models…"
    assert hub_window.models.window is None
    qtbot.mouseClick(find, CLICK)
    models = hub_window.models.window
    assert models is not None and models.isVisible()


def test_an_embedding_model_in_the_library_is_used_for_documents(
    hub_window: MainWindow, qtbot: QtBot
) -> None:
    from deskchat.hub.tiny_embed_gguf import write_tiny_embed_gguf

    folder = paths.ensure(paths.models_dir() / "imported")
    write_tiny_gguf(folder / "chatty.gguf")
    embed = write_tiny_embed_gguf(folder / "tiny-embed.gguf")
    models = open_models(hub_window)
    library = models.library
    models.tabs.setCurrentWidget(library)
    qtbot.waitUntil(lambda: len(library.models) == 2, timeout=30_000)
    kinds = {library.table.item(r, 0).text(): library.table.item(r, 1).text() for r in range(2)}
    assert kinds == {"chatty.gguf": "Chat", "tiny-embed.gguf": "Documents (embedding)"}
    row = next(r for r in range(2) if library.table.item(r, 0).text() == "tiny-embed.gguf")
    library.table.selectRow(row)
    assert library.load_button.text() == "Use for documents"
    qtbot.mouseClick(library.load_button, CLICK)
    qtbot.waitUntil(
        lambda: hub_window.app.settings.current.embedding_model == str(embed), timeout=30_000
    )
    assert hub_window.controller.model is None  # nothing was loaded to chat with
    library.table.selectRow(1 - row)
    assert library.load_button.text() == "Load"
