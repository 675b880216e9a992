"""The agent loop's rules on scripted answers and a fake toolset (the real model and MCP
servers are in tests/integration/test_agent_loop.py): several calls in one answer against
the limit, a tool the model made up, a server that fails, a Stop between two calls."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import cast

import pytest

from deskchat.chat.prompt import PromptPlan
from deskchat.chat.tools import ToolCall, ToolResult, ToolSpec
from deskchat.mcp_servers.errors import McpCallError, McpServerError
from deskchat.mcp_servers.hub import McpToolset
from deskchat.sentences import Sentence
from deskchat.services.agent_loop import (
    AgentLoop,
    ChatEvent,
    Decision,
    ToolCallFinished,
    ToolCallStarted,
    ToolLimitReached,
    ToolRun,
)
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.tool_turns import ToolChoice
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.records import Message, calls_json

PLAN = PromptPlan("", 0, 2048, 64, (), (), (), "none")


class FakeToolset:
    """Tools ``ping`` (answers "pong") and ``broken`` (its server fails)."""

    def __init__(self) -> None:
        self.problems: list[Sentence] = []
        self.ran: list[str] = []

    @property
    def specs(self) -> list[ToolSpec]:
        return [ToolSpec("ping"), ToolSpec("broken")]

    def find(self, name: str) -> object | None:
        return object() if name in ("ping", "broken") else None

    def run(self, call: ToolCall, **_options: object) -> ToolResult:
        self.ran.append(call.name)
        if call.name == "broken":
            raise McpServerError(Sentence("The MCP server broken stopped."))
        if call.name != "ping":
            raise McpCallError(Sentence("There is no tool {name}.", name=call.name))
        return ToolResult(call.id, "pong", name=call.name)


class ScriptedSteps:
    """Answers as scripted: each a list of tool names to call (empty: a plain answer)."""

    def __init__(self, messages: MessageRepo, script: list[list[str]]) -> None:
        self._messages = messages
        self._script = script
        self.offered: list[tuple[tuple[str, ...], str]] = []
        self.parallel: list[bool] = []

    def step(
        self, parent: Message, tools: Sequence[ToolSpec], choice: ToolChoice
    ) -> Iterator[ChatEvent]:
        self.offered.append((tuple(t.name for t in tools), choice.mode))
        self.parallel.append(choice.parallel)
        names = self._script.pop(0)
        calls = [ToolCall(f"call_{i}", name) for i, name in enumerate(names)]
        answer = self._messages.add(parent.conversation_id, "assistant", "", parent_id=parent.id)
        answer = self._messages.finish(
            answer.id, content="" if calls else "done", status="complete",
            tool_calls=calls_json(calls),
        )  # fmt: skip
        yield AnswerFinished(answer, PLAN)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return Database(tmp_path / "h.sqlite3")


def run_loop(
    db: Database,
    script: list[list[str]],
    *,
    max_calls: int = 8,
    stop_after: int | None = None,
    parallel: bool = True,
) -> tuple[list[ChatEvent], ScriptedSteps, FakeToolset, list[Message]]:
    messages, conversations = MessageRepo(db), ConversationRepo(db)
    chat = conversations.create("t")
    user = messages.add(chat.id, "user", "go", parent_id=None)
    steps, toolset = ScriptedSteps(messages, script), FakeToolset()
    run = ToolRun(
        cast(McpToolset, toolset),
        approve=lambda _c: Decision.ALLOW_ONCE,
        max_calls=max_calls,
        parallel=parallel,
    )
    stop = lambda: stop_after is not None and len(toolset.ran) >= stop_after  # noqa: E731
    events = list(AgentLoop(steps, messages, conversations, run, stop).answer(user))
    branch = messages.path_to(conversations.get(chat.id).current_leaf_id)
    return events, steps, toolset, branch


def test_calls_past_the_limit_in_one_answer_are_not_run(db: Database) -> None:
    events, steps, toolset, branch = run_loop(db, [["ping", "ping", "ping"], []], max_calls=2)
    assert toolset.ran == ["ping", "ping"]
    assert [m.role for m in branch] == ["user", "assistant", "tool", "tool", "tool", "assistant"]
    assert "were made" in branch[4].content and branch[4].tool_error
    assert any(isinstance(e, ToolLimitReached) for e in events)
    assert steps.offered == [(("ping", "broken"), "auto"), ((), "auto")]


def test_a_made_up_tool_and_a_failing_server_are_sentences_and_the_chat_goes_on(
    db: Database,
) -> None:
    events, _steps, _toolset, branch = run_loop(db, [["invented", "broken"], []])
    notes = [e.note for e in events if isinstance(e, ToolCallFinished)]
    assert notes == ["There is no tool invented.", "The MCP server broken stopped."]
    assert [m.content for m in branch if m.role == "tool"] == notes
    assert branch[-1].content == "done"


def test_a_stop_between_two_calls_runs_no_more(db: Database) -> None:
    events, steps, toolset, branch = run_loop(db, [["ping", "ping"], []], stop_after=1)
    assert toolset.ran == ["ping"]
    assert len([e for e in events if isinstance(e, ToolCallStarted)]) == 1
    assert "stopped" in branch[-1].content and branch[-1].role == "tool"
    assert len(steps.offered) == 1  # no answer after the Stop
    assert json.loads(branch[1].tool_calls)[1]["function"]["name"] == "ping"


def test_one_call_at_a_time_holds_for_every_step_of_the_answer(db: Database) -> None:
    _events, steps, toolset, _branch = run_loop(db, [["ping"], ["ping"], []], parallel=False)
    assert steps.parallel == [False, False, False] and toolset.ran == ["ping", "ping"]
    _events, steps, _toolset, _branch = run_loop(db, [["ping", "ping"], []])
    assert steps.parallel == [True, True]
