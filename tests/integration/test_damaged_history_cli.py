"""The terminal with a damaged history: one sentence and exit 1, nothing written; then
`history recover` or `history reset` (the damaged file kept beside the new one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskchat import paths
from tests.conftest import run_cli
from tests.helpers.damaged_db import CHATS, damage, digest, write_history


@pytest.fixture
def damaged() -> Path:
    path = paths.db_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_history(path)
    damage(path)
    return path


def test_commands_on_a_damaged_history_say_so_and_write_nothing(
    damaged: Path, tiny_model: Path
) -> None:
    before = digest(damaged)
    for args in (
        ("ask", "--model", str(tiny_model), "--max-tokens", "4", "Hello?"),
        ("chat", "--model", str(tiny_model)),
        ("history", "list"),
    ):
        done = run_cli(*args, input_text="/quit\n")
        assert done.returncode == 1, (args, done.stderr)
        assert "Traceback" not in done.stderr
        assert f"deskchat: The history database {damaged} is damaged;" in done.stderr
        assert "Loading" not in done.stderr  # refused before a model was loaded
        assert digest(damaged) == before


def test_history_recover_keeps_what_can_be_read(damaged: Path) -> None:
    before = digest(damaged)
    done = run_cli("history", "recover")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Recovered ") and "the damaged file is kept as" in done.stdout
    (kept,) = damaged.parent.glob(damaged.name + ".damaged-*")
    assert digest(kept) == before and str(kept) in done.stdout
    listing = run_cli("history", "list", "--limit", str(CHATS))
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == CHATS


def test_history_reset_starts_afresh_beside_the_kept_file(damaged: Path) -> None:
    before = digest(damaged)
    done = run_cli("history", "reset")
    assert done.returncode == 0, done.stderr
    (kept,) = damaged.parent.glob(damaged.name + ".damaged-*")
    assert digest(kept) == before and str(kept) in done.stdout
    listing = run_cli("history", "list")
    assert listing.returncode == 0 and "No conversations yet" in listing.stdout
