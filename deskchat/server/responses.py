"""The JSON objects OpenAI's API answers with, for chat and text completions, whole or as
stream chunks, so the official clients parse them into their usual types."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any, Literal

from deskchat.chat.generation import Done, ModelInfo
from deskchat.chat.tools import ToolCall
from deskchat.services.turn import Thinking

Kind = Literal["chat", "text"]


def model_id(model: ModelInfo) -> str:
    """The id clients use: the GGUF file's name without ``.gguf``."""
    return Path(model.path).stem


def model_object(model: ModelInfo) -> dict[str, Any]:
    try:
        created = int(Path(model.path).stat().st_mtime)
    except OSError:
        created = 0
    return {"id": model_id(model), "object": "model", "created": created, "owned_by": "deskchat"}


def model_list(model: ModelInfo | None) -> dict[str, Any]:
    return {"object": "list", "data": [model_object(model)] if model else []}


def usage(done: Done, thinking: Thinking | None = None) -> dict[str, Any]:
    """OpenAI's usage; a reasoning model's thought is counted in ``completion_tokens``
    and told apart in ``completion_tokens_details.reasoning_tokens``."""
    counts: dict[str, Any] = {
        "prompt_tokens": done.prompt_tokens,
        "completion_tokens": done.completion_tokens,
        "total_tokens": done.total_tokens,
    }
    if thinking is not None and thinking.text:
        counts["completion_tokens_details"] = {"reasoning_tokens": thinking.tokens}
    return counts


def finish_reason(done: Done, called: bool = False) -> str:
    """OpenAI's reasons: "stop" (end of text, a stop string, or the client went away),
    "length" (max_tokens or the end of the context window), and "tool_calls" (``called``:
    the answer made calls, and ended on its own)."""
    if done.finish_reason in ("length", "context"):
        return "length"
    return "tool_calls" if called else "stop"


class Shape:
    """The objects of one response: same id, creation time and model on every chunk."""

    def __init__(self, kind: Kind, model: str) -> None:
        self.kind = kind
        self.id = f"{'chatcmpl' if kind == 'chat' else 'cmpl'}-{uuid.uuid4().hex}"
        self.created = int(time.time())
        self.model = model

    def _head(self, suffix: str = "") -> dict[str, Any]:
        base = "chat.completion" if self.kind == "chat" else "text_completion"
        return {
            "id": self.id,
            "object": base + (suffix if self.kind == "chat" else ""),
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
        }

    def whole(
        self,
        text: str,
        done: Done,
        thinking: Thinking | None = None,
        calls: tuple[ToolCall, ...] = (),
    ) -> dict[str, Any]:
        choice: dict[str, Any] = {
            "index": 0,
            "logprobs": None,
            "finish_reason": finish_reason(done, bool(calls)),
        }
        if self.kind == "chat":
            message: dict[str, Any] = {"role": "assistant", "content": text, "refusal": None}
            if calls:  # beside the calls, no text is null (as OpenAI answers)
                message["content"] = text or None
                message["tool_calls"] = [call.to_openai() for call in calls]
            if thinking is not None and thinking.text:
                # beside the answer, as llama-server, vLLM and DeepSeek's API return it
                message["reasoning_content"] = thinking.text
            choice["message"] = message
        else:
            choice["text"] = text
        return {**self._head(), "choices": [choice], "usage": usage(done, thinking)}

    def chunk(
        self,
        text: str,
        *,
        with_usage: bool,
        first: bool = False,
        done: Done | None = None,
        reasoning: bool = False,
        called: bool = False,
    ) -> dict[str, Any]:
        """One stream chunk: the first carries the role, the last the finish reason; with
        ``stream_options.include_usage`` every chunk has ``"usage": null``. ``reasoning``:
        the text is the model's thought (``delta.reasoning_content``); ``called``: the
        answer made tool calls."""
        choice: dict[str, Any] = {
            "index": 0,
            "logprobs": None,
            "finish_reason": finish_reason(done, called) if done else None,
        }
        if self.kind == "chat":
            key = "reasoning_content" if reasoning else "content"
            delta: dict[str, Any] = {} if done else {key: text}
            if first:
                delta["role"] = "assistant"
            choice["delta"] = delta
        else:
            choice["text"] = text
        chunk = {**self._head(".chunk"), "choices": [choice]}
        if with_usage:
            chunk["usage"] = None
        return chunk

    def call_chunk(self, call: dict[str, Any], *, with_usage: bool) -> dict[str, Any]:
        """A chunk with a piece of a tool call (``delta.tool_calls``, OpenAI's shape: the
        first of a call has its index, id, type and name, later ones argument text)."""
        choice: dict[str, Any] = {"index": 0, "logprobs": None, "finish_reason": None}
        choice["delta"] = {"tool_calls": [call]}
        chunk = {**self._head(".chunk"), "choices": [choice]}
        if with_usage:
            chunk["usage"] = None
        return chunk

    def usage_chunk(self, done: Done, thinking: Thinking | None = None) -> dict[str, Any]:
        """The extra last chunk ``include_usage`` asks for: no choices, the usage."""
        return {**self._head(".chunk"), "choices": [], "usage": usage(done, thinking)}
