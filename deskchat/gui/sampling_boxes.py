"""Spin boxes for the sampling fields, generated from deskchat.chat.sampling_fields.

Shared by the Sampling tab and the persona dialog. A box reports the value it was shown
until the person changes it: a stored value a box cannot show exactly (more decimals, or
beyond what a spin box holds) is kept as it was, never replaced by the box's rounding.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QSpinBox

from deskchat.chat.sampling_fields import NUMBERS, SEED_RANDOM, SamplingField

SPIN_MAX = 2**31 - 1  # the most a QSpinBox holds; a wider field gets a whole-number double box

Box = QDoubleSpinBox | QSpinBox


def is_chinese(language: str) -> bool:
    return language.startswith("zh")


def label_of(spec: SamplingField, language: str) -> str:
    return spec.label_zh if is_chinese(language) else spec.label


def help_of(spec: SamplingField, language: str) -> str:
    return spec.help_zh if is_chinese(language) else spec.help


def make_box(spec: SamplingField) -> Box:
    low = spec.minimum if spec.minimum is not None else -SPIN_MAX
    high = spec.maximum if spec.maximum is not None else SPIN_MAX
    box: Box
    if spec.kind == "whole" and low >= -SPIN_MAX and high <= SPIN_MAX:
        box = QSpinBox()
        box.setRange(int(low), int(high))
        box.setSingleStep(int(spec.step))
    else:
        box = QDoubleSpinBox()
        box.setDecimals(spec.decimals)
        box.setRange(low, high)
        box.setSingleStep(spec.step)
    return box


class SamplingBoxes:
    """One box per numeric sampling field, added to ``form`` with its label and, when
    ``explain``, its help below it; ``on_change`` runs when the person changes a value."""

    def __init__(
        self,
        form: QFormLayout,
        language: str,
        on_change: Callable[[], None],
        *,
        explain: bool = True,
        names: tuple[str, ...] | None = None,
    ) -> None:
        self.specs = tuple(s for s in NUMBERS if names is None or s.name in names)
        self.fields: dict[str, Box] = {}
        self.loaded: dict[str, Any] = {}
        self.touched: set[str] = set()
        self._quiet = False
        self._on_change = on_change
        for spec in self.specs:
            box = make_box(spec)
            text = help_of(spec, language)
            box.setToolTip(text)
            box.valueChanged.connect(lambda _v, name=spec.name: self._changed(name))
            self.fields[spec.name] = box
            form.addRow(label_of(spec, language), box)
            if explain:
                explanation = QLabel(text)
                explanation.setWordWrap(True)
                explanation.setObjectName("explanation")
                form.addRow("", explanation)

    def show(self, values: Mapping[str, Any]) -> None:
        """Show these values (a seed of None as -1); nothing counts as changed yet."""
        self._quiet = True
        try:
            for spec in self.specs:
                value = values[spec.name]
                self.loaded[spec.name] = value
                box = self.fields[spec.name]
                shown = SEED_RANDOM if value is None else value
                # only what is shown is limited to the box; the value itself is kept
                shown = min(max(shown, box.minimum()), box.maximum())
                if isinstance(box, QSpinBox):
                    box.setValue(int(shown))
                else:
                    box.setValue(float(shown))
        finally:
            self._quiet = False
        self.touched.clear()

    def values(self) -> dict[str, Any]:
        """Every field: what the person set, else exactly what was shown."""
        result: dict[str, Any] = {}
        for spec in self.specs:
            if spec.name in self.touched:
                raw = self.fields[spec.name].value()
                value = int(raw) if spec.kind == "whole" else round(raw, spec.decimals)
                result[spec.name] = spec.normalized(value)
            else:
                result[spec.name] = self.loaded[spec.name]
        return result

    def _changed(self, name: str) -> None:
        if not self._quiet:
            self.touched.add(name)
            self._on_change()
