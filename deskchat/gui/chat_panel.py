"""This chat's persona, its own system prompt, what happens when the context is full, and
the template's own options (a reasoning model's Think switch and reasoning effort), each
shown only when the loaded model's template reads it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.personas import Persona
from deskchat.chat.template_options import THINKING_SWITCHES, TemplateOption
from deskchat.gui.document_choice import DocumentChoice
from deskchat.gui.tool_server_choice import ToolServerChoice

INHERITED_CHARS = 240  # the persona's prompt beside the box: the start of it, whole in a tooltip


class ChatPanel(QWidget):
    persona_chosen = Signal(object)  # persona id or None
    system_prompt_changed = Signal(object)  # str, or None for the persona's
    policy_changed = Signal(str)
    manage_personas = Signal()
    template_option_changed = Signal(str, object)  # option name, bool | str

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.persona = QComboBox()
        self.persona.activated.connect(
            lambda _i: self.persona_chosen.emit(self.persona.currentData())
        )
        form.addRow(self.tr("Persona"), self.persona)
        manage = QPushButton(self.tr("Manage personas…"))
        manage.clicked.connect(self.manage_personas)
        form.addRow("", manage)
        self.policy = QComboBox()
        self.policy.addItem(self.tr("Drop the oldest messages"), "rolling")
        self.policy.addItem(self.tr("Summarise the oldest messages"), "summary")
        self.policy.addItem(self.tr("Stop and tell me"), "stop")
        self.policy.setToolTip(
            self.tr(
                "Summarise: the model writes a short summary of the oldest messages, shown "
                "in the chat as a note you can edit or remove; the messages stay in the "
                "history."
            )
        )
        self.policy.activated.connect(
            lambda _i: self.policy_changed.emit(self.policy.currentData())
        )
        form.addRow(self.tr("When the context is full"), self.policy)
        self.think = QCheckBox(self.tr("Think"))
        self.think.setToolTip(
            self.tr(
                "Let the model think step by step before it answers (slower, often better); "
                "applies to the next answer."
            )
        )
        self.think.toggled.connect(self._think_toggled)
        form.addRow("", self.think)
        self.effort = QComboBox()
        self.effort.setToolTip(
            self.tr("How long the model thinks before it answers; applies to the next answer.")
        )
        self.effort_label = QLabel(self.tr("Reasoning effort"))
        self.effort.activated.connect(
            lambda _i: self.template_option_changed.emit(
                "reasoning_effort", self.effort.currentData()
            )
        )
        form.addRow(self.effort_label, self.effort)
        self.tool_servers = ToolServerChoice()  # whose tools this chat may call
        form.addRow(self.tr("Tools"), self.tool_servers)
        self._think_option: str | None = None  # the switch the template reads, if any
        self._showing = False  # filling the controls in: no change to report
        self.show_template_options((), {})
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Documents")))
        self.documents = DocumentChoice()  # the files this chat answers from
        layout.addWidget(self.documents)
        layout.addWidget(QLabel(self.tr("System prompt for this chat")))
        # The persona's prompt is shown beside the box, never as its placeholder: Qt does not
        # repaint a placeholder that changes while shown, so the old one stayed under the new.
        self.inherited = QLabel()
        self.inherited.setObjectName("explanation")
        self.inherited.setWordWrap(True)
        layout.addWidget(self.inherited)
        self.system = QPlainTextEdit()
        self.system.setPlaceholderText(
            self.tr("Write a prompt for this chat only; leave it empty to use the persona's.")
        )
        layout.addWidget(self.system, 1)
        save = QPushButton(self.tr("Apply to this chat"))
        save.clicked.connect(self._apply)
        reset = QPushButton(self.tr("Use the persona's prompt"))
        self.reset = reset
        reset.clicked.connect(lambda: self.system_prompt_changed.emit(None))
        layout.addWidget(save)
        layout.addWidget(reset)

    def set_personas(self, personas: list[Persona], language: str) -> None:
        current = self.persona.currentData()
        self.persona.clear()
        self.persona.addItem(self.tr("(none)"), None)
        for p in personas:
            self.persona.addItem(p.display_name(language), p.id)
        index = self.persona.findData(current)
        self.persona.setCurrentIndex(max(index, 0))

    def show_chat(
        self, persona_id: int | None, own_prompt: str | None, persona_prompt: str, policy: str
    ) -> None:
        self.persona.setCurrentIndex(max(self.persona.findData(persona_id), 0))
        self._show_inherited(persona_prompt)
        self.system.setPlainText(own_prompt or "")
        self.policy.setCurrentIndex(max(self.policy.findData(policy), 0))

    def _show_inherited(self, persona_prompt: str) -> None:
        if not persona_prompt.strip():
            self.inherited.setText(self.tr("The persona has no system prompt."))
            self.inherited.setToolTip("")
            return
        flat = " ".join(persona_prompt.split())
        shown = flat if len(flat) <= INHERITED_CHARS else flat[: INHERITED_CHARS - 1] + "…"
        self.inherited.setText(self.tr("The persona's prompt: {prompt}").format(prompt=shown))
        self.inherited.setToolTip(persona_prompt)

    def show_template_options(
        self, offered: tuple[TemplateOption, ...], values: dict[str, bool | str]
    ) -> None:
        """The options the model's template reads, with this chat's ``values`` (an
        option's default where the chat has none); the others are hidden."""
        by_name = {o.name: o for o in offered}
        self._showing = True
        try:
            switch = next((by_name[n] for n in THINKING_SWITCHES if n in by_name), None)
            self._think_option = switch.name if switch else None
            if switch is not None:
                self.think.setChecked(bool(values.get(switch.name, switch.default)))
            self.think.setVisible(switch is not None)
            effort = by_name.get("reasoning_effort")
            if effort is not None:
                self._fill_efforts(effort.choices)
                chosen = values.get(effort.name, effort.default)
                self.effort.setCurrentIndex(max(self.effort.findData(chosen), 0))
            self.effort.setVisible(effort is not None)
            self.effort_label.setVisible(effort is not None)
        finally:
            self._showing = False

    def _fill_efforts(self, choices: tuple[str, ...]) -> None:
        names = {"low": self.tr("Low"), "medium": self.tr("Medium"), "high": self.tr("High")}
        if [self.effort.itemData(i) for i in range(self.effort.count())] == list(choices):
            return
        self.effort.clear()
        for choice in choices:
            self.effort.addItem(names.get(choice, choice), choice)

    def _think_toggled(self, on: bool) -> None:
        if not self._showing and self._think_option is not None:
            self.template_option_changed.emit(self._think_option, on)

    def _apply(self) -> None:
        text = self.system.toPlainText()
        self.system_prompt_changed.emit(text if text.strip() else None)
