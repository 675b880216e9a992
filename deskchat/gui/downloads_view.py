"""The Downloads tab: one row per queued model with its progress, speed and time left,
and the actions its state allows (pause, resume, retry, cancel, remove, load, and for a
gated model that failed, the way to fix it: a token, or its license page)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.model_services import ModelServices
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.sizes import eta_text, size_text, speed_text
from deskchat.gui.words import say
from deskchat.services.downloads import DownloadItem

STEPS = 1000  # progress bar resolution (bytes overflow a QProgressBar's int)


class DownloadRow(QFrame):
    """One download; its buttons call ``act(action name, download id)``."""

    def __init__(self, item: DownloadItem, act: Callable[[str, str], None]) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.item = item
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.name = QLabel(f"<b>{item.name}</b>")
        self.repo = QLabel(item.repo_id)
        self.repo.setObjectName("explanation")
        self.state = QLabel()
        top.addWidget(self.name)
        top.addWidget(self.repo, 1)
        top.addWidget(self.state)
        layout.addLayout(top)
        middle = QHBoxLayout()
        self.bar = QProgressBar()
        self.bar.setRange(0, STEPS)
        self.bar.setTextVisible(False)
        self.bytes = QLabel()
        self.speed = QLabel()
        self.eta = QLabel()
        middle.addWidget(self.bar, 1)
        for label in (self.bytes, self.speed, self.eta):
            middle.addWidget(label)
        layout.addLayout(middle)
        self.error = SentenceLabel()
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.buttons: dict[str, QPushButton] = {}
        for action, text in (
            ("load", self.tr("Load")),
            ("pause", self.tr("Pause")),
            ("resume", self.tr("Resume")),
            ("token", self.tr("Add token…")),
            ("license", self.tr("Open license page")),
            ("retry", self.tr("Retry")),
            ("cancel", self.tr("Cancel")),
            ("forget", self.tr("Remove from list")),
        ):
            button = QPushButton(text)
            button.clicked.connect(partial(self._clicked, act, action))
            buttons.addWidget(button)
            self.buttons[action] = button
        layout.addLayout(buttons)
        self.show_item(item)

    def _clicked(self, act: Callable[[str, str], None], action: str, _c: bool = False) -> None:
        act(action, self.item.id)

    def state_text(self, item: DownloadItem) -> str:
        return {
            "queued": self.tr("Waiting"),
            "downloading": self.tr("Downloading"),
            "paused": self.tr("Paused"),
            "done": self.tr("Done"),
            "failed": self.tr("Failed"),
            "cancelled": self.tr("Cancelled"),
        }[item.state]

    def show_item(self, item: DownloadItem) -> None:
        self.item = item
        total = item.total_bytes
        self.bar.setValue(int(STEPS * item.done_bytes / total) if total else 0)
        self.bytes.setText(f"{size_text(item.done_bytes)} / {size_text(total)}")
        running = item.state == "downloading"
        self.speed.setText(speed_text(item.speed) if running else "")
        eta = eta_text(item.eta_seconds) if running else ""
        self.eta.setText(self.tr("{t} left").format(t=eta) if eta else "")
        self.state.setText(self.state_text(item))
        self.error.say(say(item.error or "") if item.state == "failed" else "", problem=True)
        allowed = {
            "queued": {"pause", "cancel"},
            "downloading": {"pause", "cancel"},
            "paused": {"resume", "cancel"},
            "failed": {"retry", "cancel", "forget"},
            "done": {"load", "forget"},
            "cancelled": {"forget"},
        }[item.state]
        if item.state == "failed" and item.needs == "token":
            allowed = allowed | {"token"}
        elif item.state == "failed" and item.needs == "license" and item.page:
            allowed = allowed | {"license"}
        for action, button in self.buttons.items():
            button.setVisible(action in allowed)


class DownloadsView(QWidget):
    token_needed = Signal()  # open the token dialog

    def __init__(self, services: ModelServices) -> None:
        super().__init__()
        self.services = services
        self.rows: dict[str, DownloadRow] = {}
        layout = QVBoxLayout(self)
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)
        self.empty = QLabel(self.tr("Nothing is downloading. Find a model in the Discover tab."))
        self.empty.setObjectName("emptyState")
        layout.addWidget(self.empty)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        self._list = QVBoxLayout(inner)
        self._list.addStretch(1)
        scroll.setWidget(inner)
        layout.addWidget(scroll, 1)
        services.downloads_changed.connect(self.show_items)
        self.show_items(services.items())

    def show_items(self, items: list[DownloadItem]) -> None:
        current = {i.id for i in items}
        for gone in [did for did in self.rows if did not in current]:
            old = self.rows.pop(gone)
            self._list.removeWidget(old)
            old.deleteLater()
        for item in items:
            row = self.rows.get(item.id)
            if row is None:
                row = DownloadRow(item, self.act)
                self._list.insertWidget(self._list.count() - 1, row)
                self.rows[item.id] = row
            elif row.item != item:
                row.show_item(item)
        self.empty.setVisible(not items)

    def act(self, action: str, download_id: str) -> None:
        row = self.rows.get(download_id)
        if row is None:
            return
        if action == "load":
            self.services.load_requested.emit(row.item.path)
            return
        if action == "token":
            self.token_needed.emit()
            return
        if action == "license":
            QDesktopServices.openUrl(QUrl(row.item.page or ""))
            return
        if action == "cancel" and not self._confirm_cancel(row.item):
            return
        manager = self.services.downloads
        methods = {
            "pause": manager.pause,
            "resume": manager.resume,
            "retry": manager.retry,
            "cancel": manager.cancel,
            "forget": manager.forget,
        }
        problem = self.services.act(methods[action], download_id)
        self.status.say(problem or "", problem=True)

    def _confirm_cancel(self, item: DownloadItem) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Cancel download"),
            self.tr(
                "Cancel the download of {name}? The {size} downloaded so far will be deleted."
            ).format(name=item.name, size=size_text(item.done_bytes)),
        )
        return answer == QMessageBox.StandardButton.Yes
