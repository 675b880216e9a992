"""The Model tab offers flash attention auto/on/off, the K and V cache types and the
sliding-window cache, says at once when a combination cannot load, and remembers what
loaded; the Sampling tab has DRY and XTC."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from deskchat.chat.generation import LoadOptions, SamplingParams
from deskchat.gui.main_window import MainWindow
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.sampling_panel import SamplingPanel
from deskchat.settings import load_settings
from tests.gui.conftest import load_model


def choose(box: object, value: str) -> None:
    index = box.findData(value)  # type: ignore[attr-defined]
    assert index >= 0, value
    box.setCurrentIndex(index)  # type: ignore[attr-defined]


def test_the_panel_shows_the_saved_options_and_reports_the_chosen_ones(qtbot: QtBot) -> None:
    saved = LoadOptions(flash_attn="on", cache_type_k="q8_0", cache_type_v="q4_0", swa_full=True)
    panel = ModelPanel(saved)
    qtbot.addWidget(panel)
    assert panel.options() == saved
    assert [panel.flash.itemData(i) for i in range(panel.flash.count())] == ["auto", "on", "off"]
    assert panel.cache_v.findData("q8_0") >= 0 and panel.cache_k.findData("iq4_nl") >= 0
    assert "flash attention" in panel.cache_v.toolTip() and panel.swa_full.toolTip()
    panel.swa_full.setChecked(False)
    choose(panel.cache_k, "f16")
    assert panel.options() == replace(saved, cache_type_k="f16", swa_full=False)


def test_a_combination_that_cannot_load_is_said_at_once(qtbot: QtBot) -> None:
    panel = ModelPanel(LoadOptions())
    qtbot.addWidget(panel)
    choose(panel.cache_v, "q8_0")
    assert panel.status.text() == ""  # flash attention auto holds a quantised V cache
    choose(panel.flash, "off")
    assert panel.status.text().startswith("A quantised V cache (q8_0) needs flash attention")
    choose(panel.flash, "on")
    assert panel.status.text() == ""


def test_the_options_that_loaded_are_remembered(
    window: MainWindow, qtbot: QtBot, tiny_model: Path
) -> None:
    panel = window.model_panel
    choose(panel.flash, "off")
    choose(panel.cache_k, "f32")  # the tiny model's heads take no quantised cache
    choose(panel.cache_v, "f32")
    panel.swa_full.setChecked(False)
    load_model(qtbot, window, tiny_model)
    assert "Loaded tiny-test-chat" in panel.status.text()
    saved = load_settings()[0].load
    assert (saved.flash_attn, saved.cache_type_k, saved.cache_type_v, saved.swa_full) == (
        "off",
        "f32",
        "f32",
        False,
    )


def test_the_sampling_tab_has_dry_and_xtc_off_by_default(qtbot: QtBot) -> None:
    panel = SamplingPanel()
    qtbot.addWidget(panel)
    for name in ("dry_multiplier", "dry_base", "dry_allowed_length", "dry_penalty_last_n"):
        assert name in panel.fields
    assert panel.fields["dry_multiplier"].value() == 0
    assert panel.fields["xtc_probability"].value() == 0
    with qtbot.waitSignal(panel.changed) as changed:
        panel.fields["xtc_probability"].setValue(0.5)
    assert changed.args[0]["xtc_probability"] == 0.5
    assert changed.args[0]["dry_multiplier"] == SamplingParams().dry_multiplier
