"""What the main window holds of the model manager: its services, made at start (so
downloads left from last time carry on), and its window, made when first opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from deskchat.gui.model_services import ModelServices
from deskchat.gui.models_window import ModelsWindow
from deskchat.services.hub_access import HubAccess

if TYPE_CHECKING:
    from deskchat.gui.main_window import MainWindow


class ModelManager(QObject):
    def __init__(self, main: MainWindow, access: HubAccess | None = None) -> None:
        super().__init__(main)
        self.main = main
        # one hub access per app: a token kept for this session only is shared
        self.services = ModelServices(main.controller, access or HubAccess(), self)
        self.services.load_requested.connect(self._load)
        self.window: ModelsWindow | None = None

    def show(self) -> ModelsWindow:
        """The manager window (closing it only hides it)."""
        if self.window is None:
            self.window = ModelsWindow(self.services, self.main)
        self.window.show_tab()
        return self.window

    def show_token_dialog(self) -> None:
        self.show().open_token_dialog()

    def _load(self, path: str) -> None:
        self.main.model_tab.open_and_load(path)

    def close(self) -> None:
        """The app is closing: running downloads stop and resume at the next start."""
        if self.window is not None:
            self.window.close()
        self.services.close()
