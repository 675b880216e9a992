"""Keeping API requests in the history (off unless asked): each request becomes its own
conversation, titled "API: <its question>", with the messages it sent and the answer."""

from __future__ import annotations

from collections.abc import Sequence

from deskchat.chat.generation import Done, ModelInfo
from deskchat.chat.turns import Turn
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo

TITLE_WORDS = 8


def title_for(turns: Sequence[Turn]) -> str:
    """'API: ' and the first words of the last user message (what this request asked)."""
    asked = next((t.content for t in reversed(turns) if t.role == "user"), "")
    words = asked.split()
    text = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return f"API: {text}".rstrip()


def log_exchange(
    db: Database,
    model: ModelInfo,
    *,
    system: str,
    turns: Sequence[Turn],
    answer: str,
    done: Done,
) -> int:
    """Store one request and its answer; the new conversation's id."""
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    conversation = conversations.create(
        title_for(turns), model_path=model.path, system_prompt=system or None
    )
    parent: int | None = None
    for turn in turns:
        parent = messages.add(conversation.id, turn.role, turn.content, parent_id=parent).id
    reply = messages.add(conversation.id, "assistant", "", parent_id=parent, model=model.name)
    cancelled = done.finish_reason == "cancelled"
    messages.finish(
        reply.id,
        content=answer,
        status="interrupted" if cancelled else "complete",
        error="The API client went away before the answer was complete." if cancelled else None,
        prompt_tokens=done.prompt_tokens,
        prompt_evaluated=done.prompt_evaluated,
        completion_tokens=done.completion_tokens,
        ttft_ms=done.ttft_s * 1000.0,
        tokens_per_s=done.decode_tokens_per_s,
        finish_reason=done.finish_reason,
    )
    return conversation.id
