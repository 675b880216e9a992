"""Personas, preferences, prompt and token views, shortcuts: through their widgets."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from deskchat import __version__
from deskchat.gui.dialogs import PreferencesDialog, ShortcutsDialog
from deskchat.gui.look import apply_theme
from deskchat.gui.main_window import MainWindow
from deskchat.gui.menus import MENUS
from deskchat.gui.persona_dialog import PersonaDialog
from deskchat.settings import load_settings
from deskchat.store.personas import PersonaRepo
from tests.gui.conftest import load_model, send


def test_persona_create_edit_duplicate_delete(window: MainWindow, qtbot: QtBot) -> None:
    repo = PersonaRepo(window.app.db)
    dialog = PersonaDialog(repo, window)
    qtbot.addWidget(dialog)
    before = dialog.list.count()
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.list.count() == before + 1
    dialog.name.setText("Pirate")
    dialog.name_zh.setText("海盗")
    dialog.system.setPlainText("Answer like a pirate.")
    dialog.examples.setPlainText("User: hello\nAssistant: Ahoy, matey!")
    dialog.fields["temperature"].setValue(1.1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    pirate = repo.find("Pirate")
    assert pirate.name_zh == "海盗" and pirate.system_prompt == "Answer like a pirate."
    assert [t.content for t in pirate.examples] == ["hello", "Ahoy, matey!"]
    assert pirate.sampling["temperature"] == 1.1
    qtbot.mouseClick(dialog.duplicate_button, Qt.MouseButton.LeftButton)
    assert repo.find("Pirate (copy)").system_prompt == "Answer like a pirate."
    dialog.delete(confirm=False)
    assert all(p.name != "Pirate (copy)" for p in repo.list())
    dialog.name.setText("")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text() == "A persona needs a name."


def test_a_persona_sets_thinking_and_effort_for_its_chats(window: MainWindow, qtbot: QtBot) -> None:
    repo = PersonaRepo(window.app.db)
    dialog = PersonaDialog(repo, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    dialog.name.setText("Quick")
    dialog.think.setCurrentIndex(dialog.think.findData(False))
    dialog.effort.setCurrentIndex(dialog.effort.findData("low"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    quick = repo.find("Quick")
    assert quick.template_options == {
        "enable_thinking": False,
        "thinking": False,
        "reasoning_effort": "low",
    }
    dialog.reload(select=quick.id)
    assert dialog.think.currentData() is False and dialog.effort.currentData() == "low"
    session = window.app.session
    chat = session.new_conversation(quick)
    assert session.template_options(chat)["enable_thinking"] is False
    dialog.think.setCurrentIndex(0)  # back to the model's default
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert repo.find("Quick").template_options == {"reasoning_effort": "low"}


CITY = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 10},
        "weather": {"enum": ["sunny", "rainy", "windy"]},
    },
    "required": ["name", "weather"],
    "additionalProperties": False,
}
# the tiny model's byte tokens 0x80-0xFF string into bytes that are no UTF-8 (no grammar
# can stop them: tests/unit/test_json_grammar.py), so its persona bans them
NO_HIGH_BYTES = [[3 + byte, -100.0] for byte in range(0x80, 0x100)]


def test_a_persona_that_answers_in_json_with_a_schema(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    import jsonschema

    repo = PersonaRepo(window.app.db)
    dialog = PersonaDialog(repo, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    dialog.name.setText("City JSON")
    dialog.output.setCurrentIndex(dialog.output.findData("json_schema"))
    assert dialog.schema.isVisibleTo(dialog)
    dialog.schema.setPlainText('{"type": "object", "properties": ')  # cut short
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.error.text().startswith("The JSON schema is not valid JSON")
    assert repo.find("New persona").output is None  # nothing was saved
    dialog.schema.setPlainText(json.dumps(CITY))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    persona = repo.find("City JSON")
    assert persona.output == {"type": "json_schema", "schema": CITY}
    dialog.reload(select=persona.id)
    assert dialog.output.currentData() == "json_schema"
    assert json.loads(dialog.schema.toPlainText()) == CITY
    dialog.close()
    sampling = {"logit_bias": NO_HIGH_BYTES, "max_tokens": 300, "temperature": 1.0, "seed": 5}
    repo.update(replace(repo.find("City JSON"), sampling=sampling))

    load_model(qtbot, window, tiny_model)
    window.controller.new_conversation()
    window.controller.set_persona(persona.id)
    send(qtbot, window, "Describe a city.")
    answer = [w for w in window.chat.widgets.values() if w.message.role == "assistant"][-1]
    jsonschema.validate(json.loads(answer.message.content), CITY)  # the grammar held it
    assert answer.body.text.startswith("```json\n{\n")  # shown formatted, with Copy


def test_choosing_a_persona_changes_the_prompt(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    window.controller.new_conversation()
    combo = window.chat_panel.persona
    index = next(i for i in range(combo.count()) if combo.itemText(i) == "Dr. Seuss poet")
    combo.setCurrentIndex(index)
    combo.activated.emit(index)
    seuss = window.controller.session.find_persona("seuss-poet")
    assert window.controller.conversation.persona_id == seuss.id  # type: ignore[union-attr]
    with qtbot.waitSignal(window.controller.preview_ready, timeout=10_000) as ready:
        window.show_prompt()
    assert "Dr. Seuss" in ready.args[0].text
    qtbot.waitUntil(lambda: window.prompt_dialog is not None, timeout=5_000)
    assert "Dr. Seuss" in window.prompt_dialog.text.toPlainText()
    assert "tokens with the template" in window.prompt_dialog.summary.text()
    # this chat's own system prompt, without touching the persona
    window.chat_panel.system.setPlainText("Only answer in French.")
    window.chat_panel._apply()
    assert window.controller.conversation.system_prompt == "Only answer in French."  # type: ignore[union-attr]
    assert window.controller.session.find_persona("seuss-poet").system_prompt == seuss.system_prompt


def test_sampling_panel_values_are_used_for_this_chat(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    window.controller.new_conversation()
    window.sampling_panel.fields["max_tokens"].setValue(3)
    window.sampling_panel.fields["temperature"].setValue(0.0)

    def saved() -> dict[str, object]:
        return json.loads(window.controller.conversation.sampling_json)  # type: ignore[union-attr,no-any-return]

    # only what differs from the persona's and the app's defaults is kept for this chat
    qtbot.waitUntil(lambda: saved() == {"max_tokens": 3, "temperature": 0.0}, timeout=5_000)
    send(qtbot, window, "hello")
    answer = next(w for w in window.chat.widgets.values() if w.message.role == "assistant")
    assert answer.message.completion_tokens <= 3  # type: ignore[operator]
    window.sampling_panel.changed.emit({})  # "Use the persona's defaults"
    assert saved() == {}
    assert window.sampling_panel.fields["max_tokens"].value() == 512


def test_tokens_view_shows_pieces_and_ids(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    load_model(qtbot, window, tiny_model)
    window.composer.edit.setPlainText("lollipop")
    window.show_tokens()
    dialog = window.tokens_dialog
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 3, timeout=10_000)
    pieces = "".join(dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount()))
    assert pieces == "lollipop"
    assert dialog.table.item(0, 0).text().isdigit()


def test_context_meter_shows_messages_outside_the_window(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    window.model_panel.ctx.setValue(512)
    window.inspect_model(str(tiny_model))
    window.model_panel.ctx.setValue(512)
    with qtbot.waitSignal(window.controller.model_loaded, timeout=60_000):
        qtbot.mouseClick(window.model_panel.load_button, Qt.MouseButton.LeftButton)
    window.controller.new_conversation()
    window.controller.set_sampling({"max_tokens": 4})
    for i in range(4):
        send(qtbot, window, f"message {i} " + "word " * 30)
    with qtbot.waitSignal(window.controller.preview_ready, timeout=10_000):
        window.controller.preview("another " * 10)
    assert "outside the window" in window.meter.label.text()
    outside = [w for w in window.chat.widgets.values() if w.outside.isVisible()]
    assert outside and outside[0].message.content.startswith("message 0")
    assert window.meter.bar.format().endswith("/ 512")


def test_preferences_are_saved_and_the_theme_applies(window: MainWindow) -> None:
    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PreferencesDialog)
        dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
        dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
        dialog.accept()

    QTimer.singleShot(0, choose)
    window.dialogs.preferences()
    settings, _ = load_settings()
    assert (settings.theme, settings.language) == ("dark", "zh_CN")
    window_color = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_color.lightness() < 80  # dark now
    apply_theme(QApplication.instance(), "light")  # type: ignore[arg-type]


def test_shortcuts_are_listed(window: MainWindow, qtbot: QtBot) -> None:
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    keys = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert {"Ctrl+N", "Esc", "Ctrl+F", "Ctrl+P", "Ctrl+T", "F1"} <= set(keys)
    actions = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+N", "Ctrl+O", "Ctrl+R", "Ctrl+F", "Ctrl+P", "Ctrl+T", "F1", "F2"} <= actions
    # every shortcut of the menus is in the list (a new one is not left out)
    menus = {key for _title, entries in MENUS for _slot, _text, key in entries if key}
    assert menus <= set(keys), menus - set(keys)


def test_about_names_the_version_and_the_build(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window.dialogs.about()
    assert f"deskchat {__version__} (source install)" in shown[0]
