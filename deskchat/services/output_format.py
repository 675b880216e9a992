"""What a persona's answers must be, as the grammar that holds generation to it: any JSON
object, or JSON that follows a schema (llama.cpp's JSON-schema-to-grammar, as the API's
``response_format`` uses). A schema no grammar can hold is one sentence, said when the
persona is saved and again if it is used."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from deskchat.engine.json_grammar import any_json_grammar, schema_grammar
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence

ANY_JSON: dict[str, Any] = {"type": "json_object"}


def output_grammar(output: Mapping[str, Any] | None) -> str:
    """The grammar for ``output`` ("" for text); a sentence for one that cannot be."""
    if not output:
        return ""
    kind = output.get("type")
    if kind == "json_object":
        return any_json_grammar()
    if kind == "json_schema":
        schema = output.get("schema")
        if not isinstance(schema, dict):
            raise DeskchatError(Sentence("The answers' JSON schema must be a JSON object."))
        # as the API's response_format: keywords a grammar cannot hold are left to the
        # model, unless the schema is strict
        return schema_grammar(schema, loose=output.get("strict") is not True)
    raise DeskchatError(Sentence("A persona's answers are text, JSON, or JSON with a schema."))


def schema_output(text: str) -> dict[str, Any]:
    """The output a person's schema text asks for, checked: it is JSON, an object, and a
    grammar can hold it (each failure one sentence)."""
    try:
        schema = json.loads(text)
    except ValueError as exc:
        raise DeskchatError(
            Sentence("The JSON schema is not valid JSON: {reason}.", reason=str(exc))
        ) from None
    output = {"type": "json_schema", "schema": schema}
    output_grammar(output)  # a JsonSchemaError (a sentence) when no grammar can hold it
    return output
