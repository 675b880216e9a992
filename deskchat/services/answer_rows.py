"""The answers streaming now: each one's row in the history, and the sink that saves it as
it grows. Deleting a chat reaches the answers streaming into it, which then write nothing
more."""

from __future__ import annotations

import threading

from deskchat.services.conversation_sink import ConversationSink
from deskchat.store.messages import MessageRepo


class AnswerRows:
    """The open answers' sinks (safe from any thread: the GUI deletes chats on its own)."""

    def __init__(self, messages: MessageRepo) -> None:
        self._messages = messages
        self._sinks: set[ConversationSink] = set()
        self._lock = threading.Lock()

    def open(
        self,
        conversation_id: int,
        parent_id: int,
        kind: type[ConversationSink],
        *,
        model: str | None,
        persona: str | None,
    ) -> ConversationSink:
        """A new answer's row (streaming) under ``parent_id``, and the sink that saves it."""
        answer = self._messages.add(
            conversation_id,
            "assistant",
            "",
            parent_id=parent_id,
            status="streaming",
            model=model,
            persona=persona,
        )
        sink = kind(self._messages, answer)
        with self._lock:  # from now on, deleting the chat reaches this answer
            self._sinks.add(sink)
        return sink

    def close(self, sink: ConversationSink) -> None:
        """The answer has ended (or its stream was left): deleting its chat no longer
        needs to reach it."""
        with self._lock:
            self._sinks.discard(sink)

    def discard_chat(self, conversation_id: int) -> bool:
        """Stop every answer streaming into this chat from writing; whether there was one."""
        with self._lock:
            streaming = [s for s in self._sinks if s.conversation_id == conversation_id]
        for sink in streaming:
            sink.discard()
        return bool(streaming)
