"""Store records for tests: a complete answer or an empty chat by default, with only the
fields a test cares about written out (``make_message(status="streaming")``), and a helper
that writes a chain of turns to the database."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from deskchat.store.messages import MessageRepo
from deskchat.store.records import Conversation, Message

MESSAGE_DEFAULTS: dict[str, Any] = {
    "id": 1,
    "conversation_id": 1,
    "parent_id": None,
    "role": "assistant",
    "content": "hi",
    "status": "complete",
    "error": None,
    "model": "m",
    "persona": None,
    "prompt_tokens": None,
    "prompt_evaluated": None,
    "completion_tokens": None,
    "ttft_ms": None,
    "tokens_per_s": None,
    "finish_reason": "stop",
    "writer_pid": None,
    "created_at": 0.0,
    "updated_at": 0.0,
}

CONVERSATION_DEFAULTS: dict[str, Any] = {
    "id": 1,
    "title": "",
    "persona_id": None,
    "system_prompt": None,
    "model_path": None,
    "current_leaf_id": None,
    "overflow_policy": "rolling",
    "sampling_json": "{}",
    "pinned": False,
    "created_at": 0.0,
    "updated_at": 0.0,
}


def make_message(**overrides: Any) -> Message:
    """A message record (not stored); a misspelt field is a TypeError."""
    return Message(**{**MESSAGE_DEFAULTS, **overrides})


def make_conversation(**overrides: Any) -> Conversation:
    """A conversation record (not stored); a misspelt field is a TypeError."""
    return Conversation(**{**CONVERSATION_DEFAULTS, **overrides})


def add_turns(
    messages: MessageRepo,
    conversation_id: int,
    turns: Iterable[tuple[str, str]],
    *,
    parent_id: int | None = None,
) -> list[Message]:
    """Store ``(role, text)`` turns as one branch, each the child of the one before."""
    added: list[Message] = []
    for role, text in turns:
        message = messages.add(conversation_id, role, text, parent_id=parent_id)
        added.append(message)
        parent_id = message.id
    return added
