"""What the chat session needs from an engine: the real ``EngineClient`` or a test fake."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from deskchat.engine.protocol import Done, ModelInfo, Piece, SamplingParams


class ChatEngine(Protocol):
    @property
    def model(self) -> ModelInfo | None: ...

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]: ...

    def count_tokens(self, text: str) -> int: ...

    def cancel(self) -> None: ...
