"""JSON files are written whole or not at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskchat.json_files import write_json_atomically


def test_a_failed_write_leaves_the_old_file_and_no_leftovers(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "settings.json"
    write_json_atomically(path, {"theme": "dark", "名字": "深色"})
    assert json.loads(path.read_text(encoding="utf-8")) == {"theme": "dark", "名字": "深色"}
    assert "深色" in path.read_text(encoding="utf-8")  # not \\u escaped
    with pytest.raises(TypeError):
        write_json_atomically(path, {"theme": object()})  # fails half-way through
    assert json.loads(path.read_text(encoding="utf-8"))["theme"] == "dark"
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]
