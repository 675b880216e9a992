"""Adding a remote OpenAI-compatible server: a name, the API's base address, an API key
(kept in the system keyring, or for this session only where there is none), and a Check
that asks the server for its models before anything is saved. A key for a plain http://
address off this machine would travel unencrypted: the person is asked first, and Cancel
sends and saves nothing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.errors import DeskchatError
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.words import say
from deskchat.gui.workers import Job
from deskchat.remote.client import OpenAIClient
from deskchat.remote.endpoints import clear_key_warning, key_in_clear, normalize_base_url
from deskchat.secrets import NoKeyringError
from deskchat.services.remote_access import RemoteAccess, RemoteModel

Runner = Callable[[Callable[[], object]], Job]  # runs work off the GUI thread


def list_models(access: RemoteAccess, name: str, base_url: str, key: str) -> list[RemoteModel]:
    """The models at ``base_url`` with ``key`` (blocks). Without a key, the one kept for a
    server already called ``name`` is tried: re-adding a server keeps its key."""
    api_key: str | None = key or None
    if api_key is None and name:
        try:
            api_key = access.keys.get(access.get(name))
        except DeskchatError:
            api_key = None
    client = OpenAIClient(base_url, api_key)
    try:
        return client.models()
    finally:
        client.close()


class AddServerDialog(QDialog):
    saved = Signal(str, str)  # endpoint name, what happened to its API key

    def __init__(self, access: RemoteAccess, run: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.access = access
        self._run = run
        self._clear_ok: set[str] = set()  # addresses the person let a key go to unencrypted
        self.setWindowTitle(self.tr("Add a remote server"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. lab"))
        form.addRow(self.tr("Name"), self.name)
        self.url = QLineEdit()
        self.url.setPlaceholderText("http://localhost:8080/v1")
        form.addRow(self.tr("Address"), self.url)
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(self.tr("optional; kept in the system keyring"))
        form.addRow(self.tr("API key"), self.key)
        layout.addLayout(form)
        hint = QLabel(
            self.tr(
                "The address is the API's base: llama-server, vLLM and LM Studio use "
                "http://HOST:PORT/v1, Ollama http://localhost:11434/v1, OpenAI "
                "https://api.openai.com/v1."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)
        row = QHBoxLayout()
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Ask the server for its models; nothing is saved."))
        self.check_button.clicked.connect(self.check)
        self.session_button = QPushButton(self.tr("Use the key for this session only"))
        self.session_button.clicked.connect(self.save_for_session)
        self.session_button.hide()
        row.addWidget(self.check_button)
        row.addWidget(self.session_button)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.clicked.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reset(self) -> None:
        """Empty, for the next server."""
        for field in (self.name, self.url, self.key):
            field.clear()
        self.status.say("")
        self.session_button.hide()
        self.name.setFocus()

    def _address(self) -> str | None:
        try:
            return normalize_base_url(self.url.text())
        except DeskchatError as exc:
            self.status.say(say(exc), problem=True)
            return None

    def _key_may_go(self, base_url: str, key: str | None) -> bool:
        """True when ``key`` stays encrypted on its way to ``base_url`` (or there is none),
        or the person, asked, chose to send it unencrypted."""
        if not key or not key_in_clear(base_url) or base_url in self._clear_ok:
            return True
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Send the API key unencrypted?"),
            say(clear_key_warning(base_url)),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("clear_key_warning")
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Send it unencrypted"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Ok:
            self.status.say(self.tr("Nothing was sent or saved."), problem=True)
            return False
        self._clear_ok.add(base_url)
        return True

    def check(self) -> None:
        base_url = self._address()
        if base_url is None:
            return
        access, name, key = self.access, self.name.text().strip(), self.key.text().strip()
        if not self._key_may_go(base_url, key):
            return
        self.check_button.setEnabled(False)
        self.status.say(self.tr("Asking {url} for its models…").format(url=base_url))
        job = self._run(lambda: list_models(access, name, base_url, key))
        job.item.connect(self._checked)
        job.failed.connect(self._check_failed)
        job.finished.connect(self._check_done)

    def _checked(self, models: list[RemoteModel]) -> None:
        names = ", ".join(m.id for m in models[:5]) + (" …" if len(models) > 5 else "")
        if models:
            text = (
                self.tr("The server answers; it offers 1 model: {names}.")
                if len(models) == 1
                else self.tr("The server answers; it offers {n} models: {names}.")
            )
            self.status.say(text.format(n=len(models), names=names))
        else:
            self.status.say(self.tr("The server answers but offers no models."), problem=True)

    def _check_failed(self, message: str) -> None:
        self.status.say(message, problem=True)

    def _check_done(self) -> None:
        self.check_button.setEnabled(True)

    def save(self) -> None:
        self._add(session_only=False)

    def save_for_session(self) -> None:
        self._add(session_only=True)

    def _add(self, *, session_only: bool) -> None:
        key = self.key.text().strip() or None
        base_url = self._address()
        if base_url is None or not self._key_may_go(base_url, key):
            return
        try:
            endpoint, said = self.access.add(
                self.name.text(), self.url.text(), api_key=key, session_only=session_only
            )
        except NoKeyringError as exc:
            self.session_button.show()
            self.status.say(say(exc), problem=True)
            return
        except (DeskchatError, OSError) as exc:
            self.status.say(say(exc), problem=True)
            return
        self.key.clear()
        self.session_button.hide()
        self.saved.emit(endpoint.name, said)
        self.accept()
