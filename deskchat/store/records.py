"""Rows as typed records."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Literal

from deskchat.chat.prompt import OverflowPolicy
from deskchat.chat.tools import ToolCall, ToolCallError

MessageStatus = Literal["streaming", "complete", "interrupted", "error"]


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    persona_id: int | None
    system_prompt: str | None
    model_path: str | None
    current_leaf_id: int | None
    overflow_policy: OverflowPolicy
    sampling_json: str
    pinned: bool
    created_at: float
    updated_at: float
    template_options_json: str = "{}"  # this chat's own template options (enable_thinking …)
    tool_servers_json: str = "[]"  # the MCP servers whose tools this chat may use
    allowed_tools_json: str = "[]"  # tools allowed in this chat without asking

    @property
    def tool_servers(self) -> tuple[str, ...]:
        return _names(self.tool_servers_json)

    @property
    def allowed_tools(self) -> tuple[str, ...]:
        return _names(self.allowed_tools_json)

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Conversation:
        return cls(
            id=row["id"],
            title=row["title"],
            persona_id=row["persona_id"],
            system_prompt=row["system_prompt"],
            model_path=row["model_path"],
            current_leaf_id=row["current_leaf_id"],
            overflow_policy=row["overflow_policy"],
            sampling_json=row["sampling_json"],
            pinned=bool(row["pinned"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            template_options_json=row["template_options_json"],
            tool_servers_json=row["tool_servers_json"],
            allowed_tools_json=row["allowed_tools_json"],
        )


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: Literal["system", "user", "assistant", "tool"]
    content: str
    status: MessageStatus
    error: str | None
    model: str | None
    persona: str | None
    prompt_tokens: int | None
    prompt_evaluated: int | None
    completion_tokens: int | None
    ttft_ms: float | None
    tokens_per_s: float | None
    finish_reason: str | None
    writer_pid: int | None
    created_at: float
    updated_at: float
    tokens_estimated: bool = False  # counts guessed from the text, not a tokenizer ("≈")
    # a reasoning model's thought, apart from the answer in ``content``
    reasoning: str = ""
    reasoning_tokens: int | None = None
    reasoning_ms: float | None = None
    # an answer's tool calls (OpenAI ``tool_calls`` JSON, "" for none); a ``tool`` message's
    # call id, tool name, whether the call failed (or was denied) and how long it took
    tool_calls: str = ""
    tool_call_id: str = ""
    tool_name: str = ""
    tool_error: bool = False
    tool_ms: float | None = None

    @property
    def calls(self) -> tuple[ToolCall, ...]:
        """The tool calls this answer made, in order (a damaged entry is left out)."""
        if not self.tool_calls:
            return ()
        calls = []
        for entry in json.loads(self.tool_calls):
            function = entry.get("function", {})
            try:
                calls.append(
                    ToolCall(entry.get("id", ""), function.get("name", ""), function["arguments"])
                )
            except (ToolCallError, KeyError):
                continue
        return tuple(calls)

    @property
    def total_tokens(self) -> int | None:
        if self.prompt_tokens is None or self.completion_tokens is None:
            return None
        return self.prompt_tokens + self.completion_tokens

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Message:
        values = {key: row[key] for key in row.keys()}  # noqa: SIM118 - Row has no iter of keys
        values["tokens_estimated"] = bool(values.get("tokens_estimated", 0))
        values["tool_error"] = bool(values.get("tool_error", 0))
        return cls(**values)


def calls_json(calls: tuple[ToolCall, ...] | list[ToolCall]) -> str:
    """An answer's calls as the ``tool_calls`` column keeps them ("" for none)."""
    if not calls:
        return ""
    return json.dumps([call.to_openai() for call in calls], ensure_ascii=False)


def _names(text: str) -> tuple[str, ...]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()


@dataclass(frozen=True)
class SummaryNote:
    """A summary the model wrote of a chat's oldest turns: it stands in for the branch's
    messages up to and including ``through_message_id`` (``covers`` of them) in the prompt,
    on every branch that holds that message. ``edited``: the person changed its text."""

    id: int
    conversation_id: int
    through_message_id: int
    content: str
    covers: int
    model: str | None
    prompt_tokens: int | None
    completion_tokens: int | None
    ms: float | None
    edited: bool
    created_at: float
    updated_at: float

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> SummaryNote:
        values = {key: row[key] for key in row.keys()}  # noqa: SIM118 - Row has no iter of keys
        values["edited"] = bool(values["edited"])
        return cls(**values)
