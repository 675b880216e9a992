"""The window's switch for deskchat's OpenAI-compatible server: other programs on this
computer (or, with an API key, on the network) use the loaded model through the `openai`
client while the app runs. The server shares the app's engine: its requests wait while the
window's own answer streams."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStatusBar,
    QVBoxLayout,
    QWidget,
)

from deskchat import secrets
from deskchat.errors import DeskchatError
from deskchat.gui.words import say
from deskchat.services.api_server import ApiServer, ServerError, is_loopback
from deskchat.services.app import AppContext

KEY_NAME = "server-api-key"  # the keyring entry's name


class ServerControl(QObject):
    """Owns the running server (one per app) and its settings."""

    changed = Signal()  # started or stopped

    def __init__(self, app: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.window = parent
        self.server: ApiServer | None = None
        self._session_key: str | None = None  # used when the system has no keyring
        self._label = QLabel()
        self._label.setObjectName("serverLabel")
        self.changed.connect(self._show_state)

    def attach(self, status_bar: QStatusBar) -> None:
        """Show the server's address in the status bar, and start it when it was on at the
        last quit (a failure, e.g. the port now taken, is said there)."""
        status_bar.addPermanentWidget(self._label)
        self._show_state()
        if self.app.settings.current.server_enabled:
            problem = self.start()
            if problem:
                status_bar.showMessage(problem, 15_000)

    def show_dialog(self) -> None:
        ServerDialog(self, self.window).exec()

    def _show_state(self) -> None:
        url = self.url()
        self._label.setText(self.tr("API: {url}").format(url=url) if url else "")
        self._label.setVisible(url is not None)

    def api_key(self) -> str | None:
        key = self._session_key or secrets.get_secret(KEY_NAME, env_var="DESKCHAT_API_KEY")
        return (key or "").strip() or None  # a blank key is no key

    def saved_key(self) -> str:
        """The key the dialog may show and change (the environment's is not ours to save)."""
        return self._session_key or secrets.get_secret(KEY_NAME) or ""

    def set_api_key(self, key: str) -> str:
        """Keep the key; a sentence says where. Empty removes it."""
        key = key.strip()
        if not key:
            self._session_key = None
            secrets.delete_secret(KEY_NAME)
            return self.tr("No API key: only programs on this computer can connect.")
        try:
            secrets.set_secret(KEY_NAME, key)
        except secrets.NoKeyringError:
            self._session_key = key
            return self.tr("This system has no keyring: the key is used until deskchat closes.")
        self._session_key = None
        return self.tr("The API key is saved in the system keyring.")

    def start(self) -> str | None:
        """Start with the saved settings; a sentence when it cannot."""
        if self.server is not None:
            return None
        s = self.app.settings.current
        try:
            server = self.app.api_server(
                host=s.server_host,
                port=s.server_port,
                api_key=self.api_key(),
                cors_origin=s.server_cors,
                log_history=s.server_log_history,
            )
            server.start()
        except ServerError as exc:
            return say(exc)
        self.server = server
        problem = self._remember(enabled=True)
        self.changed.emit()
        return problem

    def stop(self, *, remember: bool = True) -> None:
        if self.server is None:
            return
        # a request still waiting for the engine cannot be interrupted: do not hang the window
        self.server.stop(timeout=0.5)
        self.server = None
        if remember:
            self._remember(enabled=False)
        self.changed.emit()

    def url(self) -> str | None:
        return self.server.url if self.server is not None else None

    def _remember(self, *, enabled: bool) -> str | None:
        """Whether the server starts with the app next time; a sentence if not saved."""
        try:
            self.app.settings.update(server_enabled=enabled)
        except DeskchatError as exc:
            return say(exc)
        return None


class ServerDialog(QDialog):
    """Address, key, CORS, history logging, start/stop, and the requests being served."""

    def __init__(self, control: ServerControl, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.control = control
        self.setWindowTitle(self.tr("Local API server"))
        self.resize(620, 480)
        s = control.app.settings.current
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Other programs can use the loaded model through the OpenAI API: "
                "client = OpenAI(base_url=ADDRESS, api_key=KEY)."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.host = QLineEdit(s.server_host)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(s.server_port)
        self.key = QLineEdit(control.saved_key())
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(
            self.tr("DESKCHAT_API_KEY is set and used")
            if control.api_key() and not control.saved_key()
            else self.tr("needed to serve other computers")
        )
        self.cors = QLineEdit(s.server_cors)
        self.cors.setPlaceholderText(self.tr("e.g. http://localhost:3000 (empty: none)"))
        self.log_history = QCheckBox(self.tr("Keep each request as a conversation in the history"))
        self.log_history.setChecked(s.server_log_history)
        form.addRow(self.tr("Address"), self.host)
        form.addRow(self.tr("Port"), self.port)
        form.addRow(self.tr("API key"), self.key)
        form.addRow(self.tr("Allowed web origin (CORS)"), self.cors)
        form.addRow("", self.log_history)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.toggle = QPushButton()
        self.toggle.clicked.connect(self._toggle)
        row.addWidget(self.toggle)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setObjectName("serverStatus")
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel(self.tr("Requests served")))
        self.requests = QListWidget()
        layout.addWidget(self.requests, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.finished.connect(self._timer.stop)
        control.changed.connect(self.refresh)
        self.refresh()

    def _toggle(self) -> None:
        if self.control.server is not None:
            self.control.stop()
            return
        host = self.host.text().strip() or "127.0.0.1"
        key_note = self.control.set_api_key(self.key.text())
        try:
            self.control.app.settings.update(
                server_host=host,
                server_port=self.port.value(),
                server_cors=self.cors.text().strip(),
                server_log_history=self.log_history.isChecked(),
            )
        except DeskchatError as exc:
            self.status.setText(say(exc))
            return
        problem = self.control.start()
        self.refresh()
        if problem:
            self.status.setText(problem)
        elif not is_loopback(host):
            self.status.setText(f"{self.status.text()} {key_note}")

    def refresh(self) -> None:
        server = self.control.server
        running = server is not None
        self.toggle.setText(self.tr("Stop") if running else self.tr("Start"))
        for field in (self.host, self.port, self.key, self.cors, self.log_history):
            field.setEnabled(not running)
        if server is None:
            self.status.setText(self.tr("Not running."))
            return
        model = self.control.app.engine.model
        serving = model.name if model is not None else self.tr("no model loaded yet")
        self.status.setText(
            self.tr("Serving {model} at {url}").format(model=serving, url=server.url)
        )
        lines = [
            f"{datetime.fromtimestamp(r.started):%H:%M:%S}  {r.client}  {r.line()}"
            for r in [*reversed(server.active()), *reversed(server.recent())]
        ]
        if lines != [self.requests.item(i).text() for i in range(self.requests.count())]:
            self.requests.clear()
            self.requests.addItems(lines)
