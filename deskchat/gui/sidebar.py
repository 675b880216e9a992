"""Conversations, newest first and grouped by day, with full-text search over every message.
Only a page of conversations is loaded at a time, so a history of thousands opens at once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.services.chat_session import ChatSession
from deskchat.store.records import Conversation

PAGE = 200
CONVERSATION = Qt.ItemDataRole.UserRole
MESSAGE = Qt.ItemDataRole.UserRole + 1


def day_label(ts: float, today: date | None = None) -> str:
    today = today or date.today()
    day = datetime.fromtimestamp(ts).date()
    if day == today:
        return "Today"
    if day == today - timedelta(days=1):
        return "Yesterday"
    if day > today - timedelta(days=7):
        return "Previous 7 days"
    return day.strftime("%B %Y") if day.year != today.year else day.strftime("%B")


class Sidebar(QWidget):
    conversation_selected = Signal(int)
    search_hit_selected = Signal(int, int)  # conversation id, message id
    new_requested = Signal()
    # what the person asked for; the chat screen's owner does it and the list reloads
    rename_requested = Signal(int, str)  # conversation id, new title
    pin_requested = Signal(int, bool)  # conversation id, pinned
    delete_requested = Signal(int)  # conversation id (already confirmed)

    def __init__(self, session: ChatSession) -> None:
        super().__init__()
        self.session = session
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.new_button = QPushButton(self.tr("New chat"))
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search all messages"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)
        self.list = QListWidget()
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._menu)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.list.verticalScrollBar().valueChanged.connect(self._maybe_fetch_more)
        layout.addWidget(self.list, 1)
        self._loaded = 0
        self._last_group = ""
        self._current: int | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())

    # -- listing -----------------------------------------------------------------------------

    def reload(self, current: int | None = None) -> None:
        if current is not None:
            self._current = current
        if self.search.text().strip():
            self._run_search()
            return
        self.list.clear()
        self._loaded = 0
        self._last_group = ""
        self._fetch_more()

    def _fetch_more(self) -> None:
        page = self.session.list_conversations(limit=PAGE, offset=self._loaded)
        self._loaded += len(page)
        for conversation in page:
            group = (
                self.tr("Pinned")
                if conversation.pinned
                else self._group_name(day_label(conversation.updated_at))
            )
            if group != self._last_group:
                header = QListWidgetItem(group)
                header.setFlags(Qt.ItemFlag.NoItemFlags)
                font = header.font()
                font.setBold(True)
                header.setFont(font)
                self.list.addItem(header)
                self._last_group = group
            item = QListWidgetItem(self._title(conversation))
            item.setData(CONVERSATION, conversation.id)
            item.setToolTip(conversation.title)
            self.list.addItem(item)
            if conversation.id == self._current:
                self.list.setCurrentItem(item)

    def _group_name(self, label: str) -> str:
        names = {
            "Today": self.tr("Today"),
            "Yesterday": self.tr("Yesterday"),
            "Previous 7 days": self.tr("Previous 7 days"),
        }
        return names.get(label, label)

    def _maybe_fetch_more(self, value: int) -> None:
        bar = self.list.verticalScrollBar()
        if (
            value >= bar.maximum() - 2
            and self._loaded % PAGE == 0
            and self._loaded
            and not self.search.text().strip()
        ):
            self._fetch_more()

    def _title(self, c: Conversation) -> str:
        title = c.title or self.tr("New chat")
        return ("📌 " if c.pinned else "") + title

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    # -- search ------------------------------------------------------------------------------

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.reload()
            return
        self.list.clear()
        hits = self.session.search(query, limit=100)
        if not hits:
            empty = QListWidgetItem(self.tr("No message contains “{q}”").format(q=query))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(empty)
        for hit in hits:
            item = QListWidgetItem(
                f"{hit.conversation_title or self.tr('New chat')}\n{hit.snippet}"
            )
            item.setData(CONVERSATION, hit.conversation_id)
            item.setData(MESSAGE, hit.message_id)
            self.list.addItem(item)

    # -- actions ------------------------------------------------------------------------------

    def _activated(self, item: QListWidgetItem) -> None:
        cid = item.data(CONVERSATION)
        if cid is None:
            return
        self._current = int(cid)
        message = item.data(MESSAGE)
        if message is not None:
            self.search_hit_selected.emit(int(cid), int(message))
        else:
            self.conversation_selected.emit(int(cid))

    def _menu(self, pos: QPoint) -> None:
        item = self.list.itemAt(pos)
        if item is None or item.data(CONVERSATION) is None:
            return
        cid = int(item.data(CONVERSATION))
        conversation = self.session.conversation(cid)
        menu = QMenu(self)
        rename = QAction(self.tr("Rename…"), menu)
        rename.triggered.connect(lambda: self.rename(cid))
        pin = QAction(self.tr("Unpin") if conversation.pinned else self.tr("Pin"), menu)
        pin.triggered.connect(lambda: self.toggle_pin(cid))
        delete = QAction(self.tr("Delete…"), menu)
        delete.triggered.connect(lambda: self.delete(cid))
        for action in (rename, pin, delete):
            menu.addAction(action)
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def rename(self, cid: int, title: str | None = None) -> None:
        if title is None:
            current = self.session.conversation(cid).title
            title, ok = QInputDialog.getText(
                self, self.tr("Rename chat"), self.tr("Title:"), text=current
            )
            if not ok:
                return
        self.rename_requested.emit(cid, title)

    def toggle_pin(self, cid: int) -> None:
        self.pin_requested.emit(cid, not self.session.conversation(cid).pinned)

    def delete(self, cid: int, confirm: bool = True) -> bool:
        if confirm:
            title = self.session.conversation(cid).title or self.tr("New chat")
            answer = QMessageBox.question(
                self,
                self.tr("Delete chat"),
                self.tr("Delete “{t}” and all its messages? This cannot be undone.").format(
                    t=title
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self._current == cid:
            self._current = None
        self.delete_requested.emit(cid)
        return True
