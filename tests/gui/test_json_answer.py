"""An answer that is JSON as a whole (structured output) shows as indented JSON in a code
block with Copy; an answer that only contains JSON, or is a bare number, stays as text."""

from __future__ import annotations

import json

from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from deskchat.gui.code_block import CodeBlock
from deskchat.gui.json_answer import as_json_block
from deskchat.gui.message_widget import MessageWidget
from tests.helpers.factories import make_message

ANSWER = '{"name": "Ada", "languages": ["en", "中文"], "age": 36}'


def test_a_json_answer_is_an_indented_json_code_block_with_copy(qtbot: QtBot) -> None:
    widget = MessageWidget(make_message(role="assistant", content=ANSWER), [1])
    qtbot.addWidget(widget)
    widget.show()
    (block,) = widget.body.findChildren(CodeBlock)
    assert block.language == "json"
    assert block.code == json.dumps(json.loads(ANSWER), indent=2, ensure_ascii=False)
    assert '  "languages": [\n    "en",\n    "中文"\n  ]' in block.code
    block.copy_button.click()
    assert json.loads(QGuiApplication.clipboard().text()) == json.loads(ANSWER)
    widget.copy_button.click()  # the message's own Copy: the answer as the model wrote it
    assert QGuiApplication.clipboard().text() == ANSWER


def test_only_an_answer_that_is_all_json_object_or_array_is_formatted() -> None:
    assert as_json_block("[1, 2]") == "```json\n[\n  1,\n  2\n]\n```"
    for text in ("42", "true", '"text"', 'Here it is: {"a": 1}', "{not json}", ""):
        assert as_json_block(text) == text
    assert as_json_block('{"a": "```"}') == '{"a": "```"}'  # a fence inside stays text


def test_your_own_json_message_stays_as_typed(qtbot: QtBot) -> None:
    widget = MessageWidget(make_message(role="user", content=ANSWER), [1])
    qtbot.addWidget(widget)
    assert widget.body.findChildren(CodeBlock) == []
    assert widget.body.text == ANSWER
