"""Streaming tool-call parsing: fed the answer's pieces as they arrive, a ``ToolCallParser``
turns them into events — plain text, and tool calls that start, grow and end — so that a face
can show a call (and the API stream its argument deltas, as OpenAI does) while the model is
still writing it.

Events, in the order they happen:
- ``TextDelta(text)``: answer text that is not a call. Text is held back only while its tail
  could still be the start of a call's marker, and released as soon as it cannot.
- ``CallStart(index, id, name)``: a call began (``index`` counts the answer's calls from 0,
  dropped ones included, as OpenAI's ``tool_calls[].index`` does); ``id`` is the model's own
  where the format carries one before the arguments, else one made up in the format's style.
- ``ArgsDelta(index, text)``: more of the call's arguments, raw JSON text; the deltas of a
  call add up to its ``ToolCall.arguments``.
- ``CallEnd(index, call)``: the call is complete and valid (``call`` is a ``ToolCall``).
- ``CallDropped(index, reason)``: a call that had started turned out not to be one (its JSON
  broke, or the answer ended inside it): forget what it streamed; ``reason`` is the sentence.
  A ``TextDelta`` with the call's text follows it.

MalformedError or unfinished calls never raise: their text is kept as answer text, a warning is
logged, and the sentence is added to ``parser.problems`` (a call that broke before it started,
``<tool_call>{"nam`` cut short, leaves no ``CallDropped``: it only ever was text). ``finish()``
returns the events of what is still held back: a marker that never completed is text, and a
call cut off by the end of the answer is dropped as above.

Each format (``deskchat.chat.tool_formats``) is a small program over the primitives of
``Reader``, written as generators: a primitive that needs more text than has arrived yields,
and the parser resumes it when the next piece comes (``yield from`` chains them).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from deskchat.chat.tool_events import (
    JSON_CALL,
    UNFINISHED,
    ArgsDelta,
    CallDropped,
    CallEnd,
    CallKeys,
    CallStart,
    MalformedError,
    NotACall,
    TextDelta,
    ToolEvent,
    Unfinished,
    malformed_sentence,
)
from deskchat.chat.tool_text import TextReader, Wait
from deskchat.chat.tools import ToolCall, ToolCallError, is_tool_name
from deskchat.sentences import Sentence

__all__ = [
    "ArgsDelta",
    "CallDropped",
    "CallEnd",
    "CallKeys",
    "CallStart",
    "MalformedError",
    "NotACall",
    "Program",
    "Reader",
    "TextDelta",
    "ToolCallParser",
    "ToolEvent",
    "Unfinished",
    "Wait",
    "parse_whole",
]

log = logging.getLogger(__name__)

Program = Callable[["Reader"], Wait[None]]


class Reader(TextReader):
    """The primitives format programs are written with: ``TextReader``'s, and calls."""

    def __init__(self, new_id: Callable[[int], str]) -> None:
        super().__init__()
        self._next_index = 0
        self._open: tuple[int, str, str] | None = None  # (index, id, name) of a started call
        self._new_id = new_id
        self.calls: list[ToolCall] = []
        self.problems: list[Sentence] = []

    @property
    def in_call(self) -> bool:
        """Whether a call's marker was seen and the call is still being read."""
        return self._attempting

    def start_call(self, name: str, call_id: str | None = None) -> None:
        if not is_tool_name(name):
            raise MalformedError(f"{name[:64]!r} is not a tool name")
        index = self._next_index
        self._next_index += 1
        call_id = call_id or self._new_id(index)
        self._open = (index, call_id, name)
        self._out.append(CallStart(index, call_id, name))

    def args_delta(self, text: str) -> None:
        if self._open is not None and text:
            self._out.append(ArgsDelta(self._open[0], text))

    def end_call(self, arguments: str) -> None:
        if self._open is None:
            raise RuntimeError("a format program ended a call it never started")
        index, call_id, name = self._open
        try:
            call = ToolCall(call_id, name, arguments)
        except ToolCallError as error:
            raise MalformedError(str(error)) from None
        self._open = None
        self._raw = ""
        self.calls.append(call)
        self._out.append(CallEnd(index, call))

    def named_call(self, name: str, call_id: str | None = None) -> Wait[None]:
        """A call whose name was written before its arguments: the arguments (a JSON
        object) stream as they come."""
        self.start_call(name, call_id)
        yield from self.skip_space()
        if (yield from self.peek()) != "{":
            self.fail("the arguments are not a JSON object")
        self.end_call((yield from self.json_value(self.args_delta)))

    def call_object(self, keys: CallKeys = JSON_CALL) -> Wait[None]:
        """A call written as one JSON object (``{"name": …, "arguments": {…}}``); the
        arguments stream once the name is known."""
        yield from self.skip_space()
        if (yield from self.peek()) != "{":
            if keys.first:
                raise NotACall
            self.fail("a JSON object expected")
        self.take(1)
        name: str | None = None
        call_id: str | None = None
        arguments: str | None = None
        first = True
        while True:
            yield from self.skip_space()
            if first and (yield from self.peek()) == "}":
                self.take(1)
                break
            key = yield from self._key(first and bool(keys.first), keys.first)
            first = False
            yield from self.expect(":")
            if key in keys.name:
                name = _text(json.loads((yield from self.json_value())), "name")
            elif key in keys.id:
                call_id = _text(json.loads((yield from self.json_value())), "id")
            elif key in keys.args:
                yield from self.skip_space()
                if name is not None and self._open is None and (yield from self.peek()) == "{":
                    self.start_call(name, call_id)
                    arguments = yield from self.json_value(self.args_delta)
                else:
                    arguments = yield from self.json_value()
            else:
                yield from self.json_value()  # a key calls carry besides ("type": "function")
            yield from self.skip_space()
            if (yield from self.optional(",")):
                continue
            yield from self.expect("}")
            break
        self._close_object(name, call_id, arguments)

    def _key(self, tentative: bool, allowed: tuple[str, ...]) -> Wait[str]:
        if (yield from self.peek()) != '"':
            if tentative:
                raise NotACall
            self.fail("a key expected")
        key = json.loads((yield from self.json_value()))
        if tentative and key not in allowed:
            raise NotACall
        return str(key)

    def _close_object(self, name: str | None, call_id: str | None, arguments: str | None) -> None:
        if name is None:
            raise MalformedError("the call has no name")
        if arguments is None:
            raise MalformedError(f"the call to {name!r} has no arguments")
        if arguments.startswith('"'):  # arguments written as a string of JSON
            arguments = json.loads(arguments)
        if self._open is None:
            self.start_call(name, call_id)
            self.args_delta(arguments)
        self.end_call(arguments)

    def call_array(self, keys: CallKeys = JSON_CALL) -> Wait[None]:
        """Calls written as a JSON array of call objects (``[{…}, {…}]``)."""
        yield from self.expect("[")
        yield from self.skip_space()
        if (yield from self.optional("]")):
            return
        while True:
            yield from self.call_object(keys)
            if not (yield from self.optional(",")):
                break
        yield from self.expect("]")

    def attempt(self, opener: str, body: Callable[[], Wait[None]]) -> Wait[bool]:
        """Run ``body`` on what follows ``opener`` (already consumed); if it is not a call
        after all, or breaks, its text goes back out as answer text. True when it held."""
        self._raw = opener
        self._attempting = True
        try:
            yield from body()
        except NotACall:
            self._give_back(None)
            return False
        except MalformedError as bad:
            name = self._open[2] if self._open else ""
            self._give_back(malformed_sentence(name, str(bad)))
            return False
        except Unfinished:
            self._give_back(UNFINISHED)
            return False
        finally:
            self._attempting = False
        self._raw = ""
        return True

    def _give_back(self, reason: Sentence | None) -> None:
        if reason is not None:
            log.warning("%s Its text: %.300r", reason, self._raw)
            self.problems.append(reason)
            if self._open is not None:
                self._out.append(CallDropped(self._open[0], reason))
        self._open = None
        self.emit_text(self._raw)
        self._raw = ""


class ToolCallParser(Reader):
    """Feed it the answer's pieces (``feed``), then ``finish``; each returns the events the
    text so far makes (see the module's docstring)."""

    def __init__(self, program: Program, new_id: Callable[[int], str]) -> None:
        super().__init__(new_id)
        self._program = program(self)
        self._ended = False

    def feed(self, text: str) -> list[ToolEvent]:
        if text:
            self._buf += text
            self._resume()
        return self._drain()

    def finish(self) -> list[ToolEvent]:
        self._final = True
        self._resume()
        self.emit_text(self.take(len(self._buf)))  # nothing is left unless a program quit
        return self._drain()

    def _resume(self) -> None:
        if self._ended:
            self.emit_text(self.take(len(self._buf)))
            return
        try:
            next(self._program)
        except StopIteration:
            self._ended = True

    def _drain(self) -> list[ToolEvent]:
        out, self._out = _merged(self._out), []
        return out


def parse_whole(parser: ToolCallParser, text: str) -> tuple[str, list[ToolCall]]:
    """(answer text, calls) of a whole answer, as the streaming parser reads it."""
    events = parser.feed(text) + parser.finish()
    return "".join(e.text for e in events if isinstance(e, TextDelta)), list(parser.calls)


def _merged(events: list[ToolEvent]) -> list[ToolEvent]:
    out: list[ToolEvent] = []
    for event in events:
        last = out[-1] if out else None
        if isinstance(event, TextDelta) and isinstance(last, TextDelta):
            out[-1] = TextDelta(last.text + event.text)
        elif isinstance(event, ArgsDelta) and isinstance(last, ArgsDelta):
            if last.index == event.index:
                out[-1] = ArgsDelta(event.index, last.text + event.text)
            else:
                out.append(event)
        else:
            out.append(event)
    return out


def _text(value: object, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise MalformedError(f"the call's {what} is not text")
    return str(value)
