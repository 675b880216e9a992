"""`deskchat self-test`: what the frozen bundle runs in CI, run here from the source tree."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskchat.build_info import version_line
from deskchat.gui import self_test
from tests.conftest import run_cli


def test_self_test_opens_the_window_streams_and_reads_back(tmp_path: Path) -> None:
    result = run_cli("self-test", str(tmp_path / "data"))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert any("window shown" in line for line in lines)
    assert any("answer streamed (16 tokens)" in line for line in lines)
    assert any("read back from SQLite" in line for line in lines)
    assert (tmp_path / "data" / "data" / "history.sqlite3").is_file()


def test_a_missing_resource_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas" / "builtin.json").write_text("[]")
    monkeypatch.setattr("deskchat.paths.resources_dir", lambda: tmp_path)
    with pytest.raises(self_test.SelfTestError, match=r"translations/deskchat_zh_CN\.qm"):
        self_test.check_resources()


def test_the_version_says_which_build_this_is() -> None:
    result = run_cli("--version")
    assert result.stdout.strip() == version_line()
    assert result.stdout.startswith("deskchat ") and "source install" in result.stdout


def test_a_bundle_names_its_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from deskchat import __version__, build_info

    (tmp_path / "variant.json").write_text('{"variant": "cuda", "llama_cpp_python": "0.3.36"}')
    monkeypatch.setattr("deskchat.paths.resources_dir", lambda: tmp_path)
    build_info.build_info.cache_clear()
    try:
        line = build_info.version_line()
    finally:
        build_info.build_info.cache_clear()
    assert line == f"deskchat {__version__} (CUDA bundle, llama-cpp-python 0.3.36)"
