"""What the chat session needs from an engine: the real ``EngineClient``, a remote server's
``RemoteEngine``, or a test fake."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, TypeGuard, runtime_checkable

from deskchat.chat.generation import Done, ModelInfo, Piece, SamplingParams
from deskchat.chat.turns import Turn


class ChatEngine(Protocol):
    @property
    def model(self) -> ModelInfo | None: ...

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]: ...

    def count_tokens(self, text: str) -> int: ...

    def cancel(self) -> None: ...


@runtime_checkable
class MessageEngine(ChatEngine, Protocol):
    """An engine that takes the conversation as role/content messages and applies the chat
    template itself (a remote OpenAI-compatible server). The session sends it the turns
    instead of a flattened prompt, and treats its token counts as estimates: without the
    server's tokenizer, ``count_tokens`` can only guess."""

    def generate_messages(
        self, turns: Sequence[Turn], sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]: ...


def takes_messages(engine: ChatEngine) -> TypeGuard[MessageEngine]:
    """Whether ``engine`` wants messages (the local engine and the fakes want a prompt)."""
    return isinstance(engine, MessageEngine)
