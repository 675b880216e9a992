"""The chat-completions wire format, with the quirks of real servers, without a network."""

from __future__ import annotations

import json

import pytest

from deskchat.chat.generation import SamplingParams
from deskchat.chat.turns import Turn
from deskchat.errors import AnswerInterruptedError
from deskchat.remote.wire import (
    Chunk,
    StreamEnd,
    Usage,
    chat_body,
    events,
    parse_chunk,
    parse_models,
)

BASE = "http://lab:8080/v1"


def sse(*objects: object) -> list[str]:
    lines: list[str] = []
    for obj in objects:
        lines += [f"data: {obj if isinstance(obj, str) else json.dumps(obj)}", ""]
    return lines


def test_the_body_sends_the_turns_as_messages_and_only_standard_fields_to_public_apis() -> None:
    turns = [Turn("system", "Be brief."), Turn("user", "Hi", 7)]
    sampling = SamplingParams(temperature=0.2, max_tokens=64, seed=5, stop=("END",))
    body = chat_body("m", turns, sampling, extra_sampling=False)
    assert body["messages"] == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
    ]
    assert body["stream"] is True and body["stream_options"] == {"include_usage": True}
    assert (body["temperature"], body["max_tokens"], body["seed"], body["stop"]) == (
        0.2,
        64,
        5,
        ["END"],
    )
    assert not {"top_k", "min_p", "repeat_penalty", "presence_penalty"} & body.keys()
    local = chat_body("m", turns, sampling, extra_sampling=True)
    assert (local["top_k"], local["min_p"], local["repeat_penalty"]) == (40, 0.05, 1.1)


def test_model_lists_give_the_context_length_under_any_of_its_names() -> None:
    data = {
        "object": "list",
        "data": [
            {"id": "vllm-model", "max_model_len": 32768},
            {"id": "llama-server", "meta": {"n_ctx_train": 131072}},
            {"id": "Plain", "owned_by": "library"},
            {"id": "router", "context_length": 8000},
            {"no id": True},
        ],
    }
    models = parse_models(data)
    assert [(m.id, m.context_length) for m in models] == [
        ("llama-server", 131072),
        ("Plain", None),
        ("router", 8000),
        ("vllm-model", 32768),
    ]
    assert models[1].owned_by == "library"
    with pytest.raises(ValueError, match="no list"):
        parse_models({"detail": "Not Found"})


def test_usage_in_a_last_chunk_without_choices_and_cached_prompt_tokens() -> None:
    chunk = parse_chunk(
        {
            "choices": [],
            "usage": {
                "prompt_tokens": 50,
                "completion_tokens": 9,
                "prompt_tokens_details": {"cached_tokens": 32},
            },
        },
        BASE,
    )
    assert chunk == Chunk("", None, Usage(50, 9, 32))


def test_a_non_streamed_answer_and_the_legacy_text_shape_are_read_too() -> None:
    whole = {"choices": [{"index": 0, "message": {"content": "All."}, "finish_reason": "stop"}]}
    assert parse_chunk(whole, BASE) == Chunk("All.", "stop", None)
    assert parse_chunk({"choices": [{"text": "old", "index": 0}]}, BASE).text == "old"
    other_choice = {"choices": [{"index": 1, "delta": {"content": "not asked for"}}]}
    assert parse_chunk(other_choice, BASE).text == ""


def test_an_error_event_mid_stream_interrupts_with_the_servers_reason() -> None:
    with pytest.raises(AnswerInterruptedError, match=r"stopped the answer \(out of memory\)"):
        parse_chunk({"error": {"message": "out of memory", "code": 500}}, BASE)


def test_text_that_is_not_a_string_is_unreadable() -> None:
    with pytest.raises(AnswerInterruptedError, match="cannot read"):
        parse_chunk({"choices": [{"index": 0, "delta": {"content": 5}}]}, BASE)


def test_server_sent_events_skip_comments_and_end_at_done() -> None:
    lines = [
        ": keep-alive",
        "event: message",
        *sse({"choices": [{"index": 0, "delta": {"role": "assistant"}}]}),
        *sse({"choices": [{"index": 0, "delta": {"content": "Hel"}}]}),
        'data: {"choices": [{"index": 0,',
        'data: "delta": {"content": "lo"}}]}',
        "",
        *sse({"choices": [{"index": 0, "delta": {}, "finish_reason": "length"}]}),
        *sse("[DONE]"),
        *sse({"choices": [{"index": 0, "delta": {"content": "after the end"}}]}),
    ]
    got = list(events(lines, BASE))
    assert [c.text for c in got if isinstance(c, Chunk)] == ["", "Hel", "lo", ""]
    assert isinstance(got[-1], StreamEnd)
    finishing = got[-2]
    assert isinstance(finishing, Chunk) and finishing.finish_reason == "length"


def test_a_line_that_is_not_json_interrupts() -> None:
    with pytest.raises(AnswerInterruptedError, match="cannot read"):
        list(events(["data: {oops", ""], BASE))
