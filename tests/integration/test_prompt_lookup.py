"""Prompt lookup on real llama.cpp (the tiny GGUF): the answer is the one plain decoding
gives, token for token, with every way an answer ends (EOS, stop strings, max tokens, the
context, cancel) working as without it, and it takes fewer model steps when the answer
repeats its context."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import llama_cpp
import pytest

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.llama_log import LlamaLog
from deskchat.engine.protocol import GenerateRequest, LoadRequest
from deskchat.engine.worker import Engine

REPEATING = (
    "<|im_start|>user\nSay this list again: "
    + "apple banana cherry grape lemon mango orange peach plum " * 6
    + "<|im_end|>\n<|im_start|>assistant\napple banana cherry"
)
FREE = "<|im_start|>user\nhello, how are you?<|im_end|>\n<|im_start|>assistant\n"
# A random-weight model copies nothing; a repeat penalty below 1 makes it repeat itself, so
# its answers are full of guesses taken, cut short and refused
LOOPS = 0.2


def answer(
    engine: EngineClient, prompt: str, sampling: SamplingParams, lookup: bool
) -> tuple[list[int], str, Done]:
    sampling = SamplingParams(**{**sampling.__dict__, "prompt_lookup": lookup})
    ids: list[int] = []
    text = ""
    for event in engine.generate(prompt, sampling):
        if isinstance(event, Done):
            return ids, text, event
        assert isinstance(event, Piece)
        ids += event.token_ids
        text += event.text
    raise AssertionError("no Done event")


def assert_same(engine: EngineClient, prompt: str, sampling: SamplingParams) -> Done:
    off_ids, off_text, off = answer(engine, prompt, sampling, lookup=False)
    on_ids, on_text, on = answer(engine, prompt, sampling, lookup=True)
    assert on_text == off_text
    assert on_ids == off_ids
    assert (on.finish_reason, on.completion_tokens) == (off.finish_reason, off.completion_tokens)
    assert on.prompt_tokens == off.prompt_tokens
    return on


@pytest.mark.parametrize(
    ("prompt", "penalty"), [(REPEATING, LOOPS), (FREE, 1.1)], ids=["repeating", "free"]
)
def test_the_greedy_answer_is_the_same_token_for_token(
    tiny_engine: EngineClient, prompt: str, penalty: float
) -> None:
    sampling = SamplingParams(
        temperature=0.0, max_tokens=300, ignore_eos=True, repeat_penalty=penalty
    )
    done = assert_same(tiny_engine, prompt, sampling)
    assert done.finish_reason == "length" and done.completion_tokens == 300


def test_a_seeded_sampled_answer_is_the_same(tiny_engine: EngineClient) -> None:
    # each token is drawn from the same logits with the same random number, in order
    assert_same(
        tiny_engine,
        REPEATING,
        SamplingParams(temperature=0.9, seed=11, max_tokens=200, repeat_penalty=LOOPS),
    )


def test_an_answer_that_ends_by_itself_ends_at_the_same_token(tiny_engine: EngineClient) -> None:
    # no ignore_eos: the model's own end of text (or the length) ends both alike
    sampling = SamplingParams(temperature=0.0, max_tokens=400, repeat_penalty=LOOPS)
    assert_same(tiny_engine, REPEATING, sampling)


@pytest.mark.parametrize("max_tokens", [1, 2, 7, 33])
def test_max_tokens_cuts_a_guess_short(tiny_engine: EngineClient, max_tokens: int) -> None:
    sampling = SamplingParams(
        temperature=0.0, max_tokens=max_tokens, ignore_eos=True, repeat_penalty=LOOPS
    )
    done = assert_same(tiny_engine, REPEATING, sampling)
    assert done.completion_tokens == max_tokens


def test_a_stop_string_inside_a_guess_ends_the_answer(tiny_engine: EngineClient) -> None:
    free = SamplingParams(temperature=0.0, max_tokens=200, ignore_eos=True, repeat_penalty=1.0)
    _, text, _ = answer(tiny_engine, REPEATING, free, lookup=False)
    stop = text[-40:-36]  # late: the answer has repeated itself by then
    assert stop.strip(), "need a visible stop string"
    sampling = SamplingParams(
        temperature=0.0, max_tokens=200, ignore_eos=True, repeat_penalty=1.0, stop=(stop,)
    )
    done = assert_same(tiny_engine, REPEATING, sampling)
    assert done.finish_reason == "stop" and done.completion_tokens < 200


def test_a_guess_never_crosses_the_context(tiny_model: Path) -> None:
    with EngineClient() as engine:
        engine.load(str(tiny_model), LoadOptions(n_ctx=256, n_threads=1, n_batch=64))
        prompt = REPEATING[: len(REPEATING) // 2]
        sampling = SamplingParams(
            temperature=0.0, max_tokens=1000, ignore_eos=True, repeat_penalty=LOOPS
        )
        done = assert_same(engine, prompt, sampling)
        assert done.finish_reason == "context"
        assert done.prompt_tokens + done.completion_tokens == 256


def test_the_next_turn_reuses_the_cache_a_lookup_answer_left(tiny_engine: EngineClient) -> None:
    sampling = SamplingParams(
        temperature=0.0, max_tokens=120, ignore_eos=True, repeat_penalty=LOOPS
    )
    answers, evaluated = {}, {}
    for lookup in (False, True):
        _, text, _ = answer(tiny_engine, REPEATING, sampling, lookup=lookup)
        turn2 = REPEATING + text + "<|im_end|>\n<|im_start|>user\nagain<|im_end|>\n"
        ids, _, done = answer(tiny_engine, turn2 + "<|im_start|>assistant\n", sampling, lookup)
        answers[lookup], evaluated[lookup] = ids, done.prompt_evaluated
    assert answers[True] == answers[False]
    assert evaluated[True] <= evaluated[False]  # the cache held at least as much


def test_cancel_takes_effect_within_a_guess(tiny_engine: EngineClient) -> None:
    sampling = SamplingParams(
        temperature=0.0, max_tokens=1500, ignore_eos=True, repeat_penalty=LOOPS
    )
    received = 0
    done = None
    for event in tiny_engine.generate(REPEATING, sampling):
        if isinstance(event, Piece):
            received += len(event.token_ids)
            if received >= 5:
                tiny_engine.cancel()
        else:
            done = event
    assert isinstance(done, Done) and done.finish_reason == "cancelled"
    assert done.completion_tokens < 1500 and received == done.completion_tokens
    # and the engine answers the same as ever afterwards
    assert_same(tiny_engine, FREE, SamplingParams(temperature=0.0, max_tokens=20))


# -- in the test process: how many times llama.cpp was asked to decode -----------------


def decodes(engine: Engine, prompt: str, sampling: SamplingParams) -> tuple[int, list[int]]:
    """How many llama_decode calls the answer took after its prompt, and its tokens."""
    llm: Any = engine._llm
    calls = 0
    decode = llm._ctx.decode

    def counted(batch: Any) -> None:
        nonlocal calls
        calls += 1
        decode(batch)

    events = engine.generate(GenerateRequest(1, prompt, sampling))
    first = next(events)  # the prompt is read before the first piece
    llm._ctx.decode = counted
    try:
        rest = [first, *events]
    finally:
        del llm._ctx.decode
    ids = [t for e in rest if isinstance(e, Piece) for t in e.token_ids]
    return calls, ids


@pytest.fixture(scope="module")
def engine_here(tiny_model: Path) -> Any:
    engine = Engine(llama_cpp, LlamaLog(None), multiprocessing.Value("q", 0))
    # these tests count drafting's model steps, not attention: with flash attention the tiny
    # random model's batched logits differ from its one-token logits in the last places, and
    # its near-tied picks then take fewer guesses (120 steps of 199 against 86 without)
    options = LoadOptions(n_ctx=2048, n_threads=1, flash_attn="off")
    engine.load(LoadRequest(str(tiny_model), options))
    yield engine
    engine.unload()


def test_a_repeating_answer_takes_far_fewer_model_steps(engine_here: Engine) -> None:
    sampling = SamplingParams(
        temperature=0.0, max_tokens=200, ignore_eos=True, repeat_penalty=LOOPS
    )
    plain, plain_ids = decodes(
        engine_here, REPEATING, SamplingParams(**{**sampling.__dict__, "prompt_lookup": False})
    )
    looked, looked_ids = decodes(
        engine_here, REPEATING, SamplingParams(**{**sampling.__dict__, "prompt_lookup": True})
    )
    assert looked_ids == plain_ids
    assert plain == 199  # one step per token (the last one is never evaluated)
    assert looked < plain / 2  # (how far guessing goes depends on how long checks take)


def test_a_grammar_decodes_token_by_token(engine_here: Engine) -> None:
    sampling = SamplingParams(
        temperature=0.0,
        max_tokens=30,
        ignore_eos=True,
        repeat_penalty=LOOPS,
        prompt_lookup=True,
        grammar='root ::= ("apple " | "plum ")+',
    )
    steps, ids = decodes(engine_here, REPEATING, sampling)
    assert steps == len(ids) - 1
