"""The engine process keeps its own rotating engine.log: llama.cpp's lines, and the traceback
of a bug inside the engine, whose sentence names that log."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.errors import DeskchatError, ModelLoadError


def test_a_bug_in_the_engine_is_logged_there_and_the_engine_goes_on(
    tiny_model: Path, tmp_path: Path
) -> None:
    log = tmp_path / "logs" / "engine.log"
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(tiny_model.read_bytes()[:-1000])
    with EngineClient(log_path=str(log)) as engine:
        with pytest.raises(ModelLoadError):
            engine.load(str(broken), LoadOptions(n_ctx=512))
        engine.load(str(tiny_model), LoadOptions(n_ctx=512, n_threads=1))
        with pytest.raises(DeskchatError) as caught:
            engine.tokenize("\ud800")  # a lone surrogate: a bug, the engine cannot encode it
        assert str(caught.value) == (
            f"Something went wrong (a bug in deskchat); the details are in {log}."
        )
        assert engine.tokenize("hello").ids  # the engine kept serving
    text = log.read_text(encoding="utf-8")
    assert " engine [" in text
    assert "error loading model" in text  # llama.cpp's own reason for the broken file
    assert "A bug (serving TokenizeRequest)" in text
    assert "Traceback (most recent call last)" in text
