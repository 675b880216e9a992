"""Defects a person saw, each held by what they would notice: the persona's prompt drawn
over the previous one after a switch, a button cut to "Use the persona's", counts written
"message(s)", and hub sentences left in English in the Chinese models window."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from deskchat.chat.prompt import PromptPlan
from deskchat.gui import words
from deskchat.gui.chat_panel import ChatPanel
from deskchat.gui.context_meter import ContextMeter
from deskchat.gui.downloads_view import DownloadRow
from deskchat.gui.repo_files_view import RepoFilesView
from deskchat.hub import remote as hub_remote
from deskchat.hub.fit import GIB, MachineMemory
from deskchat.hub.remote import ModelChoice, RemoteFile, RepoFiles
from deskchat.sentences import Reader
from deskchat.services.downloads import DownloadItem

PIRATE = "You are a pirate who speaks only in riddles and rhymes, whatever is asked. " * 5
FRENCH = "Answer briefly in French, never in more than three sentences. " * 4


def _on_screen(widget: ChatPanel) -> QImage:
    """What the window shows now (the backing store), without painting anything anew."""
    screen = QGuiApplication.primaryScreen()
    return screen.grabWindow(widget.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def _painted_afresh(widget: ChatPanel) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_switching_persona_shows_only_the_new_prompt(qtbot: QtBot) -> None:
    panel = ChatPanel()
    qtbot.addWidget(panel)
    panel.resize(420, 520)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_chat(None, None, PIRATE, "rolling")
    qtbot.waitUntil(lambda: _on_screen(panel) == _painted_afresh(panel))
    panel.show_chat(None, None, FRENCH, "rolling")
    for _ in range(5):
        QApplication.processEvents()
    # nothing of the pirate's prompt is left on screen under the French one
    assert _on_screen(panel) == _painted_afresh(panel)
    assert "French" in panel.inherited.text() and "pirate" not in panel.inherited.text()
    assert "pirate" not in panel.system.placeholderText()
    assert "French" not in panel.system.placeholderText()
    panel.show_chat(None, None, "", "rolling")
    assert panel.inherited.text() == "The persona has no system prompt."


def test_the_persona_prompt_button_says_what_it_does(qtbot: QtBot) -> None:
    panel = ChatPanel()
    qtbot.addWidget(panel)
    texts = [b.text() for b in panel.findChildren(QPushButton)]
    assert "Use the persona's prompt" in texts
    assert not any(t.endswith("'s") for t in texts)
    with qtbot.waitSignal(panel.system_prompt_changed) as said:
        panel.reset.click()
    assert said.args == [None]


def _plan(dropped: int) -> PromptPlan:
    return PromptPlan(
        text="",
        prompt_tokens=100,
        n_ctx=4096,
        max_tokens=256,
        included=(),
        dropped=tuple(range(dropped)),
        stops=(),
        template_name="chatml",
    )


def test_messages_outside_the_window_are_counted_in_words(qtbot: QtBot) -> None:
    meter = ContextMeter()
    qtbot.addWidget(meter)
    meter.show_plan(_plan(1))
    assert meter.label.text().endswith("1 earlier message outside the window")
    meter.show_plan(_plan(3))
    assert meter.label.text().endswith("3 earlier messages outside the window")


def _repo(files: int) -> RepoFiles:
    choices = tuple(
        ModelChoice(f"m-Q{i}_K_M", f"Q{i}_K_M", (RemoteFile(f"m-Q{i}_K_M.gguf", 10**8, None),))
        for i in range(4, 4 + files)
    )
    return RepoFiles("someone/m-GGUF", "c0ffee", False, choices)


def test_a_repository_counts_its_files_in_words(qtbot: QtBot) -> None:
    view = RepoFilesView(4096, lambda: False)
    qtbot.addWidget(view)
    memory = MachineMemory(ram_total=16 * GIB, ram_available=8 * GIB)
    view.show_repo(_repo(1), None, memory)
    assert view.title.text().endswith(": 1 file")
    view.show_repo(_repo(2), None, memory)
    assert view.title.text().endswith(": 2 files")


def test_no_user_text_says_s_in_brackets() -> None:
    """'message(s)', 'file(s)': every string in deskchat/ picks singular or plural."""
    root = Path(__file__).resolve().parents[2] / "deskchat"
    found = []
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        logged = {  # log lines are for whoever debugs
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in LOG_CALLS
            for arg in node.args
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in logged
                and any(f"{c}(s)" in node.value or f"{c}(es)" in node.value for c in LETTERS)
            ):
                found.append(f"{path.relative_to(root)}:{node.lineno}: {node.value!r}")
    assert found == []


LOG_CALLS = {"debug", "info", "warning", "error", "exception"}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Chinese(QTranslator):
    """Words every core sentence in "Chinese": its template marked, fields kept."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return f"【中】{source}" if context == words.CONTEXT else ""


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    translator = _Chinese()
    QCoreApplication.installTranslator(translator)
    yield
    QCoreApplication.removeTranslator(translator)


def test_a_download_failure_is_shown_in_the_readers_language(
    qtbot: QtBot, chinese: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = (
        "The connection to the hub was lost {n} times in a row while downloading {file}; "
        "{size} is kept and Retry continues from there."
    )
    monkeypatch.setattr(words, "_reader", lambda: Reader([lost]))
    english = lost.format(n=3, file="m.gguf", size="1.0 MB")
    item = DownloadItem("1", "someone/m-GGUF", "main", "m", "Q4_K_M", (), "failed", error=english)
    row = DownloadRow(item, lambda _action, _id: None)
    qtbot.addWidget(row)
    assert row.error.text() == "【中】" + english


def test_the_fit_of_a_file_is_worded_in_the_readers_language(qtbot: QtBot, chinese: None) -> None:
    view = RepoFilesView(4096, lambda: False)
    qtbot.addWidget(view)
    view.show_repo(_repo(1), None, MachineMemory(ram_total=16 * GIB, ram_available=8 * GIB))
    assert view.sentence.text().startswith("【中】Needs about")


def test_hub_errors_in_the_models_window_are_translatable() -> None:
    error = hub_remote.unreachable("https://hub.example", ConnectionRefusedError())
    shown = error.sentence.worded(lambda t: f"【中】{t}") if error.sentence else ""
    assert shown.startswith("【中】The Hugging Face hub at https://hub.example")
    assert "【中】the connection was refused" in shown


def test_the_models_windows_errors_are_sentences_the_window_can_translate() -> None:
    """An f-string error cannot be looked up in the catalogue: it stays English in 简体中文."""
    hub = Path(__file__).resolve().parents[2] / "deskchat" / "hub"
    english_only = []
    for name in ("remote.py", "download.py", "library.py"):
        tree = ast.parse((hub / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", "").endswith("Error")
                and node.args
                and isinstance(node.args[0], ast.JoinedStr | ast.Constant)
                and not isinstance(getattr(node.args[0], "value", ""), int)
            ):
                english_only.append(f"hub/{name}:{node.lineno}")
    assert english_only == []
