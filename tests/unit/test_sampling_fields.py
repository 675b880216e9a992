"""The one table of sampling fields: complete, its defaults SamplingParams', its checks
one sentence naming the field and its range, and the faces generated from it."""

from __future__ import annotations

import argparse
from dataclasses import fields
from typing import Any

import pytest

from deskchat.chat.generation import SamplingParams
from deskchat.chat.sampling_fields import BY_NAME, FIELDS, checked, validate
from deskchat.cli.options import add_sampling_options, sampling_overrides
from deskchat.errors import DeskchatError
from deskchat.server.errors import ApiError
from deskchat.server.requests import parse_chat

# what the faces do not offer a person: the API's own extras, the benchmarks' switch, and
# a grammar and where it starts (set by the app itself: structured output, tools)
# prompt_lookup: the engine's, off until a quiet machine shows it pays (see its comment)
NOT_A_PERSONS_SETTING = {
    "logit_bias",
    "ignore_eos",
    "grammar",
    "grammar_openers",
    "prompt_lookup",
}


def test_every_field_a_person_sets_is_in_the_table_with_samplingparams_default() -> None:
    names = {f.name for f in fields(SamplingParams)}
    assert set(BY_NAME) == names - NOT_A_PERSONS_SETTING
    defaults = SamplingParams()
    for spec in FIELDS:
        assert spec.default == getattr(defaults, spec.name)
        assert spec.problem(spec.default) is None, spec.name  # the default is in range
        assert spec.help and spec.help_zh and spec.label and spec.label_zh
        assert spec.help != spec.help_zh


@pytest.mark.parametrize(
    ("values", "field", "words"),
    [
        ({"temperature": -5}, "temperature", "temperature must be between 0 and 2, not -5."),
        ({"top_p": 7}, "top_p", "top_p must be between 0 and 1, not 7."),
        ({"repeat_penalty": 11}, "repeat_penalty", "between 0 and 10"),
        ({"top_k": -1}, "top_k", "top_k must be at least 0, not -1."),
        ({"top_k": 2.5}, "top_k", "whole number"),
        ({"max_tokens": 0}, "max_tokens", "at least 1"),
        ({"seed": 2**40}, "seed", "between -1 and 4,294,967,295"),
        ({"min_p": "high"}, "min_p", "min_p must be a number, between 0 and 1."),
        ({"temperature": True}, "temperature", "a number"),
        ({"stop": [1]}, "stop", "list of strings"),
    ],
)
def test_validate_refuses_out_of_range_with_a_sentence_naming_the_range(
    values: dict[str, Any], field: str, words: str
) -> None:
    problems = validate(values)
    assert list(problems) == [field]
    assert words in problems[field] and problems[field].endswith(".")
    with pytest.raises(DeskchatError, match=field):
        checked(values)


def test_checked_values_are_kept_as_they_are_never_clamped() -> None:
    values = {"repeat_penalty": 3.0, "temperature": 2, "seed": -1, "stop": ["END"], "other": 1}
    assert validate(values) == {}
    assert checked(values) == {
        "repeat_penalty": 3.0,
        "temperature": 2.0,
        "seed": None,  # -1: random
        "stop": ("END",),
        "other": 1,
    }
    with pytest.raises(DeskchatError) as caught:
        checked({"temperature": 9, "top_p": 7})
    assert "temperature" in str(caught.value) and "top_p" in str(caught.value)


def cli(*argv: str) -> dict[str, Any]:
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_sampling_options(parser)
    return sampling_overrides(parser.parse_args(argv))


def test_the_cli_has_a_flag_per_field_with_the_tables_range() -> None:
    given = cli(
        "--temp", "0.3", "--top-p", "0.5", "--top-k", "7", "--min-p", "0.1",
        "--repeat-penalty", "3", "--presence-penalty", "-1", "--frequency-penalty", "1.5",
        "--max-tokens", "9", "--seed", "5", "--stop", "END",
    )  # fmt: skip
    assert given == {
        "temperature": 0.3,
        "top_p": 0.5,
        "top_k": 7,
        "min_p": 0.1,
        "repeat_penalty": 3.0,
        "presence_penalty": -1.0,
        "frequency_penalty": 1.5,
        "max_tokens": 9,
        "seed": 5,
        "stop": ["END"],
    }
    for argv, sentence in (
        (("--temp", "-5"), "argument --temp: must be between 0 and 2, not -5."),
        (("--top-p", "7"), "argument --top-p: must be between 0 and 1, not 7."),
        (("--top-k", "x"), "argument --top-k: must be a whole number, at least 0."),
    ):
        with pytest.raises(argparse.ArgumentError, match=sentence):
            cli(*argv)


def test_the_server_refuses_with_the_tables_sentence() -> None:
    body = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "repeat_penalty": 11}
    with pytest.raises(ApiError) as caught:
        parse_chat(body)
    assert caught.value.status == 400 and caught.value.param == "repeat_penalty"
    assert caught.value.message == BY_NAME["repeat_penalty"].problem(11)
    accepted = parse_chat({**body, "repeat_penalty": 3.0, "top_k": 100_000})
    assert accepted.sampling == {"repeat_penalty": 3.0, "top_k": 100_000}
