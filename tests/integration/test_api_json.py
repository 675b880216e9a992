"""Structured output through the server, with the official openai client: a real engine
with the tiny GGUF, its random answers held by the grammar that response_format asks for,
so every one parses and follows its schema."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import jsonschema
import openai
import pytest
from pydantic import BaseModel, Field

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns

MODEL = "tiny-test-chat"
ASK = [{"role": "user", "content": "Describe a city as JSON."}]
# the tiny model's byte tokens 0x80-0xFF (ids 3 + byte) string into bytes that are no UTF-8,
# which no grammar can stop (tests/unit/test_json_grammar.py says why): banned here
NO_HIGH_BYTES = {str(3 + byte): -100 for byte in range(0x80, 0x100)}
CITY = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 10},
        "big": {"type": "boolean"},
        "weather": {"enum": ["sunny", "rainy", "windy"]},
        "rivers": {"type": "array", "items": {"type": "string", "maxLength": 6}, "maxItems": 2},
    },
    "required": ["name", "big", "weather"],
    "additionalProperties": False,
}


class City(BaseModel):
    name: str = Field(min_length=1, max_length=10)
    weather: Literal["sunny", "rainy", "windy"]
    big: bool


@pytest.fixture(scope="module")
def client(tiny_model: Path) -> Iterator[openai.OpenAI]:
    engine = EngineClient()
    engine.load(str(tiny_model), LoadOptions(n_ctx=2048, n_threads=1, n_batch=64))
    try:
        with (
            OpenAIServer(ApiTurns(engine), port=0) as server,
            openai.OpenAI(base_url=server.url, api_key="x", max_retries=0, timeout=120) as client,
        ):
            yield client
    finally:
        engine.close()


def ask(client: openai.OpenAI, seed: int, response_format: Any, **extra: Any) -> Any:
    return client.chat.completions.create(
        model=MODEL,
        messages=ASK,  # type: ignore[arg-type]
        response_format=response_format,
        seed=seed,
        temperature=1.0,
        max_tokens=400,
        logit_bias=NO_HIGH_BYTES,
        **extra,
    )


def test_json_schema_answers_all_follow_the_schema(client: openai.OpenAI) -> None:
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "city", "schema": CITY, "strict": True},
    }
    seen = set()
    for seed in range(8):
        reply = ask(client, seed, response_format)
        choice = reply.choices[0]
        assert choice.finish_reason == "stop", choice.message.content
        value = json.loads(choice.message.content)
        jsonschema.validate(value, CITY)
        seen.add(choice.message.content)
    assert len(seen) > 4  # the model still chose


def test_streamed_json_object_is_one_object(client: openai.OpenAI) -> None:
    """json_object: any object; the streamed pieces join to it."""
    ended = 0
    for seed in range(4):
        stream = ask(client, seed, {"type": "json_object"}, stream=True)
        text, reason = "", None
        for chunk in stream:
            if chunk.choices:
                text += chunk.choices[0].delta.content or ""
                reason = chunk.choices[0].finish_reason or reason
        assert text.lstrip().startswith("{"), text
        if reason == "stop":
            ended += 1
            assert isinstance(json.loads(text), dict)
    assert ended >= 1


def test_the_clients_parse_helper_reads_a_pydantic_model(client: openai.OpenAI) -> None:
    """The openai client's structured-output example, unchanged: a pydantic model in, an
    instance of it out."""
    for seed in range(3):
        reply = client.chat.completions.parse(
            model=MODEL,
            messages=ASK,  # type: ignore[arg-type]
            response_format=City,
            seed=seed,
            max_tokens=400,
            logit_bias=NO_HIGH_BYTES,
        )
        city = reply.choices[0].message.parsed
        assert isinstance(city, City)
        assert 1 <= len(city.name) <= 10


def test_a_schema_without_a_grammar_is_a_400_with_a_sentence(client: openai.OpenAI) -> None:
    schema = {"type": "object", "properties": {"n": {"type": "integer", "minimum": 3}}}
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "n", "schema": schema, "strict": True},
    }
    with pytest.raises(openai.BadRequestError) as caught:
        ask(client, 0, response_format)
    error = caught.value.body
    assert isinstance(error, dict)
    assert error["param"] == "response_format.json_schema.schema"
    assert "minimum" in error["message"] and error["message"].endswith(".")
    with pytest.raises(openai.BadRequestError) as caught:
        ask(client, 0, {"type": "json_schema", "json_schema": {"name": "x", "schema": {"not": {}}}})
    assert "cannot be turned into a grammar" in str(caught.value)
