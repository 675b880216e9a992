"""The agent loop: a chat's answer that calls tools, sees their results and answers again.

    offer the chat's MCP tools -> an answer streams (saved as it grows) -> it ended with
    calls: each is asked of the person (``approve``: once, always in this chat, or denied,
    and the model is told) -> run with a time limit and Stop -> its result saved as a
    ``tool`` message -> the next answer, until one ends without calls.

Bounded: at most ``max_calls`` calls for one message of the person's; past it the model
answers without tools, and a sentence says so. A server that fails, a call past its time
limit, a tool the model made up: one sentence in the chat, told to the model as the
call's result, and the chat goes on. A Stop during a call ends it and the loop.

Every step is a chat event, so the window and the terminal show it as it happens.
"""

from __future__ import annotations

import enum
import json
import time
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from deskchat.chat.tool_events import CallStart, ToolEvent
from deskchat.chat.tools import ToolCall, ToolResult, ToolSpec
from deskchat.errors import NotFoundError
from deskchat.mcp_servers.errors import McpCallCancelledError, McpCallError, McpServerError
from deskchat.mcp_servers.hub import McpToolset, error_result
from deskchat.sentences import Sentence
from deskchat.services.conversation_sink import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    ConversationSink,
    ReadingPrompt,
    ThoughtDelta,
)
from deskchat.services.summary_memory import SummaryDelta, SummaryFinished, SummaryStarted
from deskchat.services.tool_turns import ToolChoice
from deskchat.services.turn import Ending
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from deskchat.store.records import Message, calls_json

DEFAULT_MAX_CALLS = 8
DEFAULT_CALL_TIMEOUT_S = 60.0


class Decision(enum.Enum):
    """The person's answer to "may the model make this call?"."""

    ALLOW_ONCE = "once"
    ALLOW_IN_CHAT = "chat"  # this tool, in this chat, from now on without asking (stored)
    DENY = "deny"  # not run; the model is told it was denied


Approve = Callable[[ToolCall], Decision]


@dataclass(frozen=True)
class ToolsOffered:
    """The tools this message's answers may call, and one sentence per server that
    could not list its tools (the others are offered; the chat goes on)."""

    names: tuple[str, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ToolCallWriting:
    """The answer began writing a call to ``name`` (its arguments still streaming; it is
    asked and run once the answer ends)."""

    answer_id: int
    index: int
    name: str


@dataclass(frozen=True)
class ToolCallStarted:
    """An approved call is running now."""

    answer_id: int  # the assistant message that made the call
    call: ToolCall


@dataclass(frozen=True)
class ToolCallFinished:
    """A call ended: its result saved as ``message`` (role "tool"). ``note`` is the
    sentence when the server failed, the time limit passed or Stop was pressed."""

    message: Message
    call: ToolCall
    seconds: float
    is_error: bool
    note: str | None = None


@dataclass(frozen=True)
class ToolCallDenied:
    """The person denied a call; ``message`` tells the model so."""

    message: Message
    call: ToolCall


@dataclass(frozen=True)
class ToolLimitReached:
    """``limit`` calls were made for this message: the next answer gets no tools."""

    answer_id: int
    limit: int
    sentence: str


AgentEvent = (
    ToolsOffered
    | ToolCallWriting
    | ToolCallStarted
    | ToolCallFinished
    | ToolCallDenied
    | ToolLimitReached
)
ChatEvent = (
    AnswerStarted
    | ReadingPrompt
    | AnswerDelta
    | ThoughtDelta
    | AnswerFinished
    | ToolsOffered
    | ToolCallWriting
    | ToolCallStarted
    | ToolCallFinished
    | ToolCallDenied
    | ToolLimitReached
    | SummaryStarted
    | SummaryDelta
    | SummaryFinished
)


def denied_sentence(name: str) -> Sentence:
    return Sentence('The person did not allow the call to "{name}"; it was not run.', name=name)


def limit_sentence(limit: int) -> Sentence:
    return Sentence(
        "The model made {n} tool calls for this message, the most allowed; it answers without "
        "tools now.",
        n=limit,
    )


def over_limit_sentence(limit: int) -> Sentence:
    return Sentence(
        "This call was not run: the {n} tool calls allowed for one message were made.", n=limit
    )


class ToolConversationSink(ConversationSink):
    """A conversation sink that reads the answer's tool calls: they are saved with the
    answer when it ends (the calls come whole in ``Ending.tool_calls``)."""

    def tool_event(self, event: ToolEvent) -> list[ChatEvent]:
        if isinstance(event, CallStart):
            return [ToolCallWriting(self.answer.id, event.index, event.name)]
        return []

    def _record(self, ending: Ending) -> dict[str, Any]:
        return {**super()._record(ending), "tool_calls": calls_json(ending.tool_calls)}


class Steps(Protocol):
    """Who streams one answer: planned from the branch ending at ``parent``, with these
    tools offered (none: ``()``), saved as a new assistant message under it."""

    def step(
        self, parent: Message, tools: Sequence[ToolSpec], choice: ToolChoice
    ) -> Iterator[ChatEvent]: ...


@dataclass
class ToolRun:
    """What one message of the person's may do with tools."""

    toolset: McpToolset
    approve: Approve | None = None  # None: every call is denied
    first_choice: Literal["auto", "required"] = "auto"
    max_calls: int = DEFAULT_MAX_CALLS
    timeout: float = DEFAULT_CALL_TIMEOUT_S
    parallel: bool = True  # an answer may make several calls at once (else one, then wait)


class AgentLoop:
    """Answers to one message of the person's, with tool calls run between them."""

    def __init__(
        self,
        steps: Steps,
        messages: MessageRepo,
        conversations: ConversationRepo,
        run: ToolRun,
        stop_requested: Callable[[], bool],
    ) -> None:
        self._steps = steps
        self._messages = messages
        self._conversations = conversations
        self._run = run
        self._stop_requested = stop_requested
        self._made = 0

    def answer(self, parent: Message) -> Iterator[ChatEvent]:
        """The answers and the calls between them; a chat deleted meanwhile ends it quietly
        (nothing more is written)."""
        try:
            yield from self._answers(parent)
        except NotFoundError:
            if self._chat_exists(parent.conversation_id):
                raise

    def _chat_exists(self, conversation_id: int) -> bool:
        try:
            self._conversations.get(conversation_id)
        except NotFoundError:
            return False
        return True

    def _answers(self, parent: Message) -> Iterator[ChatEvent]:
        run = self._run
        specs = tuple(run.toolset.specs)
        yield ToolsOffered(
            tuple(s.name for s in specs), tuple(str(p) for p in run.toolset.problems)
        )
        choice = ToolChoice(run.first_choice if specs else "auto", parallel=run.parallel)
        while True:
            offered = specs if self._made < run.max_calls else ()
            finished: AnswerFinished | None = None
            for event in self._steps.step(parent, offered, choice):
                if isinstance(event, AnswerFinished):
                    finished = event
                yield event
            if finished is None or self._stop_requested():
                return
            answer = finished.message
            calls = answer.calls
            if not calls or answer.status != "complete":
                return
            parent = yield from self._calls(answer, calls)
            if self._stop_requested():
                return
            if self._made >= run.max_calls:
                yield ToolLimitReached(answer.id, run.max_calls, str(limit_sentence(run.max_calls)))
            choice = ToolChoice("auto", parallel=run.parallel)

    def _calls(
        self, answer: Message, calls: Iterable[ToolCall]
    ) -> Generator[ChatEvent, None, Message]:
        """Each call asked, run and saved in turn; returns the last result's message (the
        next answer's parent). After a Stop the remaining calls are not run."""
        parent = answer
        for call in calls:
            if self._stop_requested():
                result = error_result(call, McpCallCancelledError(_cancelled(call)))
                parent = self._save(answer, parent, result, None)
                continue
            if self._made >= self._run.max_calls:
                result = ToolResult(
                    call.id, str(over_limit_sentence(self._run.max_calls)), True, call.name
                )
                parent = self._save(answer, parent, result, None)
                continue
            self._made += 1
            if not self._allowed(answer.conversation_id, call):
                result = ToolResult(call.id, str(denied_sentence(call.name)), True, call.name)
                parent = self._save(answer, parent, result, None)
                yield ToolCallDenied(parent, call)
                continue
            yield ToolCallStarted(answer.id, call)
            began = time.monotonic()
            note: str | None = None
            try:
                result = self._run.toolset.run(
                    call, stop_requested=self._stop_requested, timeout=self._run.timeout
                )
            except (McpServerError, McpCallError) as exc:
                result = error_result(call, exc)
                note = str(exc.sentence or exc)
            seconds = time.monotonic() - began
            parent = self._save(answer, parent, result, seconds)
            yield ToolCallFinished(parent, call, seconds, result.is_error, note)
        return parent

    def _allowed(self, conversation_id: int, call: ToolCall) -> bool:
        """Whether the person lets this call run (a tool allowed in the chat is not asked;
        a tool the model made up is not asked either: its call fails with a sentence)."""
        if self._run.toolset.find(call.name) is None:
            return True
        conversation = self._conversations.get(conversation_id)
        if call.name in conversation.allowed_tools:
            return True
        decision = self._run.approve(call) if self._run.approve is not None else Decision.DENY
        if decision is Decision.ALLOW_IN_CHAT:
            allowed = [*conversation.allowed_tools, call.name]
            self._conversations.update(conversation_id, allowed_tools_json=_json(allowed))
        return decision is not Decision.DENY

    def _save(
        self, answer: Message, parent: Message, result: ToolResult, seconds: float | None
    ) -> Message:
        self._conversations.get(answer.conversation_id)  # NotFoundError once it is deleted
        return self._messages.add(
            answer.conversation_id,
            "tool",
            result.content,
            parent_id=parent.id,
            model=answer.model,
            persona=answer.persona,
            tool_call_id=result.call_id,
            tool_name=result.name,
            tool_error=result.is_error,
            tool_ms=seconds * 1000.0 if seconds is not None else None,
        )


def _cancelled(call: ToolCall) -> Sentence:
    return Sentence('The call to "{name}" was not run: the answer was stopped.', name=call.name)


def _json(names: Sequence[str]) -> str:
    return json.dumps(list(dict.fromkeys(names)), ensure_ascii=False)
