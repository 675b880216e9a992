"""JSON schemas as GBNF grammars, so that an answer (structured output, a tool call's
arguments) is valid JSON by construction: llama.cpp's own JSON-schema-to-grammar converter,
as llama-cpp-python ships it (``llama_cpp/llama_grammar.py``).

- ``schema_grammar(schema, *, loose=False) -> str``: a grammar (rule ``root``) whose every
  sentence is JSON that follows ``schema``; a schema the converter cannot turn into a grammar
  raises ``JsonSchemaError``, whose sentence says why (the server answers it with a 400). So
  does a schema that asks for what the converter leaves unchecked (number ranges,
  ``multipleOf``, ``uniqueItems``, ``if``/``then`` …), since the answer would then be JSON that
  breaks the schema; ``loose=True`` lets those pass unchecked instead (a tool's arguments,
  which the tool checks itself). Formats other than date, time and uuid are not held to, as
  JSON Schema itself treats ``format`` as a note by default.
- ``any_json_grammar() -> str``: any JSON object (what OpenAI's ``json_object`` mode
  promises).

The grammar goes to ``SamplingParams.grammar`` as it is, or, for a tool call, into the chat
layer's wrappers (``deskchat.chat.tool_grammar``), which rename its rules and put the
format's markers around it.

The converter is plain Python, but importing it through the ``llama_cpp`` package would load
the native library into whichever process asks (the window, the server), and the engine
runs in a process of its own so that llama.cpp never runs there. So the converter's file is
loaded on its own; only where it is not a file on disk (a frozen bundle) does the import go
through the package.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

# The converter's string character admits raw control characters (a newline, a tab), which
# JSON forbids inside a string and json.loads refuses; llama.cpp's own json.gbnf excludes them.
_LOOSE_CHAR = 'char ::= [^"\\\\] |'
_STRICT_CHAR = 'char ::= [^"\\\\\\x7F\\x00-\\x1F] |'

_CLI_HINT = re.compile(r"\s*\(use --[^)]*\)")


class JsonSchemaError(DeskchatError):
    """A JSON schema that cannot be turned into a grammar (the sentence says why)."""


def schema_grammar(schema: dict[str, Any], *, loose: bool = False) -> str:
    """A GBNF grammar whose every sentence is JSON that follows ``schema``."""
    if not isinstance(schema, dict):
        raise _refused(f"a schema is a JSON object, not {type(schema).__name__}")
    unchecked = [] if loose else sorted(set(_unchecked(schema)))
    if unchecked:
        raise JsonSchemaError(
            Sentence(
                "This JSON schema asks for what a grammar cannot hold the answer to: "
                "{keywords}. Leave those out of the schema.",
                keywords=", ".join(unchecked),
            )
        )
    try:
        text = json.dumps(schema)
    except (TypeError, ValueError) as error:
        raise _refused(str(error)) from None
    try:
        grammar = str(_converter().json_schema_to_gbnf(text))
    except (AssertionError, KeyError, TypeError, AttributeError, ValueError, IndexError) as error:
        raise _refused(str(error) or type(error).__name__) from None
    except RecursionError:
        raise _refused("it is nested too deeply") from None
    except re.error as error:
        raise _refused(f"a pattern is not a regular expression ({error})") from None
    return grammar.replace(_LOOSE_CHAR, _STRICT_CHAR)


def any_json_grammar() -> str:
    """A GBNF grammar for any JSON object."""
    return schema_grammar({"type": "object"})


# keywords llama-cpp-python's converter reads past without constraining anything
_UNCHECKED = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "patternProperties",
        "propertyNames",
        "dependentRequired",
        "dependentSchemas",
        "if",
        "then",
        "else",
        "contains",
        "minContains",
        "maxContains",
        "unevaluatedProperties",
        "unevaluatedItems",
    }
)
# where a schema holds further schemas: one, a list of them, or a map of names to them
_ONE = ("items", "additionalProperties", "not", "contains", "if", "then", "else")
_MANY = ("items", "prefixItems", "anyOf", "oneOf", "allOf")
_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


def _unchecked(schema: object, depth: int = 0) -> list[str]:
    """The keywords in ``schema`` and the schemas within it that no grammar holds to."""
    if not isinstance(schema, dict) or depth > 64:
        return []
    found = [key for key in schema if key in _UNCHECKED]
    inner: list[object] = [schema.get(key) for key in _ONE]
    for key in _MANY:
        if isinstance(schema.get(key), list):
            inner.extend(schema[key])
    for key in _MAP:
        if isinstance(schema.get(key), dict):
            inner.extend(schema[key].values())
    for sub in inner:
        found.extend(_unchecked(sub, depth + 1))
    return found


def _refused(reason: str) -> JsonSchemaError:
    reason = _CLI_HINT.sub("", reason).strip()  # the converter's advice is for its command line
    return JsonSchemaError(
        Sentence(
            "This JSON schema cannot be turned into a grammar for the answer: {reason}. "
            "Simplify the schema (no remote $ref, no 'not', patterns anchored with ^ and $).",
            reason=reason.rstrip("."),
        )
    )


@functools.cache
def _converter() -> ModuleType:
    """llama-cpp-python's converter module, without loading llama.cpp's library."""
    spec = importlib.util.find_spec("llama_cpp")  # finds the package, does not run it
    folders = list(spec.submodule_search_locations or ()) if spec is not None else []
    for folder in folders:
        path = Path(folder) / "llama_grammar.py"
        if path.is_file():
            own = importlib.util.spec_from_file_location("deskchat_llama_grammar", path)
            if own is not None and own.loader is not None:
                module = importlib.util.module_from_spec(own)
                own.loader.exec_module(module)
                return module
    return importlib.import_module("llama_cpp.llama_grammar")
