"""The store of saved KV states without llama.cpp: the longest shared prefix is found, a
state that extends another replaces it, RAM and disk keep to their budgets least recently
used out first, and a folder is only read for its own key."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from deskchat import paths
from deskchat.app_state import AppState, SettingsError
from deskchat.engine.kv_states import StateStore, common_prefix
from deskchat.services.app import kv_states
from deskchat.settings import Settings, load_settings


def tokens(*ids: int) -> np.ndarray:
    return np.asarray(ids, dtype=np.int32)


def test_the_longest_shared_prefix_wins() -> None:
    store = StateStore("k", None, ram_budget=10**6, disk_budget=0)
    store.put(tokens(1, 2, 3, 4), b"a" * 10)
    store.put(tokens(1, 2, 9, 9, 9), b"b" * 10)
    found = store.best(tokens(1, 2, 3, 4, 5))
    assert found is not None and found[1] == 4 and store.data(found[0]) == b"a" * 10
    assert store.best(tokens(7, 7)) is None
    assert common_prefix(tokens(1, 2), tokens(1, 2, 3)) == 2


def test_a_state_extending_another_replaces_it() -> None:
    store = StateStore("k", None, ram_budget=10**6, disk_budget=0)
    store.put(tokens(1, 2, 3), b"old")
    store.put(tokens(1, 2, 3, 4, 5), b"newer")
    assert store.usage().states == 1
    found = store.best(tokens(1, 2, 3))
    assert found is not None and store.data(found[0]) == b"newer"


def test_ram_keeps_its_budget_least_recently_used_out_first() -> None:
    store = StateStore("k", None, ram_budget=25, disk_budget=0)
    store.put(tokens(1), b"x" * 10)
    store.put(tokens(2), b"y" * 10)
    found = store.best(tokens(1))
    assert found is not None
    store.data(found[0])  # used: (1) is now more recent than (2)
    store.put(tokens(3), b"z" * 10)
    assert store.best(tokens(2)) is None  # the least recently used went
    assert store.best(tokens(1)) is not None and store.best(tokens(3)) is not None
    assert store.usage().ram_bytes == 20


def test_out_of_ram_a_state_is_read_back_from_disk(tmp_path: Path) -> None:
    store = StateStore("k", tmp_path, ram_budget=0, disk_budget=10**6)
    store.put(tokens(1, 2, 3), b"state" * 100)
    store.flush()
    assert store.usage().ram_bytes == 0 and store.usage().disk_bytes == 500
    found = store.best(tokens(1, 2, 3, 4))
    assert found is not None and store.data(found[0]) == b"state" * 100
    store.close()
    again = StateStore("k", tmp_path, ram_budget=0, disk_budget=10**6)  # a restart
    found = again.best(tokens(1, 2, 3, 4))
    assert found is not None and again.data(found[0]) == b"state" * 100
    assert StateStore("other key", tmp_path, 0, 10**6).usage().states == 0


def test_the_disk_keeps_its_budget_and_a_smaller_budget_applies_at_once(tmp_path: Path) -> None:
    store = StateStore("k", tmp_path, ram_budget=0, disk_budget=250)
    for i in range(1, 4):
        store.put(tokens(i), bytes([i]) * 100)
        store.flush()
    assert store.best(tokens(1)) is None  # the oldest file went
    assert len(list((tmp_path / "k").iterdir())) == 2
    store.set_budgets(0, 0)
    store.flush()
    assert not list((tmp_path / "k").iterdir())
    assert store.usage().states == 0
    store.close()


def test_an_unwritable_folder_keeps_states_in_ram(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = StateStore("k", blocker, ram_budget=10**6, disk_budget=10**6)
    store.put(tokens(1, 2), b"kept")
    store.flush()
    found = store.best(tokens(1, 2))
    assert found is not None and store.data(found[0]) == b"kept"
    assert store.usage().disk_bytes == 0
    store.close()


def test_the_budgets_are_settings_and_below_zero_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    state = AppState(Settings(), path)
    with pytest.raises(SettingsError, match="cannot be below 0 MB"):
        state.update(kv_states_ram_mb=-1)
    state.update(kv_states_ram_mb=0, kv_states_disk_mb=100)
    settings, _ = load_settings(path)
    config = kv_states(settings)
    assert (config.ram_bytes, config.disk_bytes) == (0, 100 * 1024 * 1024)
    assert config.folder == str(paths.kv_states_dir())
    path.write_text(json.dumps({"kv_states_disk_mb": -5}), "utf-8")
    assert load_settings(path)[0].kv_states_disk_mb == Settings().kv_states_disk_mb
