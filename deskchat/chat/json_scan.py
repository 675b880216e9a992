"""An incremental JSON checker: fed text as it streams, it says where one JSON value ends and
stops at the first character that cannot belong to it, without waiting for the whole value.

The tool-call parsers use it to stream a call's arguments as the model writes them (every
piece that passes is valid so far) and to tell a malformed call at once.

``JsonScanner().feed(text)`` returns the index just after the value's last character once
the value is complete (``None`` while it goes on past ``text``), and raises
``JsonSyntaxError`` at a character that breaks it; ``end()`` says whether the value is
complete when no more text comes (only a bare number needs that). Leading whitespace is
skipped. Strings follow JSON strictly: raw control characters and bad escapes are errors.
"""

from __future__ import annotations

from enum import Enum, auto

_SPACE = " \t\n\r"
_DIGITS = "0123456789"
_ESCAPES = '"\\/bfnrt'
_HEX = "0123456789abcdefABCDEF"
_LITERALS = {"t": "true", "f": "false", "n": "null"}


class JsonSyntaxError(ValueError):
    """Where the text stopped being JSON, and why."""


class _S(Enum):
    VALUE = auto()  # a value is next
    FIRST_ITEM = auto()  # just after "[": a value or "]"
    FIRST_KEY = auto()  # just after "{": a key or "}"
    KEY = auto()  # after "," in an object: a key
    COLON = auto()  # after a key
    AFTER = auto()  # after a value inside a container: "," or its closer
    STRING = auto()
    ESCAPE = auto()
    UNICODE = auto()
    NUMBER = auto()
    LITERAL = auto()
    DONE = auto()


# the number's own states: which characters may come next, and whether it may end here
_NUM_NEXT = {
    "sign": (_DIGITS, False),
    "zero": (".eE", True),
    "int": (_DIGITS + ".eE", True),
    "dot": (_DIGITS, False),
    "frac": (_DIGITS + "eE", True),
    "exp": (_DIGITS + "+-", False),
    "exp_sign": (_DIGITS, False),
    "exp_digits": (_DIGITS, True),
}


class JsonScanner:
    """Checks one JSON value character by character (see the module's docstring)."""

    def __init__(self) -> None:
        self._state = _S.VALUE
        self._stack: list[str] = []  # "{" or "[" for each open container
        self._key = False  # whether the string being read is an object's key
        self._hex_left = 0
        self._number = ""
        self._literal = ""
        self._literal_at = 0
        self._reread = False  # the value ended just before this character (a number)
        self.started = False  # whether the value's first character was seen

    @property
    def done(self) -> bool:
        return self._state is _S.DONE

    def feed(self, text: str) -> int | None:
        if self.done:
            return 0
        for i, c in enumerate(text):
            if self._step(c):
                return i if self._reread else i + 1
        return None

    def end(self) -> bool:
        """Whether the value is complete with no more text (a number ends here)."""
        if self._state is _S.NUMBER and not self._stack and _NUM_NEXT[self._number][1]:
            self._state = _S.DONE
        return self._state is _S.DONE

    # -- one character ---------------------------------------------------------------------

    def _step(self, c: str) -> bool:
        """Take one character; True when the value is complete."""
        self._reread = False
        state = self._state
        if state is _S.STRING:
            self._in_string(c)
        elif state is _S.ESCAPE:
            if c == "u":
                self._state, self._hex_left = _S.UNICODE, 4
            elif c in _ESCAPES:
                self._state = _S.STRING
            else:
                raise JsonSyntaxError(f"a bad escape \\{c}")
        elif state is _S.UNICODE:
            if c not in _HEX:
                raise JsonSyntaxError("a bad \\u escape")
            self._hex_left -= 1
            if not self._hex_left:
                self._state = _S.STRING
        elif state is _S.NUMBER:
            return self._in_number(c)
        elif state is _S.LITERAL:
            self._in_literal(c)
        else:
            self._structure(c)
        return self._state is _S.DONE

    def _in_string(self, c: str) -> None:
        if c == '"':
            if self._key:
                self._key = False
                self._state = _S.COLON
            else:
                self._value_ended()
        elif c == "\\":
            self._state = _S.ESCAPE
        elif ord(c) < 0x20:
            raise JsonSyntaxError("a raw control character in a string")

    def _in_number(self, c: str) -> bool:
        allowed, may_end = _NUM_NEXT[self._number]
        if c in allowed:
            self._number = _number_after(self._number, c)
            return False
        if not may_end:
            raise JsonSyntaxError("an unfinished number")
        self._value_ended()
        if self._state is _S.DONE:
            self._reread = True  # this character is not the number's
            return True
        return self._step(c)

    def _in_literal(self, c: str) -> None:
        if c != self._literal[self._literal_at]:
            raise JsonSyntaxError("not true, false or null")
        self._literal_at += 1
        if self._literal_at == len(self._literal):
            self._value_ended()

    def _structure(self, c: str) -> None:
        if c in _SPACE:
            return
        state = self._state
        if state in (_S.VALUE, _S.FIRST_ITEM):
            if state is _S.FIRST_ITEM and c == "]":
                self._close("[")
            else:
                self._value_start(c)
        elif state in (_S.FIRST_KEY, _S.KEY):
            if c == '"':
                self._state, self._key = _S.STRING, True
            elif c == "}" and state is _S.FIRST_KEY:
                self._close("{")
            else:
                raise JsonSyntaxError("a key expected")
        elif state is _S.COLON:
            if c != ":":
                raise JsonSyntaxError("':' expected")
            self._state = _S.VALUE
        else:
            self._after_value(c)

    def _after_value(self, c: str) -> None:
        if c == ",":
            self._state = _S.KEY if self._stack[-1] == "{" else _S.VALUE
        elif c in "]}":
            self._close("[" if c == "]" else "{")
        else:
            raise JsonSyntaxError("',' or a closing bracket expected")

    def _value_start(self, c: str) -> None:
        self.started = True
        if c == "{":
            self._stack.append("{")
            self._state = _S.FIRST_KEY
        elif c == "[":
            self._stack.append("[")
            self._state = _S.FIRST_ITEM
        elif c == '"':
            self._state, self._key = _S.STRING, False
        elif c == "-" or c in _DIGITS:
            self._state = _S.NUMBER
            self._number = "sign" if c == "-" else ("zero" if c == "0" else "int")
        elif c in _LITERALS:
            self._state, self._literal, self._literal_at = _S.LITERAL, _LITERALS[c], 1
        else:
            raise JsonSyntaxError("a value expected")

    def _close(self, opener: str) -> None:
        if not self._stack or self._stack[-1] != opener:
            raise JsonSyntaxError("a mismatched bracket")
        self._stack.pop()
        self._value_ended()

    def _value_ended(self) -> None:
        self._state = _S.AFTER if self._stack else _S.DONE


def _number_after(state: str, c: str) -> str:
    if c in _DIGITS:
        return {"sign": "zero" if c == "0" else "int", "dot": "frac", "exp": "exp_digits"}.get(
            state, "exp_digits" if state == "exp_sign" else state
        )
    if c == ".":
        return "dot"
    if c in "eE":
        return "exp"
    return "exp_sign"  # + or - after the exponent's e
