"""Chatting with a model on a remote OpenAI-compatible server, through the window's widgets,
against the loopback fake server (tests/helpers/fake_openai.py) that the real HTTP client
talks to. The API key lives in an in-memory keyring (tests/helpers/keyrings.py)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.message_widget import MessageWidget
from deskchat.gui.remote_dialog import AddServerDialog
from deskchat.gui.remote_panel import NAME
from tests.gui.conftest import load_model, send
from tests.helpers.fake_openai import FakeOpenAI
from tests.helpers.keyrings import MemoryKeyring

KEY = "sk-gui-test-8d1f0c2b9a7e4f31"
CLICK = Qt.MouseButton.LeftButton
MESSAGES_TEMPLATE = "the server's own (sent as messages)"


def remote_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "deskchat-remote"]


def open_window(qapp: QApplication) -> MainWindow:
    """The real window (not handed to qtbot, which would delete it before the checks in
    ``close_window`` ran)."""
    win = create_window(qapp)
    win.show()
    return win


def close_window(qtbot: QtBot, win: MainWindow) -> None:
    """Close as a person does; no work the window started, and no remote stream, may
    outlive it."""
    win.close()
    qtbot.waitUntil(lambda: not win.controller._jobs, timeout=10_000)
    win.app.close()
    qtbot.waitUntil(lambda: not remote_threads(), timeout=10_000)


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(api_key=KEY)
    try:
        yield fake
    finally:
        fake.close()
    assert not fake.server_errors, fake.server_errors[0]


@pytest.fixture
def win(qapp: QApplication, qtbot: QtBot, server: FakeOpenAI) -> Iterator[MainWindow]:
    window = open_window(qapp)
    yield window
    close_window(qtbot, window)


def answers(win: MainWindow) -> list[MessageWidget]:
    return [w for w in win.chat.widgets.values() if w.message.role == "assistant"]


def shown_roles(win: MainWindow) -> list[str]:
    """Who says what on screen (a fast answer must not show twice)."""
    widgets = win.chat.widget().findChildren(MessageWidget)
    return [w.message.role for w in widgets if w.isVisible()]


def fill_dialog(qtbot: QtBot, win: MainWindow, url: str, key: str = KEY) -> AddServerDialog:
    """Press "Add server…" and type a server's name, address and key."""
    qtbot.mouseClick(win.remote_tab.panel.add_button, CLICK)
    dialog = win.remote_tab.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.name, "lab")
    qtbot.keyClicks(dialog.url, url)
    qtbot.keyClicks(dialog.key, key)
    return dialog


def choose_server(qtbot: QtBot, win: MainWindow, name: str = "lab") -> None:
    """Click the server in the list; wait for its model list (or the sentence why not)."""
    panel = win.remote_tab.panel
    item = next(
        panel.servers.item(r)
        for r in range(panel.servers.count())
        if panel.servers.item(r).data(NAME) == name
    )
    rect = panel.servers.visualItemRect(item)
    qtbot.mouseClick(panel.servers.viewport(), CLICK, pos=rect.center())
    qtbot.waitUntil(lambda: "Asking" not in panel.status.text(), timeout=10_000)


def use_model(qtbot: QtBot, win: MainWindow, model: str = "fake-model") -> None:
    """Pick ``model`` in the server's list and press "Use this model"; wait until it answers."""
    panel = win.remote_tab.panel
    qtbot.waitUntil(lambda: panel.models.findData(model) >= 0, timeout=10_000)
    panel.models.setCurrentIndex(panel.models.findData(model))
    with qtbot.waitSignal(win.controller.engine_changed, timeout=10_000):
        qtbot.mouseClick(panel.use_button, CLICK)
    qtbot.waitUntil(lambda: not win.controller.is_loading(), timeout=10_000)


def remote_ready(qtbot: QtBot, win: MainWindow, url: str) -> None:
    """A server added earlier (through the services), chosen and its model in use."""
    win.app.remote.add("lab", url, api_key=KEY)
    win.remote_tab.refresh()
    choose_server(qtbot, win)
    use_model(qtbot, win)


def files_containing(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_add_a_server_choose_its_model_and_chat(
    win: MainWindow,
    qtbot: QtBot,
    server: FakeOpenAI,
    memory_keyring: MemoryKeyring,
    isolated_home: Path,
) -> None:
    server.context_length = 4096
    panel = win.remote_tab.panel
    assert panel.title() == "Remote servers" and panel.servers.count() == 0
    dialog = fill_dialog(qtbot, win, server.url + "/chat/completions")  # a pasted endpoint
    assert dialog.url.placeholderText() == "http://localhost:8080/v1"
    assert dialog.key.echoMode() == QLineEdit.EchoMode.Password
    qtbot.mouseClick(dialog.check_button, CLICK)
    qtbot.waitUntil(lambda: "offers 1 model: fake-model." in dialog.status.text(), timeout=10_000)
    assert memory_keyring.values == {} and not paths.remote_endpoints_path().exists()

    qtbot.mouseClick(dialog.save_button, CLICK)
    assert not dialog.isVisible()
    assert memory_keyring.values == {("deskchat", "remote-endpoint:lab"): KEY}
    item = panel.servers.currentItem()
    assert item.text() == f"lab — {server.url}"
    assert item.toolTip() == "API key: saved in the system keyring"
    assert "Saved the server “lab”" in win.statusBar().currentMessage()
    qtbot.waitUntil(lambda: panel.models.count() == 1, timeout=10_000)
    assert panel.models.currentText() == "fake-model · context 4,096"

    use_model(qtbot, win)
    assert win.model_label.text() == (
        f"lab: fake-model · context 4,096 · template: {MESSAGES_TEMPLATE}"
    )
    assert panel.status.text() == "Chats go to fake-model on “lab” (context 4,096)."
    assert "Say hello" in win.chat.empty.text() and not win.starter_button.isVisible()
    assert not panel.local_button.isVisible()  # no local model to go back to

    deltas: list[object] = []
    win.controller.answer_delta.connect(deltas.append)
    send(qtbot, win, "Hello there, server")
    assert len(deltas) > 3, "the answer streamed in pieces"
    assert shown_roles(win) == ["user", "assistant"]
    answer = answers(win)[0]
    assert answer.body.text == server.answer and answer.message.status == "complete"
    usage = server.sent_usage[-1]
    assert answer.stats.text().startswith(
        f"lab: fake-model · Helpful assistant · {usage['prompt_tokens']} prompt + "
        f"{usage['completion_tokens']} completion = {usage['total_tokens']} tokens · TTFT "
    )
    assert "≈" not in answer.stats.text()
    assert win.title.text() == "Hello there, server"
    conversation = win.controller.conversation
    assert conversation is not None and conversation.model_path == "remote:lab/fake-model"
    # the meter counts the next request by estimate: the server's tokenizer is not here
    qtbot.waitUntil(lambda: win.meter.bar.format().startswith("≈"), timeout=10_000)
    assert win.meter.bar.format().endswith(" / 4,096") and win.meter.label.text().startswith("≈")
    assert files_containing(isolated_home, KEY) == []


def test_without_usage_the_numbers_are_marked_estimated(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    server.omit_usage = True
    remote_ready(qtbot, win, server.url)
    assert "context 8,192" in win.model_label.text()
    assert "does not say its context length" in win.remote_tab.panel.status.text()
    send(qtbot, win, "Count this, please.")
    stats = answers(win)[0].stats.text()
    assert stats.startswith("lab: fake-model · Helpful assistant · ≈") and "completion =" in stats
    assert answers(win)[0].message.tokens_estimated
    with qtbot.waitSignal(win.controller.answer_finished, timeout=10_000):  # a second version
        qtbot.mouseClick(answers(win)[0].regenerate_button, CLICK)
    qtbot.waitUntil(lambda: hasattr(answers(win)[0], "version_label"), timeout=10_000)
    assert answers(win)[0].version_label.text() == "2/2"
    assert len(server.chat_requests()) == 2


def test_an_answer_saved_whole_before_the_window_hears_of_it_shows_once(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    remote_ready(qtbot, win, server.url)
    win.composer.edit.setPlainText("Quick?")
    qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    job = win.controller._answer
    assert job is not None and job.wait(10_000)  # a fast server: done before any event
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)
    assert shown_roles(win) == ["user", "assistant"]
    assert answers(win)[0].body.text == server.answer


def test_stop_mid_answer_keeps_the_partial_answer(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    server.answer = " ".join(f"w{i}" for i in range(2000))
    server.chunk_delay_s = 0.01
    remote_ready(qtbot, win, server.url)
    win.composer.edit.setPlainText("Go on and on.")
    with qtbot.waitSignal(win.controller.answer_delta, timeout=10_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    assert win.composer.stop_button.isVisible()
    with qtbot.waitSignal(win.controller.answer_finished, timeout=10_000) as finished:
        qtbot.mouseClick(win.composer.stop_button, CLICK)
    message = finished.args[0].message
    assert (message.status, message.finish_reason) == ("complete", "cancelled")
    # what had arrived when Stop was pressed (at least the first word) is kept
    assert message.content and server.answer.startswith(message.content)
    assert len(message.content.split()) < 2000
    qtbot.waitUntil(lambda: win.composer.send_button.isVisible(), timeout=10_000)
    widget = answers(win)[0]
    assert widget.body.text == message.content and "stopped" in widget.stats.text()
    qtbot.waitUntil(lambda: server.disconnects == 1, timeout=10_000)  # the server stops too


@pytest.mark.parametrize(
    ("fault", "status", "expected"),
    [
        ("wrong key", "error", "refused the API key (HTTP 401)"),
        ("rate limit", "error", "is limiting requests (HTTP 429: slow down); try again in 7"),
        ("gone", "error", "cannot be reached (the connection was refused)"),
        ("dropped", "interrupted", "was lost mid-answer"),
    ],
)
def test_server_problems_are_sentences_in_the_chat(
    win: MainWindow,
    qtbot: QtBot,
    server: FakeOpenAI,
    memory_keyring: MemoryKeyring,
    fault: str,
    status: str,
    expected: str,
) -> None:
    remote_ready(qtbot, win, server.url)
    if fault == "wrong key":
        server.api_key = "sk-another-key-5678"
    elif fault == "rate limit":
        server.fail_status, server.retry_after, server.error_message = 429, "7", "slow down"
    elif fault == "gone":
        server.close()
    else:
        server.drop_after = 3
    send(qtbot, win, "Hi")
    widget = answers(win)[0]
    assert widget.message.status == status
    assert widget.problem.isVisible() and expected in widget.problem.text()
    assert f"server at {server.url}" in widget.problem.text()
    assert KEY not in widget.problem.text()
    if fault == "dropped":  # the text that arrived is kept, marked interrupted
        assert widget.body.text == "Hello from the"
        assert "the text that arrived is kept" in widget.problem.text()
    assert win.composer.send_button.isVisible()  # the chat goes on


def test_a_wrong_key_is_a_sentence_before_anything_is_saved(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    dialog = fill_dialog(qtbot, win, server.url, key="sk-wrong-key-1234")
    qtbot.mouseClick(dialog.check_button, CLICK)
    qtbot.waitUntil(lambda: "HTTP 401" in dialog.status.text(), timeout=10_000)
    assert "sk-wrong" not in dialog.status.text() and dialog.status.problem
    qtbot.mouseClick(dialog.save_button, CLICK)  # saved anyway: the key may be fixed later
    panel = win.remote_tab.panel
    qtbot.waitUntil(lambda: "HTTP 401" in panel.status.text(), timeout=10_000)
    assert panel.models.count() == 0 and not panel.use_button.isEnabled()
    server.api_key = "sk-wrong-key-1234"  # say the server's key was changed to match
    choose_server(qtbot, win)  # clicking the server again asks again
    assert panel.models.count() == 1 and panel.use_button.isEnabled()


def test_tokens_need_a_local_model_and_show_prompt_shows_the_messages(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    remote_ready(qtbot, win, server.url)
    win.composer.edit.setPlainText("How are you?")
    win.show_tokens()
    assert win.error_label.isVisible()
    assert win.error_label.text().startswith("The Tokens view needs a local model")
    with qtbot.waitSignal(win.controller.preview_ready, timeout=10_000):
        win.show_prompt()
    dialog = win.prompt_dialog
    assert dialog.windowTitle() == "Messages sent to the server"
    assert dialog.text.toPlainText().endswith("[user]\nHow are you?\n\n[assistant]\n")
    assert dialog.summary.text().startswith("≈") and MESSAGES_TEMPLATE in dialog.summary.text()
    dialog.close()


def test_without_a_keyring_the_key_can_be_kept_for_this_session(
    win: MainWindow, qtbot: QtBot, server: FakeOpenAI, no_keyring: None
) -> None:
    dialog = fill_dialog(qtbot, win, server.url)
    qtbot.mouseClick(dialog.save_button, CLICK)
    assert dialog.isVisible() and dialog.session_button.isVisible()
    assert "no keyring" in dialog.status.text()
    assert not paths.remote_endpoints_path().exists()
    qtbot.mouseClick(dialog.session_button, CLICK)
    assert not dialog.isVisible()
    panel = win.remote_tab.panel
    assert panel.servers.currentItem().toolTip() == "API key: used for this session only"
    qtbot.waitUntil(lambda: panel.models.count() == 1, timeout=10_000)  # the key works
    assert KEY.encode() not in paths.remote_endpoints_path().read_bytes()


def test_a_local_model_takes_over_and_the_remote_one_can_go(
    win: MainWindow,
    qtbot: QtBot,
    server: FakeOpenAI,
    memory_keyring: MemoryKeyring,
    tiny_model: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    remote_ready(qtbot, win, server.url)
    load_model(qtbot, win, tiny_model)
    assert win.controller.remote is None and win.app.session.engine is win.app.engine
    assert "tiny-test-chat" in win.model_label.text()
    panel = win.remote_tab.panel
    use_model(qtbot, win)  # the server is still chosen
    assert panel.local_button.isVisible()
    with qtbot.waitSignal(win.controller.engine_changed, timeout=10_000):
        qtbot.mouseClick(panel.local_button, CLICK)
    assert win.controller.remote is None and "tiny-test-chat" in win.model_label.text()
    assert not panel.local_button.isVisible()

    use_model(qtbot, win)
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(panel.remove_button, CLICK)
    assert win.controller.remote is None and "tiny-test-chat" in win.model_label.text()
    assert panel.servers.count() == 0 and panel.models.count() == 0
    assert panel.status.text() == "Removed “lab”."
    assert memory_keyring.values == {} and win.app.remote.endpoints() == []


def test_reopening_a_remote_chat_offers_its_server(
    qapp: QApplication, qtbot: QtBot, server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    first = open_window(qapp)
    try:
        remote_ready(qtbot, first, server.url)
        send(qtbot, first, "Remember me")
    finally:
        close_window(qtbot, first)

    second = open_window(qapp)  # reopens the last chat; no model is active
    try:
        panel = second.remote_tab.panel
        assert second.title.text() == "Remember me" and second.controller.model is None
        qtbot.waitUntil(lambda: panel.models.count() == 1, timeout=10_000)
        assert panel.current_name() == "lab" and panel.chosen_model() == "fake-model"
        assert "This chat was held with fake-model on “lab”" in panel.status.text()
        use_model(qtbot, second)
        send(qtbot, second, "Still there?")
        assert [w.message.status for w in answers(second)] == ["complete", "complete"]
    finally:
        close_window(qtbot, second)
