"""The app state: every settings change is checked, saved and announced, by one owner."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deskchat import paths
from deskchat.app_state import AppState
from deskchat.chat.generation import LoadOptions
from deskchat.errors import DeskchatError
from deskchat.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_update_saves_and_notifies() -> None:
    state = AppState()
    seen: list[tuple[str, str]] = []
    state.subscribe(lambda old, new: seen.append((old.theme, new.theme)))
    state.update(theme="dark", server_port=9000)
    assert state.current.theme == "dark" and state.current.server_port == 9000
    assert load_settings()[0] == state.current
    assert seen == [("system", "dark")]


def test_nested_groups_change_one_field_and_keep_the_others() -> None:
    state = AppState(Settings(load=LoadOptions(n_ctx=8192, n_gpu_layers=10)))
    state.update_load(n_ctx=2048)
    state.update_sampling(temperature=0.2)
    saved, _warning = load_settings()
    assert saved.load == LoadOptions(n_ctx=2048, n_gpu_layers=10)
    assert saved.sampling.temperature == 0.2 and saved.sampling.top_p == 0.95
    state.update(load=LoadOptions(n_ctx=1024))
    assert load_settings()[0].load == LoadOptions(n_ctx=1024)


def test_unsubscribed_listener_hears_nothing() -> None:
    state = AppState()
    seen: list[Settings] = []
    unsubscribe = state.subscribe(lambda _old, new: seen.append(new))
    unsubscribe()
    state.update(theme="light")
    assert seen == []


def test_unchanged_value_neither_saves_nor_notifies() -> None:
    state = AppState()
    seen: list[Settings] = []
    state.subscribe(lambda _old, new: seen.append(new))
    state.update(theme="system")
    assert seen == [] and not paths.settings_path().exists()


def test_unknown_setting_is_a_bug() -> None:
    state = AppState()
    with pytest.raises(TypeError):
        state.update(them="dark")
    with pytest.raises(TypeError):
        state.update_sampling(temprature=0.1)
    with pytest.raises(TypeError):
        state.update(load={"n_ctx": 5})


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"theme": "purple"}, "theme"),
        ({"server_port": 70000}, "70000 is not a port"),
        ({"server_port": "80"}, "server_port"),
        ({"download_concurrency": 0}, "download"),
        ({"server_host": "  "}, "address"),
        ({"scan_other_apps": 1}, "scan_other_apps"),
        ({"overflow_policy": "drop"}, "overflow_policy"),
    ],
)
def test_wrong_values_are_one_sentence_and_change_nothing(
    changes: dict[str, object], words: str
) -> None:
    state = AppState()
    seen: list[Settings] = []
    state.subscribe(lambda _old, new: seen.append(new))
    with pytest.raises(DeskchatError, match=words) as caught:
        state.update(**changes)
    sentence = str(caught.value)
    assert "\n" not in sentence and sentence.endswith(".")
    assert state.current == Settings() and seen == []
    assert not paths.settings_path().exists()


def test_a_wrong_sampling_type_is_a_sentence() -> None:
    state = AppState()
    with pytest.raises(DeskchatError, match=r"sampling\.temperature"):
        state.update_sampling(temperature="hot")
    assert state.current.sampling.temperature == 0.8


def test_a_failed_save_keeps_the_old_value_and_says_so() -> None:
    state = AppState()
    state.update(theme="dark")
    # a folder where the temporary file must go: the write fails as on a full or read-only disk
    paths.settings_path().with_suffix(".json.tmp").mkdir()
    seen: list[Settings] = []
    state.subscribe(lambda _old, new: seen.append(new))
    with pytest.raises(DeskchatError, match="could not be saved") as caught:
        state.update(theme="light")
    assert "\n" not in str(caught.value) and str(caught.value).endswith(".")
    assert state.current.theme == "dark" and seen == []
    assert load_settings()[0].theme == "dark"


def test_a_failing_listener_does_not_silence_the_others(caplog: pytest.LogCaptureFixture) -> None:
    state = AppState()
    seen: list[str] = []

    def broken(_old: Settings, _new: Settings) -> None:
        raise RuntimeError("listener bug")

    state.subscribe(broken)
    state.subscribe(lambda _old, new: seen.append(new.theme))
    state.update(theme="dark")
    assert seen == ["dark"]
    assert "listener bug" in caplog.text


def test_only_the_app_state_writes_the_settings_file() -> None:
    """Every other module changes settings through AppState.update (grep the code)."""
    writers = []
    for path in sorted((REPO / "deskchat").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        if relative in ("deskchat/settings.py", "deskchat/app_state.py"):
            continue
        if re.search(r"\bsave_settings\b", path.read_text(encoding="utf-8")):
            writers.append(relative)
    assert writers == []
