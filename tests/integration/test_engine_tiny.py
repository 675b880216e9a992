"""Real llama.cpp in the engine process, on a tiny random-weight GGUF."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.errors import EngineCrashedError, ModelLoadError
from deskchat.hub.tiny_gguf import write_tiny_gguf

GREEDY_LONG = SamplingParams(temperature=0.0, max_tokens=1500, ignore_eos=True)


def collect(
    engine: EngineClient, prompt: str, sampling: SamplingParams
) -> tuple[list[Piece], Done]:
    pieces: list[Piece] = []
    for event in engine.generate(prompt, sampling):
        if isinstance(event, Done):
            return pieces, event
        pieces.append(event)
    raise AssertionError("no Done event")


def test_load_reports_what_the_model_says_about_itself(tiny_engine: EngineClient) -> None:
    info = tiny_engine.model
    assert info is not None
    assert (info.architecture, info.name, info.n_ctx) == ("llama", "tiny-test-chat", 2048)
    assert info.chat_template and "<|im_start|>" in info.chat_template
    assert info.bos_token == "<s>" and info.add_bos


def test_tokenize_shows_the_pieces(tiny_engine: EngineClient) -> None:
    tokens = tiny_engine.tokenize("lollipop", with_pieces=True)
    assert len(tokens.ids) == len(tokens.pieces) > 2
    assert "".join(tokens.pieces[1:]).replace("▁", " ").strip() == "lollipop"
    assert tokens.pieces[0] == "<s>"
    assert all(piece and "\x00" not in piece for piece in tokens.pieces)
    special = tiny_engine.tokenize("<|im_start|>user", add_bos=False)
    assert len(special.ids) < len("<|im_start|>user")  # the marker is one special token


def test_stream_counts_add_up(tiny_engine: EngineClient) -> None:
    prompt = "<|im_start|>user\nhello world<|im_end|>\n<|im_start|>assistant\n"
    pieces, done = collect(
        tiny_engine, prompt, SamplingParams(max_tokens=40, ignore_eos=True, seed=7)
    )
    assert done.finish_reason == "length"
    assert done.completion_tokens == 40
    assert sum(len(p.token_ids) for p in pieces) == 40
    assert done.prompt_tokens == tiny_engine.count_tokens(prompt)
    assert done.total_tokens == done.prompt_tokens + 40
    assert done.ttft_s > 0 and done.decode_tokens_per_s > 0


def test_same_seed_same_answer(tiny_engine: EngineClient) -> None:
    sampling = SamplingParams(max_tokens=20, seed=42, temperature=1.0, ignore_eos=True)
    first = "".join(p.text for p in collect(tiny_engine, "hello", sampling)[0])
    second = "".join(p.text for p in collect(tiny_engine, "hello", sampling)[0])
    assert first == second


def test_cancel_takes_effect_between_tokens(tiny_engine: EngineClient) -> None:
    received = 0
    done = None
    cancelled_at = 0.0
    for event in tiny_engine.generate("hello", GREEDY_LONG):
        if isinstance(event, Piece):
            received += len(event.token_ids)
            if received >= 5 and not cancelled_at:
                cancelled_at = time.perf_counter()
                tiny_engine.cancel()
        else:
            done = event
    stopped_after = time.perf_counter() - cancelled_at
    assert done is not None and done.finish_reason == "cancelled"
    assert done.completion_tokens < GREEDY_LONG.max_tokens  # the answer was cut short
    assert stopped_after < 0.5  # pieces in flight arrive, then it stops
    assert received == done.completion_tokens  # every token made before the stop arrived


def test_cancel_during_a_long_prompt_evaluation(tmp_path: Path, tiny_model: Path) -> None:
    with EngineClient() as engine:
        engine.load(str(tiny_model), LoadOptions(n_ctx=4096, n_threads=1, n_batch=8))
        long_prompt = "hello world " * 300  # ~3,600 tokens: 450 batches of 8
        before = engine.current_request

        def cancel_once_started() -> None:
            while engine.current_request == before:
                time.sleep(0.001)
            time.sleep(0.02)
            engine.cancel()

        threading.Thread(target=cancel_once_started).start()
        pieces, done = collect(engine, long_prompt, GREEDY_LONG)
        assert done.finish_reason == "cancelled"
        assert done.completion_tokens == 0 and pieces == []
        # and the engine is fine afterwards
        _, after = collect(engine, "hello", SamplingParams(max_tokens=3, ignore_eos=True))
        assert after.completion_tokens == 3


def test_second_turn_evaluates_only_the_new_tokens(tiny_engine: EngineClient) -> None:
    turn1 = (
        "<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n"
        + "hello world " * 40
        + "<|im_end|>\n<|im_start|>assistant\n"
    )
    pieces, first = collect(tiny_engine, turn1, SamplingParams(max_tokens=10, ignore_eos=True))
    answer = "".join(p.text for p in pieces)
    turn2 = (
        turn1 + answer + "<|im_end|>\n<|im_start|>user\nand you?<|im_end|>\n<|im_start|>assistant\n"
    )
    _, second = collect(tiny_engine, turn2, SamplingParams(max_tokens=10, ignore_eos=True))
    assert second.prompt_tokens > first.prompt_tokens
    assert second.prompt_evaluated < second.prompt_tokens - first.prompt_tokens + 15
    assert second.prompt_evaluated < second.prompt_tokens / 3


def test_stop_strings_end_the_answer_and_are_not_shown(tiny_engine: EngineClient) -> None:
    free, _ = collect(
        tiny_engine, "hello", SamplingParams(max_tokens=60, temperature=0.0, ignore_eos=True)
    )
    text = "".join(p.text for p in free)
    stop = text[20:23]
    assert stop.strip(), "need a visible stop string"
    cut, done = collect(
        tiny_engine,
        "hello",
        SamplingParams(max_tokens=60, temperature=0.0, ignore_eos=True, stop=(stop,)),
    )
    shown = "".join(p.text for p in cut)
    assert done.finish_reason == "stop"
    assert stop not in shown and text.startswith(shown) and len(shown) <= 20


def test_killed_engine_is_reported_and_the_next_request_restarts_it(tiny_model: Path) -> None:
    with EngineClient() as engine:
        engine.load(str(tiny_model), LoadOptions(n_ctx=2048, n_threads=1))
        first_pid = engine.pid
        assert first_pid is not None
        with pytest.raises(EngineCrashedError) as caught:
            for event in engine.generate("hello", GREEDY_LONG):
                if isinstance(event, Piece):
                    os.kill(first_pid, signal.SIGKILL)
                    time.sleep(0.05)
        assert "signal 9, SIGKILL" in str(caught.value) and "while generating" in str(caught.value)
        # next request: a fresh engine with the same model, transparently
        _, done = collect(engine, "hello", SamplingParams(max_tokens=5, ignore_eos=True))
        assert done.completion_tokens == 5
        assert engine.pid != first_pid
        assert engine.model is not None and engine.model.name == "tiny-test-chat"


def test_segfault_is_named(tiny_model: Path) -> None:
    """A crash during an answer ends it with the signal's name. (The engine is killed once
    the answer streams: killed while idle, it may be gone before the next call, which then
    restarts it quietly, as after any crash between answers.)"""
    with EngineClient() as engine:  # room for all 1,500 tokens: the answer outlasts the kill
        engine.load(str(tiny_model), LoadOptions(n_ctx=2048, n_threads=1))
        pid = engine.pid
        assert pid is not None
        events = engine.generate("x", GREEDY_LONG)
        next(events)  # the answer has started
        os.kill(pid, signal.SIGSEGV)
        with pytest.raises(EngineCrashedError, match="signal 11, SIGSEGV"):
            list(events)


def test_llama_cpp_reason_is_quoted_when_a_load_fails(tiny_model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    data = tiny_model.read_bytes()
    broken.write_bytes(data[:-1000])  # the engine itself, without deskchat's pre-checks
    with EngineClient() as engine, pytest.raises(ModelLoadError) as caught:
        engine.load(str(broken), LoadOptions(n_ctx=512))
    message = str(caught.value)
    assert message.startswith("llama.cpp could not load broken.gguf: ")
    assert "Failed to load model from file" not in message
    assert "\n" not in message and len(message) < 300


def test_backend_report(tiny_engine: EngineClient) -> None:
    info = tiny_engine.backend()
    assert info.backend == "CPU" and info.gpu_offload is False  # CI's build is CPU-only
    assert "AVX" in info.cpu_features or "NEON" in info.cpu_features
    assert info.llama_cpp_version.startswith("0.3")


def test_unload_ends_the_engine_process(tiny_model: Path) -> None:
    engine = EngineClient()
    engine.load(str(tiny_model), LoadOptions(n_ctx=512))
    pid = engine.pid
    engine.unload()
    assert not engine.is_running() and engine.model is None
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_a_reply_left_by_an_interrupted_call_is_not_taken_by_the_next(
    tiny_engine: EngineClient,
) -> None:
    from deskchat.engine.protocol import TokenizeRequest

    # what Ctrl-C between sending a request and reading its reply leaves behind
    tiny_engine._send(TokenizeRequest("hello world hello world", True, True, False), "test")
    tiny_engine._unanswered += 1
    assert tiny_engine.count_tokens("hi") == len(tiny_engine.tokenize("hi").ids)
    assert tiny_engine.tokenize("hi").ids == tiny_engine.tokenize("hi").ids


def test_a_converter_titled_name_is_shown_from_the_file_name(tmp_path: Path) -> None:
    """llama.cpp's converter title-cases checkpoint ids ("Smollm2 135M 8k Lc100K Mix1
    Ep2"); the loaded model is named from its file instead, its capitals kept."""
    path = write_tiny_gguf(
        tmp_path / "SmolLM2-135M-Instruct-Q4_1.gguf", name="Smollm2 135M 8k Lc100K Mix1 Ep2"
    )
    with EngineClient() as engine:
        info = engine.load(str(path), LoadOptions(n_ctx=512, n_threads=1))
    assert info.name == "SmolLM2 135M Instruct"
