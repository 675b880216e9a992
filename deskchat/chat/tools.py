"""The vocabulary of tool use, as OpenAI's API words it: a tool the model may call
(``ToolSpec``, a function schema), a call the model made (``ToolCall``) and what the tool
answered (``ToolResult``).

Plain frozen dataclasses of built-in types, validated when made: every face (the window, the
terminal, the server) and the turn pipeline speak them; a definition a person or an API
client wrote wrongly is a ``ToolSpecError`` with one sentence, never a traceback.

- ``ToolSpec.from_openai(obj)`` reads ``{"type": "function", "function": {...}}`` (or the
  bare function object); ``spec.to_openai()`` writes it back the way chat templates read
  their ``tools``.
- ``ToolCall(id, name, arguments)``: ``arguments`` is the JSON text (OpenAI's
  ``function.arguments``), ``call.parsed`` the object it holds; ``call.to_openai()`` is the
  entry of an assistant message's ``tool_calls`` (``object_arguments=True``: with the object,
  for templates that write the arguments with ``| tojson``).
- ``ToolResult(call_id, content, is_error, name)``: ``result.to_message()`` is the
  ``{"role": "tool", ...}`` message templates and the API expect.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

# OpenAI's rule for a function's name, which chat templates and parsers rely on too
NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")


class ToolSpecError(DeskchatError):
    """A tool definition that cannot be offered to a model."""


class ToolCallError(DeskchatError):
    """A tool call that is not one (a bad name, arguments that are not a JSON object)."""


def is_tool_name(name: object) -> bool:
    return isinstance(name, str) and NAME.fullmatch(name) is not None


@dataclass(frozen=True)
class ToolSpec:
    """A function the model may call: its name, what it does, and a JSON schema (of type
    object) for its arguments."""

    name: str
    description: str = ""
    parameters: dict[str, Any] = field(
        default_factory=lambda: {"type": "object", "properties": {}}, hash=False
    )
    strict: bool = False  # OpenAI's "arguments must follow the schema exactly"

    def __post_init__(self) -> None:
        if not is_tool_name(self.name):
            raise ToolSpecError(
                Sentence(
                    'The tool name "{name}" cannot be used: a name is 1 to 64 letters, '
                    "digits, underscores or hyphens.",
                    name=str(self.name)[:80],
                )
            )
        if not isinstance(self.description, str):
            raise ToolSpecError(
                Sentence('The description of the tool "{name}" must be text.', name=self.name)
            )
        if not _is_object_schema(self.parameters):
            raise ToolSpecError(
                Sentence(
                    'The parameters of the tool "{name}" must be a JSON schema of type object.',
                    name=self.name,
                )
            )

    @classmethod
    def from_openai(cls, obj: object) -> ToolSpec:
        """Read an OpenAI tool: ``{"type": "function", "function": {...}}`` or the bare
        function object. Missing parameters mean a function without arguments."""
        if isinstance(obj, Mapping) and "function" in obj:
            if obj.get("type", "function") != "function":
                raise ToolSpecError(
                    Sentence(
                        'Only tools of type "function" can be offered, not "{kind}".',
                        kind=str(obj.get("type"))[:40],
                    )
                )
            obj = obj["function"]
        if not isinstance(obj, Mapping):
            raise ToolSpecError(Sentence("A tool must be a JSON object with a name."))
        parameters = obj.get("parameters")
        return cls(
            name=obj.get("name", ""),
            description=obj.get("description") or "",
            parameters={"type": "object", "properties": {}} if parameters is None else parameters,
            strict=bool(obj.get("strict", False)),
        )

    def to_openai(self) -> dict[str, Any]:
        """The tool as OpenAI's API and chat templates (their ``tools``) write it."""
        function: dict[str, Any] = {"name": self.name, "description": self.description}
        function["parameters"] = self.parameters
        if self.strict:
            function["strict"] = True
        return {"type": "function", "function": function}


@dataclass(frozen=True)
class ToolCall:
    """A call the model made: ``arguments`` is JSON text holding an object."""

    id: str
    name: str
    arguments: str = "{}"

    def __post_init__(self) -> None:
        if not is_tool_name(self.name):
            raise ToolCallError(
                Sentence(
                    'The model called a tool named "{name}", which is not a tool name.',
                    name=str(self.name)[:80],
                )
            )
        try:
            value = json.loads(self.arguments)
        except (TypeError, ValueError) as error:
            raise ToolCallError(_bad_arguments(self.name, str(error))) from None
        if not isinstance(value, dict):
            raise ToolCallError(_bad_arguments(self.name, f"a {type(value).__name__}"))

    @functools.cached_property
    def parsed(self) -> dict[str, Any]:
        """The arguments as an object."""
        value: dict[str, Any] = json.loads(self.arguments)
        return value

    def to_openai(self, *, object_arguments: bool = False) -> dict[str, Any]:
        """The call as an entry of an assistant message's ``tool_calls``: the arguments as
        JSON text (the API), or as the object (``object_arguments``: for chat templates that
        write them with ``| tojson``, Qwen's and Llama 3.1's among them)."""
        arguments: object = self.parsed if object_arguments else self.arguments
        function = {"name": self.name, "arguments": arguments}
        return {"id": self.id, "type": "function", "function": function}


@dataclass(frozen=True)
class ToolResult:
    """What a tool answered to one call (``is_error``: the tool failed, was denied or timed
    out, and ``content`` says so to the model)."""

    call_id: str
    content: str
    is_error: bool = False
    name: str = ""  # the tool's name, which some templates write beside the result

    def to_message(self) -> dict[str, str]:
        """The ``{"role": "tool", ...}`` message of the result."""
        message = {"role": "tool", "tool_call_id": self.call_id, "content": self.content}
        if self.name:
            message["name"] = self.name
        return message


def _is_object_schema(schema: object) -> bool:
    if not isinstance(schema, dict) or schema.get("type", "object") != "object":
        return False
    try:
        json.dumps(schema)
    except (TypeError, ValueError):
        return False
    return True


def _bad_arguments(name: str, reason: str) -> Sentence:
    return Sentence(
        'The arguments of the call to "{name}" are not a JSON object ({reason}).',
        name=name,
        reason=reason,
    )
