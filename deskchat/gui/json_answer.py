"""An answer that is JSON as a whole (a persona or a request that requires JSON output) is
shown as indented JSON in a code block, with its Copy button, rather than as one long line
of markdown. Only an object or an array counts: an answer of "42" or "true" stays text."""

from __future__ import annotations

import json

FENCE = "```"


def as_json_block(text: str) -> str:
    """``text`` as a fenced, indented ``json`` block when the whole of it is a JSON object
    or array; otherwise ``text`` as it is."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[" or stripped[-1] not in "}]":
        return text
    try:
        value = json.loads(stripped)
    except ValueError:
        return text
    pretty = json.dumps(value, indent=2, ensure_ascii=False)
    if FENCE in pretty:  # a string inside holds a fence: it would end the block early
        return text
    return f"{FENCE}json\n{pretty}\n{FENCE}"
