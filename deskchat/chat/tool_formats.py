"""The tool-call formats models write, each told from the model's chat template by the markers
in its text (the way llama.cpp's ``common/chat.cpp`` tells them), each with a streaming parser
and a grammar for its calls.

- ``detect_format(template) -> ToolFormat | None``: the format a chat template announces; None
  for a template that offers no tools (SmolLM2's, deskchat's built-in ones) or writes calls in
  a format deskchat does not read (GLM 4.5's and Qwen3-Coder's XML arguments).
- ``fmt.parser(new_id=None) -> ToolCallParser``: ``feed(piece)`` / ``finish()`` return
  ``ToolEvent``s (``deskchat.chat.tool_stream`` describes them). ``new_id(index)`` makes the
  id of a call whose format carries none (tests pass their own; by default it is in the style
  the format's template expects: ``call_…``, Mistral's nine letters and digits, Command R's
  numbers).
- ``fmt.before_reasoning``: where the parser sits in a turn. False (most formats): split the
  reasoning off first (``deskchat.chat.reasoning``) and feed the parser the answer channel, so
  that a call a model only thought about is not made. True (gpt-oss's harmony, whose calls
  are channels of their own): feed the parser the raw output and the reasoning parser the
  parser's text.
- The grammar of a format's calls: ``deskchat.chat.tool_grammar.call_grammar(fmt, …)``.

The formats: ``hermes`` (Hermes, Qwen 2.5/3 ``<tool_call>``), ``llama3`` (JSON and
``<|python_tag|>``), ``mistral`` (``[TOOL_CALLS][…]``), ``mistral_args`` (``[TOOL_CALLS]name
[ARGS]{…}``), ``harmony`` (gpt-oss), ``command_r`` (``Action: ```json``), ``command_r7b``
(``<|START_ACTION|>``), ``granite`` (``<|tool_call|>``), ``deepseek_r1`` and ``deepseek_v3_1``
(``<｜tool▁calls▁begin｜>``), ``functionary`` (v3.2's ``>>>name``).
"""

from __future__ import annotations

import secrets
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from deskchat.chat import tool_programs as p
from deskchat.chat.tool_stream import Program, ToolCallParser

IdStyle = Literal["openai", "mistral", "index"]
_ALNUM = string.ascii_letters + string.digits


@dataclass(frozen=True)
class ToolFormat:
    """One way of writing tool calls (see the module's docstring)."""

    id: str
    title: str
    program: Program
    id_style: IdStyle = "openai"
    before_reasoning: bool = False

    def parser(self, new_id: Callable[[int], str] | None = None) -> ToolCallParser:
        """A fresh streaming parser for one answer."""
        return ToolCallParser(self.program, new_id or _ID_MAKERS[self.id_style])

    def new_id(self, index: int) -> str:
        """An id for the ``index``-th call of an answer, in the format's style."""
        return _ID_MAKERS[self.id_style](index)


def _openai_id(_index: int) -> str:
    return "call_" + "".join(secrets.choice(_ALNUM) for _ in range(24))


def _mistral_id(_index: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(9))  # what Mistral's templates check


_ID_MAKERS: dict[IdStyle, Callable[[int], str]] = {
    "openai": _openai_id,
    "mistral": _mistral_id,
    "index": str,
}

HERMES = ToolFormat("hermes", "Hermes / Qwen <tool_call>", p.hermes)
LLAMA3 = ToolFormat("llama3", "Llama 3.x JSON / <|python_tag|>", p.llama3)
MISTRAL = ToolFormat("mistral", "Mistral [TOOL_CALLS] array", p.mistral, "mistral")
MISTRAL_ARGS = ToolFormat("mistral_args", "Mistral [TOOL_CALLS]name[ARGS]", p.mistral, "mistral")
HARMONY = ToolFormat("harmony", "gpt-oss harmony", p.harmony, before_reasoning=True)
COMMAND_R = ToolFormat("command_r", "Command R Action:", p.command_r, "index")
COMMAND_R7B = ToolFormat("command_r7b", "Command R7B <|START_ACTION|>", p.command_r7b, "index")
GRANITE = ToolFormat("granite", "Granite <|tool_call|>", p.granite)
DEEPSEEK_R1 = ToolFormat("deepseek_r1", "DeepSeek R1 / V3", p.deepseek)
DEEPSEEK_V3_1 = ToolFormat("deepseek_v3_1", "DeepSeek V3.1", p.deepseek)
FUNCTIONARY = ToolFormat("functionary", "Functionary v3.2 >>>", p.functionary)

FORMATS: dict[str, ToolFormat] = {
    f.id: f
    for f in (
        HERMES,
        LLAMA3,
        MISTRAL,
        MISTRAL_ARGS,
        HARMONY,
        COMMAND_R,
        COMMAND_R7B,
        GRANITE,
        DEEPSEEK_R1,
        DEEPSEEK_V3_1,
        FUNCTIONARY,
    )
}

# Formats whose markers overlap those below but whose arguments are XML, not JSON: better no
# tools than calls read wrongly.
_UNREAD = ("<arg_key>", "<parameter=")


def detect_format(template: str | None) -> ToolFormat | None:
    """The tool-call format ``template`` announces (None: it offers no tools, or writes them
    in a format deskchat does not read). The most specific markers are looked for first."""
    t = template or ""
    if any(marker in t for marker in _UNREAD):
        return None
    for fmt, found in _RULES:
        if found(t):
            return fmt
    return None


def _llama3(t: str) -> bool:
    return "<|start_header_id|>ipython<|end_header_id|>" in t or (
        "<|start_header_id|>" in t and p.PYTHON_TAG in t
    )


_RULES: tuple[tuple[ToolFormat, Callable[[str], bool]], ...] = (
    (DEEPSEEK_R1, lambda t: p.DEEPSEEK_CALLS in t and "```json" in t),
    (DEEPSEEK_V3_1, lambda t: p.DEEPSEEK_CALLS in t),
    (COMMAND_R7B, lambda t: p.START_ACTION in t),
    (HARMONY, lambda t: "<|channel|>" in t),
    (MISTRAL_ARGS, lambda t: p.MISTRAL_CALLS in t and p.MISTRAL_ARGS in t),
    (HERMES, lambda t: p.TOOL_CALL in t),
    (FUNCTIONARY, lambda t: ">>>all" in t),
    (LLAMA3, _llama3),
    (GRANITE, lambda t: p.GRANITE_CALL in t),
    (MISTRAL, lambda t: p.MISTRAL_CALLS in t),
    (COMMAND_R, lambda t: p.ACTION in t and "tool_name" in t),
)
