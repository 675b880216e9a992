"""Shared fixtures. Every test runs with its own DESKCHAT_HOME and HOME: nothing touches the
real user's folders."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from deskchat import logs
from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.hub.tiny_gguf import write_tiny_gguf
from tests.helpers.fake_hub import FakeHub

REPO = Path(__file__).resolve().parent.parent

pytest_plugins = ("tests.helpers.keyrings",)  # memory_keyring, no_keyring


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "deskchat-home"
    monkeypatch.setenv("DESKCHAT_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "user-home"))
    return home


@pytest.fixture(autouse=True)
def closed_logs() -> Iterator[None]:
    """A test's log file (under its own DESKCHAT_HOME) is closed after it: none leaks on."""
    yield
    logs.shutdown()


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A few-hundred-KB random-weight llama GGUF with a ChatML template in its metadata."""
    return write_tiny_gguf(tmp_path_factory.mktemp("models") / "tiny-test-chat.gguf")


@pytest.fixture(scope="session")
def gemma_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Gemma-3-270M base (no chat template), assembled from the PyPI starter package."""
    from deskchat.services.starter import starter_model_path

    return starter_model_path(tmp_path_factory.mktemp("gemma"))


@pytest.fixture(scope="module")
def tiny_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineClient]:
    """A real engine process with the tiny model loaded (shared by a module's tests)."""
    path = write_tiny_gguf(tmp_path_factory.mktemp("engine") / "tiny-test-chat.gguf")
    engine = EngineClient()
    engine.load(str(path), LoadOptions(n_ctx=2048, n_threads=2, n_batch=64))
    yield engine
    engine.close()


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    input_text: str | None = None,
    timeout: float = 240,
) -> subprocess.CompletedProcess[str]:
    """Run the real `deskchat` command in a subprocess, as a person would."""

    return subprocess.run(
        [sys.executable, "-m", "deskchat", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        input=input_text,
        env={**os.environ, **(env or {})},
        cwd=REPO,
    )


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A loopback Hugging Face Hub (tests/helpers/fake_hub.py) that the real huggingface_hub
    client talks to: pass ``endpoint=fake_hub.url`` everywhere. No token is ever read from disk;
    nothing reaches the internet."""
    from huggingface_hub import constants as hf_constants
    from huggingface_hub.utils import close_session

    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_TELEMETRY", True)
    monkeypatch.setattr(hf_constants, "HF_HUB_DISABLE_IMPLICIT_TOKEN", True)
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(hf_constants, "HF_HUB_OFFLINE", False)
    hub = FakeHub()
    try:
        yield hub
    finally:
        hub.close()
        close_session()  # drop huggingface_hub's pooled keep-alive connections to this server
    assert not hub.server_errors, hub.server_errors[0]
