"""What the main window holds of the model manager: its services, made at start (so
downloads left from last time carry on), and its window, made when first opened."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from deskchat.gui.controller import ChatController
from deskchat.gui.model_services import ModelServices
from deskchat.gui.models_window import ModelsWindow
from deskchat.services.hub_access import HubAccess


class ModelManager(QObject):
    """``load(path)`` is called for a model the manager asks to load; ``main`` is the
    window its own window belongs to."""

    def __init__(
        self,
        controller: ChatController,
        main: QWidget,
        load: Callable[[str], None],
        access: HubAccess | None = None,
    ) -> None:
        super().__init__(main)
        self.main = main
        # one hub access per app: a token kept for this session only is shared
        self.services = ModelServices(controller, access or HubAccess(), self)
        self.services.load_requested.connect(load)
        self.window: ModelsWindow | None = None

    def show(self) -> ModelsWindow:
        """The manager window (closing it only hides it)."""
        if self.window is None:
            self.window = ModelsWindow(self.services, self.main)
        self.window.show_tab()
        return self.window

    def show_token_dialog(self) -> None:
        self.show().open_token_dialog()

    def close(self) -> None:
        """The app is closing: running downloads stop and resume at the next start."""
        if self.window is not None:
            self.window.close()
        self.services.close()
