"""Rows as typed records."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Literal

MessageStatus = Literal["streaming", "complete", "interrupted", "error"]


@dataclass(frozen=True)
class Conversation:
    id: int
    title: str
    persona_id: int | None
    system_prompt: str | None
    model_path: str | None
    current_leaf_id: int | None
    overflow_policy: Literal["rolling", "stop"]
    sampling_json: str
    pinned: bool
    created_at: float
    updated_at: float
    template_options_json: str = "{}"  # this chat's own template options (enable_thinking …)

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
        )


@dataclass(frozen=True)
class Message:
    id: int
    conversation_id: int
    parent_id: int | None
    role: Literal["system", "user", "assistant"]
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

    @property
    def total_tokens(self) -> int | None:
        if self.prompt_tokens is None or self.completion_tokens is None:
            return None
        return self.prompt_tokens + self.completion_tokens

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Message:
        values = {key: row[key] for key in row.keys()}  # noqa: SIM118 - Row has no iter of keys
        values["tokens_estimated"] = bool(values.get("tokens_estimated", 0))
        return cls(**values)
