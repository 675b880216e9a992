"""Summary memory in a turn: before the answer, the model summarises the oldest turns.

    the chat's prompt does not fit (policy "summary": ``PromptPlan.summary_due``) -> the
    turns the window would drop (with the summary before them, if any) go to the loaded
    model in a summary request rendered by its own template -> the summary streams like
    any answer (through ``TurnPipeline.stream``: Stop cancels it, its tokens are counted)
    -> saved as a note covering those turns -> the prompt is planned again with it.

The turns summarised stay in the history; only the prompt leaves them out. A summary that
is stopped or fails saves nothing: the turn then ends as an answer that stopped or failed
would (the person's message stays). The faces see ``SummaryStarted``, ``SummaryDelta``
and ``SummaryFinished`` (with the note) before the answer's own events.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, replace

from deskchat.chat.generation import Piece, SamplingParams
from deskchat.chat.prompt import PromptPlan, build_prompt
from deskchat.chat.summary import Memory, clean_summary, summary_request, summary_room
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError
from deskchat.sentences import Sentence
from deskchat.services.engine_port import ChatEngine
from deskchat.services.turn import NO_MODEL, Ending, NoModelError, TurnPipeline
from deskchat.store.records import SummaryNote
from deskchat.store.summary_notes import SummaryNoteRepo

EMPTY_SUMMARY = Sentence(
    "The model wrote an empty summary of the earlier conversation. Try again, or let this "
    "chat drop the oldest messages instead (Chat settings: When the context is full)."
)


@dataclass(frozen=True)
class SummaryStarted:
    """The model starts summarising ``covers`` messages, up to ``through_message_id``."""

    conversation_id: int
    through_message_id: int
    covers: int


@dataclass(frozen=True)
class SummaryDelta:
    conversation_id: int
    text: str
    token_ids: tuple[int, ...]


@dataclass(frozen=True)
class SummaryFinished:
    """The summary ended: ``note`` as saved, or None (stopped or failed: nothing saved;
    ``error`` says why it failed)."""

    conversation_id: int
    through_message_id: int
    note: SummaryNote | None
    error: str | None = None


SummaryEvent = SummaryStarted | SummaryDelta | SummaryFinished
PlanNow = Callable[[], PromptPlan]  # the chat's prompt with its latest summary


def as_memory(note: SummaryNote | None) -> Memory | None:
    if note is None:
        return None
    return Memory(note.content, note.through_message_id, note.id)


class SummaryMemory:
    """A chat's summaries: the one in use on a branch, and writing the next when due."""

    def __init__(self, notes: SummaryNoteRepo, pipeline: TurnPipeline) -> None:
        self.notes = notes
        self._pipeline = pipeline

    def memory(self, conversation_id: int, history: Sequence[Turn]) -> Memory | None:
        """The latest summary whose last message is in ``history`` (None: none is)."""
        ids = [t.id for t in history if t.id is not None]
        notes = self.notes.on_branch(conversation_id, ids)
        return as_memory(notes[-1]) if notes else None

    def catch_up(
        self,
        engine: ChatEngine,
        conversation_id: int,
        history: Sequence[Turn],
        plan_now: PlanNow,
        sampling: SamplingParams,
        stop_requested: Callable[[], bool],
    ) -> Generator[SummaryEvent, None, PromptPlan | Ending]:
        """Summarise until the chat's prompt fits; the plan to answer with, or the
        ``Ending`` of a summary that was stopped or failed (the turn ends with it)."""
        plan = plan_now()
        for _ in range(len(history)):  # each round covers at least one more turn
            if not plan.summary_due:
                return plan
            earlier = self.memory(conversation_id, history)
            dropped = set(plan.dropped)
            block = [t for t in history if t.id in dropped]
            ending = yield from self._write(
                engine, conversation_id, (history, block), earlier, plan, sampling, stop_requested
            )
            if ending is not None:
                return ending
            try:
                plan = plan_now()
            except ContextOverflowError as exc:  # the new summary is longer than the old
                return Ending("error", "error", "", plan, note=str(exc), error=exc)
        return plan

    def _write(
        self,
        engine: ChatEngine,
        conversation_id: int,
        turns: tuple[Sequence[Turn], Sequence[Turn]],
        earlier: Memory | None,
        chat_plan: PromptPlan,
        sampling: SamplingParams,
        stop_requested: Callable[[], bool],
    ) -> Generator[SummaryEvent, None, Ending | None]:
        """One summary of the oldest turns of ``block`` (of ``turns``: the history and the
        block of it to summarise) that fit a request; None when it was saved, else the
        ending that stopped it."""
        history, block = turns
        room = summary_room(chat_plan.n_ctx - chat_plan.max_tokens)
        try:
            plan, covers = self._request(engine, block, earlier, room)
        except ContextOverflowError as exc:
            return Ending("error", "error", "", chat_plan, note=str(exc), error=exc)
        through = block[covers - 1].id
        assert through is not None
        total = next(n + 1 for n, turn in enumerate(history) if turn.id == through)
        sink = _NoteSink(self.notes, conversation_id, through, total, engine)
        final = self._pipeline.final_sampling(
            plan, replace(sampling, max_tokens=room, grammar="", stop=())
        )
        yield from self._pipeline.stream(engine, plan, final, sink, stop_requested=stop_requested)
        return sink.failed

    def _request(
        self,
        engine: ChatEngine,
        block: Sequence[Turn],
        earlier: Memory | None,
        room: int,
    ) -> tuple[PromptPlan, int]:
        """The summary request for the most of ``block``'s oldest turns that fit (ending
        before one of its user turns, so the prompt after the summary starts with one), and
        how many turns it covers; ``ContextOverflowError`` when not even the first fits."""
        model = engine.model
        if model is None:
            raise NoModelError(NO_MODEL)
        template = self._pipeline.template(model)

        def request(covers: int) -> PromptPlan | None:
            system, *asked = summary_request(block[:covers], earlier)
            try:
                return build_prompt(
                    template=template,
                    system_prompt=system.content,
                    examples=(),
                    history=asked,
                    count_tokens=engine.count_tokens,
                    n_ctx=model.n_ctx,
                    max_tokens=room,
                    policy="stop",
                    bos_token=model.bos_token,
                    eos_token=model.eos_token,
                )
            except ContextOverflowError:
                return None

        ends = [i for i in range(1, len(block)) if block[i].role == "user"] + [len(block)]
        found: tuple[PromptPlan, int] | None = None
        low, high = 0, len(ends) - 1
        while low <= high:  # the most turns that fit (fewer turns are a shorter request)
            mid = (low + high) // 2
            plan = request(ends[mid])
            if plan is None:
                high = mid - 1
            else:
                found, low = (plan, ends[mid]), mid + 1
        if found is None:
            raise ContextOverflowError(
                Sentence(
                    "The oldest message is too long to summarise in a context of {n_ctx} "
                    "tokens. Load the model with a larger context, or let this chat drop "
                    "the oldest messages instead.",
                    n_ctx=model.n_ctx,
                )
            )
        return found


class _NoteSink:
    """The summary's stream: shown as it grows, saved as a note when it completes."""

    def __init__(
        self,
        notes: SummaryNoteRepo,
        conversation_id: int,
        through: int,
        covers: int,
        engine: ChatEngine,
    ) -> None:
        self._notes = notes
        self._conversation_id = conversation_id
        self._through = through
        self._covers = covers
        self._model = engine.model.name if engine.model is not None else None
        self._started = time.monotonic()
        self.failed: Ending | None = None  # how it ended when nothing was saved

    def started(self, plan: PromptPlan) -> list[SummaryEvent]:
        self._started = time.monotonic()
        return [SummaryStarted(self._conversation_id, self._through, self._covers)]

    def delta(self, piece: Piece) -> list[SummaryEvent]:
        return [SummaryDelta(self._conversation_id, piece.text, piece.token_ids)]

    def thought(self, piece: Piece) -> list[SummaryEvent]:
        return []  # a reasoning model's thought is not the summary

    def finished(self, ending: Ending) -> list[SummaryEvent]:
        text = clean_summary(ending.text)
        if ending.status != "complete" or ending.finish_reason == "cancelled" or not text:
            if ending.status == "complete" and ending.finish_reason != "cancelled":
                ending = replace(ending, status="error", note=str(EMPTY_SUMMARY))
            self.failed = ending
            error = ending.note if ending.finish_reason != "cancelled" else None
            return [SummaryFinished(self._conversation_id, self._through, None, error)]
        done = ending.done
        note = self._notes.add(
            self._conversation_id,
            self._through,
            text,
            covers=self._covers,
            model=self._model,
            prompt_tokens=done.prompt_tokens if done else None,
            completion_tokens=done.completion_tokens if done else None,
            ms=(time.monotonic() - self._started) * 1000.0,
        )
        return [SummaryFinished(self._conversation_id, self._through, note)]
