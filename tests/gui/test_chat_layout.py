"""The conversation's layout and live feedback, on the chat view alone (no model): nothing
widens it, code follows the theme, streaming disables what needs a finished answer and
shows live numbers, a half character never shows, a search result is revealed, and the
actions appear on hover and by keyboard."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from deskchat.gui.chat_view import PAGE, ChatView
from deskchat.gui.code_block import CodeBlock
from deskchat.gui.message_widget import MessageWidget
from deskchat.store.records import Message
from tests.helpers.factories import make_message

LONG_LINE = "x = [" + ", ".join(str(i) for i in range(60)) + "]  # " + "y" * 40
NUMBERS = {"prompt_tokens": 12, "prompt_evaluated": 12, "completion_tokens": 30}


def turns(n: int) -> list[Message]:
    """``n`` messages, yours and the answers in turn (ids 1..n)."""
    return [
        make_message(
            id=i,
            parent_id=i - 1 or None,
            role="user" if i % 2 else "assistant",
            content=f"message number {i}",
            model="tiny-model",
            persona="Helpful assistant",
            **NUMBERS,
        )
        for i in range(1, n + 1)
    ]


def open_view(
    qtbot: QtBot, messages: list[Message], width: int = 800, dark: bool = False, **kwargs: object
) -> ChatView:
    view = ChatView(dark, **kwargs)  # type: ignore[arg-type]
    qtbot.addWidget(view)
    view.resize(width, 600)
    view.show()
    qtbot.waitExposed(view)
    view.show_messages(messages, {}, 1)
    qtbot.waitUntil(lambda: all(w.isVisible() for w in view.widgets.values()))
    return view


def outside_the_viewport(view: ChatView) -> list[str]:
    """Visible widgets of the conversation that reach past the viewport's left or right
    edge (what scrolls inside a code block is inside its own viewport, and skipped)."""
    viewport = view.viewport()
    inner = [a.viewport() for a in view.widget().findChildren(QAbstractScrollArea)]
    found = []
    for widget in view.widget().findChildren(QWidget):
        if not widget.isVisible() or any(v.isAncestorOf(widget) for v in inner):
            continue
        left = widget.mapTo(viewport, QPoint(0, 0)).x()
        if left < 0 or left + widget.width() > viewport.width():
            found.append(f"{widget.objectName() or type(widget).__name__} {left}+{widget.width()}")
    return found


def test_a_200_character_code_line_never_widens_the_conversation(qtbot: QtBot) -> None:
    assert len(LONG_LINE) >= 200
    answer = f"Here it is:\n\n```python\n{LONG_LINE}\n```\n\nAnd a link: https://{'a' * 150}.org"
    question = "Why does this not fit? " + "z" * 200
    messages = [
        make_message(id=1, role="user", content=question),
        make_message(id=2, parent_id=1, content=answer, persona="Coder", **NUMBERS),
    ]
    view = open_view(qtbot, messages, width=800)
    code = view.widgets[2].body.code_blocks()[0]
    qtbot.waitUntil(lambda: code.scroller.horizontalScrollBar().maximum() > 0)
    assert view.horizontalScrollBar().maximum() == 0
    assert view.widget().width() <= view.viewport().width()
    assert outside_the_viewport(view) == []
    answer_widget = view.widgets[2]
    for shown in (answer_widget.stats, answer_widget.regenerate_button, code.copy_button):
        assert shown.isVisible()
    # narrower still: the code scrolls inside its block, the rest wraps
    view.resize(420, 600)
    qtbot.waitUntil(lambda: view.widgets[2].width() <= 420 - 2 * 16)
    assert view.horizontalScrollBar().maximum() == 0
    assert outside_the_viewport(view) == []


def test_the_answer_is_a_readable_column_centred_and_your_message_a_bubble_on_the_right(
    qtbot: QtBot,
) -> None:
    view = open_view(qtbot, turns(2), width=1600)
    column = view.readable_width()
    chars = column / view.fontMetrics().averageCharWidth()
    assert 60 <= chars <= 90
    answer = view.widgets[2]
    qtbot.waitUntil(lambda: abs(answer.width() - column) <= 2)
    left = answer.mapTo(view.viewport(), QPoint(0, 0)).x()
    right = view.viewport().width() - left - answer.width()
    assert abs(left - right) <= 2  # centred
    mine = view.widgets[1]
    bubble = mine.frame
    bubble_left = bubble.mapTo(mine, QPoint(0, 0)).x()
    assert bubble.objectName() == "userMessage" and bubble_left > mine.width() // 2
    assert bubble_left + bubble.width() == mine.width()  # flush with the column's right edge


def test_the_model_and_persona_are_badges_and_the_numbers_secondary_text(qtbot: QtBot) -> None:
    view = open_view(qtbot, turns(2))
    stats = view.widgets[2].stats
    badges = [b for b in stats.findChildren(QLabel) if b.objectName() == "badge"]
    assert [b.text() for b in badges] == ["tiny-model", "Helpful assistant"]
    assert "12 prompt + 30 completion = 42 tokens" in stats.text()
    assert not view.widgets[1].stats.isVisible()  # your message has no numbers


def code_colours(block: CodeBlock) -> set[str]:
    return set(re.findall(r"color:\s*(#[0-9a-fA-F]{3,6})", block.body.text()))


def test_a_theme_change_recolours_the_code_live(qtbot: QtBot) -> None:
    code = "def f(x):\n    return x + 1  # one more\n"
    messages = [make_message(id=1, content=f"```python\n{code}```")]
    view = open_view(qtbot, messages)
    block = view.widgets[1].body.code_blocks()[0]
    light = code_colours(block)
    light_sheet = view.styleSheet()
    view.set_dark(True)
    dark = code_colours(block)
    assert light and dark and light != dark
    assert view.styleSheet() != light_sheet  # the bubbles and badges follow too
    assert view.widgets[1].body.code_blocks()[0] is block  # the same block, no rebuild
    view.set_dark(False)
    assert code_colours(block) == light
    # an answer that arrives later is in the theme of the moment
    view.set_dark(True)
    view.show_messages([*messages, make_message(id=2, content=f"```python\n{code}```")], {}, 1)
    assert code_colours(view.widgets[2].body.code_blocks()[0]) == dark


def test_code_blocks_have_a_header_with_language_copy_and_wrap(qtbot: QtBot) -> None:
    messages = [make_message(id=1, content=f"```python\n{LONG_LINE}\n```")]
    view = open_view(qtbot, messages)
    block = view.widgets[1].body.code_blocks()[0]
    assert block.language_label.text() == "python"
    assert block.copy_button.accessibleName() == "Copy code" and block.copy_button.toolTip()
    qtbot.waitUntil(lambda: block.scroller.horizontalScrollBar().maximum() > 0)
    unwrapped = block.height()
    qtbot.mouseClick(block.wrap_button, Qt.MouseButton.LeftButton)
    assert block.wrapped and block.wrap_button.accessibleName() == "Scroll long lines"
    qtbot.waitUntil(lambda: block.scroller.horizontalScrollBar().maximum() == 0)
    qtbot.waitUntil(lambda: block.height() > unwrapped)  # the line wraps onto more lines
    qtbot.mouseClick(block.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == LONG_LINE


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_streaming_disables_what_needs_a_finished_answer_until_it_ends(qtbot: QtBot) -> None:
    messages = turns(3)
    view = open_view(qtbot, messages)
    view.show_messages(messages, {2: [2, 9]}, 1)  # the first answer has a second version
    first_answer, mine = view.widgets[2], view.widgets[3]
    assert first_answer.regenerate_button.isEnabled() and mine.edit_button.isEnabled()
    assert first_answer.next.isEnabled()
    answer = make_message(id=4, parent_id=3, content="", status="streaming", finish_reason=None)
    view.begin_answer(answer)
    streaming = view.widgets[4]
    assert not first_answer.regenerate_button.isEnabled()
    assert not mine.edit_button.isEnabled() and not view.widgets[1].edit_button.isEnabled()
    assert not first_answer.next.isEnabled()  # no switching versions meanwhile
    assert not streaming.regenerate_button.isEnabled() and not streaming.copy_button.isEnabled()
    assert not streaming.actions_shown()
    assert first_answer.copy_button.isEnabled()  # a finished answer can still be copied
    view.append("Hello")
    view.finish_answer(make_message(id=4, parent_id=3, content="Hello there.", completion_tokens=3))
    assert first_answer.regenerate_button.isEnabled() and mine.edit_button.isEnabled()
    assert first_answer.next.isEnabled()
    assert streaming.regenerate_button.isEnabled() and streaming.copy_button.isEnabled()
    assert streaming.actions_shown()  # the last answer shows its actions
    assert streaming.body.text == "Hello there."


def test_while_it_streams_dots_then_a_live_token_count_and_speed(qtbot: QtBot) -> None:
    clock = Clock()
    view = open_view(qtbot, turns(1), clock=clock)
    view.begin_answer(make_message(id=2, content="", status="streaming", finish_reason=None))
    widget = view.widgets[2]
    qtbot.waitUntil(lambda: widget.typing.isVisible() and widget.typing.is_running())
    assert "tiny" not in widget.stats.text() and widget.stats.text().startswith("m")  # badge
    view.append("Hello", tokens=1)
    for _ in range(20):
        clock.now += 0.1
        view.append(" word", tokens=1)
    qtbot.waitUntil(lambda: "21 tokens" in widget.stats.fact_texts())
    assert "10.0 tok/s" in widget.stats.fact_texts()  # 20 tokens after the first in 2 s
    assert not widget.typing.isVisible() and not widget.typing.is_running()
    assert widget.body.text.startswith("Hello word")
    view.finish_answer(
        make_message(id=2, content="Hello" + " word" * 20, **{**NUMBERS, "completion_tokens": 21})
    )
    assert "21 tokens" not in widget.stats.fact_texts()  # the final numbers replace them
    assert "completion" in widget.stats.text()


def test_one_token_is_said_in_the_singular(qtbot: QtBot) -> None:
    view = open_view(qtbot, turns(1))
    view.begin_answer(make_message(id=2, content="", status="streaming", finish_reason=None))
    view.append("Hi")
    qtbot.waitUntil(lambda: view.widgets[2].stats.fact_texts() == ["1 token"])


def all_text(widget: MessageWidget) -> str:
    return "".join(label.text() for label in widget.findChildren(QLabel))


def test_a_stopped_chinese_answer_never_ends_in_a_half_character(qtbot: QtBot) -> None:
    stored = make_message(id=2, content="你好，世界\ufffd", finish_reason="cancelled", **NUMBERS)
    view = open_view(qtbot, [*turns(1), stored])
    assert view.widgets[2].body.text == "你好，世界"
    assert "\ufffd" not in all_text(view.widgets[2])
    # while it streams: a character split between two pieces is not shown half
    view.begin_answer(make_message(id=3, content="", status="streaming", finish_reason=None))
    view.append("中文\ufffd")
    qtbot.waitUntil(lambda: view.widgets[3].body.text == "中文")
    assert "\ufffd" not in all_text(view.widgets[3])
    stopped = make_message(id=3, content="中文\ufffd", finish_reason="cancelled", **NUMBERS)
    view.finish_answer(stopped)
    assert view.widgets[3].body.text == "中文" and "\ufffd" not in all_text(view.widgets[3])


def test_reveal_loads_earlier_pages_scrolls_to_the_message_and_flashes_it(qtbot: QtBot) -> None:
    messages = turns(2 * PAGE + 10)
    view = open_view(qtbot, messages)
    bar = view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and view.is_at_bottom())
    assert 30 not in view.widgets
    assert view.earlier.text() == f"Show {PAGE} earlier messages"
    assert view.reveal(30)
    target = view.widgets[30]
    assert target.flash_level() > 0.0
    assert view.earlier.text() == "Show 10 earlier messages"

    def in_view() -> bool:
        top = target.mapTo(view.viewport(), QPoint(0, 0)).y()
        return top >= 0 and top + target.height() <= view.viewport().height()

    qtbot.waitUntil(in_view)
    assert 0 < bar.value() < bar.maximum()
    qtbot.waitUntil(lambda: target.flash_level() == 0.0, timeout=5_000)  # it fades back
    assert not view.reveal(10_000)  # not in this chat: nothing moves


def test_show_earlier_says_one_message_in_the_singular(qtbot: QtBot) -> None:
    view = open_view(qtbot, turns(PAGE + 1))
    assert view.earlier.isVisible() and view.earlier.text() == "Show 1 earlier message"
    view.verticalScrollBar().setValue(0)  # up to the button, as a person scrolls
    qtbot.waitUntil(lambda: view.earlier.height() > 0)
    qtbot.mouseClick(view.earlier, Qt.MouseButton.LeftButton)
    assert not view.earlier.isVisible() and len(view.widgets) == PAGE + 1


def hover(widget: QWidget, inside: bool) -> None:
    if inside:
        point = QPointF(5, 5)
        QApplication.sendEvent(widget, QEnterEvent(point, point, widget.mapToGlobal(point)))
    else:
        QApplication.sendEvent(widget, QEvent(QEvent.Type.Leave))


def test_the_actions_show_on_hover_and_by_keyboard_with_names(qtbot: QtBot) -> None:
    view = open_view(qtbot, turns(4))
    earlier_answer, last_answer = view.widgets[2], view.widgets[4]
    assert last_answer.actions_shown()  # the last answer keeps its actions in sight
    assert not earlier_answer.actions_shown()
    hover(earlier_answer, True)
    assert earlier_answer.actions_shown()
    hover(earlier_answer, False)
    assert not earlier_answer.actions_shown()
    view.activateWindow()
    qtbot.waitUntil(lambda: view.isActiveWindow())
    earlier_answer.setFocus(Qt.FocusReason.TabFocusReason)  # Tab reaches the message first
    qtbot.waitUntil(lambda: earlier_answer.hasFocus())
    assert earlier_answer.actions_shown()
    qtbot.keyClick(earlier_answer, Qt.Key.Key_Tab)  # then its buttons
    focused = QApplication.focusWidget()
    assert focused is not None and earlier_answer.action_bar.isAncestorOf(focused)
    assert earlier_answer.actions_shown()
    view.widgets[1].setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: not earlier_answer.actions_shown())
    buttons = {
        earlier_answer.copy_button: "Copy",
        earlier_answer.regenerate_button: "Regenerate",
        view.widgets[1].edit_button: "Edit and resend",
    }
    for button, name in buttons.items():
        assert button.accessibleName() == name and button.toolTip() == name
        assert (
            button.text() == "" or button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        )
        assert not button.icon().isNull()
