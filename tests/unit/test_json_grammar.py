"""JSON schemas as grammars: real llama.cpp on the tiny model, constrained by them, writes JSON
that follows the schema every time; tool calls constrained by each format's grammar are read
back as valid calls; a schema no grammar can hold is one sentence."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import jsonschema
import pytest

from deskchat.chat.generation import Done, Piece, SamplingParams
from deskchat.chat.json_scan import JsonScanner
from deskchat.chat.tool_formats import FORMATS
from deskchat.chat.tool_grammar import call_grammar
from deskchat.chat.tools import ToolSpec
from deskchat.engine.client import EngineClient
from deskchat.engine.json_grammar import JsonSchemaError, any_json_grammar, schema_grammar

PROMPT = "<|im_start|>user\nDescribe a person as JSON.<|im_end|>\n<|im_start|>assistant\n"

# every value bounded, so that each answer ends well within max_tokens
PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 12},
        "mood": {"enum": ["happy", "sad", "calm"]},
        "age": {"type": "integer"},
        "height": {"type": "number"},
        "ok": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 6}, "maxItems": 3},
        "home": {
            "type": "object",
            "properties": {
                "city": {"type": "string", "maxLength": 10},
                "zip": {"anyOf": [{"type": "string", "pattern": "^[0-9]{5}$"}, {"type": "null"}]},
            },
            "required": ["city"],
        },
        "nick": {"type": "string", "pattern": "^[a-z]{2,6}$"},
        "pet": {"$ref": "#/$defs/pet"},
    },
    "required": ["name", "mood", "age", "ok", "tags", "home"],
    "$defs": {"pet": {"enum": ["cat", "dog", None]}},
}


def high_bytes(engine: EngineClient) -> tuple[tuple[int, float], ...]:
    """A ban on the tiny model's byte tokens 0x80-0xFF. Its random weights string them into
    byte runs that are no UTF-8 at all, which no grammar can stop: llama.cpp checks the
    characters it decodes, not whether the bytes were a character (a trained model writes
    UTF-8). Every other character, ASCII included, stays the model's choice."""
    tokens = engine.tokenize("é", add_bos=False, with_pieces=True)  # byte fallback: C3 A9
    first = tokens.ids[tokens.pieces.index("<0xC3>")] - 0xC3  # byte tokens run from <0x00>
    assert tokens.ids[tokens.pieces.index("<0xA9>")] == first + 0xA9
    return tuple((first + byte, -100.0) for byte in range(0x80, 0x100))


def generate(engine: EngineClient, grammar: str, seed: int, prompt: str = PROMPT) -> str:
    text, reason = answer(engine, grammar, seed, prompt)
    assert reason == "stop", text  # the grammar ended it, well before max_tokens
    return text


def answer(engine: EngineClient, grammar: str, seed: int, prompt: str = PROMPT) -> tuple[str, str]:
    text, done = "", None
    sampling = SamplingParams(
        temperature=1.0,
        seed=seed,
        max_tokens=600,
        grammar=grammar,
        logit_bias=high_bytes(engine),
    )
    for event in engine.generate(prompt, sampling):
        if isinstance(event, Piece):
            text += event.text
        else:
            done = event
    assert isinstance(done, Done)
    return text, done.finish_reason


def test_a_hundred_answers_all_follow_the_schema(tiny_engine: EngineClient) -> None:
    grammar = schema_grammar(PERSON)
    seen: set[str] = set()
    for seed in range(100):
        text = generate(tiny_engine, grammar, seed)
        value = json.loads(text)  # strict: no raw control characters in strings either
        jsonschema.validate(value, PERSON)
        seen.add(text)
    assert len(seen) > 90  # different seeds, different answers: the model did choose


def test_any_json_is_an_object(tiny_engine: EngineClient) -> None:
    """Unbounded strings let a random model write on to max_tokens; what it wrote by then
    is still JSON so far, and every answer it ended is a whole object."""
    grammar = any_json_grammar()
    ended = 0
    for seed in range(12):
        text, reason = answer(tiny_engine, grammar, seed)
        if reason == "stop":
            ended += 1
            assert isinstance(json.loads(text), dict), text
        else:
            assert text.lstrip().startswith("{") and JsonScanner().feed(text) is None
    assert ended >= 6


@pytest.mark.parametrize(
    ("schema", "says"),
    [
        ({"type": "mystery"}, "Unrecognized schema"),
        ({"$ref": "https://example.com/person.json"}, "Fetching remote schemas is not allowed."),
        ({"not": {"type": "string"}}, "Unrecognized schema"),
        ({"type": "string", "pattern": "[a-z]+"}, 'Pattern must start with "^"'),
        ({"$ref": "#/$defs/missing"}, "Error resolving ref"),
        (["not", "a", "schema"], "a schema is a JSON object, not list"),
    ],
)
def test_a_schema_that_cannot_be_a_grammar_is_one_sentence(schema: Any, says: str) -> None:
    with pytest.raises(JsonSchemaError) as caught:
        schema_grammar(schema)
    sentence = caught.value.sentence
    assert sentence is not None
    assert sentence.template.startswith("This JSON schema cannot be turned into a grammar")
    assert says in str(caught.value)
    assert "--allow-fetch" not in str(caught.value)  # the converter's command-line advice


def test_what_a_grammar_cannot_hold_is_named_unless_loose() -> None:
    schema = {
        "type": "object",
        "properties": {
            "minimum": {"type": "integer", "maximum": 3},  # a property may be called "minimum"
            "xs": {"type": "array", "items": {"type": "number", "multipleOf": 2}},
        },
    }
    with pytest.raises(JsonSchemaError) as caught:
        schema_grammar(schema)
    assert str(caught.value) == (
        "This JSON schema asks for what a grammar cannot hold the answer to: maximum, "
        "multipleOf. Leave those out of the schema."
    )
    assert schema_grammar(schema, loose=True).count("::=") > 3


def test_the_converter_does_not_load_llama_cpp_into_the_asking_process() -> None:
    code = (
        "import sys; from deskchat.engine.json_grammar import schema_grammar; "
        "g = schema_grammar({'type': 'object'}); "
        "print('root ::=' in g, any(m.split('.')[0] == 'llama_cpp' for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


# -- tool calls, constrained by each format's grammar --------------------------------------

TOOLS = [
    ToolSpec(
        "get_weather",
        "The weather in a city",
        {
            "type": "object",
            "properties": {
                "city": {"type": "string", "minLength": 1, "maxLength": 8},
                "days": {"enum": [1, 2, 3]},
            },
            "required": ["city"],
        },
    ),
    ToolSpec("get_time"),
]
SCHEMAS = {tool.name: tool.parameters for tool in TOOLS}


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_constrained_model_calls_a_tool_in_every_format(
    tiny_engine: EngineClient, fmt: str
) -> None:
    """tool_choice "required": even a random model's answer is one valid call, which the
    format's own parser reads back."""
    grammar = call_grammar(FORMATS[fmt], TOOLS, schema_grammar, parallel=False, required=True)
    for seed in range(3):
        text = generate(tiny_engine, grammar.grammar, seed)
        parser = FORMATS[fmt].parser()
        parser.feed(text)
        parser.finish()
        assert parser.problems == [], text
        assert len(parser.calls) == 1, text
        call = parser.calls[0]
        jsonschema.validate(call.parsed, SCHEMAS[call.name])
