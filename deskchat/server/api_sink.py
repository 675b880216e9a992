"""The API's sinks for the one turn pipeline: its events as OpenAI chunk objects (a
stream), or gathered into one whole response. Both keep the request's log line up to date."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from deskchat.chat.generation import Piece
from deskchat.chat.tool_events import ArgsDelta, CallStart, ToolEvent
from deskchat.errors import DeskchatError
from deskchat.server.errors import ApiError
from deskchat.server.records import Progress
from deskchat.server.responses import Shape
from deskchat.services.turn import Ending, PromptPlan

Chunk = dict[str, Any]


def failure_of(ending: Ending) -> DeskchatError | None:
    """What the client is told went wrong; None when the engine closed the answer."""
    if ending.done is not None:
        return None
    return ending.error or DeskchatError(ending.note or "The answer was interrupted.")


def _record(progress: Progress, ending: Ending) -> None:
    if ending.done is not None:
        progress.completion_tokens = ending.done.completion_tokens
        progress.finish_reason = "tool_calls" if ending.tool_calls else ending.done.finish_reason


class ChunkSink:
    """Stream chunks: the role first (chat), a chunk per piece, then the finish reason and,
    with ``include_usage``, the usage; a failure after the headers went out is an error
    object in the stream."""

    def __init__(
        self,
        shape: Shape,
        progress: Progress,
        fail: Callable[[DeskchatError], ApiError],
        include_usage: bool,
    ) -> None:
        self._shape = shape
        self._progress = progress
        self._fail = fail
        self._usage = include_usage

    def started(self, plan: PromptPlan) -> list[Chunk]:
        if self._shape.kind != "chat":
            return []
        return [self._shape.chunk("", with_usage=self._usage, first=True)]

    def delta(self, piece: Piece) -> list[Chunk]:
        if not piece.text:
            return []
        return [self._shape.chunk(piece.text, with_usage=self._usage)]

    def thought(self, piece: Piece) -> list[Chunk]:
        if not piece.text:
            return []
        return [self._shape.chunk(piece.text, with_usage=self._usage, reasoning=True)]

    def tool_event(self, event: ToolEvent) -> list[Chunk]:
        """A call's start (its index, id, type, name and empty arguments) and its argument
        deltas, as OpenAI streams them; its end needs no chunk of its own."""
        if isinstance(event, CallStart):
            function = {"name": event.name, "arguments": ""}
            call = {"index": event.index, "id": event.id, "type": "function"}
            call["function"] = function
        elif isinstance(event, ArgsDelta):
            call = {"index": event.index, "function": {"arguments": event.text}}
        else:
            return []
        return [self._shape.call_chunk(call, with_usage=self._usage)]

    def finished(self, ending: Ending) -> list[Chunk]:
        _record(self._progress, ending)
        failure = failure_of(ending)
        if failure is not None:
            return [self._fail(failure).body()]  # the status is already sent
        assert ending.done is not None
        called = bool(ending.tool_calls)
        last = [self._shape.chunk("", with_usage=self._usage, done=ending.done, called=called)]
        if self._usage:
            last.append(self._shape.usage_chunk(ending.done, ending.thinking))
        return last


class WholeSink:
    """Gathers the answer into one response body (``body``), or keeps its ``failure``."""

    def __init__(self, shape: Shape, progress: Progress) -> None:
        self._shape = shape
        self._progress = progress
        self.body: Chunk | None = None
        self.failure: DeskchatError | None = None

    def started(self, plan: PromptPlan) -> list[Chunk]:
        return []

    def delta(self, piece: Piece) -> list[Chunk]:
        return []

    def thought(self, piece: Piece) -> list[Chunk]:
        return []

    def tool_event(self, event: ToolEvent) -> list[Chunk]:
        return []  # the calls come with the ending

    def finished(self, ending: Ending) -> list[Chunk]:
        _record(self._progress, ending)
        self.failure = failure_of(ending)
        if ending.done is not None:
            self.body = self._shape.whole(
                ending.text, ending.done, ending.thinking, ending.tool_calls
            )
        return []
