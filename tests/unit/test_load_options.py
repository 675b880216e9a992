"""The KV-cache types, flash attention auto/on/off and the sliding-window cache as settings:
checked, saved, read back (older files too), offered by the CLI and counted by the memory
estimate; and DRY and XTC as sampling fields every face takes."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import pytest

from deskchat import paths
from deskchat.app_state import AppState
from deskchat.chat.generation import LoadOptions, SamplingParams, load_problem
from deskchat.cli.options import add_model_options, checked_load_options, load_options
from deskchat.errors import DeskchatError
from deskchat.hub.fit import estimate_needed
from deskchat.hub.gguf_header import KVShape
from deskchat.remote.wire import chat_body
from deskchat.server.requests import parse_chat
from deskchat.settings import Settings, load_settings, save_settings

GEMMA_LIKE = KVShape("gemma3", 18, 1, 256, 256, 32768, n_head=4, n_embd=640, n_vocab=262144)


def test_a_quantised_v_cache_needs_flash_attention_said_in_one_sentence() -> None:
    problem = load_problem(LoadOptions(cache_type_v="q4_0", flash_attn="off"))
    assert str(problem) == (
        "A quantised V cache (q4_0) needs flash attention: set flash attention to auto or on, "
        "or the V cache to f16."
    )
    assert load_problem(LoadOptions(cache_type_v="q4_0", flash_attn="auto")) is None
    assert load_problem(LoadOptions(cache_type_k="q4_0", flash_attn="off")) is None
    assert "not a KV-cache type" in str(load_problem(LoadOptions(cache_type_k="q3")))


def test_new_load_and_sampling_settings_survive_a_restart() -> None:
    settings = Settings(
        load=LoadOptions(flash_attn="on", cache_type_k="q8_0", cache_type_v="q4_0", swa_full=True),
        sampling=SamplingParams(
            dry_multiplier=0.8, dry_sequence_breakers=("\n", "##"), xtc_probability=0.5
        ),
    )
    save_settings(settings)
    assert load_settings() == (settings, None)


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        ({"flash_attn": True}, LoadOptions(flash_attn="on")),  # a file from before "auto"
        ({"flash_attn": False}, LoadOptions()),  # the old default: now llama.cpp's auto
        ({"flash_attn": "sometimes", "cache_type_k": "q3"}, LoadOptions()),
        ({"cache_type_v": "q8_0", "swa_full": "yes"}, LoadOptions(cache_type_v="q8_0")),
    ],
)
def test_older_or_damaged_load_settings_read_as_the_nearest_choice(
    stored: dict[str, object], read: LoadOptions
) -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"load": stored}), encoding="utf-8")
    assert load_settings()[0].load == read


def test_the_app_state_refuses_a_cache_type_that_is_not_one() -> None:
    state = AppState()
    state.update_load(cache_type_k="q8_0", flash_attn="off", swa_full=True)
    assert load_settings()[0].load == LoadOptions(
        cache_type_k="q8_0", flash_attn="off", swa_full=True
    )
    with pytest.raises(DeskchatError, match="cache_type_v cannot be 'q9'; choose one of"):
        state.update_load(cache_type_v="q9")
    with pytest.raises(DeskchatError, match="choose one of 'auto'"):
        state.update_load(flash_attn="yes")
    with pytest.raises(DeskchatError, match="cannot be True: it takes text"):
        state.update_load(flash_attn=True)


def cli(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_model_options(parser)
    return parser.parse_args(argv)


def test_the_cli_takes_the_new_load_flags() -> None:
    options = load_options(
        LoadOptions(), cli("--flash-attn", "--cache-type-k", "q8_0", "--swa-full")
    )
    assert (options.flash_attn, options.cache_type_k, options.swa_full) == ("on", "q8_0", True)
    assert load_options(LoadOptions(swa_full=True), cli("--no-swa-full")).swa_full is False
    assert load_options(LoadOptions(), cli("--flash-attn", "auto")).flash_attn == "auto"
    with pytest.raises(argparse.ArgumentError):
        cli("--cache-type-v", "q3")
    with pytest.raises(DeskchatError, match="needs flash attention"):
        checked_load_options(
            "any.gguf", LoadOptions(), cli("--cache-type-v", "q8_0", "--flash-attn", "off")
        )


def test_the_memory_estimate_counts_the_cache_type() -> None:
    f16 = GEMMA_LIKE.kv_cache_bytes(32768)
    assert f16 == 18 * 1 * 512 * 32768 * 2
    assert GEMMA_LIKE.kv_cache_bytes(32768, "q8_0", "q8_0") == f16 * 34 // 64
    assert GEMMA_LIKE.kv_cache_bytes(32768, "q4_0", "f16") == 18 * 256 * 32768 * (18 / 32 + 2)
    smaller = estimate_needed(253_000_000, 32768, GEMMA_LIKE, cache_types=("q4_0", "q4_0"))
    assert estimate_needed(253_000_000, 32768, GEMMA_LIKE) - smaller == f16 - f16 * 18 // 64


def test_dry_and_xtc_reach_the_api_and_a_llama_cpp_server() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}]}
    accepted = parse_chat(
        {
            **body,
            "dry_multiplier": 0.8,
            "dry_base": 1.75,
            "dry_allowed_length": 3,
            "dry_penalty_last_n": -1,
            "dry_sequence_breakers": ["\n"],
            "xtc_probability": 0.5,
            "xtc_threshold": 0.1,
        }
    )
    assert accepted.sampling == {
        "dry_multiplier": 0.8,
        "dry_base": 1.75,
        "dry_allowed_length": 3,
        "dry_penalty_last_n": -1,
        "dry_sequence_breakers": ("\n",),
        "xtc_probability": 0.5,
        "xtc_threshold": 0.1,
    }
    sampling = replace(SamplingParams(), dry_multiplier=0.8, xtc_probability=0.5)
    sent = chat_body("m", [], sampling, extra_sampling=True)
    assert (sent["dry_multiplier"], sent["xtc_probability"]) == (0.8, 0.5)
    assert sent["dry_sequence_breakers"] == ["\n", ":", '"', "*"]
    assert "dry_multiplier" not in chat_body("m", [], sampling, extra_sampling=False)
    assert "xtc_probability" not in chat_body("m", [], SamplingParams(), extra_sampling=True)
