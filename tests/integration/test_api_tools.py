"""Tool calling through the server with the official openai client: a real engine with the
tiny GGUF carrying Qwen 2.5's tool-calling template. tool_choice "required" holds its random
answer to the call grammar, so it calls a tool whose arguments are valid JSON for the
tool's schema; the tool's result sent back gets an answer."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import jsonschema
import openai
import pytest
from pydantic import BaseModel, Field

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns
from tests.unit.test_tool_turns import QWEN25_TEMPLATE

MODEL = "tiny-qwen-tools"
NO_HIGH_BYTES = {str(3 + byte): -100 for byte in range(0x80, 0x100)}  # see test_api_json
WEATHER_ARGS = {
    "type": "object",
    "properties": {
        "city": {"type": "string", "minLength": 1, "maxLength": 8},
        "unit": {"enum": ["celsius", "fahrenheit"]},
    },
    "required": ["city", "unit"],
}
TOOLS: list[Any] = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city",
            "parameters": WEATHER_ARGS,
        },
    },
    {"type": "function", "function": {"name": "get_time", "description": "The time now"}},
]
ASK: list[Any] = [{"role": "user", "content": "What is the weather in Paris?"}]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[openai.OpenAI]:
    path = tmp_path_factory.mktemp("models") / f"{MODEL}.gguf"
    write_tiny_gguf(path, name=MODEL, chat_template=QWEN25_TEMPLATE)
    engine = EngineClient()
    engine.load(str(path), LoadOptions(n_ctx=2048, n_threads=1, n_batch=64))
    try:
        with (
            OpenAIServer(ApiTurns(engine), port=0) as server,
            openai.OpenAI(base_url=server.url, api_key="x", max_retries=0, timeout=120) as client,
        ):
            yield client
    finally:
        engine.close()


def ask(client: openai.OpenAI, messages: list[Any], seed: int, **extra: Any) -> Any:
    return client.chat.completions.create(
        model=MODEL,
        messages=messages,
        tools=TOOLS,
        seed=seed,
        temperature=1.0,
        max_tokens=300,
        logit_bias=NO_HIGH_BYTES,
        **extra,
    )


def check_call(name: str, arguments: str) -> None:
    value = json.loads(arguments)
    if name == "get_weather":
        jsonschema.validate(value, WEATHER_ARGS)
    else:
        assert name == "get_time" and value == {}


def test_required_gives_a_parsed_call_then_the_result_gets_an_answer(
    client: openai.OpenAI,
) -> None:
    reply = ask(client, ASK, 1, tool_choice="required", parallel_tool_calls=False)
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert calls is not None and len(calls) == 1
    call = calls[0]
    assert call.type == "function" and call.id.startswith("call_")
    check_call(call.function.name, call.function.arguments)
    # the openai client's example: the call goes back with its result
    followup = [
        *ASK,
        choice.message.model_dump(exclude_none=True),
        {"role": "tool", "tool_call_id": call.id, "content": '{"temp": 18, "sky": "sunny"}'},
    ]
    answer = ask(client, followup, 2)  # "auto": the tools still offered, the answer free
    assert answer.choices[0].finish_reason in ("stop", "length")
    assert answer.choices[0].message.tool_calls is None
    assert answer.usage.prompt_tokens > reply.usage.prompt_tokens  # the call and result went in


def test_a_named_function_is_the_one_called(client: openai.OpenAI) -> None:
    for seed in range(3):
        choice = {"type": "function", "function": {"name": "get_weather"}}
        reply = ask(client, ASK, seed, tool_choice=choice)
        calls = reply.choices[0].message.tool_calls
        assert calls and {c.function.name for c in calls} == {"get_weather"}
        for call in calls:
            check_call(call.function.name, call.function.arguments)


def test_streamed_calls_come_as_openai_deltas(client: openai.OpenAI) -> None:
    stream = ask(client, ASK, 3, tool_choice="required", stream=True)
    calls: dict[int, dict[str, str]] = {}
    reasons = []
    for chunk in stream:
        delta = chunk.choices[0].delta
        reasons.append(chunk.choices[0].finish_reason)
        for piece in delta.tool_calls or []:
            if piece.index not in calls:  # a call's first delta: id, type, name, ""
                assert piece.id and piece.type == "function" and piece.function.name
                assert piece.function.arguments == ""
                calls[piece.index] = {"name": piece.function.name, "arguments": ""}
            else:
                assert piece.id is None
                calls[piece.index]["arguments"] += piece.function.arguments or ""
    assert reasons[-1] == "tool_calls"
    assert calls
    for call in calls.values():
        check_call(call["name"], call["arguments"])


def test_tool_mistakes_are_400s_with_a_sentence(client: openai.OpenAI) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"tools": [{"type": "function", "function": {"name": "no spaces"}}]}, "tools[0]"),
        ({"tool_choice": {"type": "function", "function": {"name": "nope"}}}, "tool_choice"),
        ({"tool_choice": "sometimes"}, "tool_choice"),
    ]
    for fields, param in cases:
        body = {"tools": TOOLS, **fields}
        with pytest.raises(openai.BadRequestError) as caught:
            client.chat.completions.create(model=MODEL, messages=ASK, **body)
        error = caught.value.body
        assert isinstance(error, dict) and error["param"] == param
        assert error["message"].endswith(".")


class GetWeather(BaseModel):
    """The weather in a city."""

    city: str = Field(min_length=1, max_length=8)
    unit: Literal["celsius", "fahrenheit"]


def test_the_clients_pydantic_tool_example_parses_its_arguments(client: openai.OpenAI) -> None:
    """openai.pydantic_function_tool and chat.completions.parse, as the client documents
    them: a strict tool, its call's arguments parsed into the model."""
    reply = client.chat.completions.parse(
        model=MODEL,
        messages=ASK,
        tools=[openai.pydantic_function_tool(GetWeather)],
        tool_choice="required",
        parallel_tool_calls=False,  # a random model could go on calling to max_tokens
        seed=4,
        max_tokens=300,
        logit_bias=NO_HIGH_BYTES,
    )
    calls = reply.choices[0].message.tool_calls
    assert calls
    for call in calls:
        assert isinstance(call.function.parsed_arguments, GetWeather)
