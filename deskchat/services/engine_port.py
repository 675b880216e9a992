"""The engine port: what a turn needs from whatever answers it. The local engine process
(``EngineClient`` and its per-party ``EngineCaller``), a remote server's ``RemoteEngine``
and the tests' fakes all implement it; the turn pipeline never asks which one it has.

An engine gets the whole ``PromptPlan`` and takes what it needs from it: the local engine
the flattened text, a remote server the role/content turns (its own template applies them;
such a model says so with ``ModelInfo.own_template``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from deskchat.chat.generation import Done, ModelInfo, Piece, Prompt, PromptProgress, SamplingParams
from deskchat.chat.prompt import PromptPlan


class ChatEngine(Protocol):
    @property
    def model(self) -> ModelInfo | None: ...

    def count_tokens(self, text: Prompt) -> int:
        """The exact count of a prompt's tokens (an estimate for a remote model)."""
        ...

    def answer(
        self, prompt: PromptPlan, sampling: SamplingParams | None = None
    ) -> Iterator[PromptProgress | Piece | Done]:
        """Stream the answer to ``prompt``: ``Piece`` events, then one ``Done``. An engine
        that reads the prompt itself says how far it got first (``PromptProgress``, the
        local one); a remote server sends none."""
        ...

    def cancel(self) -> None:
        """Stop what this engine handle started, between two tokens; from any thread."""
        ...


class SharedEngine(Protocol):
    """An engine several parties use at once (the window and each API request): each
    party answers through its own handle, whose ``cancel`` stops only what it started."""

    @property
    def model(self) -> ModelInfo | None: ...

    def caller(self) -> CallerEngine: ...


class CallerEngine(ChatEngine, Protocol):
    """One party's handle on a ``SharedEngine``; ``close`` also ends at once whatever it
    starts later (a client that hung up while its request was being prepared)."""

    def close(self) -> None: ...
