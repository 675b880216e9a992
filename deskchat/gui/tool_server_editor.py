"""Adding or editing one MCP server, as ``mcp.json`` holds it: a program started on this
machine (command, arguments, environment variables) or a streamable-HTTP address (URL,
headers). Values of variables and headers are secrets (the store puts them in the keyring):
they are typed and shown masked, and a value already kept reads as dots until replaced."""

from __future__ import annotations

import shlex

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from deskchat.errors import DeskchatError
from deskchat.gui.icons import icon_button
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.words import say
from deskchat.mcp_servers.config import ServerConfig


class SecretRows(QWidget):
    """Name = value rows (environment variables or headers), values masked."""

    def __init__(self, add_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[QLineEdit, QLineEdit, QWidget]] = []
        self.add_button = QPushButton(add_text)
        self.add_button.clicked.connect(self._add_empty)
        self._layout.addWidget(self.add_button)

    def _add_empty(self) -> None:
        self.add_row()

    def add_row(self, key: str = "", value: str = "") -> tuple[QLineEdit, QLineEdit]:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        name = QLineEdit(key)
        name.setPlaceholderText(self.tr("Name"))
        name.setAccessibleName(self.tr("Name"))
        secret = QLineEdit(value)
        secret.setEchoMode(QLineEdit.EchoMode.Password)
        secret.setPlaceholderText(self.tr("Value (kept in the system keyring)"))
        secret.setAccessibleName(self.tr("Value"))
        remove = icon_button("delete", self.tr("Remove this value"))
        line.addWidget(name, 1)
        line.addWidget(secret, 2)
        line.addWidget(remove)
        entry = (name, secret, row)
        self.rows.append(entry)
        remove.clicked.connect(lambda: self._remove(entry))
        self._layout.insertWidget(self._layout.count() - 1, row)
        name.setFocus()
        return name, secret

    def _remove(self, entry: tuple[QLineEdit, QLineEdit, QWidget]) -> None:
        self.rows.remove(entry)
        entry[2].deleteLater()

    def set_values(self, values: dict[str, str]) -> None:
        for key, value in values.items():
            self.add_row(key, value)

    def values(self) -> dict[str, str]:
        return {
            name.text().strip(): secret.text()
            for name, secret, _row in self.rows
            if name.text().strip()
        }


class ServerEditor(QDialog):
    """The fields of one server; ``server()`` reads them into a ``ServerConfig`` (a
    sentence under the fields when they do not make one). Editing keeps the name: the
    keyring holds the server's secrets under it."""

    def __init__(self, existing: ServerConfig | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.result_server: ServerConfig | None = None
        self.setWindowTitle(
            self.tr("Add a tool server") if existing is None else self.tr("Edit the tool server")
        )
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. files"))
        form.addRow(self.tr("Name"), self.name)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("A program on this computer (stdio)"), "stdio")
        self.kind.addItem(self.tr("An address (streamable HTTP)"), "http")
        form.addRow(self.tr("Kind"), self.kind)
        layout.addLayout(form)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._stdio_page())
        self.pages.addWidget(self._http_page())
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)
        layout.addWidget(self.pages)
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if existing is not None:
            self._show(existing)

    def _stdio_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.command = QLineEdit()
        self.command.setPlaceholderText("npx")
        form.addRow(self.tr("Command"), self.command)
        self.args = QLineEdit()
        self.args.setPlaceholderText("-y @modelcontextprotocol/server-filesystem ~/Documents")
        self.args.setToolTip(self.tr("Separated by spaces; quote an argument that has spaces."))
        form.addRow(self.tr("Arguments"), self.args)
        self.env = SecretRows(self.tr("Add a variable"))
        form.addRow(self.tr("Environment"), self.env)
        return page

    def _http_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://example.com/mcp")
        form.addRow(self.tr("Address"), self.url)
        self.headers = SecretRows(self.tr("Add a header"))
        form.addRow(self.tr("Headers"), self.headers)
        hint = QLabel(self.tr("e.g. the header Authorization with the value Bearer <token>"))
        hint.setWordWrap(True)
        form.addRow("", hint)
        return page

    def _show(self, server: ServerConfig) -> None:
        self.name.setText(server.name)
        self.name.setReadOnly(True)
        if server.is_stdio:
            self.command.setText(server.command or "")
            self.args.setText(shlex.join(server.args))
            self.env.set_values(server.env)
        else:
            self.kind.setCurrentIndex(1)
            self.url.setText(server.url or "")
            self.headers.set_values(server.headers)

    def server(self) -> ServerConfig:
        """The server the fields describe; ``DeskchatError`` with a sentence if none."""
        name = self.name.text().strip()
        if self.kind.currentData() == "http":
            return ServerConfig(
                name=name, url=self.url.text().strip(), headers=self.headers.values()
            )
        try:
            args = tuple(shlex.split(self.args.text()))
        except ValueError:
            raise DeskchatError(self.tr("The arguments have a quote that is not closed.")) from None
        return ServerConfig(
            name=name, command=self.command.text().strip(), args=args, env=self.env.values()
        )

    def save(self) -> None:
        try:
            self.result_server = self.server()
        except DeskchatError as exc:
            self.status.say(say(exc), problem=True)
            return
        self.accept()
