"""The model picker at the top of the chat: which model answers, a popup listing this
computer's models and every remote server's in one filtered list, loading and connecting
in place (a busy bar and the seconds so far), and Unload."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import ModelInfo
from deskchat.gui.controller import ChatController
from deskchat.gui.icons import attach, icon, icon_button
from deskchat.gui.model_choices import LOCAL, ModelCatalog, ModelChoice

CHOICE = Qt.ItemDataRole.UserRole  # a model row's ModelChoice (headers and notes: None)
POPUP_WIDTH = 440
ELIDE_MIDDLE, ELIDE_RIGHT = Qt.TextElideMode.ElideMiddle, Qt.TextElideMode.ElideRight
ICON_ROOM = 48  # the picker button's icon and padding


class PickerPopup(QFrame):
    """The list that drops down: a filter box over the models, grouped by where they are."""

    chosen = Signal(object)  # ModelChoice
    find_requested = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("modelPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter models"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self._narrow)
        self.filter.installEventFilter(self)
        self.list = QListWidget()
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.find_button = QPushButton(self.tr("Find more models…"))
        attach(self.find_button, "download")
        self.find_button.clicked.connect(self.hide)
        self.find_button.clicked.connect(self.find_requested)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.find_button, 0, Qt.AlignmentFlag.AlignLeft)

    def fill(self, catalog: ModelCatalog, current: tuple[str, str] | None) -> None:
        """Every model, this computer's first; a server still asked, or one that did not
        answer, says so in its group."""
        self.list.clear()
        choices = catalog.choices()
        local = [c for c in choices if c.server == LOCAL]
        self._header(self.tr("On this computer"))
        for choice in local:
            self._row(choice, choice.key == current)
        if not local:
            looking = self.tr("Looking for models…")
            none = self.tr("No models yet: “Find more models…” downloads one.")
            self._note(looking if catalog.scanning else none)
        for name in catalog.servers():
            self._header(name)
            found = catalog.remote.get(name)
            if isinstance(found, str):
                self._note(found)
            elif found is None or catalog.asking(name):
                self._note(self.tr("Asking the server for its models…"))
            elif not found:
                self._note(self.tr("The server offers no models."))
            for choice in (c for c in choices if c.server == name):
                self._row(choice, choice.key == current)
        self._narrow(self.filter.text())

    def _header(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # in the text colour, but not to be chosen
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.list.addItem(item)

    def _note(self, text: str) -> None:
        item = QListWidgetItem(text)
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setToolTip(text)
        self.list.addItem(item)

    def _row(self, choice: ModelChoice, current: bool) -> None:
        item = QListWidgetItem(f"{choice.name}\n{choice.detail}" if choice.detail else choice.name)
        item.setData(CHOICE, choice)
        item.setToolTip(choice.problem or choice.detail)
        if current:
            item.setIcon(icon("copied"))
        if choice.problem:
            item.setIcon(icon("warning"))
            item.setFlags(Qt.ItemFlag.NoItemFlags)  # listed, with why, but not to be chosen
        self.list.addItem(item)

    def rows(self, visible_only: bool = True) -> list[QListWidgetItem]:
        """The model rows (those the filter lets through)."""
        items = [self.list.item(i) for i in range(self.list.count())]
        return [
            i for i in items if i.data(CHOICE) is not None and not (visible_only and i.isHidden())
        ]

    def _narrow(self, text: str) -> None:
        """Show the rows whose name, file or server holds every word typed; while a
        filter is typed, notes are hidden, and headers with no row shown under them."""
        words = text.lower().split()
        header: QListWidgetItem | None = None
        for index in range(self.list.count()):
            item = self.list.item(index)
            choice = item.data(CHOICE)
            if item.font().bold():  # a group's header: shown again when a row under it is
                header = item
                header.setHidden(bool(words))
            elif choice is None:
                item.setHidden(bool(words))
            else:
                hay = f"{choice.name} {choice.detail} {choice.server} {choice.model}".lower()
                item.setHidden(not all(w in hay for w in words))
                if not item.isHidden() and header is not None:
                    header.setHidden(False)
        shown = [r for r in self.rows() if r.flags() & Qt.ItemFlag.ItemIsEnabled]
        if shown:
            self.list.setCurrentItem(shown[0])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Enter in the filter box chooses the highlighted row; the arrows move it."""
        if watched is self.filter and isinstance(event, QKeyEvent):
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Return,
                Qt.Key.Key_Enter,
            ):
                item = self.list.currentItem()
                if item is not None and not item.isHidden():
                    self._activated(item)
                return True
            if event.type() == QEvent.Type.KeyPress and event.key() in (
                Qt.Key.Key_Down,
                Qt.Key.Key_Up,
            ):
                self.list.setFocus()
                self.list.keyPressEvent(event)
                return True
        return super().eventFilter(watched, event)

    def _activated(self, item: QListWidgetItem) -> None:
        choice = item.data(CHOICE)
        if choice is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.hide()
            self.chosen.emit(choice)

    def open_below(self, anchor: QWidget) -> None:
        window = anchor.window()
        width = min(POPUP_WIDTH, window.width() - 16)
        height = min(420, max(200, window.height() - 120))
        below = anchor.mapToGlobal(QPoint(0, anchor.height()))
        left = window.mapToGlobal(QPoint(0, 0)).x()
        x = max(left + 8, min(below.x(), left + window.width() - width - 8))
        self.setGeometry(x, below.y() + 2, width, height)
        self.filter.clear()
        self.show()
        self.filter.setFocus()


class ModelPicker(QWidget):
    """The button naming the model that answers (or asking to choose one), a busy bar and
    line while one loads or connects, and Unload."""

    opened = Signal()  # the popup opens: time to ask for the lists again
    chosen = Signal(object)  # ModelChoice
    unload_requested = Signal()
    cancel_requested = Signal()  # stop the load on the way
    find_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._row = layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.button = QPushButton()
        self.button.setObjectName("modelPicker")
        attach(self.button, "model")
        self.button.setMinimumWidth(ICON_ROOM)  # the name is shortened to the room there is
        self.button.setAccessibleName(self.tr("Choose a model"))
        self.button.clicked.connect(self.open_popup)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # moving: a load does not say how far it got
        self.busy.setTextVisible(False)
        self.busy.setFixedSize(48, 6)
        self.busy.hide()
        self.note = QLabel()
        self.note.setObjectName("messageStats")
        self.note.setMinimumWidth(1)
        self.unload_button = icon_button("unload", self.tr("Unload the model"))
        self.unload_button.clicked.connect(self.unload_requested)
        self.unload_button.hide()
        self.cancel_button = icon_button("close", self.tr("Cancel loading"))
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.cancel_button.hide()
        layout.addWidget(self.button)
        layout.addWidget(self.busy)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.unload_button)
        layout.addWidget(self.cancel_button)
        self.popup = PickerPopup(self)
        self.popup.chosen.connect(self.chosen)
        self.popup.find_requested.connect(self.find_requested)
        self._name = self._note = ""

    def open_popup(self) -> None:
        self.opened.emit()
        self.popup.open_below(self.button)

    def fill(self, catalog: ModelCatalog, current: tuple[str, str] | None) -> None:
        self.popup.fill(catalog, current)

    def show_busy(self, text: str, cancellable: bool = False) -> None:
        """A model is on the way: the bar moves and ``text`` says what is done."""
        self.busy.show()
        self.cancel_button.setVisible(cancellable)
        self.unload_button.hide()
        self.button.setEnabled(False)
        self._note = text
        self._elide()

    def show_model(self, name: str | None, detail: str) -> None:
        """The model that answers (``detail``: its file or server), or none."""
        self.busy.hide()
        self.cancel_button.hide()
        self.button.setEnabled(True)
        self.unload_button.setVisible(name is not None)
        self._name = name or self.tr("Choose a model")
        self.button.setToolTip(f"{name}\n{detail}" if name else self.tr("Choose a model"))
        self._note = detail
        self._elide()

    def text(self) -> str:
        """The model's name as the button shows it whole."""
        return self._name

    def _elide(self) -> None:
        """The name gets the room first, the note what is left; each cut with "…"."""
        spacing = max(0, self._row.spacing())
        spare = self.width() - spacing  # between the button and the note
        for part in (self.busy, self.unload_button, self.cancel_button):
            if not part.isHidden():
                spare -= part.sizeHint().width() + spacing
        metrics = self.button.fontMetrics()
        name = metrics.elidedText(self._name, ELIDE_MIDDLE, max(24, spare - ICON_ROOM))
        if not self.busy.isHidden():  # a model on the way: what is being done comes first
            needed = self.note.fontMetrics().horizontalAdvance(self._note)
            fits = spare - ICON_ROOM - needed
            name = metrics.elidedText(self._name, ELIDE_MIDDLE, fits) if fits > 60 else ""
        self.button.setText(name)
        left = max(0, spare - max(self.button.sizeHint().width(), self.button.minimumWidth()))
        self.note.setText(self.note.fontMetrics().elidedText(self._note, ELIDE_RIGHT, left))
        self.note.setToolTip(self._note)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()


class PickerLink(QObject):
    """Ties the picker to the controller: a chosen row loads (``load_local(path)``, with
    the Model tab's settings) or connects; the picker shows the progress, then the model."""

    def __init__(
        self,
        picker: ModelPicker,
        controller: ChatController,
        catalog: ModelCatalog,
        load_local: Callable[[str], None],
    ) -> None:
        super().__init__(catalog)
        self.picker, self.controller, self.catalog = picker, controller, catalog
        self._load_local = load_local
        self._busy_since = 0.0
        self._busy_text = ""
        self._cancellable = False
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._show_busy)
        picker.opened.connect(catalog.refresh)
        picker.chosen.connect(self.choose)
        picker.unload_requested.connect(controller.unload)
        picker.cancel_requested.connect(controller.cancel_load)
        catalog.changed.connect(self._fill)
        c = controller
        c.model_loading.connect(lambda path: self._busy(self.tr("Loading {name}…"), path, True))
        c.model_loaded.connect(lambda _info: self.show_current())
        c.model_failed.connect(lambda _message: self.show_current())
        c.remote_failed.connect(lambda _message: self.show_current())
        c.engine_changed.connect(lambda _info: self.show_current())
        c.busy_changed.connect(lambda busy: None if busy else self.show_current())
        self.show_current()

    def choose(self, choice: ModelChoice) -> None:
        if choice.key == self.catalog.current_key():
            return
        if choice.server == LOCAL:
            self._load_local(choice.model)
        else:
            self._busy(self.tr("Connecting to {name}…"), choice.name)
            if not self.controller.use_remote(choice.server, choice.model):
                self.show_current()

    def _busy(self, text: str, name: str, cancellable: bool = False) -> None:
        self._busy_text = text.format(name=Path(name).name)
        self._busy_since = time.monotonic()
        self._cancellable = cancellable  # a load can be cancelled; a connection cannot
        self._tick.start()
        self._show_busy()

    def _show_busy(self) -> None:
        seconds = int(time.monotonic() - self._busy_since)
        text = self._busy_text
        if seconds >= 1:
            text += " " + self.tr("{s} s").format(s=seconds)
        self.picker.show_busy(text, self._cancellable)

    def show_current(self) -> None:
        """The model that answers now (or none), once nothing is on the way."""
        if self.controller.is_loading():
            return
        self._tick.stop()
        info: ModelInfo | None = self.controller.model
        remote = self.controller.remote
        if info is None:
            self.picker.show_model(None, "")
        elif remote is not None:
            self.picker.show_model(remote.model_id, remote.endpoint.name)
        else:  # named as in the list
            key = self.catalog.current_key()
            listed = [c.name for c in self.catalog.choices() if c.key == key]
            self.picker.show_model(listed[0] if listed else info.name, Path(info.path).name)
        self._fill()

    def _fill(self) -> None:
        self.picker.fill(self.catalog, self.catalog.current_key())
