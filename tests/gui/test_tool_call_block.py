"""A tool call in the conversation: its block (name, arguments as indented JSON, the result
folded, a long one cut with "Show all", the time, failure and denial in the danger colour),
the approval bar reached by the keyboard, and a reopened chat showing stored calls and
results in the answer that made them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from deskchat.chat.tools import ToolCall
from deskchat.gui.chat_view import ChatView
from deskchat.gui.tool_call_block import RESULT_PREVIEW_CHARS, ToolCallBlock, ToolCalls
from tests.helpers.factories import make_message

CALL = ToolCall("call-1", "add", '{"a": 2, "b": 40}')
DENIED = 'The person did not allow the call to "echo"; it was not run.'


def block(qtbot: QtBot, call: ToolCall = CALL) -> ToolCallBlock:
    widget = ToolCallBlock(call)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_the_block_shows_the_tool_its_arguments_and_the_result_folded(qtbot: QtBot) -> None:
    widget = block(qtbot)
    assert widget.name.text() == "add"
    assert widget.arguments.text() == '{\n  "a": 2,\n  "b": 40\n}'
    widget.running()
    assert widget.line.text() == "running…"
    widget.finished("42", is_error=False, seconds=1.25)
    assert widget.line.text() == "1.2 s"
    assert not widget.is_expanded()
    qtbot.mouseClick(widget.result_toggle, Qt.MouseButton.LeftButton)
    assert widget.is_expanded()
    assert widget.result.text() == "42"
    assert not widget.show_all.isVisible()
    assert widget.property("problem") is False


def test_a_long_result_is_cut_until_show_all(qtbot: QtBot) -> None:
    widget = block(qtbot)
    long = "word " * 1000
    widget.finished(long, is_error=False, seconds=0.1)
    widget.result_toggle.click()
    assert len(widget.result.text()) < RESULT_PREVIEW_CHARS + 5
    assert widget.show_all.isVisible()
    widget.show_all.click()
    assert widget.result.text() == long
    assert not widget.show_all.isVisible()


def test_a_failed_call_is_open_and_in_the_danger_colour(qtbot: QtBot) -> None:
    widget = block(qtbot)
    widget.finished(
        "", is_error=True, seconds=20.0, note='The tool "add" did not answer within 20 s.'
    )
    assert widget.line.text() == "failed after 20 s"
    assert widget.property("problem") is True
    assert widget.line.property("problem") is True
    assert widget.is_expanded()  # the reason shows without a click
    assert widget.result.text() == 'The tool "add" did not answer within 20 s.'


def test_the_approval_bar_asks_and_the_keyboard_answers(qtbot: QtBot) -> None:
    widget = block(qtbot)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    widget.ask()
    assert widget.approval.isVisible()
    assert widget.allow_once.hasFocus()  # Enter/Space answers at once
    assert [b.accessibleName() for b in (widget.allow_once, widget.allow_in_chat, widget.deny)] == [
        "Allow once: add",
        "Allow in this chat: add",
        "Deny: add",
    ]
    qtbot.keyClick(widget.allow_once, Qt.Key.Key_Tab)
    assert widget.allow_in_chat.hasFocus()
    with qtbot.waitSignal(widget.decided) as decided:
        qtbot.keyClick(widget.allow_in_chat, Qt.Key.Key_Space)
    assert decided.args == ["chat"]
    assert not widget.approval.isVisible()


def test_deny_says_denied_in_the_danger_colour(qtbot: QtBot) -> None:
    widget = block(qtbot)
    widget.ask()
    with qtbot.waitSignal(widget.decided) as decided:
        widget.deny.click()
    assert decided.args == ["deny"]
    assert widget.line.text() == "denied"
    assert widget.property("problem") is True
    widget.denied("The person denied this call.")
    assert widget.state == "denied"


def test_a_reopened_chat_shows_each_call_with_its_result_in_its_answer(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(800, 600)
    view.show()
    calls = [CALL.to_openai(), ToolCall("call-2", "echo", '{"text": "hi"}').to_openai()]
    messages = [
        make_message(id=1, role="user", content="What is 2 + 40?"),
        make_message(id=2, parent_id=1, role="assistant", content="", tool_calls=json.dumps(calls)),
        make_message(
            id=3,
            parent_id=2,
            role="tool",
            content="42",
            tool_call_id="call-1",
            tool_name="add",
            tool_ms=310.0,
        ),
        make_message(
            id=4,
            parent_id=3,
            role="tool",
            content=DENIED,
            tool_call_id="call-2",
            tool_name="echo",
            tool_error=True,
        ),
        make_message(id=5, parent_id=4, role="assistant", content="It is 42."),
    ]
    view.show_messages(messages, {}, conversation_id=1)
    assert sorted(view.widgets) == [1, 2, 5]  # the results are not messages of their own
    blocks = view.widgets[2].tools.blocks
    assert list(blocks) == ["call-1", "call-2"]
    add, echo = blocks["call-1"], blocks["call-2"]
    assert (add.name.text(), add.line.text(), add.result_text) == ("add", "0.3 s", "42")
    assert echo.property("problem") is True
    assert (echo.state, echo.line.text()) == ("denied", "denied")
    assert echo.result_text == DENIED
    assert view.widgets[5].tools.isHidden()
    assert view.reveal(4)  # a search hit on a result opens the answer that made the call
    assert view.widgets[2].flash_level() > 0


def test_a_call_being_written_is_announced_until_the_answer_ends(qtbot: QtBot) -> None:
    answer = QWidget()
    calls = ToolCalls(answer)
    qtbot.addWidget(answer)
    answer.show()
    assert not calls.isVisible()
    calls.writing("add")
    assert calls.writing_line.text() == "Writing a call to add…"
    assert calls.isVisible()
    calls.show_calls((CALL,))
    assert calls.writing_line.isHidden()
    assert list(calls.blocks) == ["call-1"]
