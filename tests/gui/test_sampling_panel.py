"""The Sampling tab and the persona dialog never change a stored value the person did not
touch: one range per field (from the sampling table), and untouched fields report exactly
what they were shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from deskchat.chat.generation import SamplingParams
from deskchat.chat.personas import Persona
from deskchat.chat.sampling_fields import BY_NAME
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.persona_dialog import PersonaDialog
from deskchat.gui.sampling_panel import SamplingPanel
from deskchat.settings import Settings, save_settings
from deskchat.store.conversations import ConversationRepo
from deskchat.store.personas import PersonaRepo


@pytest.fixture
def inherited_window(
    request: pytest.FixtureRequest, qapp: QApplication, qtbot: QtBot
) -> Iterator[tuple[MainWindow, int]]:
    """A window with a chat open whose repeat penalty of 3.0 comes from the settings, its
    persona, or the chat itself."""
    source: str = request.param
    if source == "settings":
        save_settings(replace(Settings(), sampling=SamplingParams(repeat_penalty=3.0)))
    win = create_window(qapp)
    qtbot.addWidget(win)
    win.show()
    session = win.controller.session
    persona = None
    if source == "persona":
        persona = PersonaRepo(win.app.db).add(
            Persona(name="Repeats", system_prompt="", sampling={"repeat_penalty": 3.0})
        )
    conversation = session.new_conversation(persona)
    if source == "chat":
        ConversationRepo(win.app.db).update(
            conversation.id, sampling_json=json.dumps({"repeat_penalty": 3.0})
        )
    win.controller.open_conversation(conversation.id)
    yield win, conversation.id
    win.close()
    win.app.close()


@pytest.mark.parametrize("inherited_window", ["settings", "persona", "chat"], indirect=True)
def test_changing_the_temperature_keeps_an_inherited_repeat_penalty_of_3(
    inherited_window: tuple[MainWindow, int], qtbot: QtBot
) -> None:
    window, conversation_id = inherited_window
    panel = window.sampling_panel
    assert panel.fields["repeat_penalty"].value() == 3.0  # shown as it is, not clamped
    session = window.controller.session

    def stored() -> dict[str, Any]:
        return json.loads(session.conversation(conversation_id).sampling_json or "{}")  # type: ignore[no-any-return]

    before = stored()
    panel.fields["temperature"].setValue(0.3)
    qtbot.waitUntil(lambda: stored().get("temperature") == 0.3, timeout=5_000)
    own = stored()
    assert own == {**before, "temperature": 0.3}  # the chat's own 3.0 stays its own
    effective = session.sampling_for(session.conversation(conversation_id))
    assert effective.repeat_penalty == 3.0
    assert 2.0 not in own.values()


def test_a_value_a_box_cannot_show_exactly_is_kept(qtbot: QtBot) -> None:
    panel = SamplingPanel()
    qtbot.addWidget(panel)
    panel.show_params(
        SamplingParams(temperature=0.123, max_tokens=3_000_000_000, seed=4_000_000_000)
    )
    with qtbot.waitSignal(panel.changed) as changed:
        panel.fields["top_p"].setValue(0.5)
    values = changed.args[0]
    assert values["top_p"] == 0.5
    assert values["temperature"] == 0.123  # the box shows 0.12
    assert values["max_tokens"] == 3_000_000_000  # beyond what a spin box holds
    assert values["seed"] == 4_000_000_000
    panel.fields["seed"].setValue(-1)
    assert panel.overrides()["seed"] is None  # -1: a new random answer each time


def test_every_box_has_the_tables_range_and_the_chinese_help_in_chinese(qtbot: QtBot) -> None:
    panel = SamplingPanel("zh_CN")
    qtbot.addWidget(panel)
    for name, box in panel.fields.items():
        spec = BY_NAME[name]
        assert box.minimum() == spec.minimum
        if spec.maximum is not None:
            assert box.maximum() == spec.maximum
        assert box.toolTip() == spec.help_zh
    shown = {label.text() for label in panel.findChildren(QLabel)}
    assert BY_NAME["repeat_penalty"].help_zh in shown and BY_NAME["temperature"].label_zh in shown
    assert BY_NAME["repeat_penalty"].help not in shown
    english = SamplingPanel()
    qtbot.addWidget(english)
    assert english.fields["temperature"].toolTip() == BY_NAME["temperature"].help


def test_the_persona_dialog_saves_only_what_the_persona_sets(
    window: MainWindow, qtbot: QtBot
) -> None:
    repo = PersonaRepo(window.app.db)
    created = repo.add(Persona(name="Repeats", system_prompt="", sampling={"repeat_penalty": 3.0}))
    dialog = PersonaDialog(repo, window)
    qtbot.addWidget(dialog)
    dialog.reload(select=created.id)
    assert dialog.fields["repeat_penalty"].value() == 3.0
    dialog.fields["temperature"].setValue(1.5)
    dialog.save()
    assert repo.find("Repeats").sampling == {"repeat_penalty": 3.0, "temperature": 1.5}
