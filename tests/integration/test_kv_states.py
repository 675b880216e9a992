"""Saved KV states, real llama.cpp on the tiny GGUF: turning to another chat and back reads
only what is new and continues exactly as without saving; states on disk survive a restart
of the engine; a state made with another model or other load options is never used; a
damaged state file is removed with a log line and the answer is the same."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.protocol import KvStateConfig
from deskchat.hub.tiny_gguf import write_tiny_gguf

GREEDY = SamplingParams(temperature=0.0, max_tokens=12, ignore_eos=True)
OPTIONS = LoadOptions(n_ctx=2048, n_threads=1)
CHAT_A = "<|im_start|>user\n" + "Tell me about apples and orchards. " * 30 + "<|im_end|>\n"
CHAT_B = "<|im_start|>user\n" + "Explain how rivers carve their valleys. " * 30 + "<|im_end|>\n"
OPEN = "<|im_start|>assistant\n"


def answer(engine: EngineClient, prompt: str) -> tuple[str, tuple[int, ...], Done]:
    pieces: list[Piece] = []
    for event in engine.generate(prompt, GREEDY):
        if isinstance(event, Done):
            text = "".join(p.text for p in pieces)
            return text, tuple(t for p in pieces for t in p.token_ids), event
        pieces.append(event)
    raise AssertionError("no Done event")


def states(folder: Path | None, **budgets: int) -> KvStateConfig:
    return KvStateConfig(str(folder) if folder else None, min_tokens=16, **budgets)


def engine_with(config: KvStateConfig | None, model: Path, log: Path | None = None) -> EngineClient:
    engine = EngineClient(log_path=str(log) if log else None, states=config)
    engine.load(str(model), OPTIONS)
    return engine


def a_then_b(engine: EngineClient) -> str:
    """Chat A answered, then chat B; returns A's prompt continued (its answer and a new
    message) as the person sends it on coming back."""
    text_a, _, _ = answer(engine, CHAT_A + OPEN)
    answer(engine, CHAT_B + OPEN)
    return CHAT_A + OPEN + text_a + "<|im_end|>\n<|im_start|>user\nAnd pears?<|im_end|>\n" + OPEN


def test_coming_back_to_a_chat_reads_only_what_is_new_and_answers_the_same(
    tiny_model: Path, tmp_path: Path
) -> None:
    with engine_with(states(tmp_path / "kv"), tiny_model) as engine:
        back = a_then_b(engine)
        text, ids, done = answer(engine, back)
        new = engine.count_tokens(back) - engine.count_tokens(CHAT_A + OPEN)
        assert done.prompt_restored > engine.count_tokens(CHAT_A) - 2
        assert done.prompt_evaluated <= new + 1  # A's answer, the new message, its opening
        usage = engine.kv_states()
        assert usage.states >= 1 and usage.ram_bytes > 0
    with engine_with(None, tiny_model) as plain:  # no state kept: everything is read
        a_then_b(plain)
        plain_text, plain_ids, plain_done = answer(plain, back)
        assert plain_done.prompt_evaluated > plain_done.prompt_tokens - 20  # "user\n" shared
        assert plain_done.prompt_restored == 0
    assert (text, ids) == (plain_text, plain_ids)


def test_states_on_disk_survive_a_restart_of_the_engine(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kv"
    with engine_with(states(folder), tiny_model) as engine:
        back = a_then_b(engine)  # A was saved when B came; B is saved as the engine exits
    assert len(list(folder.rglob("*.kvstate"))) == 2
    with engine_with(states(folder), tiny_model) as engine:
        assert engine.kv_states().states == 2
        _, _, done = answer(engine, back)
        assert done.prompt_restored > 0
        assert done.prompt_evaluated < done.prompt_tokens // 4
        _, _, done_b = answer(engine, CHAT_B + OPEN + "Rivers")
        assert done_b.prompt_restored > 0


def test_a_state_of_other_load_options_or_another_model_is_never_used(
    tiny_model: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "kv"
    with engine_with(states(folder), tiny_model) as engine:
        back = a_then_b(engine)
    engine = EngineClient(states=states(folder))
    with engine:
        engine.load(str(tiny_model), LoadOptions(n_ctx=1024, n_threads=1))
        assert engine.kv_states().states == 0
        _, _, done = answer(engine, back)
        assert done.prompt_restored == 0 and done.prompt_evaluated > done.prompt_tokens - 20
    other = tmp_path / "other.gguf"
    write_tiny_gguf(other, name="tiny-other")
    with engine_with(states(folder), other) as engine:
        _, _, done = answer(engine, back)
        assert done.prompt_restored == 0 and done.prompt_evaluated > done.prompt_tokens - 20


@pytest.mark.parametrize("damage", ["cut short", "bytes changed", "not a state"])
def test_a_damaged_state_file_is_removed_with_a_log_line(
    tiny_model: Path, tmp_path: Path, damage: str
) -> None:
    folder = tmp_path / "kv"
    with engine_with(states(folder), tiny_model) as engine:
        back = a_then_b(engine)
        expected, _, _ = answer(engine, back)
    damaged: dict[Path, bytes] = {}
    for path in folder.rglob("*.kvstate"):
        data = bytearray(path.read_bytes())
        if damage == "cut short":
            data = data[: len(data) // 2]
        elif damage == "bytes changed":
            data[-100:] = bytes(100)
        else:
            data = bytearray(b"GGUF" + bytes(64))
        path.write_bytes(bytes(data))
        damaged[path] = bytes(data)
    log = tmp_path / "engine.log"
    with engine_with(states(folder), tiny_model, log) as engine:
        text, _, done = answer(engine, back)
        assert done.prompt_restored == 0
    assert text == expected
    left = [p for p, data in damaged.items() if p.exists() and p.read_bytes() == data]
    # found when the folder is read, or (bytes changed) when the state is about to be used
    assert len(left) < len(damaged) if damage == "bytes changed" else not left
    said = log.read_text(encoding="utf-8")
    assert "KV state" in said and ("could not be read" in said or "was not used" in said)


def test_with_no_room_in_ram_and_no_folder_nothing_is_kept(
    tiny_model: Path, tmp_path: Path
) -> None:
    with engine_with(states(None, ram_bytes=0), tiny_model) as engine:
        back = a_then_b(engine)
        _, _, done = answer(engine, back)
        assert done.prompt_restored == 0
        assert engine.kv_states().states == 0


def test_with_no_room_in_ram_states_come_back_from_disk(tiny_model: Path, tmp_path: Path) -> None:
    with engine_with(states(tmp_path / "kv", ram_bytes=0), tiny_model) as engine:
        back = a_then_b(engine)
        _, _, done = answer(engine, back)
        assert done.prompt_restored > 0
        deadline = time.monotonic() + 60
        while (usage := engine.kv_states()).ram_bytes and time.monotonic() < deadline:
            time.sleep(0.05)  # held in RAM until its file is written
        assert usage.ram_bytes == 0 and usage.disk_bytes > 0
