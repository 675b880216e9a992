"""The Model tab's link to the controller: inspect a file before loading, load, report
the backend, remember the model and its load settings, and the recent list; get the
starter model ready (assembled, read, loaded) off the GUI thread, saying each step."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from deskchat.chat.generation import BackendInfo, ModelInfo
from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.words import say
from deskchat.gui.workers import Job
from deskchat.hub.gguf_meta import GGUFInfo, read_gguf_info
from deskchat.services.starter import check_starter_installed, starter_model_path
from deskchat.units import size_text

# what getting the starter model ready is doing: a sentence and how far (0..1, -1 while
# unknown); an empty sentence when it is over (loaded, or failed)
StepReport = Callable[[str, float], None]


class _StarterSteps(QObject):
    """Reports from the worker thread getting the starter ready (queued to the GUI)."""

    assembling = Signal(int, int)  # bytes written, bytes in all
    reading = Signal()


class ModelTab(QObject):
    def __init__(
        self, panel: ModelPanel, controller: ChatController, reveal: Callable[[], None]
    ) -> None:
        super().__init__(panel)
        self.panel = panel
        self.controller = controller
        self.app = controller.app
        self._reveal = reveal  # bring the Model tab to the front
        self._starter: Job | None = None  # assembling and reading the starter model
        self._starter_path: str | None = None  # the starter's load, until it ends
        self._report: StepReport | None = None
        self._failed_callback: Callable[[str], None] | None = None
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
            if self._starter_path is not None and self._starter is None:
                self._starter_path = None  # the starter's load is over (loaded or not)
                self._say_step("", -1.0)

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

    def is_getting_starter(self) -> bool:
        """Whether the starter model is being assembled, read or loaded."""
        return self._starter is not None or self._starter_path is not None

    def use_starter(
        self, report: StepReport | None = None, failed: Callable[[str], None] | None = None
    ) -> str | None:
        """Get the starter model ready and load it, off the GUI thread: assembled from its
        parts on first use (with progress), read, loaded; ``report`` hears each step,
        ``failed`` a sentence when it cannot be had (one at once, when not installed).
        While it, or another load, is under way, a second call does nothing."""
        if self.is_getting_starter() or self.controller.is_loading():
            return None
        try:
            check_starter_installed()
        except DeskchatError as exc:
            return say(exc)
        self._report, self._failed_callback = report, failed
        steps = _StarterSteps(self)
        steps.assembling.connect(self._assembling)
        steps.reading.connect(self._reading)  # a method of an object here: queued

        def work() -> tuple[str, GGUFInfo]:
            path = starter_model_path(progress=steps.assembling.emit)
            steps.reading.emit()
            return str(path), read_gguf_info(path)

        self._say_step(self.tr("Getting the starter model ready…"), -1.0)
        self._reveal()
        job = self.controller.background(work)
        self._starter = job
        job.item.connect(self._starter_ready)
        job.failed.connect(self._starter_failed)
        job.finished.connect(self._starter_done)
        job.finished.connect(steps.deleteLater)
        return None

    def _reading(self) -> None:
        self._say_step(self.tr("Reading the starter model…"), -1.0)

    def _assembling(self, done: int, total: int) -> None:
        text = self.tr("Assembling the starter model from its parts: {done} of {total}…")
        fraction = done / total if total > 0 else -1.0
        self._say_step(text.format(done=size_text(done), total=size_text(total)), fraction)

    def _say_step(self, text: str, fraction: float) -> None:
        if text:
            self.panel.show_step(text, fraction)
        if self._report is not None:
            self._report(text, fraction)

    def _starter_ready(self, result: tuple[str, GGUFInfo]) -> None:
        path, info = result
        self.panel.show_info(path, info)
        if self.controller.is_loading() or self.controller.is_generating():
            # something else started meanwhile: the starter waits for a click on Load
            self.panel.show_error(self.tr("The starter model is ready: press Load to use it."))
            return
        self._starter_path = path
        self._say_step(self.tr("Loading the starter model…"), -1.0)
        self.controller.load(path, self.panel.options())
        if not self.controller.is_loading():  # refused (it said why)
            self._starter_path = None

    def _starter_failed(self, message: str) -> None:
        self.panel.set_loading(False)
        self.panel.show_error(message)
        if self._failed_callback is not None:
            self._failed_callback(message)
        self._reveal()

    def _starter_done(self) -> None:
        self._starter = None
        if self._starter_path is None:  # no load followed (it failed, or waits for Load)
            self._say_step("", -1.0)

    def refresh_recent(self) -> None:
        self.panel.set_recent([m.path for m in self.controller.session.recent_models()])

    def _loaded(self, info: ModelInfo) -> None:
        shown = self.panel.info
        same = shown is not None and str(shown.path) == str(Path(info.path).resolve())
        name = shown.display_name if shown is not None and same else info.name
        self.panel.show_loaded(name, info.n_ctx, info.load_seconds)
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
