"""Read-only places: every command that only reads works, and a write fails with one
sentence. Real read-only mounts (root's chmod would stop nothing), the real CLI, the tiny
model."""

from __future__ import annotations

from pathlib import Path

from deskchat import paths
from tests.conftest import run_cli
from tests.helpers.damaged_db import damage, digest, write_history
from tests.helpers.mounts import read_only


def test_a_read_only_settings_folder_keeps_changes_for_the_session(
    tiny_model: Path, isolated_home: Path
) -> None:
    config = isolated_home / "config"
    config.mkdir(parents=True)
    (config / "settings.json").write_text("{}", encoding="utf-8")
    with read_only(config):
        done = run_cli("ask", "--model", str(tiny_model), "--max-tokens", "4", "Hello?")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    notice = "The settings could not be saved (Read-only file system); changes are kept"
    assert done.stderr.count(notice) == 1, done.stderr
    assert "completion" in done.stderr  # the answer ran to its end: its stats line


def test_a_read_only_data_folder_still_shows_the_history(
    tiny_model: Path, isolated_home: Path
) -> None:
    first = run_cli("ask", "--model", str(tiny_model), "--max-tokens", "4", "What is two?")
    assert first.returncode == 0, first.stderr
    data = isolated_home / "data"
    before = {p.name: p.read_bytes() for p in data.glob("history*")}
    with read_only(data):
        listing = run_cli("history", "list")
        shown = run_cli("history", "show", "1")
        found = run_cli("history", "search", "two")
        exported = run_cli("history", "export", "1", "--format", "json")
        asked = run_cli("ask", "--model", str(tiny_model), "--max-tokens", "4", "Three?")
    for done in (listing, shown, found, exported):
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
    assert "What is two?" in listing.stdout and "What is two?" in shown.stdout
    assert "conversation 1" in found.stdout and '"What is two?"' in exported.stdout
    assert asked.returncode == 1 and "Traceback" not in asked.stderr
    assert asked.stderr.strip().splitlines()[-1].startswith("deskchat: The history database")
    assert {p.name: p.read_bytes() for p in data.glob("history*")} == before


def test_a_damaged_history_in_a_read_only_folder_cannot_be_recovered_there(
    isolated_home: Path,
) -> None:
    path = paths.db_path()
    path.parent.mkdir(parents=True)
    write_history(path)
    damage(path)
    before = digest(path)
    with read_only(path.parent):
        recovered = run_cli("history", "recover")
        reset = run_cli("history", "reset")
    assert recovered.returncode == 1 and "Traceback" not in recovered.stderr
    assert recovered.stderr.startswith(f"deskchat: A fresh history cannot be written beside {path}")
    assert reset.returncode == 1 and "cannot be moved aside: Read-only file system" in reset.stderr
    assert digest(path) == before
