"""One turn, every face: the window, the terminal and the API all answer through here.

    choose the template once -> build the prompt within the budget (policy) -> the final
    sampling (template stops, answer length) -> stream from the engine port -> map every
    ending (done, stopped, engine crash, error, consumer gone) to one ``Ending`` -> hand each
    event to a sink.

The faces differ only in their arguments (``TurnRequest``) and their sink: the conversation
sink saves to SQLite as the answer grows; the API's turns events into OpenAI chunks (and
uses the conversation sink too when the server keeps its requests in the history).
Sampling is merged before a turn starts (``merge_sampling``: settings < persona < chat <
request), by whoever owns those layers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from typing import Any, Literal, Protocol, TypeVar, runtime_checkable

from deskchat.chat.generation import (
    Done,
    ModelInfo,
    Piece,
    PromptPart,
    PromptProgress,
    SamplingParams,
)
from deskchat.chat.passages import Source
from deskchat.chat.prompt import OverflowPolicy, PromptPlan, build_prompt
from deskchat.chat.reasoning import Channel, ReasoningParser, opens_thinking
from deskchat.chat.rolling_window import BLOCK_SHARE
from deskchat.chat.sampling_fields import TEXTS
from deskchat.chat.summary import Memory
from deskchat.chat.template_options import option_values
from deskchat.chat.templates import MESSAGES_TEMPLATE, ChatTemplate, choose_template
from deskchat.chat.tool_events import CallDropped, CallStart, TextDelta, ToolEvent
from deskchat.chat.tool_stream import ToolCallParser
from deskchat.chat.tools import ToolCall, ToolSpec
from deskchat.chat.turns import Turn
from deskchat.errors import (
    AnswerInterruptedError,
    ContextOverflowError,
    DeskchatError,
    EngineCrashedError,
)
from deskchat.sentences import Sentence
from deskchat.services.engine_port import ChatEngine
from deskchat.services.tool_turns import ReadsToolCalls, ToolChoice, ToolUse, tool_use
from deskchat.store.models import ModelRepo

__all__ = [  # PromptPlan too: the faces' name for a turn's plan
    "ENDED_EARLY",
    "INTERRUPTED",
    "NO_MODEL",
    "Ending",
    "NoModelError",
    "PromptPlan",
    "PromptTooLongError",
    "ReadsProgress",
    "ReadsToolCalls",
    "Sink",
    "TurnPipeline",
    "TurnRequest",
    "merge_sampling",
]

T_co = TypeVar("T_co", covariant=True)
Status = Literal["complete", "interrupted", "error"]

ENDED_EARLY = Sentence("The engine ended the answer early.")
INTERRUPTED = Sentence("The answer was interrupted.")


class NoModelError(DeskchatError):
    """A turn was asked of an engine with no model loaded."""


NO_MODEL = Sentence("No model is loaded; load a GGUF model first.")


class PromptTooLongError(ContextOverflowError):
    """The prompt (or the prompt plus the answer's room) does not fit; with the numbers, for
    faces that word it themselves (the API's ``context_length_exceeded``)."""

    def __init__(
        self, sentence: str | Sentence, *, prompt_tokens: int, reserve: int, n_ctx: int
    ) -> None:
        super().__init__(sentence)
        self.prompt_tokens = prompt_tokens
        self.reserve = reserve
        self.n_ctx = n_ctx


@dataclass(frozen=True)
class TurnRequest:
    """What a face asks for. ``history`` is oldest first and ends with the user turn to
    answer; ``sampling`` is already merged. ``reserve``: answer tokens kept free when the
    prompt is budgeted (None: the answer length, at most half the window, so a long
    max_tokens never pushes the whole history out). ``open_ended``: the answer may use the
    rest of the context (the API without max_tokens)."""

    history: Sequence[Turn]
    sampling: SamplingParams
    system_prompt: str = ""
    examples: Sequence[Turn] = ()
    policy: OverflowPolicy = "rolling"
    reserve: int | None = None
    open_ended: bool = False
    # the person's template options (chat/template_options); the template gets those it reads
    template_options: Mapping[str, bool | str] = field(default_factory=dict)
    # the tools the model may call, and how (services/tool_turns); none by default
    tools: Sequence[ToolSpec] = ()
    tool_choice: ToolChoice = field(default_factory=ToolChoice)
    # the chat's latest summary of its oldest turns (policy "summary"; chat/summary)
    memory: Memory | None = None
    # passages from the person's documents for the newest message, best first (chat/passages)
    sources: Sequence[Source] = ()


@dataclass(frozen=True)
class Thinking:
    """A reasoning model's thought, kept apart from its answer: its text, its tokens, how
    long it took, and whether the answer stopped before the thought ended."""

    text: str = ""
    tokens: int = 0
    seconds: float | None = None
    unfinished: bool = False


@dataclass(frozen=True)
class Ending:
    """How a turn ended, whatever ended it. ``note`` is the sentence kept with the answer
    (None for a natural end); ``error`` the failure itself, for faces that tell kinds apart;
    ``done`` the engine's closing event when there was one (its counts). The note is
    stored as English; the window words it in the reader's language from the catalogue."""

    status: Status
    finish_reason: str
    text: str
    plan: PromptPlan
    done: Done | None = None
    note: str | None = None
    error: DeskchatError | None = None
    thinking: Thinking = field(default_factory=Thinking)
    tool_calls: tuple[ToolCall, ...] = ()  # the calls the answer made, in order


class Sink(Protocol[T_co]):
    """Where a turn's events go. Each call returns what the face's stream yields for it
    (chat events for the window and the terminal, OpenAI chunks for the API). ``delta``
    gets the answer's pieces, ``thought`` the reasoning's (a model that does not think
    sends none)."""

    def started(self, plan: PromptPlan) -> Iterable[T_co]: ...

    def delta(self, piece: Piece) -> Iterable[T_co]: ...

    def thought(self, piece: Piece) -> Iterable[T_co]: ...

    def finished(self, ending: Ending) -> Iterable[T_co]: ...


@runtime_checkable
class ReadsProgress(Protocol[T_co]):
    """A sink that also shows how far the prompt has been read (the window's progress
    line): ``progress`` gets the engine's ``PromptProgress`` events, before the first piece.
    Other sinks never see them."""

    def progress(self, event: PromptProgress) -> Iterable[T_co]: ...


def merge_sampling(base: SamplingParams, *overrides: dict[str, Any]) -> SamplingParams:
    """``base`` with each override's set values applied in order (later ones win)."""
    names = {f.name for f in fields(SamplingParams)}
    result = base
    for override in overrides:
        values = {k: v for k, v in override.items() if k in names and v is not None}
        for name in TEXTS:
            if name in values:
                values[name] = tuple(values[name])
        if "logit_bias" in values:
            values["logit_bias"] = tuple(tuple(pair) for pair in values["logit_bias"])
        result = replace(result, **values)
    return result


class TurnPipeline:
    """Template, budget, sampling, streaming and endings for every face. ``models`` holds
    the per-model template overrides a person set (None: none); ``block_share``: the share
    of the budget the rolling window frees when it must drop turns (0: the fewest turns,
    which moves the prompt's beginning on every turn past the window)."""

    def __init__(self, models: ModelRepo | None = None, block_share: float = BLOCK_SHARE) -> None:
        self._models = models
        self.block_share = block_share

    # -- the prompt ------------------------------------------------------------------------

    def template(self, model: ModelInfo) -> ChatTemplate:
        """The person's override for this model, the GGUF's own template, a built-in for its
        architecture, or the base-model transcript; a server's own for a remote model."""
        if model.own_template:
            return MESSAGES_TEMPLATE
        record = self._models.get(model.path) if self._models is not None else None
        return choose_template(
            override=record.chat_template_override if record else None,
            gguf_template=model.chat_template,
            architecture=model.architecture,
            model_name=f"{model.name} {model.path.rsplit('/', 1)[-1]}",
        )

    def plan(self, engine: ChatEngine, request: TurnRequest) -> PromptPlan:
        """The rendered prompt within the budget; ``ContextOverflowError`` (a
        ``PromptTooLongError`` with the numbers) when it cannot fit under the policy."""
        model = _model(engine)
        reserve = request.reserve
        if reserve is None:
            reserve = min(request.sampling.max_tokens, model.n_ctx // 2)
        counted: list[int] = []

        def count(parts: Sequence[PromptPart]) -> int:
            counted.append(engine.count_tokens(parts))
            return counted[-1]

        template = self.template(model)
        options = option_values(template.text, dict(request.template_options))
        use = self.tools(engine, request)
        try:
            plan = build_prompt(
                template=template,
                system_prompt=request.system_prompt,
                examples=request.examples,
                history=request.history,
                count_tokens=count,
                n_ctx=model.n_ctx,
                max_tokens=reserve,
                policy=request.policy,
                bos_token=model.bos_token,
                eos_token=model.eos_token,
                options=options,
                tools=use.template_tools if use is not None else None,
                block_share=self.block_share,
                memory=request.memory,
                sources=request.sources,
            )
        except ContextOverflowError as exc:
            raise PromptTooLongError(
                exc.sentence or str(exc),
                prompt_tokens=counted[-1],
                reserve=reserve,
                n_ctx=model.n_ctx,
            ) from None
        if model.own_template:  # counted from the text; many servers inline <think> blocks
            return replace(plan, estimated=True, reasoning="think")
        return plan

    def tools(self, engine: ChatEngine, request: TurnRequest) -> ToolUse | None:
        """What the request's tools mean on this model (None: none are offered: no tools,
        tool_choice "none", or a template that writes no calls deskchat reads); a
        ``ToolsUnavailableError`` when a call is required of such a template."""
        template = self.template(_model(engine))
        text = "" if template.source in ("transcript", "messages") else template.text
        return tool_use(text, request.tools, request.tool_choice)

    def plan_raw(self, engine: ChatEngine, text: str, reserve: int) -> PromptPlan:
        """A text continued as it is (no template: base models, or a template the caller
        applied); ``PromptTooLongError`` when it and ``reserve`` answer tokens do not fit."""
        model = _model(engine)
        tokens = engine.count_tokens(text)
        if tokens + reserve > model.n_ctx:
            raise PromptTooLongError(
                Sentence(
                    "The prompt needs {tokens} tokens plus {reserve} for the answer, but the "
                    "context holds {n_ctx}.",
                    tokens=tokens,
                    reserve=reserve,
                    n_ctx=model.n_ctx,
                ),
                prompt_tokens=tokens,
                reserve=reserve,
                n_ctx=model.n_ctx,
            )
        return PromptPlan(
            text=text,
            prompt_tokens=tokens,
            n_ctx=model.n_ctx,
            max_tokens=reserve,
            included=(),
            dropped=(),
            stops=(),
            template_name="none",
            turns=(Turn("user", text),),
            parts=(PromptPart(text, markup=True),),  # a raw prompt: the caller's own markup
            estimated=model.own_template,
        )

    @staticmethod
    def final_sampling(
        plan: PromptPlan,
        sampling: SamplingParams,
        *,
        open_ended: bool = False,
        tools: ToolUse | None = None,
    ) -> SamplingParams:
        """The template's stop strings first, then the request's; an open-ended answer may
        use the rest of the window; a required tool call holds the answer to its grammar
        from the first token, a call the model chooses to make from its opening marker on
        (unless the answer follows a grammar of its own: a JSON persona's)."""
        grammar, openers = tools.grammar() if tools is not None else ("", ())
        if grammar and (not openers or not sampling.grammar):
            sampling = replace(sampling, grammar=grammar, grammar_openers=openers)
        stop = tuple(dict.fromkeys((*plan.stops, *sampling.stop)))
        if open_ended:
            return replace(sampling, stop=stop, max_tokens=max(1, plan.n_ctx - plan.prompt_tokens))
        return replace(sampling, stop=stop)

    # -- the answer ------------------------------------------------------------------------

    def stream(
        self,
        engine: ChatEngine,
        plan: PromptPlan,
        sampling: SamplingParams,
        sink: Sink[T_co],
        *,
        stop_requested: Callable[[], bool] = lambda: False,
        tools: ToolUse | None = None,
    ) -> Generator[T_co, None, None]:
        """Stream the answer to ``plan`` into ``sink``, yielding what the sink returns.

        A consumer that leaves early (closes this iterator: a client hung up) cancels the
        generation and still reads on to the engine's ``Done``, which comes within a token,
        so the sink gets the real counts. Any other exception (Ctrl-C, a bug) cancels, tells
        the sink the answer was interrupted, and propagates.

        With ``tools``, the answer is read for calls in their format: its text still goes
        to ``delta``, each call's events to the sink's ``tool_event`` (it must read them)."""
        if tools is not None and not isinstance(sink, ReadsToolCalls):
            raise TypeError(f"{type(sink).__name__} cannot take tool calls")
        answer = _Answer(plan, tools)
        events = engine.answer(plan, sampling)  # a generator: nothing runs before next()
        progress = sink.progress if isinstance(sink, ReadsProgress) else None
        begun = False
        ending: Ending | None = None
        try:
            yield from sink.started(plan)
            begun = True
            for event in events:
                if stop_requested():  # a stop pressed before the engine had started
                    engine.cancel()
                if isinstance(event, Done):
                    yield from _hand_out(answer.flush(), sink)
                    ending = answer.ending(done=event)
                    break
                yield from _hand_over(event, answer, sink, progress)
            else:
                ending = answer.ending("interrupted", "error", note=str(ENDED_EARLY))
        except DeskchatError as exc:
            ending = answer.failed(exc)
        except GeneratorExit:
            engine.cancel()
            done = _read_to_done(events) if begun else None
            ending = answer.ending("interrupted", "cancelled", done=done, note=str(INTERRUPTED))
            for _ in sink.finished(ending):  # nobody reads them any more
                pass
            raise
        except BaseException:
            engine.cancel()
            ending = answer.ending("interrupted", "cancelled", note=str(INTERRUPTED))
            for _ in sink.finished(ending):
                pass
            raise
        finally:
            close = getattr(events, "close", None)
            if close is not None:
                close()
        yield from sink.finished(ending)


def _hand_over(
    event: PromptProgress | Piece,
    answer: _Answer,
    sink: Sink[T_co],
    progress: Callable[[PromptProgress], Iterable[T_co]] | None,
) -> Iterator[T_co]:
    """What the sink makes of one event: the prompt's progress (to a sink that shows it),
    or a piece, split into the answer's and the thought's."""
    if isinstance(event, PromptProgress):
        if progress is not None:
            yield from progress(event)
        return
    yield from _hand_out(answer.split(event), sink)


def _hand_out(items: Sequence[_Out], sink: Sink[T_co]) -> Iterator[T_co]:
    for item in items:
        if isinstance(item, tuple):
            channel, piece = item
            yield from sink.thought(piece) if channel == "reasoning" else sink.delta(piece)
        else:
            assert isinstance(sink, ReadsToolCalls)
            yield from sink.tool_event(item)


def _model(engine: ChatEngine) -> ModelInfo:
    model = engine.model
    if model is None:
        raise NoModelError(NO_MODEL)
    return model


_Out = tuple[Channel, Piece] | ToolEvent  # a piece of text, or a tool call's event


class _Answer:
    """What has come of one answer so far: its text and its thought, split as they stream,
    its tool calls read from the text (with tools), and how it ended (the one mapping from
    every ending to an ``Ending``)."""

    def __init__(self, plan: PromptPlan, tools: ToolUse | None = None) -> None:
        self.plan = plan
        self._parser = ReasoningParser(
            plan.reasoning, thinking=opens_thinking(plan.reasoning, plan.text)
        )
        self._calls: ToolCallParser | None = tools.format.parser() if tools else None
        self._calls_first = tools is not None and tools.format.before_reasoning
        self._flushed = False
        # parallel_tool_calls false: the answer's one call (its index), the others left out
        self._single = tools is not None and not tools.choice.parallel
        self._one: int | None = None
        self._text: list[str] = []
        self._thought: list[str] = []
        self._thought_tokens = 0
        self._thought_started: float | None = None
        self._thought_ended: float | None = None

    def split(self, piece: Piece) -> Sequence[_Out]:
        """The piece as answer and reasoning pieces (and tool calls' events). Its tokens go
        with its first part, or, when the parser holds all of it back (part of a tag), with
        an empty piece of the channel it came in, so every token is counted once."""
        if self._calls is not None:
            return self._split_calls(piece, self._calls)
        now: Channel = "reasoning" if self._parser.in_reasoning else "answer"
        runs = self._parser.feed(piece.text)
        if not runs:
            self._keep(now, "", len(piece.token_ids))
            return [(now, replace(piece, text=""))]
        out: list[tuple[Channel, Piece]] = []
        for n, run in enumerate(runs):
            ids = piece.token_ids if n == 0 else ()
            out.append((run.channel, replace(piece, text=run.text, token_ids=ids)))
            self._keep(run.channel, run.text, len(ids))
        return out

    def _split_calls(self, piece: Piece, calls: ToolCallParser) -> list[_Out]:
        now: Channel = "reasoning" if self._parser.in_reasoning else "answer"
        out = self._read(piece.text, calls, final=False)
        texts = [i for i, item in enumerate(out) if isinstance(item, tuple)]
        if not texts:
            out.insert(0, (now, ""))
            texts = [0]
        result: list[_Out] = []
        for i, item in enumerate(out):
            if isinstance(item, tuple):
                ids = piece.token_ids if i == texts[0] else ()
                self._keep(item[0], item[1], len(ids))
                result.append((item[0], replace(piece, text=item[1], token_ids=ids)))
            elif self._passes(item):
                result.append(item)
        return result

    def _passes(self, event: ToolEvent) -> bool:
        """Whether a call's event goes on: all do, unless only one call is wanted, which
        is the first that starts (or the next, when one is dropped)."""
        if not self._single:
            return True
        if isinstance(event, CallStart) and self._one is None:
            self._one = event.index
        elif isinstance(event, CallDropped) and event.index == self._one:
            self._one = None
            return True
        return getattr(event, "index", None) == self._one

    def _read(
        self, text: str, calls: ToolCallParser, *, final: bool
    ) -> list[tuple[Channel, str] | ToolEvent]:
        """``text`` through both parsers, in the format's order (see tool_formats)."""
        out: list[tuple[Channel, str] | ToolEvent] = []

        def calls_of(answer: str) -> None:
            events = calls.feed(answer) if answer else []
            for event in events:
                out.append(("answer", event.text) if isinstance(event, TextDelta) else event)

        if self._calls_first:
            events = calls.feed(text) + (calls.finish() if final else [])
            for event in events:
                if isinstance(event, TextDelta):
                    out.extend((r.channel, r.text) for r in self._parser.feed(event.text))
                else:
                    out.append(event)
            if final:
                out.extend((r.channel, r.text) for r in self._parser.finish())
            return out
        for run in self._parser.feed(text) + (self._parser.finish() if final else []):
            if run.channel == "reasoning":
                out.append((run.channel, run.text))
            else:
                calls_of(run.text)
        if final:
            for event in calls.finish():
                out.append(("answer", event.text) if isinstance(event, TextDelta) else event)
        return out

    def flush(self) -> list[_Out]:
        """What the parsers still hold when the answer ends (with tools; without, the
        ending keeps it as before)."""
        if self._calls is None or self._flushed:
            return []
        self._flushed = True
        out: list[_Out] = []
        for item in self._read("", self._calls, final=True):
            if isinstance(item, tuple):
                self._keep(item[0], item[1], 0)
                out.append((item[0], Piece(0, item[1], ())))
            elif self._passes(item):
                out.append(item)
        return out

    def _keep(self, channel: Channel, text: str, tokens: int) -> None:
        now = time.monotonic()
        if channel == "reasoning":
            self._thought.append(text)
            self._thought_tokens += tokens
            self._thought_started = self._thought_started or now
        elif text:
            self._text.append(text)
            if self._thought_started is not None and self._thought_ended is None:
                self._thought_ended = now

    def ending(
        self,
        status: Status = "complete",
        finish_reason: str | None = None,
        *,
        done: Done | None = None,
        note: str | None = None,
        error: DeskchatError | None = None,
    ) -> Ending:
        if self._calls is not None:
            self.flush()  # a cut-off answer: what was held is text (or dropped calls)
        else:
            for run in self._parser.finish():  # a tag left open is text after all
                self._keep(run.channel, run.text, 0)
        reason = finish_reason or (done.finish_reason if done else "error")
        calls = tuple(self._calls.calls) if self._calls is not None else ()
        if self._single:
            calls = calls[:1]
        return Ending(
            status,
            reason,
            "".join(self._text),
            self.plan,
            done,
            note,
            error,
            self._thinking(),
            calls,
        )

    def failed(self, exc: DeskchatError) -> Ending:
        if isinstance(exc, EngineCrashedError):
            note = Sentence(
                "{error} Your conversation is saved; the engine restarts on the next message.",
                error=exc.sentence or str(exc),
            )
            return self.ending("interrupted", "crash", note=str(note), error=exc)
        if isinstance(exc, AnswerInterruptedError):  # e.g. a remote stream dropped
            return self.ending("interrupted", "dropped", note=str(exc), error=exc)
        return self.ending("error", "error", note=str(exc), error=exc)

    def _thinking(self) -> Thinking:
        if self._thought_started is None:
            return Thinking()
        end = self._thought_ended or time.monotonic()
        return Thinking(
            text="".join(self._thought),
            tokens=self._thought_tokens,
            seconds=end - self._thought_started,
            unfinished=self._parser.in_reasoning,
        )


def _read_to_done(events: Iterator[PromptProgress | Piece | Done]) -> Done | None:
    """After a cancel, the rest of the stream up to its ``Done`` (None if it fails)."""
    try:
        for event in events:
            if isinstance(event, Done):
                return event
    except DeskchatError:  # it failed on the way out: the answer is interrupted anyway
        return None
    return None
