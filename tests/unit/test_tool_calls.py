"""Tool calls: the vocabulary, each format told from its chat template, and each format's
streaming parser against answers written as the models write them, split at every point."""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from deskchat.chat import templates
from deskchat.chat.gbnf import literal, namespaced, rule_names
from deskchat.chat.json_scan import JsonScanner, JsonSyntaxError
from deskchat.chat.tool_events import UNFINISHED
from deskchat.chat.tool_formats import FORMATS, detect_format
from deskchat.chat.tool_grammar import call_grammar
from deskchat.chat.tool_stream import (
    ArgsDelta,
    CallDropped,
    CallEnd,
    CallStart,
    TextDelta,
    ToolEvent,
    parse_whole,
)
from deskchat.chat.tools import ToolCall, ToolCallError, ToolResult, ToolSpec, ToolSpecError
from deskchat.engine.json_grammar import schema_grammar
from deskchat.hub.tiny_gguf import CHATML_TEMPLATE

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "templates"


def made_up_id(index: int) -> str:
    return f"id{index}"


@dataclass(frozen=True)
class Case:
    format: str
    output: str  # the answer as the model writes it
    text: str  # what is left as the answer's text
    calls: tuple[tuple[str, dict[str, Any]], ...] = ()
    ids: tuple[str, ...] = ()  # the calls' ids, where the model wrote them
    dropped: int = 0  # calls that began and were dropped
    problems: int = 0


WEATHER = ("get_weather", {"city": "Paris"})
TIME = ("get_time", {"tz": "CET"})

CASES = {
    # Hermes / Qwen
    "hermes two calls between text": Case(
        "hermes",
        'Let me check.\n<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}\n'
        '</tool_call>\n<tool_call>\n{"name": "get_time", "arguments": {"tz": "CET"}}\n'
        "</tool_call>\nDone.",
        "Let me check.\nDone.",
        (WEATHER, TIME),
    ),
    "hermes text with angle brackets": Case(
        "hermes", "If a < b then <b>bold</b> <tool", "If a < b then <b>bold</b> <tool"
    ),
    "hermes arguments as a string": Case(
        "hermes",
        '<tool_call>{"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}</tool_call>',
        "",
        (WEATHER,),
    ),
    "hermes malformed arguments": Case(
        "hermes",
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": Paris}}\n</tool_call>',
        '<tool_call>\n{"name": "get_weather", "arguments": {"city": Paris}}\n</tool_call>',
        dropped=1,
        problems=1,
    ),
    "hermes a name that is no tool's": Case(
        "hermes",
        '<tool_call>{"name": "get weather", "arguments": {}}</tool_call>',
        '<tool_call>{"name": "get weather", "arguments": {}}</tool_call>',
        problems=1,
    ),
    "hermes unfinished call": Case(
        "hermes",
        'Sure.<tool_call>{"name": "get_weather", "arguments": {"ci',
        'Sure.<tool_call>{"name": "get_weather", "arguments": {"ci',
        dropped=1,
        problems=1,
    ),
    "hermes cut before the name": Case(
        "hermes", '<tool_call>{"nam', '<tool_call>{"nam', problems=1
    ),
    "hermes second call malformed": Case(
        "hermes",
        '<tool_call>{"name": "get_weather", "arguments": {"city": "Paris"}}</tool_call>'
        '<tool_call>{"name": "get_time", "arguments": {"tz": "CET",}}</tool_call>',
        '<tool_call>{"name": "get_time", "arguments": {"tz": "CET",}}</tool_call>',
        (WEATHER,),
        dropped=1,
        problems=1,
    ),
    "hermes a call without a name": Case(
        "hermes",
        '<tool_call>{"arguments": {}}</tool_call>',
        '<tool_call>{"arguments": {}}</tool_call>',
        problems=1,
    ),
    "hermes a call without arguments": Case(
        "hermes",
        '<tool_call>{"name": "get_time"}</tool_call>',
        '<tool_call>{"name": "get_time"}</tool_call>',
        problems=1,
    ),
    "hermes an empty object": Case(
        "hermes", "<tool_call>{}</tool_call>", "<tool_call>{}</tool_call>", problems=1
    ),
    "hermes an id that is not text": Case(
        "hermes",
        '<tool_call>{"id": [1], "name": "get_time", "arguments": {}}',
        '<tool_call>{"id": [1], "name": "get_time", "arguments": {}}',
        problems=1,
    ),
    # Llama 3.x
    "llama3 the answer is the call": Case(
        "llama3", '{"name": "get_weather", "parameters": {"city": "Paris"}}', "", (WEATHER,)
    ),
    "llama3 two calls": Case(
        "llama3",
        '\n{"type": "function", "name": "get_weather", "parameters": {"city": "Paris"}}; '
        '{"name": "get_time", "parameters": {"tz": "CET"}}',
        "",
        (WEATHER, TIME),
    ),
    "llama3 a JSON answer": Case("llama3", '{"answer": 42} is it', '{"answer": 42} is it'),
    "llama3 JSON later in text is text": Case(
        "llama3",
        'I would send {"name": "get_time", "parameters": {}}',
        'I would send {"name": "get_time", "parameters": {}}',
    ),
    "llama3 python tag, built-in tool": Case(
        "llama3",
        '<|python_tag|>brave_search.call(query="weather in Paris", count=3)',
        "",
        (("brave_search", {"query": "weather in Paris", "count": 3}),),
    ),
    "llama3 python tag, JSON": Case(
        "llama3",
        '<|python_tag|>{"name": "get_weather", "parameters": {"city": "Paris"}}',
        "",
        (WEATHER,),
    ),
    "llama3 unfinished": Case(
        "llama3",
        '{"name": "get_weather", "parameters": {"city": "Par',
        '{"name": "get_weather", "parameters": {"city": "Par',
        dropped=1,
        problems=1,
    ),
    "llama3 python tag, no arguments": Case(
        "llama3", "<|python_tag|>get_time.call()", "", (("get_time", {}),)
    ),
    "llama3 python tag, a bad argument name": Case(
        "llama3",
        '<|python_tag|>brave_search.call(1x="a")',
        '<|python_tag|>brave_search.call(1x="a")',
        dropped=1,
        problems=1,
    ),
    # Mistral
    "mistral array of two": Case(
        "mistral",
        'Checking.[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}, '
        '"id": "a1b2c3d4e"}, {"name": "get_time", "arguments": {"tz": "CET"}, "id": "x9y8z7w6v"}]',
        "Checking.",
        (WEATHER, TIME),
    ),
    "mistral malformed array": Case(
        "mistral",
        '[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}} {"name"',
        ' {"name"',
        (WEATHER,),
        problems=1,
    ),
    "mistral name then args": Case(
        "mistral_args",
        '[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}[TOOL_CALLS]get_time[CALL_ID]abcdefghi'
        '[ARGS]{"tz": "CET"}',
        "",
        (WEATHER, TIME),
        ids=("id0", "abcdefghi"),
    ),
    "mistral unfinished name": Case(
        "mistral_args", "[TOOL_CALLS]get_wea", "[TOOL_CALLS]get_wea", problems=1
    ),
    "mistral arguments not an object": Case(
        "mistral_args",
        "[TOOL_CALLS]get_time[ARGS][1]",
        "[TOOL_CALLS]get_time[ARGS][1]",
        dropped=1,
        problems=1,
    ),
    # gpt-oss harmony
    "harmony thought then call": Case(
        "harmony",
        "<|channel|>analysis<|message|>Need the weather.<|end|><|start|>assistant"
        "<|channel|>commentary to=functions.get_weather <|constrain|>json<|message|>"
        '{"city":"Paris"}<|call|>',
        "<|channel|>analysis<|message|>Need the weather.<|end|><|start|>assistant",
        (WEATHER,),
    ),
    "harmony recipient in the role": Case(
        "harmony",
        ' to=functions.get_time<|channel|>commentary json<|message|>{"tz": "CET"}',
        "",
        (TIME,),
    ),
    "harmony answer passes with its markup": Case(
        "harmony",
        "<|channel|>final<|message|>It is sunny.<|return|>",
        "<|channel|>final<|message|>It is sunny.<|return|>",
    ),
    # Command R / R7B
    "command r action": Case(
        "command_r",
        'Plan: look it up.\nAction: ```json\n[\n    {\n        "tool_name": "get_weather",\n'
        '        "parameters": {"city": "Paris"}\n    }\n]\n```',
        "Plan: look it up.\n",
        (WEATHER,),
    ),
    "command r action in a sentence": Case(
        "command_r", "Call to Action: vote!", "Call to Action: vote!"
    ),
    "command r plain fence": Case(
        "command_r",
        'Action: ```\n[{"tool_name": "get_time", "parameters": {"tz": "CET"}}]\n```',
        "",
        (TIME,),
    ),
    "command r7b action": Case(
        "command_r7b",
        '<|START_ACTION|>[\n    {"tool_call_id": "0", "tool_name": "get_weather", "parameters": '
        '{"city": "Paris"}},\n    {"tool_call_id": "1", "tool_name": "get_time", "parameters": '
        '{"tz": "CET"}}\n]<|END_ACTION|>',
        "",
        (WEATHER, TIME),
        ids=("0", "1"),
    ),
    "command r7b response markup": Case(
        "command_r7b", "<|START_RESPONSE|>Hello!<|END_RESPONSE|>", "Hello!"
    ),
    # Granite
    "granite two calls": Case(
        "granite",
        '<|tool_call|>[{"name": "get_weather", "arguments": {"city": "Paris"}}, '
        '{"name": "get_time", "arguments": {"tz": "CET"}}]',
        "",
        (WEATHER, TIME),
    ),
    # DeepSeek
    "deepseek r1 two calls after text": Case(
        "deepseek_r1",
        "Let me see.<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n"
        '```json\n{"city": "Paris"}\n```<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function'
        '<｜tool▁sep｜>get_time\n```json\n{"tz": "CET"}\n```<｜tool▁call▁end｜>'
        "<｜tool▁calls▁end｜>",
        "Let me see.",
        (WEATHER, TIME),
    ),
    "deepseek v3.1 call": Case(
        "deepseek_v3_1",
        "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>"
        '{"city": "Paris"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>',
        "",
        (WEATHER,),
    ),
    "deepseek text after the calls": Case(
        "deepseek_v3_1",
        "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>"
        '{"tz": "CET"}<｜tool▁call▁end｜>And then.',
        "And then.",
        (TIME,),
    ),
    # Functionary v3.2
    "functionary text, call, code": Case(
        "functionary",
        'all\nLet me check.>>>get_weather\n{"city": "Paris"}>>>python\nprint("hi")\n',
        "Let me check.",
        (WEATHER, ("python", {"code": 'print("hi")\n'})),
    ),
    "functionary short answer": Case("functionary", "Hi", "Hi"),
    "functionary no recipient": Case(
        "functionary", "Hello there\nhow are you?", "Hello there\nhow are you?"
    ),
}


def run(fmt: str, pieces: list[str]) -> tuple[list[ToolEvent], Any]:
    parser = FORMATS[fmt].parser(made_up_id)
    events: list[ToolEvent] = []
    for piece in pieces:
        events += parser.feed(piece)
    events += parser.finish()
    return events, parser


def splits(text: str) -> list[list[str]]:
    """The whole text, every split into two pieces, and one character at a time."""
    return [[text], *([text[:i], text[i:]] for i in range(1, len(text))), list(text)]


def check(case: Case, events: list[ToolEvent], parser: Any) -> None:
    assert "".join(e.text for e in events if isinstance(e, TextDelta)) == case.text
    calls = [(c.name, c.parsed) for c in parser.calls]
    assert calls == list(case.calls)
    assert len(parser.problems) == case.problems
    assert sum(isinstance(e, CallDropped) for e in events) == case.dropped
    if case.ids:
        assert tuple(c.id for c in parser.calls) == case.ids
    # each call: a start, its argument deltas adding up to its arguments, then its end
    for end in (e for e in events if isinstance(e, CallEnd)):
        own = [e for e in events if getattr(e, "index", None) == end.index]
        assert isinstance(own[0], CallStart) and own[0].name == end.call.name
        assert own[0].id == end.call.id and own[-1] is end
        deltas = "".join(e.text for e in own if isinstance(e, ArgsDelta))
        assert deltas == end.call.arguments


@pytest.mark.parametrize("name", list(CASES))
def test_every_format_reads_the_same_however_the_answer_is_split(name: str) -> None:
    case = CASES[name]
    for pieces in splits(case.output):
        events, parser = run(case.format, pieces)
        check(case, events, parser)


def test_text_streams_out_as_soon_as_it_cannot_be_a_marker() -> None:
    parser = FORMATS["hermes"].parser(made_up_id)
    assert parser.feed("Hello <") == [TextDelta("Hello ")]  # "<" may open "<tool_call>"
    assert parser.feed("b") == [TextDelta("<b")]
    assert parser.feed("> <tool_") == [TextDelta("> ")]
    assert parser.feed('call>{"name": "get_time", "argu') == []
    assert parser.in_call
    assert parser.feed('ments": {"tz"') == [CallStart(0, "id0", "get_time"), ArgsDelta(0, '{"tz"')]
    assert parser.feed(': "CET"}') == [ArgsDelta(0, ': "CET"}')]
    events = parser.feed("}</tool_call>")
    assert events == [CallEnd(0, ToolCall("id0", "get_time", '{"tz": "CET"}'))]
    assert not parser.in_call
    assert parser.finish() == []


def test_an_unfinished_call_is_dropped_with_a_sentence_and_kept_as_text() -> None:
    events, parser = run("hermes", ['<tool_call>{"name": "get_time", "arguments": {"tz": '])
    assert events[:2] == [CallStart(0, "id0", "get_time"), ArgsDelta(0, '{"tz": ')]
    assert events[2] == CallDropped(0, UNFINISHED)
    assert events[3] == TextDelta('<tool_call>{"name": "get_time", "arguments": {"tz": ')
    assert parser.problems == [UNFINISHED]


def test_a_malformed_call_is_logged_and_says_which_tool(caplog: pytest.LogCaptureFixture) -> None:
    events, _ = run("hermes", ['<tool_call>{"name": "get_time", "arguments": {"tz" 1}}'])
    dropped = [e for e in events if isinstance(e, CallDropped)]
    assert len(dropped) == 1
    assert str(dropped[0].reason).startswith('The model\'s call to the tool "get_time" was not')
    assert "kept as text" in caplog.text


def test_ids_are_made_in_each_formats_style() -> None:
    assert re.fullmatch(r"call_[A-Za-z0-9]{24}", FORMATS["hermes"].new_id(0))
    assert re.fullmatch(r"[A-Za-z0-9]{9}", FORMATS["mistral"].new_id(0))
    assert FORMATS["command_r"].new_id(2) == "2"
    two = (
        '<tool_call>{"name": "f", "arguments": {}}</tool_call>'
        '<tool_call>{"name": "g", "arguments": {}}</tool_call>'
    )
    parser = FORMATS["hermes"].parser()
    parser.feed(two)
    parser.finish()
    assert len({c.id for c in parser.calls}) == 2


# -- detection -----------------------------------------------------------------------------

REAL = {path.stem: path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.jinja")}
DETECTED_REAL = {"llama3_1": "llama3", "granite": "granite"}


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_templates_announce_the_format_they_write(name: str) -> None:
    found = detect_format(REAL[name])
    assert (found.id if found else None) == DETECTED_REAL.get(name)


def test_templates_without_tools_announce_none() -> None:
    assert "smollm2" in REAL and detect_format(REAL["smollm2"]) is None  # SmolLM2's GGUF
    assert detect_format(CHATML_TEMPLATE) is None  # the tiny test model's
    for name, template in templates.BUILTIN_TEMPLATES.items():
        assert detect_format(template) is None, name
    assert detect_format(None) is None and detect_format("") is None


# minimal stand-ins for the real templates, with the markers where those have them
SNIPPETS = {
    "hermes": "{%- for tool in tools %}{{ tool | tojson }}{% endfor %}For each function call, "
    "return a json object within <tool_call></tool_call> XML tags",
    "llama3": "{{- '<|start_header_id|>ipython<|end_header_id|>\\n\\n' }}",
    "mistral": "{{- '[AVAILABLE_TOOLS]' }}{{- '[TOOL_CALLS]' }}{{ tool_calls | tojson }}",
    "mistral_args": "{{- '[TOOL_CALLS]' + tc.function.name + '[ARGS]' + tc.function.arguments }}",
    "harmony": "{{- '<|start|>assistant<|channel|>commentary to=functions.' + name }}",
    "command_r": "Write 'Action:' followed by a json-formatted list of actions: "
    '[{"tool_name": title of the tool, "parameters": a dict}]',
    "command_r7b": "{{- '<|END_THINKING|><|START_ACTION|>' }}{{ calls }}{{ '<|END_ACTION|>' }}",
    "granite": "respond with <|tool_call|> followed by a JSON list of tools used",
    "deepseek_r1": "{{'<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + tool['type']"
    " + '<｜tool▁sep｜>' + tool['function']['name'] + '\\n' + '```json' + '\\n'}}",
    "deepseek_v3_1": "{{'<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>' + name + '<｜tool▁sep｜>'"
    " + arguments + '<｜tool▁call▁end｜>'}}",
    "functionary": "{{ '>>>all\\n' + message['content'] }}",
}


@pytest.mark.parametrize("fmt", sorted(SNIPPETS))
def test_each_format_is_told_from_its_markers(fmt: str) -> None:
    found = detect_format(SNIPPETS[fmt])
    assert found is not None and found.id == fmt


def test_xml_argument_formats_are_not_read_as_hermes() -> None:
    qwen3_coder = "<tool_call>\n<function={{ name }}>\n<parameter={{ key }}>\n"
    glm = "<tool_call>{{ name }}<arg_key>{{ k }}</arg_key><arg_value>{{ v }}</arg_value>"
    assert detect_format(qwen3_coder) is None and detect_format(glm) is None


def test_harmony_parses_before_reasoning_and_others_after() -> None:
    assert FORMATS["harmony"].before_reasoning
    assert not any(f.before_reasoning for k, f in FORMATS.items() if k != "harmony")


# -- the vocabulary ------------------------------------------------------------------------


def test_a_tool_is_read_from_openai_and_written_back() -> None:
    wire = {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather in a city",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
    spec = ToolSpec.from_openai(wire)
    assert spec.to_openai() == wire
    assert ToolSpec.from_openai({"name": "ping"}).parameters == {"type": "object", "properties": {}}


@pytest.mark.parametrize(
    ("tool", "says"),
    [
        ({"name": "get weather"}, 'The tool name "get weather" cannot be used'),
        ({"name": "x" * 65}, "cannot be used"),
        ({"name": ""}, 'The tool name "" cannot be used'),
        ({"name": "f", "parameters": {"type": "array"}}, "must be a JSON schema of type object"),
        ({"name": "f", "parameters": [1]}, "must be a JSON schema of type object"),
        ({"type": "retrieval", "function": {"name": "f"}}, 'not "retrieval"'),
        ("get_weather", "A tool must be a JSON object"),
    ],
)
def test_a_bad_tool_is_one_sentence(tool: object, says: str) -> None:
    with pytest.raises(ToolSpecError) as caught:
        ToolSpec.from_openai(tool)
    assert says in str(caught.value) and caught.value.sentence is not None


def test_a_call_holds_an_object_of_arguments() -> None:
    call = ToolCall("call_1", "get_weather", '{"city": "Paris"}')
    assert call.parsed == {"city": "Paris"}
    assert call.to_openai() == {
        "id": "call_1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
    }
    templated = call.to_openai(object_arguments=True)["function"]
    assert templated == {"name": "get_weather", "arguments": {"city": "Paris"}}
    for bad in ("[1]", "{", '"text"'):
        with pytest.raises(ToolCallError, match="are not a JSON object"):
            ToolCall("call_1", "get_weather", bad)


def test_a_result_is_a_tool_message() -> None:
    result = ToolResult("call_1", "18 °C", name="get_weather")
    assert result.to_message() == {
        "role": "tool",
        "tool_call_id": "call_1",
        "content": "18 °C",
        "name": "get_weather",
    }
    assert "name" not in ToolResult("call_2", "denied", is_error=True).to_message()


# -- grammars, as text ---------------------------------------------------------------------


def test_namespacing_renames_rules_and_nothing_quoted() -> None:
    grammar = 'root ::= "root" [a-z root] item{1,3} # root\nitem ::= "\\"x\\"" | root'
    renamed = namespaced(grammar, "t0-")
    assert renamed == (
        't0-root ::= "root" [a-z root] t0-item{1,3} # root\nt0-item ::= "\\"x\\"" | t0-root'
    )
    assert rule_names(renamed) == {"t0-root", "t0-item"}
    assert literal('a "b"\n\\') == '"a \\"b\\"\\n\\\\"'


TOOLS = [
    ToolSpec(
        "get_weather",
        "The weather in a city",
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    ),
    ToolSpec("get_time"),
]


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_has_a_grammar_that_begins_where_its_trigger_matches(fmt: str) -> None:
    grammar = call_grammar(FORMATS[fmt], TOOLS, schema_grammar)
    assert grammar.grammar.startswith("root ::= ")
    assert "get_weather" in grammar.grammar and "get_time" in grammar.grammar
    names = rule_names(grammar.grammar)
    used = set(re.findall(r"\b(t\d+-[a-z0-9-]+|tc-[a-z0-9-]+)\b", grammar.grammar))
    assert used <= names  # every rule used is defined
    example = next(c for c in CASES.values() if c.format == fmt and c.calls).output
    found = [m for t in grammar.triggers if (m := re.search(t, example))]
    assert found, "a trigger finds the call in a recorded answer"
    assert not call_grammar(FORMATS[fmt], TOOLS, schema_grammar, required=True).triggers


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_grammar_starts_at_its_opening_marker_when_the_format_has_one(fmt: str) -> None:
    grammar = call_grammar(FORMATS[fmt], TOOLS, schema_grammar)
    example = next(c for c in CASES.values() if c.format == fmt and c.calls).output
    for opener in grammar.openers:  # plain text, found as it is in a recorded answer
        assert opener in example or fmt == "llama3", (opener, example)
    if fmt in ("hermes", "mistral", "granite", "deepseek_r1", "deepseek_v3_1"):
        assert grammar.openers, "a marker of its own: the engine can start the grammar there"


def test_a_call_grammar_needs_a_tool() -> None:
    with pytest.raises(ValueError, match="at least one tool"):
        call_grammar(FORMATS["hermes"], [], schema_grammar)


# -- the JSON checker ----------------------------------------------------------------------

VALID = [
    '{"a": [1, 2.5e-3, -0, true, false, null, "x\\u00e9\\n"]}',
    "[]",
    "{}",
    ' \n{"k": {"n": [ ]}}',
    '"text"',
    "[1, [2, [3.0E+2]]]",
    '{"deep": ' * 30 + "1" + "}" * 30,
]
INVALID = [
    '{"a" 1}',
    "{,}",
    "[1,]",
    '{"a": 1,}',
    "[01]",
    "[1.]",
    "[-]",
    "[1e]",
    "tru",
    "[nul]",
    '"a\nb"',
    '"\\x"',
    '"\\u12G4"',
    '{"a": 1]',
    "[}",
    "{'a': 1}",
    "[NaN]",
    "{1: 2}",
]


def scanned(text: str, *, by_char: bool) -> int | None:
    """Where the checker says the value ends (None: it never does)."""
    scanner = JsonScanner()
    pieces = list(text) if by_char else [text]
    at = 0
    for piece in pieces:
        end = scanner.feed(piece)
        if end is not None:
            return at + end
        at += len(piece)
    return len(text) if scanner.end() else None


@pytest.mark.parametrize("text", VALID)
def test_the_checker_finds_where_a_value_ends(text: str) -> None:
    for by_char in (False, True):
        assert scanned(text, by_char=by_char) == len(text)
        assert scanned(text + ' , "more"', by_char=by_char) == len(text)
    json.loads(text)


@pytest.mark.parametrize("text", INVALID)
def test_the_checker_stops_at_what_is_not_json(text: str) -> None:
    with pytest.raises(ValueError):
        json.loads(text, parse_constant=reject)
    with pytest.raises(JsonSyntaxError):
        scanned(text, by_char=True)
        raise JsonSyntaxError("incomplete")  # an unfinished value is no value either


def reject(name: str) -> None:
    raise ValueError(name)


def test_the_checker_agrees_with_json_loads_on_mutated_json() -> None:
    rng = random.Random(7)
    seeds = [
        json.dumps(v)
        for v in (
            {"a": [1, 2.5, {"b": None}], "c": 'x"y', "d": True},
            [1e21, -2, "é", False, {}],
            {"k": {"n": [[], [1]]}},
        )
    ]
    alphabet = '{}[]":,.-+eE0123456789 \\tnulrsfa\n'
    for _ in range(3000):
        text = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 3)):
            i = rng.randrange(len(text))
            text[i : i + rng.randint(0, 2)] = rng.choice(alphabet) * rng.randint(0, 1)
        doc = "".join(text)
        try:
            json.loads(doc, parse_constant=reject)
            expected = True
        except ValueError:
            expected = False
        try:
            end = scanned(doc, by_char=False)
            got = end is not None and not doc[end:].strip()
        except JsonSyntaxError:
            got = False
        assert got == expected, doc


def test_a_whole_answer_reads_as_text_and_calls() -> None:
    text, calls = parse_whole(
        FORMATS["granite"].parser(made_up_id), CASES["granite two calls"].output
    )
    assert text == "" and [c.name for c in calls] == ["get_weather", "get_time"]
