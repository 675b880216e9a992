"""This chat's persona, its own system prompt, and what happens when the context is full."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.personas import Persona


class ChatPanel(QWidget):
    persona_chosen = Signal(object)  # persona id or None
    system_prompt_changed = Signal(object)  # str, or None for the persona's
    policy_changed = Signal(str)
    manage_personas = Signal()

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
        self.policy.addItem(self.tr("Stop and tell me"), "stop")
        self.policy.activated.connect(
            lambda _i: self.policy_changed.emit(self.policy.currentData())
        )
        form.addRow(self.tr("When the context is full"), self.policy)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("System prompt for this chat")))
        self.system = QPlainTextEdit()
        self.system.setPlaceholderText(self.tr("The persona's system prompt is used."))
        layout.addWidget(self.system, 1)
        save = QPushButton(self.tr("Apply to this chat"))
        save.clicked.connect(self._apply)
        reset = QPushButton(self.tr("Use the persona's"))
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
        self.system.setPlaceholderText(persona_prompt or self.tr("No system prompt."))
        self.system.setPlainText(own_prompt or "")
        self.policy.setCurrentIndex(max(self.policy.findData(policy), 0))

    def _apply(self) -> None:
        text = self.system.toPlainText()
        self.system_prompt_changed.emit(text if text.strip() else None)
