"""Small tools for GBNF, llama.cpp's grammar text: quoting a literal, and giving every rule of
a grammar a prefix so that several grammars (a JSON schema's each) can be joined into one.

- ``literal(text)``: ``text`` as a GBNF string literal.
- ``namespaced(grammar, prefix)``: the grammar with every rule name, where it is defined and
  where it is used, written ``prefix + name`` (``root`` becomes ``prefix + "root"``).
- ``rule_names(grammar)``: the names a grammar defines.
"""

from __future__ import annotations

import re

# the grammar's tokens, in the order they must be tried: what is quoted or bracketed is never
# a name, nor a repetition count; whatever else is a name is a rule's
_TOKEN = re.compile(
    r"""
    (?P<string>"(?:\\.|[^"\\])*")
  | (?P<chars>\[(?:\\.|[^\]\\])*\])
  | (?P<comment>\#[^\n]*)
  | (?P<count>\{[^}]*\})
  | (?P<token><[^>]*>)
  | (?P<name>[A-Za-z0-9_-]+)
    """,
    re.VERBOSE,
)
_DEFINITION = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*::=", re.MULTILINE)
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal(text: str) -> str:
    """``text`` as a GBNF string literal."""
    return '"' + "".join(_ESCAPES.get(c, c) for c in text) + '"'


def namespaced(grammar: str, prefix: str) -> str:
    """``grammar`` with ``prefix`` before every rule name."""

    def rename(found: re.Match[str]) -> str:
        name = found.group("name")
        return found.group(0) if name is None else prefix + name

    return _TOKEN.sub(rename, grammar)


def rule_names(grammar: str) -> set[str]:
    """The rule names ``grammar`` defines."""
    return set(_DEFINITION.findall(grammar))
