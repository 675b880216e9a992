"""The Tokens view: its own input re-read as the person types, pieces decoded to readable
text (characters whole, spaces and newlines visible), the id table; "Show prompt" without
an empty user turn."""

from __future__ import annotations

import re
from pathlib import Path

from pytestqt.qtbot import QtBot

from deskchat.chat.generation import Tokens
from deskchat.gui.inspect_dialogs import TokensDialog
from deskchat.gui.main_window import MainWindow
from tests.gui.conftest import load_model, send


class ByteLevelTokenizer:
    """A byte-level BPE stand-in: a word with the space before it is one token ("Ġworld"),
    any other character one token per byte (as Chinese comes out of such a vocabulary)."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, text: str) -> Tokens:
        self.texts.append(text)
        chunks: list[bytes] = []
        for match in re.finditer(r" ?[A-Za-z]+|.", text, re.DOTALL):
            data = match.group().encode()
            chunks.extend([data] if data.isascii() else [bytes([b]) for b in data])
        pieces = tuple(c.decode("latin-1").replace(" ", "Ġ").replace("\n", "Ċ") for c in chunks)
        return Tokens(tuple(1000 + i for i in range(len(chunks))), pieces, tuple(chunks))


def open_dialog(qtbot: QtBot, text: str) -> tuple[TokensDialog, ByteLevelTokenizer]:
    tokenizer = ByteLevelTokenizer()
    dialog = TokensDialog(tokenizer, text)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=5_000)
    return dialog, tokenizer


def cells(dialog: TokensDialog, column: int) -> list[str]:
    items = [dialog.table.item(r, column) for r in range(dialog.table.rowCount())]
    return [item.text() if item is not None else "" for item in items]


def test_the_view_shows_spaces_as_dots_not_byte_level_g(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot, "Hello world\nbye")
    shown = dialog.view.toPlainText()
    assert shown == "Hello·world↵\nbye"
    assert "Ġ" not in shown and "Ġ" not in "".join(cells(dialog, 1))
    assert cells(dialog, 0) == ["1000", "1001", "1002", "1003"]
    assert cells(dialog, 1) == ["Hello", "·world", "↵", "bye"]
    assert cells(dialog, 2)[1] == "20 77 6f 72 6c 64"
    assert dialog.summary.text() == "4 tokens · 15 characters"


def test_a_chinese_character_split_into_bytes_shows_whole(qtbot: QtBot) -> None:
    dialog, _ = open_dialog(qtbot, "快乐")
    assert dialog.view.toPlainText() == "快乐"
    assert "å" not in dialog.view.toPlainText()
    assert dialog.table.rowCount() == 6  # one row per token, each its byte
    assert cells(dialog, 1)[:3] == ["<0xE5>", "<0xBF>", "<0xAB>"]
    assert dialog.summary.text() == "6 tokens · 2 characters"
    cursor = dialog.view.textCursor()
    cursor.setPosition(1)  # a click inside 快乐's second character
    dialog.view.setTextCursor(cursor)
    selected = sorted({i.row() for i in dialog.table.selectedIndexes()})
    assert selected == [3, 4, 5]  # its three byte tokens


def test_the_view_has_its_own_input_read_again_as_one_types(qtbot: QtBot) -> None:
    dialog, tokenizer = open_dialog(qtbot, "")
    assert tokenizer.texts == [] and dialog.table.rowCount() == 0
    assert dialog.summary.text() == "0 tokens · 0 characters"
    qtbot.keyClicks(dialog.input, "one two")
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=5_000)
    assert dialog.view.toPlainText() == "one·two"
    assert tokenizer.texts == ["one two"]  # typing pauses before reading: once, not per key
    dialog.input.clear()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=5_000)
    assert dialog.view.toPlainText() == ""


def test_a_tokenizer_failure_is_one_sentence_in_the_view(qtbot: QtBot) -> None:
    from deskchat.errors import DeskchatError

    def no_model(text: str) -> Tokens:
        raise DeskchatError("No model is loaded.")

    dialog = TokensDialog(no_model, "hello")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.status.isVisible(), timeout=5_000)
    assert dialog.status.text() == "No model is loaded."
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=5_000)


def test_real_llama_cpp_tokens_of_chinese_show_whole_characters(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    send(qtbot, window, "hello")  # an answer the view must not pick up
    window.show_tokens()
    dialog = window.tokens_dialog
    qtbot.waitUntil(lambda: not dialog.is_reading(), timeout=10_000)
    assert dialog.input.toPlainText() == "" and dialog.table.rowCount() == 0
    assert dialog.view.toPlainText() == ""
    dialog.input.setPlainText("快乐 day\n")
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and not dialog.is_reading(), timeout=20_000)
    # the vocabulary's word-start mark before the Chinese is a token of its own, shown by
    # its name; each character's three byte tokens make one span
    assert dialog.view.toPlainText() == "▁快乐·day↵\n"
    assert "<0xE5>" in cells(dialog, 1)
    ids = cells(dialog, 0)
    assert all(i.isdigit() for i in ids) and len(ids) >= 4
    dialog.close()
    window.composer.edit.setPlainText("lollipop")
    window.show_tokens()
    dialog = window.tokens_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0 and not dialog.is_reading(), timeout=20_000)
    assert dialog.input.toPlainText() == "lollipop"
    assert "".join(cells(dialog, 1)) == "lollipop"


def test_show_prompt_with_an_empty_composer_has_no_empty_user_turn(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    window.controller.new_conversation()
    with qtbot.waitSignal(window.controller.preview_ready, timeout=10_000) as ready:
        window.show_prompt()
    assert "<|im_start|>user" not in ready.args[0].text  # a new chat: nothing asked yet
    assert ready.args[0].text.endswith("<|im_start|>assistant\n")
    window.controller.set_sampling({"max_tokens": 3})
    send(qtbot, window, "hello")
    window.composer.edit.clear()
    with qtbot.waitSignal(window.controller.preview_ready, timeout=10_000) as ready:
        window.show_prompt()
    text = ready.args[0].text
    assert text.count("<|im_start|>user") == 1 and "<|im_start|>user\nhello" in text
    assert text.endswith("<|im_start|>assistant\n")
    window.composer.edit.setPlainText("and now?")
    with qtbot.waitSignal(window.controller.preview_ready, timeout=10_000) as ready:
        window.show_prompt()
    assert ready.args[0].text.endswith(
        "<|im_start|>user\nand now?<|im_end|>\n<|im_start|>assistant\n"
    )
