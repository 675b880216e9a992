"""The OpenAI chat-completions wire format: the request body, the streamed chunks, the
model list. Pure functions over JSON, so every server's quirks are tested without a network.

Servers differ in small ways, and each one handled here was seen in the wild: usage arrives
in a last chunk with no choices (OpenAI with ``stream_options.include_usage``), or inside
the finishing chunk (llama-server), or never (older Ollama / LM Studio); an error can
arrive as a chunk (``{"error": {...}}``) after the stream began; a server may ignore
``stream`` and answer with one JSON object; context lengths hide under several names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from deskchat.chat.generation import SamplingParams
from deskchat.chat.turns import Turn
from deskchat.remote.errors import RemoteStreamError, server_message, unreadable
from deskchat.remote.limits import answer_too_big, event_too_big, line_too_long
from deskchat.sentences import Sentence

# where servers put a model's context length in GET /models (OpenRouter/Together; vLLM;
# LM Studio; some proxies; llama-server under "meta")
_CONTEXT_KEYS = ("context_length", "max_model_len", "max_context_length", "context_window")
_META_CONTEXT_KEYS = ("n_ctx", "n_ctx_train")
_LINE_END = re.compile(rb"\r\n|\r|\n")


@dataclass(frozen=True)
class RemoteModel:
    id: str
    owned_by: str = ""
    context_length: int | None = None  # None: the server does not say


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int
    completion_tokens: int
    cached_tokens: int | None = None  # prompt tokens the server had cached


@dataclass(frozen=True)
class Chunk:
    """What one streamed event adds: text, and possibly the finish reason and usage."""

    text: str = ""
    finish_reason: str | None = None
    usage: Usage | None = None


@dataclass(frozen=True)
class StreamEnd:
    """The server's ``data: [DONE]``: the answer is complete."""


def chat_body(
    model_id: str, turns: Sequence[Turn], sampling: SamplingParams, *, extra_sampling: bool
) -> dict[str, Any]:
    """The JSON for ``POST /chat/completions``. Only standard fields, unless the server is
    known to take llama.cpp's sampling fields too (``extra_sampling``)."""
    body: dict[str, Any] = {
        "model": model_id,
        "messages": [turn.as_dict() for turn in turns],
        "stream": True,
        "stream_options": {"include_usage": True},
        "temperature": sampling.temperature,
        "top_p": sampling.top_p,
        "max_tokens": sampling.max_tokens,
    }
    if sampling.presence_penalty:
        body["presence_penalty"] = sampling.presence_penalty
    if sampling.frequency_penalty:
        body["frequency_penalty"] = sampling.frequency_penalty
    if sampling.seed is not None:
        body["seed"] = sampling.seed
    if sampling.stop:
        body["stop"] = list(sampling.stop)
    if extra_sampling:
        body["top_k"] = sampling.top_k
        body["min_p"] = sampling.min_p
        body["repeat_penalty"] = sampling.repeat_penalty
        if sampling.dry_multiplier > 0:
            body["dry_multiplier"] = sampling.dry_multiplier
            body["dry_base"] = sampling.dry_base
            body["dry_allowed_length"] = sampling.dry_allowed_length
            body["dry_penalty_last_n"] = sampling.dry_penalty_last_n
            body["dry_sequence_breakers"] = list(sampling.dry_sequence_breakers)
        if sampling.xtc_probability > 0:
            body["xtc_probability"] = sampling.xtc_probability
            body["xtc_threshold"] = sampling.xtc_threshold
    return body


def _positive_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    return None


def context_of(entry: dict[str, Any]) -> int | None:
    for key in _CONTEXT_KEYS:
        if (found := _positive_int(entry.get(key))) is not None:
            return found
    meta = entry.get("meta")
    if isinstance(meta, dict):
        for key in _META_CONTEXT_KEYS:
            if (found := _positive_int(meta.get(key))) is not None:
                return found
    return None


def parse_models(data: Any) -> list[RemoteModel]:
    """``{"data": [{"id": ...}, ...]}`` (or a bare list) as models, sorted by id.
    ValueError when it is not a model list."""
    entries = data.get("data", data.get("models")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise ValueError("no list of models")
    models = []
    for entry in entries:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        owner = entry.get("owned_by")
        models.append(
            RemoteModel(entry["id"], owner if isinstance(owner, str) else "", context_of(entry))
        )
    return sorted(models, key=lambda m: m.id.casefold())


def _usage(raw: Any) -> Usage | None:
    if not isinstance(raw, dict):
        return None
    prompt = raw.get("prompt_tokens")
    completion = raw.get("completion_tokens")
    if not isinstance(prompt, int) or not isinstance(completion, int):
        return None
    details = raw.get("prompt_tokens_details")
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    return Usage(prompt, completion, cached if isinstance(cached, int) else None)


def parse_chunk(data: Any, base_url: str) -> Chunk:
    """One streamed JSON object (or a whole non-streamed answer) as a Chunk."""
    if not isinstance(data, dict):
        raise unreadable(base_url, Sentence("an event is not a JSON object"))
    if data.get("error"):  # some proxies send "error": null in ordinary chunks
        said = server_message(json.dumps(data), None) or Sentence("no reason given")
        raise RemoteStreamError(
            Sentence(
                "The server at {url} stopped the answer ({said}); the text that arrived is kept.",
                url=base_url,
                said=said,
            )
        )
    choices = data.get("choices", [])
    if not isinstance(choices, list):
        raise unreadable(base_url, Sentence("'choices' is not a list"))
    text, finish = "", None
    for choice in choices:
        if not isinstance(choice, dict) or choice.get("index", 0) != 0:
            continue  # only the first choice is asked for; ignore any others
        part = choice.get("delta") or choice.get("message") or {}
        content = part.get("content") if isinstance(part, dict) else None
        if content is None:
            content = choice.get("text")  # the legacy completions shape
        if content is not None and not isinstance(content, str):
            raise unreadable(base_url, Sentence("a piece of text is not a string"))
        text += content or ""
        reason = choice.get("finish_reason")
        finish = reason if isinstance(reason, str) else finish
    return Chunk(text, finish, _usage(data.get("usage")))


def lines(
    chunks: Iterable[bytes],
    base_url: str,
    *,
    line_bytes: int,
    total_bytes: int,
    on_bytes: Callable[[], None] = lambda: None,
) -> Iterator[str]:
    """The lines of a byte stream (ended by CR, LF or CRLF, as server-sent events allow),
    never holding more than ``line_bytes`` of one line nor reading more than
    ``total_bytes`` in all: past either, a RemoteStreamError naming the bound.
    ``on_bytes`` is told whenever bytes arrive (the caller's watch for a silent server)."""
    pending = b""
    seen = 0
    for chunk in chunks:
        if not chunk:
            continue
        on_bytes()
        seen += len(chunk)
        if seen > total_bytes:
            raise answer_too_big(base_url, total_bytes)
        pending += chunk
        start = 0
        for found in _LINE_END.finditer(pending):
            if found.group() == b"\r" and found.end() == len(pending):
                break  # a CR at the end may be the first half of a CRLF
            if found.start() - start > line_bytes:
                raise line_too_long(base_url, line_bytes)
            yield pending[start : found.start()].decode("utf-8", "replace")
            start = found.end()
        pending = pending[start:]
        if len(pending.rstrip(b"\r")) > line_bytes:
            raise line_too_long(base_url, line_bytes)
    if pending:  # the last line, without an ending (or ended by a lone CR)
        yield pending.removesuffix(b"\r").decode("utf-8", "replace")


def events(
    lines: Iterable[str], base_url: str, *, event_bytes: int | None = None
) -> Iterator[Chunk | StreamEnd]:
    """Server-sent events (``data: {...}`` lines, a blank line after each) as Chunks, and
    StreamEnd at ``data: [DONE]``. Comments and other fields are skipped; whatever follows
    [DONE] is read to the end and ignored, so the connection can serve the next turn.
    An event whose data passes ``event_bytes`` (characters, counted as they come) is a
    RemoteStreamError naming that bound."""
    data: list[str] = []
    size = 0
    ended = False

    def dispatch() -> Chunk | StreamEnd | None:
        nonlocal size
        payload = "\n".join(data).strip()
        data.clear()
        size = 0
        if not payload:
            return None
        if payload == "[DONE]":
            return StreamEnd()
        try:
            parsed = json.loads(payload)
        except ValueError:
            raise unreadable(base_url, Sentence("an event is not JSON")) from None
        return parse_chunk(parsed, base_url)

    for line in lines:
        if ended:
            continue
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
            size += len(data[-1]) + 1
            if event_bytes is not None and size > event_bytes:
                raise event_too_big(base_url, event_bytes)
        elif not line.strip() and data:
            event = dispatch()
            if event is not None:
                ended = isinstance(event, StreamEnd)
                yield event
    if data and not ended and (event := dispatch()) is not None:
        yield event
