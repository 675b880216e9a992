"""The two settings of tool calls: their defaults, a refusal of impossible values in one
sentence, and a hand-edited file's bad values falling back to the defaults."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskchat.app_state import AppState, SettingsError
from deskchat.settings import Settings, load_settings


def test_defaults_are_a_minute_and_eight_calls() -> None:
    assert (Settings().tool_call_timeout_s, Settings().max_tool_calls) == (60.0, 8)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"tool_call_timeout_s": 0.0}, "more than 0 seconds"),
        ({"max_tool_calls": 0}, "at least one tool call"),
        ({"max_tool_calls": "many"}, "a whole number"),
    ],
)
def test_impossible_values_are_refused(
    tmp_path: Path, change: dict[str, object], words: str
) -> None:
    state = AppState(Settings(), tmp_path / "settings.json")
    with pytest.raises(SettingsError, match=words):
        state.update(**change)
    assert state.current == Settings()


def test_a_change_is_saved_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    AppState(Settings(), path).update(tool_call_timeout_s=5.0, max_tool_calls=3)
    settings, warning = load_settings(path)
    assert warning is None
    assert (settings.tool_call_timeout_s, settings.max_tool_calls) == (5.0, 3)


def test_bad_values_in_the_file_fall_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"tool_call_timeout_s": -1, "max_tool_calls": 0}), "utf-8")
    settings, _warning = load_settings(path)
    assert (settings.tool_call_timeout_s, settings.max_tool_calls) == (60.0, 8)
