"""Persona manager: create, edit, duplicate, delete personas (name, system prompt, example
turns, default sampling)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import SamplingParams
from deskchat.chat.personas import Persona
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.gui.sampling_boxes import Box, SamplingBoxes
from deskchat.gui.tool_server_choice import ToolServerChoice
from deskchat.gui.words import say
from deskchat.services.output_format import ANY_JSON, schema_output
from deskchat.store.personas import PersonaRepo


def examples_to_text(examples: tuple[Turn, ...]) -> str:
    return "\n".join(
        f"{'User' if t.role == 'user' else 'Assistant'}: {t.content}" for t in examples
    )


def examples_from_text(text: str) -> tuple[Turn, ...]:
    """'User: …' / 'Assistant: …' lines (continuation lines join the previous turn)."""
    turns: list[Turn] = []
    for line in text.splitlines():
        head, _, rest = line.partition(":")
        role = {"user": "user", "assistant": "assistant"}.get(head.strip().lower())
        if role and _:
            turns.append(Turn(role, rest.strip()))  # type: ignore[arg-type]
        elif turns and line.strip():
            last = turns[-1]
            turns[-1] = Turn(last.role, f"{last.content}\n{line}")
    return tuple(turns)


_PERSONA_OPTIONS = ("enable_thinking", "thinking", "reasoning_effort")  # what this dialog sets


SCHEMA_EXAMPLE = '{"type": "object", "properties": {"answer": {"type": "string"}}}'


class PersonaDialog(QDialog):
    """A persona's sampling keeps only what it sets: the fields it already had and those
    the person changes here; every other field follows the app's settings."""

    def __init__(
        self,
        repo: PersonaRepo,
        parent: QWidget | None = None,
        *,
        language: str = "en",
        defaults: SamplingParams | None = None,
        tool_servers: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Personas"))
        self.resize(760, 520)
        self.repo = repo
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.list = QListWidget()
        self.list.currentItemChanged.connect(self._show_current)
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        self.new_button = QPushButton(self.tr("New"))
        self.duplicate_button = QPushButton(self.tr("Duplicate"))
        self.delete_button = QPushButton(self.tr("Delete"))
        for b in (self.new_button, self.duplicate_button, self.delete_button):
            buttons.addWidget(b)
        left.addLayout(buttons)
        layout.addLayout(left, 1)

        form_box = QVBoxLayout()
        form = QFormLayout()
        self.name = QLineEdit()
        self.name_zh = QLineEdit()
        self.description = QLineEdit()
        self.system = QPlainTextEdit()
        self.examples = QPlainTextEdit()
        self.examples.setPlaceholderText(
            self.tr("User: an example question\nAssistant: the answer you want it to imitate")
        )
        self.defaults = defaults or SamplingParams()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Chinese name"), self.name_zh)
        form.addRow(self.tr("Description"), self.description)
        form.addRow(self.tr("System prompt"), self.system)
        form.addRow(self.tr("Example turns"), self.examples)
        self.boxes = SamplingBoxes(form, language, lambda: None, explain=False)
        self.fields: dict[str, Box] = self.boxes.fields
        self._build_template_options(form)
        self._build_tools(form, tool_servers)
        self._build_output(form)
        form_box.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("formError")
        form_box.addWidget(self.error)
        save_row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save"))
        save_row.addStretch(1)
        save_row.addWidget(self.save_button)
        form_box.addLayout(save_row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        form_box.addWidget(close)
        layout.addLayout(form_box, 2)

        self._connect()
        self.reload()

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_persona)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.delete_button.clicked.connect(lambda: self.delete(confirm=True))
        self.save_button.clicked.connect(self.save)

    def _build_tools(self, form: QFormLayout, tool_servers: Sequence[str]) -> None:
        self._server_names = list(tool_servers)  # the servers in mcp.json
        self.tools = ToolServerChoice(manage_button=False)
        form.addRow(self.tr("Tools in new chats"), self.tools)

    def _build_output(self, form: QFormLayout) -> None:
        """Text, any JSON, or JSON with a schema: generation is held to it by a grammar."""
        self.output = QComboBox()
        for label, kind in (
            (self.tr("Text"), None),
            (self.tr("JSON"), "json_object"),
            (self.tr("JSON with a schema"), "json_schema"),
        ):
            self.output.addItem(label, kind)
        self.output.setToolTip(
            self.tr(
                "JSON: every answer is a JSON object, shown formatted with a Copy button. "
                "With a schema: it also follows the schema."
            )
        )
        self.schema = QPlainTextEdit()
        self.schema.setPlaceholderText(
            '{"type": "object", "properties": {"answer": {"type": "string"}}}'
        )
        self.schema.setMaximumHeight(90)
        self.output.currentIndexChanged.connect(
            lambda _i: self.schema.setVisible(self.output.currentData() == "json_schema")
        )
        form.addRow(self.tr("Answers"), self.output)
        form.addRow("", self.schema)
        self.schema.hide()

    def _output(self) -> dict[str, object] | None:
        """What the form says the answers must be (a sentence for a schema that cannot)."""
        kind = self.output.currentData()
        if kind == "json_object":
            return dict(ANY_JSON)
        if kind == "json_schema":
            return schema_output(self.schema.toPlainText())
        return None

    def _build_template_options(self, form: QFormLayout) -> None:
        """Thinking and reasoning effort: they reach a model only when its template reads
        them (the chat's own choice, in the Chat tab, wins)."""
        self.think = QComboBox()
        switches: tuple[tuple[str, bool | None], ...] = (
            (self.tr("The model's default"), None),
            (self.tr("On"), True),
            (self.tr("Off"), False),
        )
        for label, switch in switches:
            self.think.addItem(label, switch)
        self.think.setToolTip(
            self.tr("For reasoning models whose template has a thinking switch (Qwen3, GLM …)")
        )
        self.effort = QComboBox()
        efforts: tuple[tuple[str, str | None], ...] = (
            (self.tr("The model's default"), None),
            (self.tr("Low"), "low"),
            (self.tr("Medium"), "medium"),
            (self.tr("High"), "high"),
        )
        for label, effort in efforts:
            self.effort.addItem(label, effort)
        self.effort.setToolTip(self.tr("For models whose template reads it (gpt-oss)"))
        form.addRow(self.tr("Thinking"), self.think)
        form.addRow(self.tr("Reasoning effort"), self.effort)

    def reload(self, select: int | None = None) -> None:
        self.list.clear()
        for p in self.repo.list():
            item = QListWidgetItem(f"{p.name}" + (f" · {p.name_zh}" if p.name_zh else ""))
            item.setData(256, p.id)
            self.list.addItem(item)
            if p.id == select:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)

    def current(self) -> Persona | None:
        item = self.list.currentItem()
        return self.repo.get(int(item.data(256))) if item else None

    def _show_current(self, *_args: object) -> None:
        p = self.current()
        if p is None:
            return
        self.name.setText(p.name)
        self.name_zh.setText(p.name_zh)
        self.description.setText(p.description)
        self.system.setPlainText(p.system_prompt)
        self.examples.setPlainText(examples_to_text(p.examples))
        think = p.template_options.get("enable_thinking", p.template_options.get("thinking"))
        self.think.setCurrentIndex(max(0, self.think.findData(think)))
        self.effort.setCurrentIndex(
            max(0, self.effort.findData(p.template_options.get("reasoning_effort")))
        )
        self.boxes.show(
            {
                s.name: p.sampling.get(s.name, getattr(self.defaults, s.name))
                for s in self.boxes.specs
            }
        )
        chosen = self.repo.tool_servers(p.id) if p.id is not None else ()
        self.tools.show_servers(self._server_names, chosen)
        kind = p.output.get("type") if p.output else None
        self.output.setCurrentIndex(max(0, self.output.findData(kind)))
        schema = p.output.get("schema") if p.output else None
        self.schema.setPlainText(json.dumps(schema, indent=2, ensure_ascii=False) if schema else "")
        self.schema.setVisible(kind == "json_schema")
        self.error.setText("")

    def _form(self, base: Persona) -> Persona:
        sampling = dict(base.sampling)
        shown = self.boxes.values()
        for name in self.boxes.touched:
            sampling[name] = shown[name]
        options = {k: v for k, v in base.template_options.items() if k not in _PERSONA_OPTIONS}
        think, effort = self.think.currentData(), self.effort.currentData()
        if think is not None:  # whichever switch the model's template reads
            options.update(enable_thinking=bool(think), thinking=bool(think))
        if effort is not None:
            options["reasoning_effort"] = str(effort)
        return replace(
            base,
            template_options=options,
            name=self.name.text().strip(),
            name_zh=self.name_zh.text().strip(),
            description=self.description.text().strip(),
            system_prompt=self.system.toPlainText(),
            examples=examples_from_text(self.examples.toPlainText()),
            sampling=sampling,
        )

    def save(self) -> None:
        current = self.current()
        if current is None:
            return
        persona = self._form(current)
        if not persona.name:
            self.error.setText(self.tr("A persona needs a name."))
            return
        try:
            persona = replace(persona, output=self._output())
        except DeskchatError as exc:
            self.error.setText(say(exc))
            return
        self.repo.update(persona)
        if persona.id is not None:
            self.repo.set_tool_servers(persona.id, self.tools.chosen())
        self.reload(select=persona.id)

    def new_persona(self) -> None:
        created = self.repo.add(Persona(name=self.tr("New persona"), system_prompt=""))
        self.reload(select=created.id)

    def duplicate(self) -> None:
        current = self.current()
        if current is None:
            return
        copy = replace(
            current, id=None, key=None, name=self.tr("{name} (copy)").format(name=current.name)
        )
        created = self.repo.add(copy)
        self.reload(select=created.id)

    def delete(self, confirm: bool = True) -> None:
        current = self.current()
        if current is None or current.id is None:
            return
        if (
            confirm
            and QMessageBox.question(
                self,
                self.tr("Delete persona"),
                self.tr("Delete the persona “{name}”? Chats using it keep their messages.").format(
                    name=current.name
                ),
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.repo.delete(current.id)
        self.reload()
