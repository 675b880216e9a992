"""One generation as the API sees it, and what it tells the request log."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from deskchat.chat.generation import Done, Piece
from deskchat.errors import DeskchatError

OnDone = Callable[[str, Done], None]


@dataclass
class Progress:
    """What handling one request found out, for its line in the request log."""

    model: str | None = None
    stream: bool = False
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    error: str | None = None


class Run:
    """The text pieces of one generation, then its ``Done``. Left early (the client went
    away), it cancels the generation and still reads on to the engine's ``Done``, which
    comes within a token, so the log and the history get the real counts."""

    def __init__(
        self,
        events: Iterator[Piece | Done],
        *,
        cancel: Callable[[], None],
        progress: Progress,
        on_done: OnDone,
    ) -> None:
        self._events = events
        self._cancel = cancel
        self._progress = progress
        self._on_done = on_done
        self._parts: list[str] = []
        self._started = False
        self.done: Done | None = None

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def pieces(self) -> Iterator[str]:
        """The answer's text as it comes; raises ``DeskchatError`` if the engine fails."""
        self._started = True
        try:
            for event in self._events:
                if isinstance(event, Done):
                    self._finish(event)
                    break
                if event.text:
                    self._parts.append(event.text)
                    yield event.text
        finally:
            self.close()
        if self.done is None:
            raise DeskchatError("The engine ended the answer early.")

    def close(self) -> None:
        if self._started and self.done is None:
            self._cancel()
            try:
                for event in self._events:
                    if isinstance(event, Done):
                        self._finish(event)
                        break
            except DeskchatError:  # it failed on the way out: the log already has the cause
                pass
        close = getattr(self._events, "close", None)
        if close is not None:
            close()

    def _finish(self, done: Done) -> None:
        self.done = done
        self._progress.completion_tokens = done.completion_tokens
        self._progress.finish_reason = done.finish_reason
        self._on_done(self.text, done)
