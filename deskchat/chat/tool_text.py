"""The text primitives tool-call format programs are written with: reading on up to a marker
(holding back a tail that may still grow into one), whitespace, literals, and one JSON value
checked as it streams. Each is a generator that yields when it needs more text than has
arrived (``Wait``); the parser resumes it when the next piece comes."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Sequence
from typing import NoReturn, TypeVar

from deskchat.chat.json_scan import JsonScanner, JsonSyntaxError
from deskchat.chat.tool_events import MalformedError, NotACall, TextDelta, ToolEvent, Unfinished

T = TypeVar("T")
Wait = Generator[None, None, T]  # a step that may wait for more text (``yield from`` it)


class TextReader:
    """The answer's text not yet consumed, and the events made of what was."""

    def __init__(self) -> None:
        self._buf = ""
        self._final = False
        self._out: list[ToolEvent] = []
        self._raw = ""  # the text an attempt at a call consumed (given back if it fails)
        self._attempting = False

    def more(self) -> Wait[bool]:
        """Wait for the next piece; False when the answer has ended instead."""
        if self._final:
            return False
        held = len(self._buf)
        yield
        return len(self._buf) > held

    def take(self, n: int) -> str:
        text, self._buf = self._buf[:n], self._buf[n:]
        self._raw += text
        return text

    def emit_text(self, text: str) -> None:
        if text:
            self._out.append(TextDelta(text))

    def text_until(self, openers: Sequence[str]) -> Wait[str | None]:
        """Pass text on up to the first opener; consume it and return it (None: the answer
        ended first). A tail that could still grow into an opener waits for more."""
        while True:
            found = _first(self._buf, openers)
            if found is not None:
                at, marker = found
                rest = self._buf[at:]
                longer = any(len(m) > len(rest) and m.startswith(rest) for m in openers)
                if not longer or self._final:
                    self._pass(at)
                    self.take(len(marker))
                    return marker
                self._pass(at)
            else:
                self._pass(len(self._buf) - _partial_tail(self._buf, openers))
            if not (yield from self.more()):
                self._pass(len(self._buf))
                return None

    def _pass(self, n: int) -> None:
        """Pass ``n`` characters on as text (outside an attempt, nothing to give back)."""
        self.emit_text(self.take(n))
        if not self._attempting:
            self._raw = ""

    def stream_until(self, marker: str, on_piece: Callable[[str], None]) -> Wait[str]:
        """The text up to ``marker`` (not consumed) or the end, streamed to ``on_piece``."""
        parts: list[str] = []
        while True:
            at = self._buf.find(marker)
            found = at >= 0
            if not found:
                held = 0 if self._final else _partial_tail(self._buf, (marker,))
                at = len(self._buf) - held
            piece = self.take(at)
            if piece:
                parts.append(piece)
                on_piece(piece)
            if found or self._final:
                return "".join(parts)
            yield from self.more()

    def drop_raw(self) -> None:
        """What the attempt consumed so far was markup: nothing of it is given back."""
        self._raw = ""

    def skip_space(self) -> Wait[None]:
        """Consume whitespace, up to the next other character (or the end)."""
        while True:
            stripped = self._buf.lstrip()
            self.take(len(self._buf) - len(stripped))
            if self._buf or not (yield from self.more()):
                return

    def peek(self) -> Wait[str]:
        """The next character, not consumed ("" at the end)."""
        if not self._buf:
            yield from self.more()
        return self._buf[:1]

    def lookahead(self, options: Iterable[str]) -> Wait[str | None]:
        """The option the text goes on with (not consumed), or None when it goes on with
        none of them (or ends)."""
        options = tuple(options)
        while True:
            for option in options:
                if self._buf.startswith(option):
                    return option
            if not any(o.startswith(self._buf) for o in options):
                return None
            if not (yield from self.more()):
                return None

    def optional(self, literal: str) -> Wait[bool]:
        """After whitespace, consume ``literal`` if the text goes on with it."""
        yield from self.skip_space()
        found = yield from self.lookahead((literal,))
        if found is None:
            return False
        self.take(len(literal))
        return True

    def expect(self, literal: str) -> Wait[None]:
        if not (yield from self.optional(literal)):
            self.fail(f"{literal!r} expected", literal)

    def until(self, markers: Sequence[str], limit: int) -> Wait[tuple[str, str]]:
        """The text up to the first of ``markers`` and that marker (both consumed); more
        than ``limit`` characters without one is not a call."""
        while True:
            found = _first(self._buf, markers)
            if found is not None and found[0] <= limit:
                at, marker = found
                text = self.take(at)
                self.take(len(marker))
                return text, marker
            if len(self._buf) > limit + max(map(len, markers)):
                raise NotACall
            if not (yield from self.more()):
                raise Unfinished

    def json_value(self, on_piece: Callable[[str], None] | None = None) -> Wait[str]:
        """One JSON value's text, checked as it streams (``on_piece`` gets its pieces)."""
        yield from self.skip_space()
        scanner = JsonScanner()
        parts: list[str] = []
        while True:
            if not self._buf:
                if (yield from self.more()):
                    continue
                if scanner.end():
                    break
                raise Unfinished
            try:
                end = scanner.feed(self._buf)
            except JsonSyntaxError as error:
                raise MalformedError(str(error)) from None
            piece = self.take(len(self._buf) if end is None else end)
            parts.append(piece)
            if on_piece is not None and piece:
                on_piece(piece)
            if end is not None:
                break
        return "".join(parts)

    def fail(self, reason: str, expected: str = "") -> NoReturn:
        """The call is broken here, or unfinished where the answer ended on the way to
        ``expected``."""
        if self._final and (expected or not self._buf) and expected.startswith(self._buf):
            raise Unfinished
        raise MalformedError(reason)

    # -- calls -----------------------------------------------------------------------------


def _first(text: str, markers: Sequence[str]) -> tuple[int, str] | None:
    """The earliest marker in ``text`` (the longest, where several start there)."""
    best: tuple[int, str] | None = None
    for marker in markers:
        at = text.find(marker)
        if at < 0:
            continue
        if best is None or at < best[0] or (at == best[0] and len(marker) > len(best[1])):
            best = (at, marker)
    return best


def _partial_tail(text: str, markers: Sequence[str]) -> int:
    """How many characters at the end of ``text`` could be the start of a marker."""
    longest = 0
    for marker in markers:
        for n in range(min(len(marker) - 1, len(text)), longest, -1):
            if marker.startswith(text[-n:]):
                longest = n
                break
    return longest
