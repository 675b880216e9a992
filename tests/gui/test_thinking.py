"""A reasoning model's thought in the window: streamed live, folded when the answer starts,
kept apart from the answer (its markdown, Copy), kept when stopped, shown again later."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from deskchat.gui.main_window import MainWindow
from deskchat.gui.message_widget import MessageWidget
from tests.helpers.fake_engine import FakeEngine, fake_model_info

# a template that hands earlier answers back without their thought: the pipeline then
# splits <think> blocks out of the stream
THINKING = (
    "{% for m in messages %}<{{ m.role }}>{{ m.content.split('</think>')[-1] }}\n{% endfor %}"
    "<assistant>"
)
ANSWER = "<think>Adding two and two.</think> Four."


def thinking_engine(answers: list[str], delay_s: float = 0.0) -> FakeEngine:
    engine = FakeEngine(answers, delay_s=delay_s)
    engine.model = fake_model_info(template=THINKING)
    return engine


def use(win: MainWindow, engine: FakeEngine) -> None:
    win.app.session.use_engine(engine)
    win.controller.engine_changed.emit(engine.model)  # as when another model answers


def last_answer(win: MainWindow) -> MessageWidget:
    return [w for w in win.chat.widgets.values() if w.message.role == "assistant"][-1]


def ask(qtbot: QtBot, win: MainWindow, text: str) -> MessageWidget:
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=30_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)
    return last_answer(win)


def test_the_thought_streams_then_folds_to_its_summary(window: MainWindow, qtbot: QtBot) -> None:
    use(window, thinking_engine([ANSWER + " " + "More words here." * 1], delay_s=0.05))
    thoughts: list[object] = []
    window.controller.thought_delta.connect(thoughts.append)
    window.composer.edit.setPlainText("What is two and two?")
    with qtbot.waitSignal(window.controller.thought_delta, timeout=30_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    streaming = window.chat._streaming
    assert streaming is not None
    block = streaming.thinking
    qtbot.waitUntil(lambda: block.isVisible() and "Thinking…" in block.toggle.text())
    assert block.is_expanded(), "the thought is open while it streams"
    qtbot.waitUntil(lambda: "Adding" in block.body.toPlainText(), timeout=10_000)
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=10_000)
    answer = last_answer(window)
    assert thoughts, "the thought came as its own events"
    block = answer.thinking
    assert block.isVisible() and not block.is_expanded()
    line = block.toggle.text()
    assert line.startswith("Thought for ") and " s · " in line and "tokens" in line, line
    assert "Adding" not in answer.body.text and "<think>" not in answer.body.text
    assert answer.body.text.startswith("Four.")


def test_expand_copy_and_copy_thinking(window: MainWindow, qtbot: QtBot) -> None:
    use(window, thinking_engine([ANSWER]))
    answer = ask(qtbot, window, "What is two and two?")
    block = answer.thinking
    assert not block.is_expanded()
    qtbot.mouseClick(block.toggle, Qt.MouseButton.LeftButton)
    assert block.is_expanded() and block.body.toPlainText() == "Adding two and two."
    block.toggle.setFocus()
    qtbot.keyClick(block.toggle, Qt.Key.Key_Space)  # the keyboard folds it again
    assert not block.is_expanded()
    qtbot.mouseClick(answer.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Four."
    assert answer.copy_thinking_button.isVisible()
    qtbot.mouseClick(answer.copy_thinking_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == "Adding two and two."


def test_the_stats_split_thinking_and_answer_tokens(window: MainWindow, qtbot: QtBot) -> None:
    use(window, thinking_engine([ANSWER]))
    answer = ask(qtbot, window, "What is two and two?")
    m = answer.message
    assert m.reasoning_tokens and m.completion_tokens
    split = f"{m.reasoning_tokens} thinking + {m.completion_tokens - m.reasoning_tokens} answer"
    assert split in answer.stats.text(), answer.stats.text()
    assert f"{m.completion_tokens} completion" in answer.stats.text()


def test_a_thought_stopped_midway_is_kept_and_marked(window: MainWindow, qtbot: QtBot) -> None:
    use(window, thinking_engine(["<think>" + "hmm, let me see " * 500], delay_s=0.01))
    window.composer.edit.setPlainText("Think hard.")
    with qtbot.waitSignal(window.controller.thought_delta, timeout=30_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000):
        window.controller.stop()
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=10_000)
    answer = last_answer(window)
    assert answer.message.reasoning.startswith("hmm,")
    assert answer.thinking.isVisible()
    assert answer.thinking.toggle.text().startswith("Stopped while thinking"), (
        answer.thinking.toggle.text()
    )
    assert answer.thinking.text == answer.message.reasoning


def test_reopening_the_chat_shows_the_folded_thought(window: MainWindow, qtbot: QtBot) -> None:
    use(window, thinking_engine([ANSWER, "Hello."]))
    ask(qtbot, window, "What is two and two?")
    first = window.controller.conversation
    assert first is not None
    window.controller.new_conversation()
    ask(qtbot, window, "hi")
    assert not last_answer(window).thinking.isVisible()  # no thought, no block
    window.controller.open_conversation(first.id)
    answer = last_answer(window)
    assert answer.body.text == "Four."
    assert answer.thinking.isVisible() and not answer.thinking.is_expanded()
    assert answer.thinking.toggle.text().startswith("Thought for ")
    assert answer.thinking.text == "Adding two and two."
