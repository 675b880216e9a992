"""The structured-output and tool fields of a chat request, read into what the turn pipeline
takes: ``response_format`` into a grammar, ``tools`` into ``ToolSpec``s, ``tool_choice`` and
``parallel_tool_calls`` into a ``ToolChoice``. A field that cannot be honoured is a 400 with
one sentence naming it.
"""

from __future__ import annotations

import json
from typing import Any

from deskchat.chat.tools import ToolCall, ToolCallError, ToolSpec, ToolSpecError
from deskchat.engine.json_grammar import JsonSchemaError, any_json_grammar, schema_grammar
from deskchat.sentences import Sentence
from deskchat.server.errors import bad_request
from deskchat.services.tool_turns import ToolChoice

FORMAT_TYPES = ("text", "json_object", "json_schema")


def response_format_grammar(value: Any) -> str:
    """The grammar ``response_format`` asks the answer to follow ("" for plain text):
    ``json_object`` any JSON object, ``json_schema`` its schema (``strict``: every keyword
    held, else those a grammar cannot hold are left to the model)."""
    param = "response_format"
    if value is None:
        return ""
    kind = value.get("type") if isinstance(value, dict) else None
    if kind not in FORMAT_TYPES:
        raise bad_request(
            str(
                Sentence(
                    'response_format must have the type "text", "json_object" or "json_schema".'
                )
            ),
            param,
        )
    if kind == "text":
        return ""
    if kind == "json_object":
        return any_json_grammar()
    spec = value.get("json_schema")
    if not isinstance(spec, dict):
        raise bad_request(
            str(Sentence("response_format.json_schema must be an object with a schema.")),
            f"{param}.json_schema",
        )
    schema = spec.get("schema", {"type": "object"})  # OpenAI: no schema, any object
    try:
        return schema_grammar(schema, loose=spec.get("strict") is not True)
    except JsonSchemaError as exc:
        raise bad_request(str(exc), f"{param}.json_schema.schema") from None


def read_tools(body: dict[str, Any]) -> tuple[tuple[ToolSpec, ...], ToolChoice]:
    """The tools offered and how the model may use them. No tools: choice "none"."""
    raw = body.get("tools")
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        raise bad_request(str(Sentence("tools must be a list of functions.")), "tools")
    tools: list[ToolSpec] = []
    for i, item in enumerate(raw):
        try:
            tools.append(ToolSpec.from_openai(item))
        except ToolSpecError as exc:
            raise bad_request(str(exc), f"tools[{i}]") from None
    names = [t.name for t in tools]
    if len(set(names)) < len(names):
        raise bad_request(
            str(Sentence("Each tool needs a name of its own; two tools share one.")), "tools"
        )
    parallel = body.get("parallel_tool_calls", True)
    if not isinstance(parallel, bool):
        raise bad_request(
            str(Sentence("parallel_tool_calls must be true or false.")), "parallel_tool_calls"
        )
    choice = _choice(body.get("tool_choice"), names, parallel)
    if not tools:
        if choice.mode == "required":
            raise bad_request(
                str(Sentence("tool_choice asks for a tool call, but no tools were offered.")),
                "tool_choice",
            )
        return (), ToolChoice("none", parallel=parallel)
    return tuple(tools), choice


def _choice(value: Any, names: list[str], parallel: bool) -> ToolChoice:
    param = "tool_choice"
    if value is None:
        return ToolChoice("auto", parallel=parallel)
    if value in ("auto", "none", "required"):
        return ToolChoice(value, parallel=parallel)
    function = value.get("function") if isinstance(value, dict) else None
    name = function.get("name") if isinstance(function, dict) else None
    if not isinstance(value, dict) or value.get("type") != "function" or not name:
        raise bad_request(
            str(
                Sentence(
                    'tool_choice must be "auto", "none", "required" or '
                    '{{"type": "function", "function": {{"name": …}}}}.'
                )
            ),
            param,
        )
    if name not in names:
        raise bad_request(
            str(
                Sentence(
                    'tool_choice names the function "{name}", which is not among the tools.',
                    name=str(name)[:80],
                )
            ),
            param,
        )
    return ToolChoice("required", name=str(name), parallel=parallel)


def tool_calls(value: Any, param: str) -> tuple[ToolCall, ...]:
    """An assistant message's ``tool_calls``: each ``{"id", "type": "function",
    "function": {"name", "arguments"}}``, the arguments JSON text (or, as some clients send
    them, the object)."""
    if not isinstance(value, list):
        raise bad_request(str(Sentence("{param} must be a list of calls.", param=param)), param)
    calls: list[ToolCall] = []
    for i, item in enumerate(value):
        where = f"{param}[{i}]"
        function = item.get("function") if isinstance(item, dict) else None
        if not isinstance(function, dict) or not isinstance(item.get("id"), str):
            raise bad_request(
                str(
                    Sentence(
                        '{param} must be {{"id": …, "type": "function", "function": '
                        '{{"name": …, "arguments": …}}}}.',
                        param=where,
                    )
                ),
                where,
            )
        arguments = function.get("arguments", "{}")
        if isinstance(arguments, dict):
            arguments = json.dumps(arguments, ensure_ascii=False)
        try:
            calls.append(ToolCall(item["id"], function.get("name", ""), arguments))
        except ToolCallError as exc:
            raise bad_request(str(exc), where) from None
    return tuple(calls)
