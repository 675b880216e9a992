"""The desktop app driven through its real widgets, as a person would use it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.message_widget import MessageWidget
from deskchat.gui.sidebar_rows import Row
from deskchat.settings import load_settings
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from tests.gui.conftest import load_model, send, start_long_answer
from tests.helpers.factories import add_turns, make_message

LONG = {"ignore_eos": True, "max_tokens": 3000, "temperature": 0.0}


def assistant_widgets(win: MainWindow) -> list[MessageWidget]:
    return [w for w in win.chat.widgets.values() if w.message.role == "assistant"]


def test_first_start_explains_what_to_do(window: MainWindow) -> None:
    assert "No model loaded yet" in window.chat.empty.text()
    assert window.chat.empty.isVisible()
    assert window.starter_button.isVisible()
    assert window.model_label.text() == "No model loaded"
    assert window.sidebar.list.count() == 0


def test_load_a_model_and_see_its_metadata_first(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    window.inspect_model(str(tiny_model))
    meta = window.model_panel.meta.text()
    assert "tiny-test-chat" in meta and "llama" in meta and "F32" in meta
    assert "Chat template: yes" in meta and "Trained context: 4,096" in meta
    load_model(qtbot, window, tiny_model)
    assert "Loaded tiny-test-chat" in window.model_panel.status.text()
    assert "template: from the model file" in window.model_label.text()
    assert "Say hello" in window.chat.empty.text()
    qtbot.waitUntil(lambda: "CPU" in window.model_panel.backend.text(), timeout=30_000)


def test_a_file_that_is_not_a_model_gets_a_sentence(window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "notes.gguf"
    bad.write_text("not a model")
    window.inspect_model(str(bad))
    assert "is not a GGUF model file" in window.model_panel.status.text()
    assert not window.model_panel.load_button.isEnabled()


def test_send_streams_an_answer_with_its_numbers(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    deltas: list[object] = []
    window.controller.answer_delta.connect(deltas.append)
    send(qtbot, window, "hello world")
    assert deltas, "the answer streamed in pieces"
    assert [w.message.role for w in window.chat.widgets.values()] == ["user", "assistant"]
    answer = assistant_widgets(window)[0]
    assert "completion =" in answer.stats.text() and "tok/s" in answer.stats.text()
    assert "tiny-test-chat" in answer.stats.text()
    assert window.composer.edit.toPlainText() == ""
    assert window.title.text() == "hello world"
    titles = [window.sidebar.list.item(i).text() for i in range(window.sidebar.list.count())]
    assert "hello world" in titles and "Today" in titles
    qtbot.waitUntil(
        lambda: "/ 2,048" in window.meter.bar.format() or "/ 4,096" in window.meter.bar.format(),
        timeout=10_000,
    )


def test_shift_enter_adds_a_line_instead_of_sending(window: MainWindow, qtbot: QtBot) -> None:
    window.composer.edit.setPlainText("first line")
    window.composer.edit.moveCursor(window.composer.edit.textCursor().MoveOperation.End)
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.composer.edit, "second")
    assert window.composer.edit.toPlainText() == "first line\nsecond"
    assert window.chat.widgets == {}


def test_sending_without_a_model_keeps_the_text(window: MainWindow, qtbot: QtBot) -> None:
    window.composer.edit.setPlainText("my carefully typed question")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    assert window.composer.edit.toPlainText() == "my carefully typed question"
    assert "No model is loaded" in window.error_label.text()


def test_stop_ends_the_answer_and_keeps_it(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    start_long_answer(qtbot, window, "tell me everything", LONG)
    assert window.composer.stop_button.isVisible()
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000) as finished:
        qtbot.mouseClick(window.composer.stop_button, Qt.MouseButton.LeftButton)
    message = finished.args[0].message
    assert message.finish_reason == "cancelled" and message.completion_tokens < 3000
    qtbot.waitUntil(lambda: window.composer.send_button.isVisible(), timeout=10_000)
    assert "stopped" in assistant_widgets(window)[0].stats.text()


def test_regenerate_keeps_both_versions(window: MainWindow, qtbot: QtBot, tiny_model: Path) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "hello")
    first = assistant_widgets(window)[0].message
    with qtbot.waitSignal(window.controller.answer_finished, timeout=60_000):
        qtbot.mouseClick(assistant_widgets(window)[0].regenerate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.controller.is_generating())
    qtbot.waitUntil(lambda: hasattr(assistant_widgets(window)[0], "version_label"))
    widget = assistant_widgets(window)[0]
    assert widget.version_label.text() == "2/2"
    qtbot.mouseClick(widget.previous, Qt.MouseButton.LeftButton)
    widget = assistant_widgets(window)[0]
    assert widget.message.id == first.id and widget.version_label.text() == "1/2"


def test_edit_and_resend_makes_a_branch_and_keeps_the_old(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "original question")
    user = next(w for w in window.chat.widgets.values() if w.message.role == "user")
    qtbot.mouseClick(user.edit_button, Qt.MouseButton.LeftButton)
    assert window.composer.banner.isVisible()
    assert window.composer.edit.toPlainText() == "original question"
    window.composer.edit.setPlainText("edited question")
    with qtbot.waitSignal(window.controller.answer_finished, timeout=60_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.controller.is_generating())
    user = next(w for w in window.chat.widgets.values() if w.message.role == "user")
    assert user.body.text == "edited question" and user.version_label.text() == "2/2"
    qtbot.mouseClick(user.previous, Qt.MouseButton.LeftButton)
    user = next(w for w in window.chat.widgets.values() if w.message.role == "user")
    assert user.body.text == "original question"
    assert len(window.chat.widgets) == 2  # its own answer came back with it


def test_search_finds_a_message_and_jumps_to_it(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "the zebra question")
    window.controller.new_conversation()
    send(qtbot, window, "something else")
    qtbot.keyClicks(window.sidebar.search, "zebra")
    qtbot.waitUntil(lambda: len(window.sidebar.items(Row.HIT)) == 1, timeout=5_000)
    (hit,) = window.sidebar.items(Row.HIT)
    assert "zebra" in hit.text()
    rect = window.sidebar.list.visualItemRect(hit)
    qtbot.mouseClick(window.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.title.text() == "the zebra question"
    assert any(w.body.text == "the zebra question" for w in window.chat.widgets.values())


def test_engine_crash_is_a_sentence_and_the_app_goes_on(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    start_long_answer(qtbot, window, "go", LONG)
    pid = window.app.engine.pid
    assert pid is not None
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000) as finished:
        os.kill(pid, signal.SIGKILL)
    assert finished.args[0].message.status == "interrupted"
    qtbot.waitUntil(lambda: not window.controller.is_generating())
    assert window.engine_banner.isVisible()
    assert "signal 9, SIGKILL" in window.engine_message.text()
    assert "conversation is saved" in window.engine_message.text()
    widget = assistant_widgets(window)[0]
    assert widget.problem.isVisible() and widget.body.text  # the partial answer is kept
    window.controller.set_sampling({"max_tokens": 5})
    send(qtbot, window, "are you back?")  # the engine restarts with the model
    assert assistant_widgets(window)[-1].message.status == "complete"
    assert not window.engine_banner.isVisible()


def test_window_state_and_last_conversation_come_back(
    qapp: object, qtbot: QtBot, tiny_model: Path
) -> None:
    first = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(first)
    first.show()
    load_model(qtbot, first, tiny_model)
    send(qtbot, first, "remember me")
    first.resize(760, 560)
    first.splitter.setSizes([200, 360, 200])
    sizes = first.splitter.sizes()
    first.close()
    first.app.close()
    assert load_settings()[0].last_model == str(tiny_model.resolve())

    second = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(second)
    second.show()
    assert (second.width(), second.height()) == (760, 560)
    assert second.splitter.sizes() == sizes
    assert second.title.text() == "remember me"
    assert "tiny-test-chat" in second.model_panel.meta.text()  # last model ready to load
    assert second.model_panel.recent.count() == 1
    second.close()
    second.app.close()
    assert (paths.config_dir() / "window.ini").exists()


def test_code_blocks_are_highlighted_and_copyable_raw_html_is_not_rendered(qtbot: QtBot) -> None:
    text = "Here:\n\n```python\nprint('hi')\n```\n\n<b>not bold</b> and **bold**"
    counts = {"prompt_tokens": 1, "prompt_evaluated": 1, "completion_tokens": 1}
    message = make_message(content=text, **counts, ttft_ms=1.0, tokens_per_s=1.0)
    widget = MessageWidget(message, [1])
    qtbot.addWidget(widget)
    code = widget.body.findChild(type(widget.body._layout.itemAt(1).widget()))
    assert code is not None and code.objectName() == "codeBlock"
    assert "<span" in code.body.text()  # pygments colours
    qtbot.mouseClick(code.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "print('hi')"
    last = widget.body._layout.itemAt(2).widget()
    assert "&lt;b&gt;not bold&lt;/b&gt;" in last.text() and "<strong>bold</strong>" in last.text()


def test_chinese_input_method_text_reaches_the_composer(window: MainWindow, qtbot: QtBot) -> None:
    from PySide6.QtGui import QInputMethodEvent

    edit = window.composer.edit
    edit.setFocus()
    composing = QInputMethodEvent("nihao", [])  # the IME shows pinyin while composing
    QApplication.sendEvent(edit, composing)
    committed = QInputMethodEvent()
    committed.setCommitString("你好")
    QApplication.sendEvent(edit, committed)
    assert edit.toPlainText() == "你好"
    assert window.chat.widgets == {}  # composing and committing never sends


@pytest.mark.slow
def test_loading_can_be_cancelled(window: MainWindow, qtbot: QtBot, tiny_model: Path) -> None:
    """Cancel interrupts a load in progress. The engine process is suspended before the load
    request reaches it, so the load cannot finish before Cancel is clicked, however fast the
    model or slow the machine; Cancel kills the process, suspended or not."""
    engine = window.app.engine
    engine.backend()  # the engine process is up, and idle
    assert engine.pid is not None
    psutil.Process(engine.pid).suspend()
    window.inspect_model(str(tiny_model))
    with qtbot.waitSignal(window.controller.model_loading, timeout=10_000):
        qtbot.mouseClick(window.model_panel.load_button, Qt.MouseButton.LeftButton)
    assert window.model_panel.cancel_button.isVisible()
    assert window.controller.is_loading() and engine.is_running()
    with qtbot.waitSignal(window.controller.model_failed, timeout=30_000) as failed:
        qtbot.mouseClick(window.model_panel.cancel_button, Qt.MouseButton.LeftButton)
    assert failed.args[0] == "Loading was cancelled."
    qtbot.waitUntil(lambda: not window.controller.is_loading(), timeout=10_000)
    assert window.model_panel.status.text() == "Loading was cancelled."
    assert window.controller.model is None and window.model_panel.load_button.isEnabled()
    assert not engine.is_running()  # the suspended load was killed, not left behind
    load_model(qtbot, window, tiny_model)  # and loading again works
    assert window.controller.model is not None


def test_an_answer_survives_switching_chats_and_renaming_while_it_streams(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "other chat")
    other = window.controller.conversation
    window.controller.new_conversation()
    window.controller.set_sampling({**LONG, "max_tokens": 1500})
    first = window.controller.conversation
    assert first is not None and other is not None
    window.composer.edit.setPlainText("long one")
    with qtbot.waitSignal(window.controller.answer_delta, timeout=30_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    window.controller.open_conversation(other.id)  # away while it streams...
    assert all(w.message.conversation_id == other.id for w in window.chat.widgets.values())
    window.sidebar.rename(other.id, "renamed meanwhile")
    window.controller.open_conversation(first.id)  # ...and back
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=60_000)
    answers = assistant_widgets(window)
    assert len(answers) == 1 and answers[0].message.status == "complete"
    assert answers[0].body.text == answers[0].message.content != ""


def test_deleting_the_chat_being_answered_stops_quietly(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    start_long_answer(qtbot, window, "go", LONG)
    cid = window.controller.conversation.id  # type: ignore[union-attr]
    window.sidebar.delete(cid, confirm=False)
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=30_000)
    assert not window.error_label.isVisible()
    assert window.chat.widgets == {} and window.controller.conversation is None


def test_an_edit_keeps_what_was_being_typed(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "first")
    window.composer.edit.setPlainText("a draft I am still writing")
    user = next(w for w in window.chat.widgets.values() if w.message.role == "user")
    qtbot.mouseClick(user.edit_button, Qt.MouseButton.LeftButton)
    assert window.composer.edit.toPlainText() == "first"
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Escape)
    assert window.composer.edit.toPlainText() == "a draft I am still writing"


def test_a_long_chat_opens_on_its_last_page_and_search_reveals_older(
    window: MainWindow, qtbot: QtBot
) -> None:
    c = ConversationRepo(window.app.db).create("long chat")
    texts = [f"message number {i}" for i in range(100)]
    texts[3] = "message number 3 mentions zebras"
    add_turns(MessageRepo(window.app.db), c.id, zip(["user", "assistant"] * 50, texts, strict=True))
    window.controller.open_conversation(c.id)
    shown = [w.body.text for w in window.chat.widgets.values()]
    assert len(shown) == 40 and shown[-1] == "message number 99"
    assert window.chat.earlier.isVisible() and "40 earlier" in window.chat.earlier.text()
    qtbot.mouseClick(window.chat.earlier, Qt.MouseButton.LeftButton)
    assert len(window.chat.widgets) == 80
    texts = [window.chat._layout.itemAt(i).widget() for i in range(window.chat._layout.count())]
    bodies = [w.body.text for w in texts if isinstance(w, MessageWidget)]
    assert bodies[0] == "message number 20" and bodies[-1] == "message number 99"  # in order
    qtbot.keyClicks(window.sidebar.search, "zebras")
    qtbot.waitUntil(lambda: len(window.sidebar.items(Row.HIT)) == 1, timeout=5_000)
    (hit,) = window.sidebar.items(Row.HIT)
    assert "zebras" in hit.text()
    rect = window.sidebar.list.visualItemRect(hit)
    qtbot.mouseClick(window.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert any("zebras" in w.body.text for w in window.chat.widgets.values())
