"""The model manager: a window of its own (Model → Models…) with Discover (search the
Hugging Face hub and download), Downloads and Library tabs, and the Hugging Face token."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget

from deskchat.gui.downloads_view import DownloadsView
from deskchat.gui.hub_search_view import DiscoverView
from deskchat.gui.library_view import LibraryView
from deskchat.gui.model_services import ModelServices
from deskchat.gui.token_dialog import TokenDialog
from deskchat.services.downloads import ACTIVE, DownloadItem


class ModelsWindow(QWidget):
    def __init__(self, services: ModelServices, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.services = services
        self.setWindowTitle(self.tr("Models"))
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.discover = DiscoverView(services)
        self.downloads = DownloadsView(services)
        self.library = LibraryView(services)
        self.tabs.addTab(self.discover, self.tr("Discover"))
        self.tabs.addTab(self.downloads, self.tr("Downloads"))
        self.tabs.addTab(self.library, self.tr("Library"))
        self.token_button = QPushButton(self.tr("Hugging Face token…"))
        self.token_button.clicked.connect(self.open_token_dialog)
        self.tabs.setCornerWidget(self.token_button, Qt.Corner.TopRightCorner)
        layout.addWidget(self.tabs)
        self.token_dialog: TokenDialog | None = None
        self.discover.token_needed.connect(self.open_token_dialog)
        self.downloads.token_needed.connect(self.open_token_dialog)
        services.downloads_changed.connect(self._count_downloads)
        self._count_downloads(services.items())
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)

    def show_tab(self, tab: QWidget | None = None) -> None:
        if tab is not None:
            self.tabs.setCurrentWidget(tab)
        self.show()
        self.activateWindow()

    def _count_downloads(self, items: list[DownloadItem]) -> None:
        active = sum(1 for i in items if i.state in ACTIVE)
        title = self.tr("Downloads ({n})").format(n=active) if active else self.tr("Downloads")
        self.tabs.setTabText(self.tabs.indexOf(self.downloads), title)

    def open_token_dialog(self) -> TokenDialog:
        if self.token_dialog is None:
            self.token_dialog = TokenDialog(self.services, self)
        self.token_dialog.open()
        return self.token_dialog

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing only hides the window: downloads go on, and it opens as it was left."""
        if self.token_dialog is not None:
            self.token_dialog.close()
        super().closeEvent(event)
