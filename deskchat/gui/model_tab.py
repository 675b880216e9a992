"""The Model tab's link to the controller: inspect a file before loading, load, report
the backend, remember the model and its load settings, and the recent list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from deskchat.chat.generation import BackendInfo, ModelInfo
from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.words import say
from deskchat.services.starter import starter_model_path


class ModelTab(QObject):
    def __init__(
        self, panel: ModelPanel, controller: ChatController, reveal: Callable[[], None]
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.controller = controller
        self.app = controller.app
        self._reveal = reveal  # bring the Model tab to the front
        panel.inspect_requested.connect(self.inspect)
        panel.load_requested.connect(controller.load)
        panel.cancel_requested.connect(controller.cancel_load)
        controller.model_loading.connect(lambda _path: panel.set_loading(True))
        controller.model_loaded.connect(self._loaded)
        controller.model_failed.connect(self._failed)
        controller.backend_ready.connect(self._backend)
        controller.busy_changed.connect(self._busy)

    def _busy(self, busy: bool) -> None:
        if not busy:
            self.panel.set_loading(False)

    def inspect(self, path: str) -> bool:
        """Show a GGUF's metadata (or why it cannot be used) before it is loaded."""
        try:
            info = self.controller.inspect(path)
        except DeskchatError as exc:
            self.panel.show_error(say(exc))
            return False
        else:
            self.panel.show_info(path, info)
            return True
        finally:
            self._reveal()

    def open_and_load(self, path: str) -> None:
        """Load a model chosen in the model manager, with the Model tab's settings."""
        self.panel.window().activateWindow()
        if self.inspect(path):
            self.controller.load(path, self.panel.options())

    def reload(self) -> None:
        settings = self.app.settings.current
        if settings.last_model:
            self.controller.load(settings.last_model, settings.load)

    def use_starter(self) -> str | None:
        """Load the starter model; a sentence when it cannot be had."""
        try:
            path = str(starter_model_path())
        except DeskchatError as exc:
            return say(exc)
        self.inspect(path)
        self.controller.load(path, self.panel.options())
        return None

    def refresh_recent(self) -> None:
        self.panel.set_recent([m.path for m in self.controller.session.recent_models()])

    def _loaded(self, info: ModelInfo) -> None:
        self.panel.show_loaded(info.name, info.n_ctx, info.load_seconds)
        try:
            self.app.settings.update(last_model=info.path, load=self.panel.options())
        except DeskchatError as exc:  # the model is loaded; only remembering it failed
            self.panel.show_error(say(exc))
        self.refresh_recent()

    def _failed(self, message: str) -> None:
        self.panel.set_loading(False)
        self.panel.show_error(message)
        self._reveal()

    def _backend(self, info: object) -> None:
        if isinstance(info, BackendInfo):
            offload = self.tr("{backend} (GPU offload)").format(backend=info.backend)
            text = offload if info.gpu_offload else self.tr("CPU only")
            self.panel.set_backend(text, info.gpu_offload)
        else:  # the engine could not start: the sentence says why
            self.panel.set_backend(say(str(info)), False)
