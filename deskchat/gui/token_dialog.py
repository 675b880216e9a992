"""The Hugging Face token: where the one in use comes from, checking and saving a new one
(in the system keyring, or for this session only where there is none), removing it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.model_services import ModelServices, catching_hub_errors
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.hub.remote import HubError
from deskchat.secrets import NoKeyringError


class TokenDialog(QDialog):
    token_changed = Signal()

    def __init__(self, services: ModelServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.access = services.access
        self.setWindowTitle(self.tr("Hugging Face token"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        explain = QLabel(
            self.tr(
                "Gated models (Llama, Gemma…) need a Hugging Face access token with read "
                "permission, after you accept the model's license on its page. Create one at "
                "huggingface.co/settings/tokens."
            )
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)
        self.source = QLabel()
        layout.addWidget(self.source)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setPlaceholderText("hf_…")
        self.field.returnPressed.connect(self.check_and_save)
        layout.addWidget(self.field)
        row = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Check and save"))
        self.save_button.clicked.connect(self.check_and_save)
        self.session_button = QPushButton(self.tr("Use for this session only"))
        self.session_button.clicked.connect(self.use_for_session)
        self.session_button.hide()
        self.remove_button = QPushButton(self.tr("Remove token"))
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.save_button)
        row.addWidget(self.session_button)
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        self.status = SentenceLabel()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._checked = ""  # the token whoami accepted, waiting for a place to keep it
        self._show_source()

    def _show_source(self) -> None:
        source = self.access.token_source()
        names = {
            "this session only": self.tr("used for this session only"),
            "the system keyring": self.tr("saved in the system keyring"),
            "the HF_TOKEN environment variable": self.tr("from the HF_TOKEN environment variable"),
            "none": self.tr("none set"),
        }
        self.source.setText(
            self.tr("Current token: {source}").format(source=names.get(source, source))
        )
        self.remove_button.setEnabled(source not in ("none", "the HF_TOKEN environment variable"))

    def _say(self, text: str, problem: bool = False) -> None:
        self.status.say(text, problem)

    def check_and_save(self) -> None:
        token = self.field.text().strip()
        if not token:
            self._say(self.tr("Paste a token first."), problem=True)
            return
        self.save_button.setEnabled(False)
        self.session_button.hide()
        self._say(self.tr("Checking the token with the hub…"))
        access = self.access
        job = self.services.run(catching_hub_errors(lambda: access.check(token)))
        job.item.connect(lambda result: self._checked_as(token, result))
        job.failed.connect(lambda message: self._say(message, problem=True))
        job.finished.connect(lambda: self.save_button.setEnabled(True))

    def _checked_as(self, token: str, result: object) -> None:
        if isinstance(result, HubError):
            self._say(str(result), problem=True)
            return
        signed_in = self.tr("Signed in as {name}.").format(name=result)
        try:
            where = self.access.set_token(token)
        except NoKeyringError as exc:
            self._checked = token
            self.session_button.show()
            self._say(f"{signed_in} {exc}", problem=True)
            return
        self._kept(f"{signed_in} {where}")

    def use_for_session(self) -> None:
        token = self._checked or self.field.text().strip()
        if token:
            self._kept(self.access.set_token(token, session_only=True))

    def _kept(self, sentence: str) -> None:
        self._checked = ""
        self.field.clear()
        self.session_button.hide()
        self._say(sentence)
        self._show_source()
        self.token_changed.emit()

    def remove(self) -> None:
        self.access.clear_token()
        self._say(self.tr("The token was removed."))
        self._show_source()
        self.token_changed.emit()
