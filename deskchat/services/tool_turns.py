"""Tools in the one turn pipeline: which tools a turn offers and how the model may use them
(``ToolChoice``), what that means for the prompt and the sampling (``ToolUse``: the call
format read from the model's template, the tools the template is given, the grammar that
holds a required call), and the parser that turns the answer's pieces into text and calls.

- tool_choice "none", or a template that writes no calls deskchat reads: no tools at all.
- "auto": the tools go to the template; the answer is free and parsed for calls.
- "required" (or a named function, which offers only that one): the call grammar holds from
  the answer's first token, so even a small model writes a valid call.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from deskchat.chat.tool_events import ToolEvent
from deskchat.chat.tool_formats import ToolFormat, detect_format
from deskchat.chat.tool_grammar import call_grammar
from deskchat.chat.tools import ToolSpec
from deskchat.engine.json_grammar import schema_grammar
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

ChoiceMode = Literal["auto", "none", "required"]
T_co = TypeVar("T_co", covariant=True)

NO_CALL_FORMAT = Sentence(
    "This model's chat template does not write tool calls in a format deskchat reads, so "
    "it cannot be made to call a tool."
)


class ToolsUnavailableError(DeskchatError):
    """A tool call was required of a model whose template writes none deskchat reads."""


@runtime_checkable
class ReadsToolCalls(Protocol[T_co]):
    """A sink that takes the answer's tool calls as they stream (``ToolEvent``s other than
    text: a call's start, its argument deltas, its end, or its drop); a turn offers tools
    only to such a sink."""

    def tool_event(self, event: ToolEvent) -> Iterable[T_co]: ...


@dataclass(frozen=True)
class ToolChoice:
    """OpenAI's ``tool_choice`` and ``parallel_tool_calls``: ``name`` set means that one
    function must be called (mode "required")."""

    mode: ChoiceMode = "auto"
    name: str = ""
    parallel: bool = True


@dataclass(frozen=True)
class ToolUse:
    """The tools of one turn, as the template and the parser see them."""

    format: ToolFormat
    tools: tuple[ToolSpec, ...]
    choice: ToolChoice

    @property
    def template_tools(self) -> list[dict[str, Any]]:
        """The tools as chat templates read their ``tools`` (OpenAI function schemas)."""
        return [tool.to_openai() for tool in self.tools]

    def grammar(self) -> tuple[str, tuple[str, ...]]:
        """The grammar the answer follows and the markers it starts at: a call from the
        first token when one is required (no markers); with "auto", from the call's opening
        marker on, so that even a small model writes valid arguments once it calls (a
        format whose calls open with no marker of their own gets none: ("", ()))."""
        required = self.choice.mode == "required"
        to_gbnf = functools.partial(schema_grammar, loose=True)
        built = call_grammar(
            self.format, self.tools, to_gbnf, parallel=self.choice.parallel, required=required
        )
        if required:
            return built.grammar, ()
        openers = built.openers
        return (built.grammar, openers) if openers else ("", ())


def tool_use(template_text: str, tools: Sequence[ToolSpec], choice: ToolChoice) -> ToolUse | None:
    """What the tools mean for a turn on a model with this template (None: no tools); a
    ``ToolsUnavailableError`` when a call is required of a template that writes none."""
    if not tools or choice.mode == "none":
        return None
    fmt = detect_format(template_text)
    if fmt is None:
        if choice.mode == "required":
            raise ToolsUnavailableError(NO_CALL_FORMAT)
        return None
    offered = tuple(t for t in tools if not choice.name or t.name == choice.name)
    return ToolUse(fmt, offered, choice)
