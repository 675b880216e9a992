"""Conversations, newest first and grouped by day, with full-text search over every message
(results grouped by chat, the hit highlighted). Only a page of conversations is loaded at a
time, so a history of thousands opens at once. Titles elide to any width: the list never
scrolls sideways."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
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

from deskchat.gui import icons, look
from deskchat.gui.sidebar_rows import ICON, KIND, SPANS, Row, RowDelegate
from deskchat.services.chat_session import ChatSession
from deskchat.store.records import Conversation
from deskchat.store.search import SearchHit

PAGE = 200
CONVERSATION = Qt.ItemDataRole.UserRole
MESSAGE = Qt.ItemDataRole.UserRole + 1
MIN_WIDTH = 150  # below this the window hides the sidebar rather than squeezing it


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


def _by_chat(hits: list[SearchHit]) -> dict[int, list[SearchHit]]:
    """The hits under their chat, the chat with the newest hit first."""
    groups: dict[int, list[SearchHit]] = {}
    for hit in hits:
        groups.setdefault(hit.conversation_id, []).append(hit)
    return groups


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
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setMinimumWidth(MIN_WIDTH)
        layout = QVBoxLayout(self)
        space = look.current().space_s
        layout.setContentsMargins(space, space, space, space)
        layout.setSpacing(space)
        self.new_button = QPushButton(self.tr("New chat"))
        icons.attach(self.new_button, "new_chat")
        self.new_button.setToolTip(self.tr("Start a new conversation (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_requested)
        layout.addWidget(self.new_button)
        self.search = self._search_box()
        layout.addWidget(self.search)
        self.list = self._list()
        self.delegate = RowDelegate(self.list)
        self.list.setItemDelegate(self.delegate)
        layout.addWidget(self.list, 1)
        self._loaded = 0
        self._last_group = ""
        self._current: int | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(150)
        self._debounce.timeout.connect(self._run_search)
        self.search.textChanged.connect(self._search_changed)

    def _search_box(self) -> QLineEdit:
        """The search box: a magnifier in front, a clear button once there is text."""
        search = QLineEdit()
        search.setPlaceholderText(self.tr("Search all messages"))
        search.setAccessibleName(self.tr("Search all messages"))
        search.setMinimumWidth(0)
        self.search_icon = QAction(search)
        self.search_icon.setData("search")
        search.addAction(self.search_icon, QLineEdit.ActionPosition.LeadingPosition)
        self.clear_action = QAction(self.tr("Clear the search"), search)
        self.clear_action.setData("close")
        self.clear_action.setToolTip(self.tr("Clear the search"))
        self.clear_action.setVisible(False)
        self.clear_action.triggered.connect(search.clear)
        search.addAction(self.clear_action, QLineEdit.ActionPosition.TrailingPosition)
        self._tint_actions()
        return search

    def _list(self) -> QListWidget:
        """The rows: never wider than the sidebar (titles elide, snippets wrap)."""
        rows = QListWidget()
        rows.setMinimumWidth(0)
        rows.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows.setResizeMode(QListWidget.ResizeMode.Adjust)  # rows re-fit a new width
        rows.setTextElideMode(Qt.TextElideMode.ElideRight)
        rows.setWordWrap(False)
        rows.setMouseTracking(True)
        rows.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        rows.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows.customContextMenuRequested.connect(self._menu)
        rows.itemActivated.connect(self._activated)
        rows.itemClicked.connect(self._activated)
        rows.verticalScrollBar().valueChanged.connect(self._maybe_fetch_more)
        return rows

    def _search_changed(self, text: str) -> None:
        self.clear_action.setVisible(bool(text))
        self._debounce.start()

    def _tint_actions(self) -> None:
        for action in (self.search_icon, self.clear_action):
            action.setIcon(icons.icon(str(action.data()), self.palette()))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.PaletteChange:  # a theme change: icons in its colours
            self._tint_actions()
        super().changeEvent(event)

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
                self._add(Row.HEADER, group).setFlags(Qt.ItemFlag.NoItemFlags)
                self._last_group = group
            item = self._add(Row.CHAT, self._title(conversation), conversation.id)
            item.setToolTip(self._title(conversation))
            if conversation.pinned:
                item.setData(ICON, "pin")
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
        return c.title or self.tr("New chat")

    def _add(self, kind: Row, text: str, conversation: int | None = None) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(KIND, kind)
        if conversation is not None:
            item.setData(CONVERSATION, conversation)
        self.list.addItem(item)
        return item

    def items(self, kind: Row | None = None) -> list[QListWidgetItem]:
        """The list's rows (of one kind: chats, search hits...)."""
        rows = [self.list.item(i) for i in range(self.list.count())]
        return [r for r in rows if kind is None or r.data(KIND) == kind]

    def shown_text(self, item: QListWidgetItem) -> str:
        """A row's text as drawn at the list's width now: a title elided, a snippet cut
        around its hit."""
        index = self.list.indexFromItem(item)
        if item.data(KIND) in (Row.HIT, Row.NOTE):
            return self.delegate.shown_snippet(index, self.list.font())[0]
        rect = self.list.visualItemRect(item)
        return self.delegate.shown_title(
            item.text(), self.list.font(), rect, item.data(ICON) == "pin"
        )

    # -- search ------------------------------------------------------------------------------

    def _run_search(self) -> None:
        query = self.search.text().strip()
        if not query:
            self.reload()
            return
        self.list.clear()
        hits = self.session.search(query, limit=100)
        if not hits:
            note = self._add(Row.NOTE, self.tr("No message contains “{q}”").format(q=query))
            note.setFlags(Qt.ItemFlag.NoItemFlags)
        for conversation_id, group in _by_chat(hits).items():
            title = group[0].conversation_title or self.tr("New chat")
            self._add(Row.GROUP, title, conversation_id).setToolTip(title)
            for hit in group:
                item = self._add(Row.HIT, hit.snippet, conversation_id)
                item.setData(MESSAGE, hit.message_id)
                item.setData(SPANS, list(hit.spans))
                item.setToolTip(hit.snippet)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.list.doItemsLayout()  # a snippet's lines depend on the width

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
