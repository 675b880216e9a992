"""Which tool servers (MCP) a chat, or a persona's new chats, may use: a checkbox for each
server in ``mcp.json``, and a way to the Tool servers dialog. A server the chat chose that
is no longer in the list stays ticked (named as missing), so nothing is dropped silently."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QVBoxLayout, QWidget


class ToolServerChoice(QWidget):
    """``show_servers(known, chosen)`` fills the boxes; ``changed`` carries the names ticked
    when the person ticks or unticks one; ``manage`` asks for the Tool servers dialog.
    ``show_allowed`` names the tools the chat runs without asking, and ``ask_again``
    is the person taking that back."""

    changed = Signal(list)  # list[str]
    manage = Signal()
    ask_again = Signal()

    def __init__(self, parent: QWidget | None = None, *, manage_button: bool = True) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tool servers"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.empty = QLabel(self.tr("No tool servers yet."))
        self.empty.setObjectName("explanation")
        self._layout.addWidget(self.empty)
        self.boxes: dict[str, QCheckBox] = {}
        self.manage_button = QPushButton(self.tr("Tool servers…"))
        self.manage_button.clicked.connect(self.manage)
        self.manage_button.setVisible(manage_button)
        self._layout.addWidget(self.manage_button)
        self.allowed = QLabel()
        self.allowed.setObjectName("explanation")
        self.allowed.setWordWrap(True)
        self.allowed.hide()
        self._layout.addWidget(self.allowed)
        self.ask_again_button = QPushButton(self.tr("Ask again before each call"))
        self.ask_again_button.clicked.connect(self.ask_again)
        self.ask_again_button.hide()
        self._layout.addWidget(self.ask_again_button)

    def show_allowed(self, tools: Sequence[str]) -> None:
        """The tools "allowed in this chat": they run without asking."""
        self.allowed.setText(
            self.tr("Run without asking in this chat: {tools}").format(tools=", ".join(tools))
        )
        self.allowed.setVisible(bool(tools))
        self.ask_again_button.setVisible(bool(tools))

    def show_servers(self, known: Sequence[str], chosen: Sequence[str]) -> None:
        for box in self.boxes.values():
            self._layout.removeWidget(box)
            box.deleteLater()
        self.boxes = {}
        names = list(known) + [n for n in chosen if n not in known]
        for index, name in enumerate(names):
            box = QCheckBox(
                name if name in known else self.tr("{name} (not in the list)").format(name=name)
            )
            box.setChecked(name in chosen)
            box.setToolTip(self.tr("Let the model call the tools of “{name}”.").format(name=name))
            box.toggled.connect(self._toggled)
            self._layout.insertWidget(1 + index, box)
            self.boxes[name] = box
        self.empty.setVisible(not names)

    def chosen(self) -> list[str]:
        return [name for name, box in self.boxes.items() if box.isChecked()]

    def _toggled(self, _on: bool) -> None:
        self.changed.emit(self.chosen())
