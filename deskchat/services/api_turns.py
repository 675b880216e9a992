"""What the OpenAI-compatible server asks of the app: the one turn pipeline over the shared
engine, with the app's sampling defaults, each request through its own engine handle, and
(when asked) each request kept in the history through the same conversation sink the
window uses.

The server's differences are arguments, not a second copy: policy "stop" (an API client
owns its conversation, so a request that does not fit is refused, never trimmed), no
persona examples, the system text the request sent, one caller per request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from deskchat.chat.generation import ModelInfo, Piece, SamplingParams
from deskchat.chat.prompt import PromptPlan
from deskchat.chat.tool_events import ToolEvent
from deskchat.chat.tools import ToolSpec
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.conversation_sink import ConversationSink
from deskchat.services.embeddings import EmbeddingService
from deskchat.services.engine_port import CallerEngine, ChatEngine, SharedEngine
from deskchat.services.tool_turns import ReadsToolCalls, ToolChoice, ToolUse
from deskchat.services.turn import Ending, Sink, TurnPipeline, TurnRequest, merge_sampling
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRepo

T = TypeVar("T")
log = logging.getLogger(__name__)

TITLE_WORDS = 8
CLIENT_GONE = Sentence("The API client went away before the answer was complete.")


def title_for(turns: Sequence[Turn]) -> str:
    """'API: ' and the first words of the last user message (what this request asked)."""
    asked = next((t.content for t in reversed(turns) if t.role == "user"), "")
    words = asked.split()
    text = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
    return f"API: {text}".rstrip()


class ApiTurns:
    """Plans and streams API requests. ``sampling``: the app's settings; the server starts
    from them minus their stop strings, seed, logit bias and ignore-eos, which belong to
    the app's chats, not to a client's request."""

    def __init__(
        self,
        engine: SharedEngine,
        *,
        sampling: SamplingParams | None = None,
        db: Database | None = None,
        log_history: bool = False,
        embeddings: EmbeddingService | None = None,
    ) -> None:
        self.engine = engine
        self.embeddings = embeddings  # POST /v1/embeddings (None: it answers 400)
        defaults = sampling or SamplingParams()
        self._defaults = replace(defaults, stop=(), seed=None, logit_bias=(), ignore_eos=False)
        self._db = db if log_history else None
        self._pipeline = TurnPipeline(ModelRepo(db) if db is not None else None)

    @property
    def model(self) -> ModelInfo | None:
        return self.engine.model

    @property
    def logs_history(self) -> bool:
        return self._db is not None

    def caller(self) -> CallerEngine:
        """A handle for one request: cancelling it never touches another's generation."""
        return self.engine.caller()

    def plan_chat(
        self,
        engine: ChatEngine,
        system: str,
        turns: Sequence[Turn],
        reserve: int,
        template_options: Mapping[str, bool | str] | None = None,
        tools: Sequence[ToolSpec] = (),
        tool_choice: ToolChoice | None = None,
    ) -> tuple[PromptPlan, ToolUse | None]:
        """Messages flattened through the model's template, as the app's chats are (with the
        request's template options, those it reads, and the tools it offers), and what the
        tools mean for the answer; a ``PromptTooLongError`` when they and ``reserve`` answer
        tokens do not fit, a ``ToolsUnavailableError`` when a call is required of a model
        whose template writes none."""
        request = TurnRequest(
            history=turns,
            sampling=self._defaults,
            system_prompt=system,
            policy="stop",
            reserve=reserve,
            template_options=dict(template_options or {}),
            tools=tuple(tools),
            tool_choice=tool_choice or ToolChoice("none"),
        )
        use = self._pipeline.tools(engine, request)
        return self._pipeline.plan(engine, request), use

    def plan_text(self, engine: ChatEngine, prompt: str, reserve: int) -> PromptPlan:
        """A raw prompt, continued as it is (base models, or a template the client applied)."""
        return self._pipeline.plan_raw(engine, prompt, reserve)

    def sampling(
        self,
        plan: PromptPlan,
        values: dict[str, Any],
        *,
        open_ended: bool,
        tools: ToolUse | None = None,
    ) -> SamplingParams:
        """The server's defaults, then what the client set, then the template's stops (and
        a required call's grammar); ``open_ended`` (no max_tokens): the answer may use the
        rest of the window."""
        merged = merge_sampling(self._defaults, values)
        return self._pipeline.final_sampling(plan, merged, open_ended=open_ended, tools=tools)

    def stream(
        self,
        engine: ChatEngine,
        plan: PromptPlan,
        sampling: SamplingParams,
        sink: Sink[T],
        *,
        on_history_error: Callable[[str], None] = lambda _sentence: None,
        tools: ToolUse | None = None,
    ) -> Generator[T, None, None]:
        """The answer into ``sink`` (and into the history when the server keeps it; a
        history that cannot be written costs the history only, never the answer). Nothing
        is written before the stream is first read."""
        if self._db is not None and (model := engine.model) is not None:
            try:
                history = self._open_history(self._db, model, plan)
            except DeskchatError as exc:
                on_history_error(f"not kept in history: {exc}")
            else:
                sink = _Both(sink, history, on_history_error)
        yield from self._pipeline.stream(engine, plan, sampling, sink, tools=tools)

    @staticmethod
    def _open_history(db: Database, model: ModelInfo, plan: PromptPlan) -> ConversationSink:
        """A new conversation holding the request's messages, and its answer's row."""
        conversations, messages = ConversationRepo(db), MessageRepo(db)
        system = "\n\n".join(t.content for t in plan.turns if t.role == "system")
        # tool results and calls are not kept yet: the history holds text messages
        turns = [t for t in plan.turns if t.role in ("user", "assistant") and t.content]
        conversation = conversations.create(
            title_for(turns), model_path=model.path, system_prompt=system or None
        )
        parent: int | None = None
        for turn in turns:
            parent = messages.add(conversation.id, turn.role, turn.content, parent_id=parent).id
        answer = messages.add(
            conversation.id, "assistant", "", parent_id=parent, status="streaming", model=model.name
        )
        return ConversationSink(messages, answer, stopped_note=str(CLIENT_GONE))


class _Both(Sink[T]):
    """The face's sink, and the history beside it (its failures only reported)."""

    def __init__(
        self, face: Sink[T], history: ConversationSink, report: Callable[[str], None]
    ) -> None:
        self._face = face
        self._history: ConversationSink | None = history
        self._report = report

    def _keep(self, write: Callable[[ConversationSink], object]) -> None:
        if self._history is None:
            return
        try:
            write(self._history)
        except DeskchatError as exc:
            self._report(f"not kept in history: {exc}")
            self._history = None

    def started(self, plan: PromptPlan) -> Iterable[T]:
        self._keep(lambda h: h.started(plan))
        return self._face.started(plan)

    def delta(self, piece: Piece) -> Iterable[T]:
        self._keep(lambda h: h.delta(piece))
        return self._face.delta(piece)

    def thought(self, piece: Piece) -> Iterable[T]:
        self._keep(lambda h: h.thought(piece))
        return self._face.thought(piece)

    def tool_event(self, event: ToolEvent) -> Iterable[T]:
        if isinstance(self._face, ReadsToolCalls):
            return self._face.tool_event(event)
        return []

    def finished(self, ending: Ending) -> Iterable[T]:
        self._keep(lambda h: h.finished(ending))
        return self._face.finished(ending)
