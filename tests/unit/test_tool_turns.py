"""Tools in the one turn pipeline: the tools and earlier calls rendered through a real
tool-calling template (Qwen 2.5's), the answer read for calls as it streams, and the
grammar that holds a required call."""

# ruff: noqa: E501 - the template's own lines

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field

import pytest

from deskchat.chat.generation import Piece, SamplingParams
from deskchat.chat.tool_events import ArgsDelta, CallEnd, CallStart, ToolEvent
from deskchat.chat.tools import ToolCall, ToolSpec
from deskchat.chat.turns import Turn
from deskchat.services.tool_turns import ToolChoice, ToolsUnavailableError
from deskchat.services.turn import Ending, PromptPlan, TurnPipeline, TurnRequest
from tests.helpers.fake_engine import FakeEngine, fake_model_info

# Qwen 2.5 Instruct's chat template, as its tokenizer_config.json ships it
QWEN25_TEMPLATE = """{%- if tools %}
    {{- '<|im_start|>system\\n' }}
    {%- if messages[0]['role'] == 'system' %}
        {{- messages[0]['content'] }}
    {%- else %}
        {{- 'You are Qwen, created by Alibaba Cloud. You are a helpful assistant.' }}
    {%- endif %}
    {{- "\\n\\n# Tools\\n\\nYou may call one or more functions to assist with the user query.\\n\\nYou are provided with function signatures within <tools></tools> XML tags:\\n<tools>" }}
    {%- for tool in tools %}
        {{- "\\n" }}
        {{- tool | tojson }}
    {%- endfor %}
    {{- "\\n</tools>\\n\\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\\n<tool_call>\\n{\\"name\\": <function-name>, \\"arguments\\": <args-json-object>}\\n</tool_call><|im_end|>\\n" }}
{%- else %}
    {%- if messages[0]['role'] == 'system' %}
        {{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}
    {%- else %}
        {{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}
    {%- endif %}
{%- endif %}
{%- for message in messages %}
    {%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant" and not message.tool_calls) %}
        {{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}
    {%- elif message.role == "assistant" %}
        {{- '<|im_start|>' + message.role }}
        {%- if message.content %}
            {{- '\\n' + message.content }}
        {%- endif %}
        {%- for tool_call in message.tool_calls %}
            {%- if tool_call.function is defined %}
                {%- set tool_call = tool_call.function %}
            {%- endif %}
            {{- '\\n<tool_call>\\n{"name": "' }}
            {{- tool_call.name }}
            {{- '", "arguments": ' }}
            {{- tool_call.arguments | tojson }}
            {{- '}\\n</tool_call>' }}
        {%- endfor %}
        {{- '<|im_end|>\\n' }}
    {%- elif message.role == "tool" %}
        {%- if (loop.index0 == 0) or (messages[loop.index0 - 1].role != "tool") %}
            {{- '<|im_start|>user' }}
        {%- endif %}
        {{- '\\n<tool_response>\\n' }}
        {{- message.content }}
        {{- '\\n</tool_response>' }}
        {%- if loop.last or (messages[loop.index0 + 1].role != "tool") %}
            {{- '<|im_end|>\\n' }}
        {%- endif %}
    {%- endif %}
{%- endfor %}
{%- if add_generation_prompt %}
    {{- '<|im_start|>assistant\\n' }}
{%- endif %}
"""

WEATHER = ToolSpec(
    "get_weather",
    "The weather in a city",
    {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
)
TIME = ToolSpec("get_time", "The time now")
ASK = (Turn("user", "Weather in Paris?"),)


@dataclass
class Sink:
    """Records what a face would show."""

    texts: list[str] = field(default_factory=list)
    events: list[ToolEvent] = field(default_factory=list)
    ending: Ending | None = None

    def started(self, plan: PromptPlan) -> Iterable[str]:
        return []

    def delta(self, piece: Piece) -> Iterable[str]:
        self.texts.append(piece.text)
        return []

    def thought(self, piece: Piece) -> Iterable[str]:
        return []

    def tool_event(self, event: ToolEvent) -> Iterable[str]:
        self.events.append(event)
        return []

    def finished(self, ending: Ending) -> Iterable[str]:
        self.ending = ending
        return []


def qwen_engine(answers: list[str]) -> FakeEngine:
    engine = FakeEngine(answers)
    engine.model = fake_model_info(template=QWEN25_TEMPLATE)
    return engine


def turn(
    engine: FakeEngine, history: tuple[Turn, ...] = ASK, choice: ToolChoice | None = None
) -> tuple[Sink, SamplingParams, PromptPlan]:
    pipeline = TurnPipeline()
    request = TurnRequest(
        history=history,
        sampling=SamplingParams(),
        tools=(WEATHER, TIME),
        tool_choice=choice or ToolChoice(),
    )
    use = pipeline.tools(engine, request)
    plan = pipeline.plan(engine, request)
    sampling = pipeline.final_sampling(plan, request.sampling, tools=use)
    sink = Sink()
    for _ in pipeline.stream(engine, plan, sampling, sink, tools=use):
        pass
    return sink, sampling, plan


def test_the_template_gets_the_tools_and_the_earlier_call_and_its_result() -> None:
    call = ToolCall("call_1", "get_weather", '{"city": "Paris"}')
    history = (
        *ASK,
        Turn("assistant", "", tool_calls=(call,)),
        Turn("tool", "18 °C, sunny", tool_call_id="call_1", name="get_weather"),
    )
    engine = qwen_engine(["It is sunny."])
    sink, _, plan = turn(engine, history)
    assert json.dumps(WEATHER.to_openai()) in plan.text  # the offered tools, as JSON
    # the call as the template writes it, its arguments the object (tojson), not a string
    assert '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris"}}' in plan.text
    assert "<tool_response>\n18 °C, sunny\n</tool_response>" in plan.text
    assert "".join(sink.texts) == "It is sunny."
    assert sink.ending is not None and sink.ending.tool_calls == ()


def test_a_call_in_the_answer_streams_as_a_call_not_as_text() -> None:
    engine = qwen_engine(
        [
            'Let me look. <tool_call> {"name": "get_weather", "arguments": {"city": "Paris"}} '
            "</tool_call>"
        ]
    )
    sink, sampling, _ = turn(engine)
    # "auto": the answer is free until it opens a call, held to the call grammar from there
    assert "get_weather" in sampling.grammar and sampling.grammar_openers == ("<tool_call>",)
    assert "".join(sink.texts).strip() == "Let me look."
    starts = [e for e in sink.events if isinstance(e, CallStart)]
    assert [s.name for s in starts] == ["get_weather"]
    args = "".join(e.text for e in sink.events if isinstance(e, ArgsDelta))
    assert json.loads(args) == {"city": "Paris"}
    ends = [e for e in sink.events if isinstance(e, CallEnd)]
    assert ends[0].call.id == starts[0].id and ends[0].call.parsed == {"city": "Paris"}
    assert sink.ending is not None
    assert sink.ending.tool_calls == (ends[0].call,)
    assert "tool_call" not in sink.ending.text


def test_required_holds_the_answer_to_the_call_grammar() -> None:
    engine = qwen_engine(['<tool_call> {"name": "get_time", "arguments": {}} </tool_call>'])
    sink, sampling, _ = turn(engine, choice=ToolChoice("required"))
    assert "get_weather" in sampling.grammar and "<tool_call>" in sampling.grammar
    assert sampling.grammar_openers == ()  # from the first token
    assert sink.ending is not None and [c.name for c in sink.ending.tool_calls] == ["get_time"]
    named = turn(qwen_engine(["x"]), choice=ToolChoice("required", name="get_time"))[1]
    assert "get_time" in named.grammar and "get_weather" not in named.grammar


def test_tool_choice_none_offers_no_tools() -> None:
    engine = qwen_engine(['<tool_call> {"name": "get_time"'])
    sink, sampling, plan = turn(engine, choice=ToolChoice("none"))
    assert "<tools>" not in plan.text and sampling.grammar == ""
    assert sink.events == [] and "<tool_call>" in "".join(sink.texts)


def test_a_template_without_calls_cannot_be_made_to_call() -> None:
    engine = FakeEngine(["hello"])  # its template writes no tool calls
    sink, _, _ = turn(engine)  # "auto": a plain answer
    assert "".join(sink.texts) == "hello"
    with pytest.raises(ToolsUnavailableError, match="cannot be made to call a tool"):
        turn(FakeEngine(["hello"]), choice=ToolChoice("required"))


def test_a_json_personas_grammar_is_kept_when_the_model_may_call() -> None:
    pipeline = TurnPipeline()
    engine = qwen_engine(["{}"])
    request = TurnRequest(
        history=ASK, sampling=SamplingParams(grammar='root ::= "{}"'), tools=(WEATHER,)
    )
    use = pipeline.tools(engine, request)
    plan = pipeline.plan(engine, request)
    sampling = pipeline.final_sampling(plan, request.sampling, tools=use)
    assert sampling.grammar == 'root ::= "{}"' and sampling.grammar_openers == ()
