"""Generation settings for this chat, each with one line on what raising or lowering it does."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import SamplingParams


class SamplingPanel(QWidget):
    changed = Signal(dict)  # the overrides this chat now uses

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields: dict[str, QDoubleSpinBox | QSpinBox] = {}

        def number(
            name: str,
            label: str,
            help_text: str,
            lo: float,
            hi: float,
            step: float,
            decimals: int = 2,
        ) -> None:
            box: QDoubleSpinBox | QSpinBox
            if decimals:
                box = QDoubleSpinBox()
                box.setDecimals(decimals)
                box.setSingleStep(step)
                box.setRange(lo, hi)
            else:
                box = QSpinBox()
                box.setRange(int(lo), int(hi))
                box.setSingleStep(int(step))
            box.setToolTip(help_text)
            box.valueChanged.connect(self._emit)
            self.fields[name] = box
            explanation = QLabel(help_text)
            explanation.setWordWrap(True)
            explanation.setObjectName("explanation")
            form.addRow(label, box)
            form.addRow("", explanation)

        number(
            "temperature",
            self.tr("Temperature"),
            self.tr(
                "Randomness. Lower: focused and repeatable (0 always picks the likeliest token); "
                "higher: more varied and creative, and more mistakes."
            ),
            0.0,
            2.0,
            0.05,
        )
        number(
            "top_p",
            self.tr("Top P"),
            self.tr(
                "Sample only from the likeliest tokens that together reach this probability. "
                "Lower: safer words; 1: no limit."
            ),
            0.0,
            1.0,
            0.05,
        )
        number(
            "top_k",
            self.tr("Top K"),
            self.tr(
                "Sample only from the K likeliest tokens. Lower: more predictable; 0: no limit."
            ),
            0,
            1000,
            1,
            decimals=0,
        )
        number(
            "min_p",
            self.tr("Min P"),
            self.tr(
                "Drop tokens less likely than this fraction of the likeliest one. Higher: fewer "
                "odd words."
            ),
            0.0,
            1.0,
            0.01,
        )
        number(
            "repeat_penalty",
            self.tr("Repeat penalty"),
            self.tr(
                "Above 1 discourages repeating recent tokens; too high makes the text unnatural."
            ),
            0.5,
            2.0,
            0.05,
        )
        number(
            "max_tokens",
            self.tr("Max tokens"),
            self.tr(
                "The longest answer, in tokens. The answer also stops when the context is full."
            ),
            1,
            1 << 20,
            64,
            decimals=0,
        )
        number(
            "seed",
            self.tr("Seed"),
            self.tr(
                "-1: a new random answer each time; any other number repeats the same answer for "
                "the same settings."
            ),
            -1,
            2**31 - 1,
            1,
            decimals=0,
        )
        self.stop = QLineEdit()
        self.stop.setPlaceholderText(self.tr("e.g. ###, END (comma separated)"))
        self.stop.setToolTip(self.tr("The answer ends when the model writes one of these."))
        self.stop.editingFinished.connect(self._emit)
        form.addRow(self.tr("Stop strings"), self.stop)
        reset = QPushButton(self.tr("Use the persona's defaults"))
        reset.clicked.connect(lambda: self.changed.emit({}))
        layout.addWidget(reset)
        layout.addStretch(1)
        self._quiet = False

    def show_params(self, params: SamplingParams) -> None:
        self._quiet = True
        try:
            for name, box in self.fields.items():
                value: Any = getattr(params, name)
                if name == "seed":
                    value = -1 if value is None else value
                box.setValue(value)
            self.stop.setText(", ".join(params.stop))
        finally:
            self._quiet = False

    def overrides(self) -> dict[str, Any]:
        values: dict[str, Any] = {name: box.value() for name, box in self.fields.items()}
        values["seed"] = None if values["seed"] < 0 else int(values["seed"])
        values["top_k"] = int(values["top_k"])
        values["max_tokens"] = int(values["max_tokens"])
        values["stop"] = [s.strip() for s in self.stop.text().split(",") if s.strip()]
        return values

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit(self.overrides())
