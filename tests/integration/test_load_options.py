"""Real llama.cpp: the KV-cache types, flash attention auto/on/off and the sliding-window cache
load and answer; a combination llama.cpp cannot load is one sentence before it is tried; the
DRY and XTC samplers change nothing while off and are taken when on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.errors import ModelLoadError
from deskchat.services.model_loader import load_model

BASE = LoadOptions(n_ctx=1024, n_threads=2, n_batch=64)
PROMPT = "<|im_start|>user\nhello world<|im_end|>\n<|im_start|>assistant\n"
GREEDY = SamplingParams(temperature=0.0, max_tokens=24, ignore_eos=True)
QUANTISED_V_WITHOUT_FLASH = (
    "A quantised V cache (q8_0) needs flash attention: set flash attention to auto or on, "
    "or the V cache to f16."
)


def answer(engine: EngineClient, sampling: SamplingParams, prompt: str = PROMPT) -> list[int]:
    ids: list[int] = []
    for event in engine.generate(prompt, sampling):
        if isinstance(event, Piece):
            ids += event.token_ids
        else:
            assert isinstance(event, Done)
    return ids


def test_flash_attention_and_the_cache_options_load_and_answer(tiny_model: Path) -> None:
    variants = [
        replace(BASE, flash_attn="auto"),
        replace(BASE, flash_attn="on"),
        replace(BASE, flash_attn="off"),
        replace(BASE, cache_type_k="f32", cache_type_v="f32", flash_attn="off"),
        replace(BASE, swa_full=True),
        replace(BASE, swa_full=False),
    ]
    with EngineClient() as engine:
        for options in variants:
            engine.load(str(tiny_model), options)
            assert len(answer(engine, GREEDY)) == GREEDY.max_tokens, options


def test_a_cache_type_the_heads_cannot_hold_is_one_sentence(tiny_model: Path) -> None:
    """The tiny model's heads are 16 values wide: no quantised cache block (32) fits."""
    with EngineClient() as engine:
        with pytest.raises(ModelLoadError) as refused:
            load_model(engine, str(tiny_model), replace(BASE, cache_type_k="q8_0"))
        assert str(refused.value) == (
            "tiny-test-chat.gguf cannot keep its K cache as q8_0: its attention heads hold "
            "16 values, not a multiple of 32; choose f16."
        )
        assert engine.model is None


def test_a_quantised_v_cache_without_flash_attention_is_one_sentence(tiny_model: Path) -> None:
    bad = replace(BASE, cache_type_v="q8_0", flash_attn="off")
    with EngineClient() as engine:
        with pytest.raises(ModelLoadError) as refused:
            load_model(engine, str(tiny_model), bad)
        assert str(refused.value) == QUANTISED_V_WITHOUT_FLASH
        assert engine.model is None
        with pytest.raises(ModelLoadError) as engine_refused:  # the engine says the same
            engine.load(str(tiny_model), bad)
        assert str(engine_refused.value) == QUANTISED_V_WITHOUT_FLASH


def test_dry_and_xtc_off_change_nothing_and_on_are_taken(tiny_engine: EngineClient) -> None:
    plain = answer(tiny_engine, GREEDY)
    off = replace(GREEDY, dry_multiplier=0.0, xtc_probability=0.0, dry_base=3.0)
    assert answer(tiny_engine, off) == plain
    seeded = SamplingParams(temperature=1.0, seed=11, max_tokens=24, ignore_eos=True)
    assert answer(tiny_engine, replace(seeded, xtc_threshold=0.3)) == answer(tiny_engine, seeded)
    dry = replace(GREEDY, dry_multiplier=5.0, dry_base=4.0, dry_allowed_length=1)
    assert len(answer(tiny_engine, dry)) == GREEDY.max_tokens  # taken, and it answers
    xtc = replace(seeded, xtc_probability=1.0, xtc_threshold=0.0)
    assert len(answer(tiny_engine, xtc)) == seeded.max_tokens


def test_dry_changes_the_answer_only_where_it_would_repeat_itself(
    tiny_engine: EngineClient,
) -> None:
    """The tiny model's greedy answer repeats a run of tokens after 40 (381, 278, 131);
    DRY, strict here, makes it choose otherwise there, and leaves what comes before."""
    long = replace(GREEDY, max_tokens=64)
    plain = answer(tiny_engine, long)
    strict = replace(
        long, dry_multiplier=5.0, dry_base=4.0, dry_allowed_length=1, dry_sequence_breakers=()
    )
    dry = answer(tiny_engine, strict)
    assert dry[:40] == plain[:40] and dry != plain


@pytest.mark.slow
def test_quantised_caches_load_and_answer_on_gemma(gemma_model: Path) -> None:
    sampling = SamplingParams(temperature=0.0, max_tokens=8, ignore_eos=True)
    variants = [
        replace(BASE, cache_type_k="q8_0", cache_type_v="q8_0", flash_attn="auto"),
        replace(BASE, cache_type_k="q4_0", cache_type_v="q4_0", flash_attn="on"),
        replace(BASE, cache_type_k="q8_0", flash_attn="off"),  # a quantised K alone needs none
    ]
    with EngineClient() as engine:
        for options in variants:
            engine.load(str(gemma_model), options)
            assert len(answer(engine, sampling, "The capital of France is")) == 8, options


@pytest.mark.slow
def test_going_back_past_the_sliding_window_reads_the_prompt_again(gemma_model: Path) -> None:
    """swa_full off keeps only Gemma 3's 512-token window in its window layers: regenerating
    after a long answer cannot reuse the cache (it would read wrongly), while the next turn
    of a chat still reuses it."""
    options = LoadOptions(n_ctx=4096, n_threads=2, n_batch=512, swa_full=False)
    words = "Alice met Bob at the market; they argued about apples, pears and the weather. "
    sampling = SamplingParams(temperature=0.0, max_tokens=8)
    with EngineClient() as engine:
        engine.load(str(gemma_model), options)
        question = words * 40  # ~700 tokens
        fresh = answer(engine, sampling, question)
        long_answer = question + words * 70  # ~1,200 tokens more in the cache
        list(engine.generate(long_answer, sampling))
        events = list(engine.generate(question, sampling))  # back before the window
        again = [t for e in events if isinstance(e, Piece) for t in e.token_ids]
        assert again == fresh  # a reused cache missing part of the window answers otherwise
        done = events[-1]
        assert isinstance(done, Done) and done.prompt_evaluated == done.prompt_tokens
        follow = list(engine.generate(question + " And then?", sampling))[-1]
        assert isinstance(follow, Done) and follow.prompt_evaluated < 10  # the next turn
