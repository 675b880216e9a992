"""The conversation sink: a turn's answer saved into the history as it streams.

The answer's row exists before the first token (status "streaming"), its text is saved at
least twice a second, and its ending is written once: complete with the engine's counts,
or interrupted / error with the sentence that says why. The window and the terminal read
its chat events; the API uses it too when the server keeps its requests in the history.

A history that cannot be written (a full disk) never ends an answer: a failed partial save
is tried again at the next interval, the text stays in memory, and a final record that
cannot be written is kept to be written later (before the database's next write, or at
close); the answer then ends "interrupted" with the sentence that says why.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from deskchat.chat.generation import Piece, PromptProgress
from deskchat.chat.prompt import PromptPlan
from deskchat.errors import NotFoundError, StoreError
from deskchat.services.turn import Ending
from deskchat.store.messages import MessageRepo
from deskchat.store.records import Message

log = logging.getLogger(__name__)

SAVE_INTERVAL_S = 0.5  # a crash loses at most this much of a streaming answer


@dataclass(frozen=True)
class AnswerStarted:
    message: Message  # the assistant message, status "streaming"
    plan: PromptPlan


@dataclass(frozen=True)
class AnswerDelta:
    message_id: int
    text: str
    token_ids: tuple[int, ...]


@dataclass(frozen=True)
class AnswerFinished:
    message: Message  # final record: status, counts, timings, error sentence if any
    plan: PromptPlan

    @property
    def context_used(self) -> int:
        return (self.message.prompt_tokens or 0) + (self.message.completion_tokens or 0)


@dataclass(frozen=True)
class ThoughtDelta:
    """A piece of the model's thought (reasoning models), streamed apart from the answer."""

    message_id: int
    text: str
    token_ids: tuple[int, ...]


@dataclass(frozen=True)
class ReadingPrompt:
    """How far the engine has read the prompt before the answer begins: ``done`` of
    ``total`` tokens, ``seconds_left`` at the rate so far (-1.0 while unknown). A remote
    model sends none."""

    message_id: int
    done: int
    total: int
    seconds_left: float


ChatEvent = AnswerStarted | ReadingPrompt | AnswerDelta | ThoughtDelta | AnswerFinished


class ConversationSink:
    """Saves one streaming answer (the row ``answer``, created by the caller).

    ``stopped_note``: when given, an answer that ended cancelled is kept as interrupted with
    this sentence (an API client that went away); otherwise a stopped answer is complete.
    ``discard`` (from any thread: its chat is being deleted) makes it write nothing more."""

    def __init__(
        self,
        messages: MessageRepo,
        answer: Message,
        *,
        stopped_note: str | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._messages = messages
        self.answer = answer
        self._stopped_note = stopped_note
        self._clock = clock
        self._parts: list[str] = []
        self._thought: list[str] = []
        self._saved_at = clock()
        self._saved_len = 0
        self._lock = threading.Lock()
        self._discarded = False

    @property
    def conversation_id(self) -> int:
        return self.answer.conversation_id

    def discard(self) -> None:
        """Write nothing more (returns after any write in progress)."""
        with self._lock:
            self._discarded = True

    def started(self, plan: PromptPlan) -> list[ChatEvent]:
        return [AnswerStarted(self.answer, plan)]

    def progress(self, event: PromptProgress) -> list[ChatEvent]:
        return [ReadingPrompt(self.answer.id, event.done, event.total, event.seconds_left)]

    def delta(self, piece: Piece) -> list[ChatEvent]:
        if piece.text:
            self._parts.append(piece.text)
        self._save_now_and_then()
        return [AnswerDelta(self.answer.id, piece.text, piece.token_ids)]

    def thought(self, piece: Piece) -> list[ChatEvent]:
        """A piece of a reasoning model's thought, saved beside the answer as it grows."""
        if piece.text:
            self._thought.append(piece.text)
        self._save_now_and_then()
        return [ThoughtDelta(self.answer.id, piece.text, piece.token_ids)]

    def _save_now_and_then(self) -> None:
        grown = len(self._parts) + len(self._thought)
        now = self._clock()
        if now - self._saved_at < SAVE_INTERVAL_S or grown == self._saved_len:
            return
        self._saved_at = now
        try:
            with self._lock:
                if not self._discarded:
                    self._messages.save_partial(
                        self.answer.id, "".join(self._parts), "".join(self._thought)
                    )
            self._saved_len = grown
        except StoreError as exc:  # kept in memory; tried again at the next interval
            log.warning("A streaming answer could not be saved yet: %s", exc)

    def finished(self, ending: Ending) -> list[ChatEvent]:
        with self._lock:
            if self._discarded:
                return []
            record = self._record(ending)
            try:
                final = self._messages.finish(self.answer.id, **record)
            except NotFoundError:  # its conversation was deleted meanwhile
                return []
            except StoreError as exc:
                final = self._keep_for_later(record, exc)
        return [AnswerFinished(final, ending.plan)]

    def _keep_for_later(self, record: dict[str, Any], exc: StoreError) -> Message:
        """The answer as it ends, interrupted by ``exc``: kept in memory and written as soon
        as the history can be written again."""
        log.warning("An answer could not be saved; it is kept to be written later: %s", exc)
        record = {**record, "status": "interrupted", "error": str(exc.sentence or exc)}
        answer_id, messages = self.answer.id, self._messages

        def write() -> None:
            with contextlib.suppress(NotFoundError):  # deleted meanwhile: nothing to write
                messages.finish(answer_id, **record)

        messages.db.write_later(write)
        return replace(self.answer, **record, writer_pid=None)

    def _record(self, ending: Ending) -> dict[str, Any]:
        """The fields ``MessageRepo.finish`` writes for ``ending``."""
        thinking = ending.thinking
        thought = {
            "reasoning": thinking.text,
            "reasoning_tokens": thinking.tokens if thinking.text else None,
            "reasoning_ms": thinking.seconds * 1000.0 if thinking.seconds is not None else None,
        }
        return {**self._answer_record(ending), **thought}

    def _answer_record(self, ending: Ending) -> dict[str, Any]:
        status, note = ending.status, ending.note
        if self._stopped_note is not None and ending.finish_reason == "cancelled":
            status, note = "interrupted", self._stopped_note
        done, plan = ending.done, ending.plan
        if done is not None:
            return {
                "content": ending.text,
                "status": status,
                "error": note,
                "prompt_tokens": done.prompt_tokens,
                "prompt_evaluated": done.prompt_evaluated,
                "completion_tokens": done.completion_tokens,
                "ttft_ms": done.ttft_s * 1000.0,
                "tokens_per_s": done.decode_tokens_per_s,
                "finish_reason": ending.finish_reason,
                "tokens_estimated": done.estimated,
            }
        # no closing event: the prompt's size is known only when the engine had it
        kept_prompt = ending.finish_reason in ("crash", "dropped")
        return {
            "content": ending.text,
            "status": status,
            "error": note,
            "prompt_tokens": plan.prompt_tokens if kept_prompt else None,
            "completion_tokens": None,
            "finish_reason": ending.finish_reason,
            "tokens_estimated": plan.estimated and ending.finish_reason == "dropped",
        }
