"""GGUF files with hostile metadata, written by the tests and used for real: wrong-typed
values are missing values and a sentence (never a traceback), a claimed training context of
10^9 costs no memory at a short context (and the full one is refused before llama.cpp
tries), and a chat template llama-cpp-python cannot compile does not keep the model from
loading."""

from __future__ import annotations

import math
import resource
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import psutil
import pytest
from gguf import GGUFValueType

from deskchat import paths
from deskchat.chat.generation import Done, LoadOptions, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.errors import DeskchatError, ModelFileError
from deskchat.hub.gguf_header import kv_shape, parse_header_prefix
from deskchat.hub.gguf_meta import read_gguf_info
from deskchat.hub.tiny_gguf import CHATML_TEMPLATE, write_tiny_gguf
from deskchat.services import model_loader
from deskchat.services.app import open_app
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.model_loader import check_memory, load_model
from deskchat.store.models import ModelRepo
from tests.conftest import run_cli

T = GGUFValueType
HOSTILE: dict[str, dict[str, Any]] = {
    "context-text": {"llama.context_length": (T.STRING, "4096")},
    "context-nan": {"llama.context_length": (T.FLOAT32, math.nan)},
    "context-infinite": {"llama.context_length": (T.FLOAT64, math.inf)},
    "context-negative": {"llama.context_length": (T.INT32, -5)},
    "context-huge": {"llama.context_length": (T.UINT64, 2**63)},
    "context-list": {"llama.context_length": (T.ARRAY, [4096, 8192])},
    "bos-text": {"tokenizer.ggml.bos_token_id": (T.STRING, "one")},
    "architecture-number": {"general.architecture": (T.UINT32, 7)},
    "name-number": {"general.name": (T.UINT32, 7)},
    "file-type-text": {"general.file_type": (T.STRING, "q4")},
    "heads-text": {"llama.attention.head_count": (T.STRING, "x")},
}
REFUSED_BY_LLAMA_CPP = set(HOSTILE) - {"context-list"}  # it reads the largest element


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        name: write_tiny_gguf(folder / f"{name}.gguf", metadata=meta)
        for name, meta in HOSTILE.items()
    }


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_wrong_typed_metadata_reads_as_missing(hostile: dict[str, Path], name: str) -> None:
    path = hostile[name]
    info = read_gguf_info(path)  # no ValueError, no OverflowError
    assert isinstance(info.context_length, int) and 0 <= info.context_length < 2**32
    assert isinstance(info.architecture, str) and isinstance(info.name, str)
    shape = kv_shape(parse_header_prefix(path.read_bytes()[:262_144]).fields)
    assert shape is None or 0 <= shape.context_length < 2**32
    if name in REFUSED_BY_LLAMA_CPP:
        assert info.bad_fields, name


@pytest.mark.parametrize("name", sorted(REFUSED_BY_LLAMA_CPP))
def test_loading_wrong_typed_metadata_is_one_sentence(hostile: dict[str, Path], name: str) -> None:
    engine = EngineClient()
    try:
        with pytest.raises(ModelFileError, match="values of the wrong type") as refused:
            load_model(engine, str(hostile[name]), LoadOptions(n_ctx=512, n_threads=2))
        assert hostile[name].name in str(refused.value)
        assert engine.pid is None  # refused before llama.cpp saw it
    finally:
        engine.close()


def test_models_list_and_ask_with_hostile_files_never_show_a_traceback(
    hostile: dict[str, Path],
) -> None:
    folder = paths.ensure(paths.models_dir())
    for name in ("context-nan", "context-text", "architecture-number", "bos-text"):
        (folder / hostile[name].name).write_bytes(hostile[name].read_bytes())
    listed = run_cli("models", "list")
    assert listed.returncode == 0, listed.stderr
    assert "Traceback" not in listed.stderr + listed.stdout
    assert "context-nan" in listed.stdout and "architecture-number" in listed.stdout
    for name in ("context-nan", "context-text", "architecture-number", "bos-text"):
        asked = run_cli("ask", "--model", str(hostile[name]), "--max-tokens", "2", "hi")
        assert asked.returncode == 1
        assert "Traceback" not in asked.stderr
        assert "cannot be loaded" in asked.stderr and "wrong type" in asked.stderr, asked.stderr


def test_a_template_stored_as_a_number_is_no_template(tmp_path: Path) -> None:
    path = write_tiny_gguf(
        tmp_path / "template-number.gguf", metadata={"tokenizer.chat_template": (T.UINT32, 7)}
    )
    engine = EngineClient()
    try:
        info, meta = load_model(engine, str(path), LoadOptions(n_ctx=512, n_threads=2))
        assert meta.chat_template is None and not meta.has_chat_template
        assert info.chat_template is None  # llama.cpp would have said "7"
    finally:
        engine.close()


# -- a claimed training context of 10^9 --------------------------------------------------


def huge_claim(tmp_path: Path, context: int) -> Path:
    return write_tiny_gguf(
        tmp_path / f"claims-{context}.gguf",
        metadata={"llama.context_length": (T.UINT32, context)},
    )


def peak_rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux's /proc")
def test_a_claimed_context_of_a_billion_costs_nothing_at_a_short_context(tmp_path: Path) -> None:
    """llama-cpp-python's tokenizer took 4 bytes per claimed training token on every call
    (3.7 GiB for 10^9, seconds under the GIL): the engine, run here under an address-space
    limit so that a regression fails this test instead of the CI machine, now takes what a
    512-token context takes, within the estimate, and answers."""
    path = huge_claim(tmp_path, 10**9)
    info = read_gguf_info(path)
    assert info.context_length == 10**9
    engine = EngineClient()
    try:
        loaded, _ = load_model(engine, str(path), LoadOptions(n_ctx=512, n_threads=2))
        assert loaded.n_ctx == 512 and loaded.n_ctx_train == 10**9
        assert engine.pid is not None
        process = psutil.Process(engine.pid)
        limit = process.memory_info().vms + 1024**3
        process.rlimit(resource.RLIMIT_AS, (limit, limit))
        before = peak_rss(engine.pid)
        started = time.monotonic()
        assert engine.count_tokens("hello " * 50) > 50
        done = list(engine.generate("hello", SamplingParams(max_tokens=3, ignore_eos=True)))
        assert isinstance(done[-1], Done) and done[-1].completion_tokens == 3
        took = time.monotonic() - started
        grew = peak_rss(engine.pid) - before
        peak = peak_rss(engine.pid)
    finally:
        engine.close()
    assert grew < 64 * 1024**2, f"the engine took {grew / 1024**2:.0f} MB more"
    assert took < 5.0
    assert peak <= info.memory_needed(512) + 256 * 1024**2  # the estimate (+ the runtime)


def test_the_models_full_claimed_context_is_refused_before_llama_cpp_tries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked for the model's own context (0), a claim of 10^9 tokens is a KV cache no
    machine holds: refused with the numbers before the engine starts."""
    path = huge_claim(tmp_path, 10**9)
    free = SimpleNamespace(available=16 * 1024**3)  # a machine with 16 GB free
    monkeypatch.setattr(model_loader.psutil, "virtual_memory", lambda: free)
    engine = EngineClient()
    try:
        with pytest.raises(ModelFileError, match=r"1,000,000,000-token context needs about"):
            load_model(engine, str(path), LoadOptions(n_ctx=0, n_threads=2))
        assert engine.pid is None  # nothing was started, nothing allocated
    finally:
        engine.close()
    with pytest.raises(ModelFileError, match=r"only 2\.0 GB is free"):
        check_memory(read_gguf_info(path), 10**7, available=2 * 1024**3)


# -- a template llama-cpp-python cannot compile ------------------------------------------

BROKEN_TEMPLATE = "{% for m in messages %}{{ m.content }"  # an unclosed expression


def test_a_template_jinja_cannot_parse_loads_and_the_override_rescues_it(tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "broken-template.gguf", chat_template=BROKEN_TEMPLATE)
    app = open_app()
    try:
        info, _ = app.load_model(str(path), LoadOptions(n_ctx=512, n_threads=2))
        assert info.chat_template == BROKEN_TEMPLATE  # loaded, template kept for deskchat
        conversation = app.session.new_conversation()
        with pytest.raises(DeskchatError, match="chat template"):
            list(app.session.send(conversation.id, "hi", max_tokens=2))
        ModelRepo(app.db).set_template_override(info.path, CHATML_TEMPLATE)
        conversation = app.session.new_conversation()
        events = list(app.session.send(conversation.id, "hi", max_tokens=2, ignore_eos=True))
        finished = events[-1]
        assert isinstance(finished, AnswerFinished)
        assert finished.message.status == "complete"
        assert "<|im_start|>user\nhi<|im_end|>" in finished.plan.text
    finally:
        app.close()


def test_ask_with_a_template_jinja_cannot_parse_is_the_template_sentence(tmp_path: Path) -> None:
    path = write_tiny_gguf(tmp_path / "broken-template.gguf", chat_template=BROKEN_TEMPLATE)
    asked = run_cli("ask", "--model", str(path), "--max-tokens", "2", "hi")
    assert asked.returncode == 1
    assert "Traceback" not in asked.stderr and "a bug" not in asked.stderr
    assert "chat template" in asked.stderr, asked.stderr
