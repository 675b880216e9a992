"""The Model tab's "Saved chat states" section: how much of chats' KV states the engine may
keep in RAM and on disk, and what it holds now. Changing a budget saves the setting and
hands it to the loaded model's engine off the GUI thread (an answer being written is not
waited for on the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QSpinBox, QVBoxLayout

from deskchat.engine.protocol import KvStates
from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.words import say
from deskchat.services.app import kv_states
from deskchat.units import size_text

MAX_MB = 1024 * 1024  # a terabyte


class KvStatesPanel(QGroupBox):
    def __init__(self, ram_mb: int, disk_mb: int) -> None:
        super().__init__()
        self.setTitle(self.tr("Saved chat states"))
        layout = QVBoxLayout(self)
        about = QLabel(
            self.tr(
                "When you turn to another chat, what the model has read of this one is kept, "
                "so coming back reads only your new message. Kept in RAM up to the first "
                "budget, then on disk in the cache folder; the least recently used go first. "
                "0 MB keeps none."
            )
        )
        about.setWordWrap(True)
        about.setProperty("secondary", True)
        layout.addWidget(about)
        form = QFormLayout()
        self.ram = _megabytes(ram_mb)
        self.disk = _megabytes(disk_mb)
        form.addRow(self.tr("In RAM"), self.ram)
        form.addRow(self.tr("On disk"), self.disk)
        layout.addLayout(form)
        self.usage = QLabel()
        self.usage.setWordWrap(True)
        layout.addWidget(self.usage)
        self.show_usage(None)

    def show_usage(self, usage: KvStates | None) -> None:
        if usage is None:
            self.usage.setText(self.tr("No model is loaded."))
        elif not usage.states:
            self.usage.setText(self.tr("Nothing is saved for this model yet."))
        else:
            text = (
                self.tr("In use: 1 state, {ram} in RAM, {disk} on disk")
                if usage.states == 1
                else self.tr("In use: {n} states, {ram} in RAM, {disk} on disk")
            )
            self.usage.setText(
                text.replace("{n}", str(usage.states))
                .replace("{ram}", size_text(usage.ram_bytes))
                .replace("{disk}", size_text(usage.disk_bytes))
            )


def _megabytes(value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_MB)
    box.setSingleStep(256)
    box.setSuffix(" MB")
    box.setValue(value)
    box.setKeyboardTracking(False)  # saved when typing ends, not at every digit
    return box


class KvStatesSection(QObject):
    """Joins the panel to the settings and to the engine."""

    def __init__(self, controller: ChatController, model_panel: ModelPanel) -> None:
        super().__init__(model_panel)
        self.controller = controller
        current = controller.app.settings.current
        self.panel = KvStatesPanel(current.kv_states_ram_mb, current.kv_states_disk_mb)
        model_panel.add_section(self.panel)
        self.panel.ram.valueChanged.connect(lambda mb: self._budget("kv_states_ram_mb", mb))
        self.panel.disk.valueChanged.connect(lambda mb: self._budget("kv_states_disk_mb", mb))
        controller.model_loaded.connect(self.refresh)
        controller.answer_finished.connect(self.refresh)
        controller.engine_changed.connect(self.refresh)

    def _budget(self, name: str, mb: int) -> None:
        try:
            settings = self.controller.app.settings.update(**{name: mb})
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
            return
        config = kv_states(settings)
        engine = self.controller.app.engine
        self._ask(lambda: engine.kv_states(config))

    def refresh(self, *_event: object) -> None:
        engine = self.controller.app.engine
        self._ask(engine.kv_states)

    def _ask(self, work: Callable[[], KvStates]) -> None:
        if self.controller.app.engine.model is None:
            self.panel.show_usage(None)
            return
        job = self.controller.background(work)
        job.item.connect(self.panel.show_usage)
        job.failed.connect(lambda _message: self.panel.show_usage(None))
