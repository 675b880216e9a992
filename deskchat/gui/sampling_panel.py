"""Generation settings for this chat, each with one line on what raising or lowering it does.

The boxes, their ranges and their help come from deskchat.chat.sampling_fields."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from deskchat.chat.generation import SamplingParams
from deskchat.chat.sampling_fields import BY_NAME
from deskchat.gui.sampling_boxes import Box, SamplingBoxes, help_of, label_of


class SamplingPanel(QWidget):
    """Emits ``changed`` with every field: the values the person changed here, and
    exactly the values it was shown for the rest (never a box's rounding of them)."""

    changed = Signal(dict)  # the sampling this chat now uses

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.boxes = SamplingBoxes(form, language, self._emit)
        self.fields: dict[str, Box] = self.boxes.fields
        stop = BY_NAME["stop"]
        self.stop = QLineEdit()
        self.stop.setPlaceholderText(self.tr("e.g. ###, END (comma separated)"))
        self.stop.setToolTip(help_of(stop, language))
        self.stop.editingFinished.connect(self._stop_edited)
        form.addRow(label_of(stop, language), self.stop)
        reset = QPushButton(self.tr("Use the persona's defaults"))
        reset.clicked.connect(lambda: self.changed.emit({}))
        layout.addWidget(reset)
        layout.addStretch(1)
        self._loaded_stop: tuple[str, ...] = ()
        self.boxes.show(asdict(SamplingParams()))

    def show_params(self, params: SamplingParams) -> None:
        self.boxes.show(asdict(params))
        self._loaded_stop = params.stop
        self.stop.setText(", ".join(params.stop))

    def overrides(self) -> dict[str, Any]:
        values = self.boxes.values()
        values["stop"] = list(self._typed_stop())
        return values

    def _typed_stop(self) -> tuple[str, ...]:
        typed = _split(self.stop.text())
        # a stop string holding a comma cannot be shown exactly: keep it until edited
        return self._loaded_stop if typed == _split(", ".join(self._loaded_stop)) else typed

    def _stop_edited(self) -> None:
        if self._typed_stop() != self._loaded_stop:
            self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.overrides())


def _split(text: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in text.split(",") if s.strip())
