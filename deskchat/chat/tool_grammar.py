"""Grammars for tool calls: GBNF that makes a model's call well formed by construction, its
markers in place, its name one of the offered tools and its arguments valid for that tool's
JSON schema, so that even a small model calls a tool correctly.

``call_grammar(fmt, tools, to_gbnf, *, parallel=True, required=False) -> CallGrammar``

- ``to_gbnf(schema) -> str`` turns a JSON schema into a GBNF grammar (rule ``root``): in the
  app, ``functools.partial(deskchat.engine.json_grammar.schema_grammar, loose=True)`` (the
  chat layer may not import the engine, so it is passed in; ``loose``: a tool checks its own
  arguments' ranges, so a schema with ``minimum`` still gets a grammar). Its
  ``JsonSchemaError`` for a schema it cannot convert goes through unchanged; the server
  answers it with a 400.
- ``CallGrammar.grammar``: the GBNF (rule ``root``) of a tool-call block, from the format's
  opening marker to the end of its last call (``parallel``: one call or more; else exactly
  one). After it, llama.cpp lets the model only end the answer.
- ``CallGrammar.triggers``: where the grammar begins in a free answer (tool_choice "auto"):
  regular expressions searched in the text generated so far; the grammar applies from the
  start of a match's first group (llama.cpp's lazy grammar, ``grammar_lazy`` with trigger
  patterns). Empty when ``required``: the grammar holds from the answer's first token
  (tool_choice "required"; for a named function, pass that one tool).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from deskchat.chat import tool_programs as p
from deskchat.chat.gbnf import literal, namespaced
from deskchat.chat.tool_formats import ToolFormat
from deskchat.chat.tools import ToolSpec

ToGbnf = Callable[[dict[str, Any]], str]

# what Command R's templates expect of a call's id: a number
_COMMAND_R_ID = {"type": "string", "pattern": "^[0-9]{1,10}$"}


@dataclass(frozen=True)
class CallGrammar:
    """A tool-call grammar and where it begins (see the module's docstring)."""

    grammar: str
    triggers: tuple[str, ...] = ()

    @property
    def openers(self) -> tuple[str, ...]:
        """The triggers that are a plain marker (``<tool_call>``, ``[TOOL_CALLS]`` …), as
        text: an engine may start the grammar when the model writes one as a token. A
        trigger that is a pattern (Llama 3's bare ``{"name"``) is left out."""
        found = []
        for trigger in self.triggers:
            marker = _PLAIN_MARKER.fullmatch(trigger)
            if marker is not None:
                found.append(_UNESCAPE.sub(r"\1", marker.group(1)))
        return tuple(found)


# a trigger made by _opening: one group of escaped text; its marker, unescaped
_PLAIN_MARKER = re.compile(r"\(((?:[^\\^$.|?*+()\[\]{}]|\\[\\^$.|?*+()\[\]{}])+)\)")
_UNESCAPE = re.compile(r"\\(.)")


class _Build:
    """One grammar in the making: the tools' JSON grammars, each under its own prefix, and
    the format's own rules (named ``tc-…``, which no prefixed rule can be)."""

    def __init__(self, tools: Sequence[ToolSpec], to_gbnf: ToGbnf) -> None:
        if not tools:
            raise ValueError("a tool-call grammar needs at least one tool")
        self.tools = tuple(tools)
        self._to_gbnf = to_gbnf
        self._parts: list[str] = []
        self._count = 0

    def json(self, schema: dict[str, Any]) -> str:
        """The rule of a JSON value that follows ``schema``."""
        prefix = f"t{self._count}-"
        self._count += 1
        self._parts.append(namespaced(self._to_gbnf(schema).strip(), prefix))
        return prefix + "root"

    def rule(self, name: str, body: str) -> str:
        self._parts.append(f"tc-{name} ::= {body}")
        return f"tc-{name}"

    def objects(self, name: str, args: str, extra: dict[str, Any] | None = None) -> str:
        """A call object per tool (``{name: "x", args: {…}}``), as alternatives."""
        rules = []
        for tool in self.tools:
            properties: dict[str, Any] = dict(extra or {})
            properties[name] = {"const": tool.name}
            properties[args] = tool.parameters
            schema = {"type": "object", "properties": properties, "required": list(properties)}
            rules.append(self.json(schema))
        return self.rule("call", " | ".join(rules))

    def named(self, between: str, after: str = "", before: str = "") -> str:
        """A call per tool written ``before NAME between {args} after``, as alternatives."""
        alternatives = []
        for tool in self.tools:
            args = self.json(tool.parameters)
            head = literal(before + tool.name + between)
            tail = f" {literal(after)}" if after else ""
            alternatives.append(f"{head} {args}{tail}")
        return self.rule("call", " | ".join(f"( {a} )" for a in alternatives))

    def done(self, root: str) -> str:
        return "\n".join([f"root ::= {root}", *self._parts]) + "\n"


def call_grammar(
    fmt: ToolFormat,
    tools: Sequence[ToolSpec],
    to_gbnf: ToGbnf,
    *,
    parallel: bool = True,
    required: bool = False,
) -> CallGrammar:
    """The grammar of ``fmt``'s tool calls to ``tools`` (see the module's docstring)."""
    build = _Build(tools, to_gbnf)
    root, triggers = _WRAPPERS[fmt.id](build, parallel)
    return CallGrammar(build.done(root), () if required else triggers)


def _some(item: str, parallel: bool, between: str = "") -> str:
    """``item`` once, or (``parallel``) once or more, ``between`` apart."""
    if not parallel:
        return item
    return f"{item} ( {between} {item} )*" if between else f"{item}+"


def _array(call: str, parallel: bool) -> str:
    return f'"[" {_some(call, parallel, literal(",") + " " + literal(" ") + "?")} "]"'


def _opening(marker: str) -> tuple[str, ...]:
    return (f"({_escape(marker)})",)


def _escape(text: str) -> str:
    """``text`` as a regular expression in both Python's and ECMAScript's syntax (llama.cpp
    reads trigger patterns with std::regex)."""
    return _REGEX_SPECIAL.sub(r"\\\g<0>", text)


_REGEX_SPECIAL = re.compile(r"[\\^$.|?*+()\[\]{}]")


Wrapper = Callable[[_Build, bool], tuple[str, tuple[str, ...]]]


def _hermes(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.objects("name", "arguments")
    block = b.rule("block", f'{literal(p.TOOL_CALL)} "\\n"? {call} "\\n"? "</tool_call>"')
    return _some(block, parallel, '"\\n"'), _opening(p.TOOL_CALL)


def _llama3(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.objects("name", "parameters")
    calls = _some(call, parallel, '";" " "?')
    start = r'^\s*(\{\s*"(?:type|name)"\s*:)'  # the answer itself is the call
    return f"{literal(p.PYTHON_TAG)}? {calls}", (start, *_opening(p.PYTHON_TAG))


def _mistral(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    # no "id": written after the arguments, it would come after the call began to stream,
    # under the id made up for it in the style Mistral's templates check
    call = b.objects("name", "arguments")
    return f"{literal(p.MISTRAL_CALLS)} {_array(call, parallel)}", _opening(p.MISTRAL_CALLS)


def _mistral_args(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.named(p.MISTRAL_ARGS, before=p.MISTRAL_CALLS)
    return _some(call, parallel), _opening(p.MISTRAL_CALLS)


def _harmony(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    opener = p.HARMONY_OPENERS[0]
    call = b.named(" <|constrain|>json" + p.HARMONY_MESSAGE, before=opener)
    return call, _opening(opener)  # one call a message: <|call|> ends the answer


def _command_r(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.objects("tool_name", "parameters")
    opener = p.ACTION + " ```json\n"
    return f'{literal(opener)} {_array(call, parallel)} "\\n```"', _opening(p.ACTION)


def _command_r7b(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.objects("tool_name", "parameters", {"tool_call_id": _COMMAND_R_ID})
    body = f"{literal(p.START_ACTION)} {_array(call, parallel)} {literal(p.END_ACTION)}"
    return body, _opening(p.START_ACTION)


def _granite(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.objects("name", "arguments")
    return f"{literal(p.GRANITE_CALL)} {_array(call, parallel)}", _opening(p.GRANITE_CALL)


def _deepseek_r1(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.named(
        "\n```json\n",
        after="\n```" + p.DEEPSEEK_CALL_END,
        before=p.DEEPSEEK_CALL + "function" + p.DEEPSEEK_SEP,
    )
    body = f"{literal(p.DEEPSEEK_CALLS)} {_some(call, parallel)} {literal(p.DEEPSEEK_CALLS_END)}"
    return body, _opening(p.DEEPSEEK_CALLS)


def _deepseek_v3_1(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.named(p.DEEPSEEK_SEP, after=p.DEEPSEEK_CALL_END, before=p.DEEPSEEK_CALL)
    body = f"{literal(p.DEEPSEEK_CALLS)} {_some(call, parallel)} {literal(p.DEEPSEEK_CALLS_END)}"
    return body, _opening(p.DEEPSEEK_CALLS)


def _functionary(b: _Build, parallel: bool) -> tuple[str, tuple[str, ...]]:
    call = b.named("\n")
    names = "|".join(_escape(t.name) for t in b.tools)
    # the prompt ends with ">>>", so the first recipient opens the answer
    starts = (rf"^((?:{names})\n)", rf"{_escape(p.FUNCTIONARY_TO)}((?:{names})\n)")
    return _some(call, parallel, literal(p.FUNCTIONARY_TO)), starts


_WRAPPERS: dict[str, Wrapper] = {
    "hermes": _hermes,
    "llama3": _llama3,
    "mistral": _mistral,
    "mistral_args": _mistral_args,
    "harmony": _harmony,
    "command_r": _command_r,
    "command_r7b": _command_r7b,
    "granite": _granite,
    "deepseek_r1": _deepseek_r1,
    "deepseek_v3_1": _deepseek_v3_1,
    "functionary": _functionary,
}
