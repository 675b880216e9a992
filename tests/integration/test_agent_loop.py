"""The agent loop for real: llama.cpp on the tiny GGUF with Qwen 2.5's tool-calling template,
and stdio MCP servers the tests start (tests/helpers/mcp_agent_server.py offers one tool, so
the random model, held to the call grammar by tool_choice "required", calls that one). Each
call is asked, run, saved and told to the model, and the answer after it streams; a denied
call, a tool past its time limit, a Stop during a call and the limit of calls each end as a
person would see them; the history holds the calls, search finds them, export writes them,
and `deskchat chat --tools` asks at the prompt."""

from __future__ import annotations

import json
import re
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.chat.personas import Persona
from deskchat.chat.tools import ToolCall
from deskchat.engine.client import EngineClient
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.hub import McpHub
from deskchat.mcp_servers.store import McpServerStore
from deskchat.services.agent_loop import (
    ChatEvent,
    Decision,
    ToolCallDenied,
    ToolCallFinished,
    ToolCallStarted,
    ToolCallWriting,
    ToolLimitReached,
    ToolsOffered,
)
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, AnswerStarted
from deskchat.services.export import to_json, to_markdown
from deskchat.store.db import Database
from deskchat.store.personas import PersonaRepo
from tests.conftest import run_cli
from tests.helpers.keyrings import MemoryKeyring
from tests.unit.test_tool_turns import QWEN25_TEMPLATE

SERVER = str(Path(__file__).resolve().parents[1] / "helpers" / "mcp_agent_server.py")
MODEL = "tiny-qwen-agent"
ANSWER: dict[str, Any] = {"max_tokens": 96, "seed": 7, "temperature": 1.0}


def agent_server(name: str, tool: str) -> ServerConfig:
    return ServerConfig(name=name, command=sys.executable, args=(SERVER, "--tool", tool))


@pytest.fixture(scope="module")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("models") / f"{MODEL}.gguf"
    write_tiny_gguf(path, name=MODEL, chat_template=QWEN25_TEMPLATE)
    return path


@pytest.fixture(scope="module")
def engine(model_path: Path) -> Iterator[EngineClient]:
    engine = EngineClient()
    engine.load(str(model_path), LoadOptions(n_ctx=2048, n_threads=1, n_batch=64))
    yield engine
    engine.close()


@pytest.fixture
def hub(tmp_path: Path, memory_keyring: MemoryKeyring) -> Iterator[McpHub]:
    store = McpServerStore(tmp_path / "mcp.json")
    store.put(agent_server("pinger", "ping"))
    store.put(agent_server("waiter", "wait"))
    with McpHub(store, call_timeout=20, start_timeout=60, log_dir=tmp_path / "logs") as hub:
        yield hub


@pytest.fixture
def session(tmp_path: Path, engine: EngineClient, hub: McpHub) -> ChatSession:
    return ChatSession(Database(tmp_path / "history.sqlite3"), engine, mcp_hub=lambda: hub)


def chat_with(session: ChatSession, *servers: str) -> int:
    conversation = session.new_conversation()
    session.set_tool_servers(conversation.id, servers)
    return conversation.id


class Asker:
    """The person at the approval prompt: answers ``decision`` and remembers each call."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.asked: list[ToolCall] = []

    def __call__(self, call: ToolCall) -> Decision:
        self.asked.append(call)
        return self.decision


def kinds(events: list[ChatEvent]) -> list[str]:
    """The events' kinds in order, a run of deltas as one."""
    names: list[str] = []
    for event in events:
        name = type(event).__name__
        if not (name == "AnswerDelta" and names and names[-1] == name):
            names.append(name)
    return names


def finished(events: list[ChatEvent]) -> list[AnswerFinished]:
    return [e for e in events if isinstance(e, AnswerFinished)]


def test_a_required_call_is_asked_run_saved_and_answered(session: ChatSession) -> None:
    cid = chat_with(session, "pinger", "nowhere")
    asker = Asker(Decision.ALLOW_ONCE)
    events = list(
        session.send(cid, "Ping the server.", approve=asker, tool_choice="required", **ANSWER)
    )
    offered = events[0]
    assert isinstance(offered, ToolsOffered)
    assert offered.names == ("ping",)
    assert len(offered.problems) == 1 and "nowhere" in offered.problems[0]  # the chat goes on
    assert [c.name for c in asker.asked] == ["ping"]
    first, last = finished(events)
    assert first.message.calls == tuple(asker.asked)
    writing = [e for e in events if isinstance(e, ToolCallWriting)]
    assert [(w.answer_id, w.name) for w in writing] == [(first.message.id, "ping")]
    assert events.index(writing[0]) < events.index(first)  # shown while the answer streams
    run = next(e for e in events if isinstance(e, ToolCallFinished))
    assert run.message.content == "pong from the test server"
    assert not run.is_error and run.note is None and run.seconds > 0
    # the answer after the result streamed as its own message
    after = kinds(events)[kinds(events).index("ToolCallFinished") + 1 :]
    assert after[0] == "AnswerStarted" and "AnswerDelta" in after
    assert after[-1] == "AnswerFinished"
    assert last.message.status == "complete"
    assert last.message.parent_id == run.message.id
    branch = session.branch(session.conversation(cid))
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    tool = branch[2]
    assert (tool.tool_name, tool.tool_call_id) == ("ping", asker.asked[0].id)
    assert tool.tool_ms is not None and tool.tool_ms > 0
    # what the model saw: its call and the result, the way Qwen's template writes them
    prompt = session.preview(cid, "And now?").text
    assert '<tool_call>\n{"name": "ping"' in prompt
    assert "<tool_response>\npong from the test server\n</tool_response>" in prompt
    # searched and exported
    assert [h.message_id for h in session.search("pong from")] == [tool.id]
    conversation = session.conversation(cid)
    markdown = to_markdown(conversation, branch, "")
    assert "**Tool call:** `ping({" in markdown
    assert "<summary>Result of ping (" in markdown
    exported = json.loads(to_json(conversation, branch, ""))["messages"]
    assert exported[1]["tool_calls"][0]["function"]["name"] == "ping"
    assert exported[2]["content"] == "pong from the test server"


def test_allowed_in_this_chat_is_not_asked_again(session: ChatSession) -> None:
    cid = chat_with(session, "pinger")
    asker = Asker(Decision.ALLOW_IN_CHAT)
    list(session.send(cid, "Ping.", approve=asker, tool_choice="required", **ANSWER))
    assert len(asker.asked) == 1
    assert session.allowed_tools(cid) == ("ping",)
    events = list(session.send(cid, "Again.", approve=asker, tool_choice="required", **ANSWER))
    assert len(asker.asked) == 1  # not asked: it ran
    assert any(isinstance(e, ToolCallFinished) and not e.is_error for e in events)


def test_a_denied_call_is_not_run_and_the_model_is_told(session: ChatSession) -> None:
    cid = chat_with(session, "pinger")
    events = list(
        session.send(cid, "Ping.", approve=Asker(Decision.DENY), tool_choice="required", **ANSWER)
    )
    denied = next(e for e in events if isinstance(e, ToolCallDenied))
    assert not any(isinstance(e, ToolCallStarted) for e in events)
    assert denied.message.tool_error
    assert "did not allow the call" in denied.message.content
    assert finished(events)[-1].message.status == "complete"  # the answer goes on
    assert "did not allow the call" in session.preview(cid).text


def test_a_call_without_anyone_to_ask_is_denied(session: ChatSession) -> None:
    cid = chat_with(session, "pinger")
    events = list(session.send(cid, "Ping.", tool_choice="required", **ANSWER))
    assert any(isinstance(e, ToolCallDenied) for e in events)


def test_a_slow_tool_hits_the_time_limit_and_the_chat_goes_on(session: ChatSession) -> None:
    session.tool_call_timeout_s = 0.5
    cid = chat_with(session, "waiter")
    asker = Asker(Decision.ALLOW_ONCE)
    events = list(session.send(cid, "Wait.", approve=asker, tool_choice="required", **ANSWER))
    run = next(e for e in events if isinstance(e, ToolCallFinished))
    assert run.is_error and run.note is not None
    assert "wait" in run.note and run.seconds < 10
    assert run.message.content == run.note  # the model is told the same sentence
    assert finished(events)[-1].message.status == "complete"
    assert finished(events)[-1].message.parent_id == run.message.id


def test_stop_during_a_call_ends_the_call_and_the_answer(session: ChatSession) -> None:
    cid = chat_with(session, "waiter")
    events: list[ChatEvent] = []
    stopper: threading.Thread | None = None
    for event in session.send(
        cid, "Wait.", approve=Asker(Decision.ALLOW_ONCE), tool_choice="required", **ANSWER
    ):
        events.append(event)
        if isinstance(event, ToolCallStarted):  # the call runs once this event is read
            stopper = threading.Thread(target=session.stop)
            stopper.start()
    assert stopper is not None
    stopper.join()
    run = next(e for e in events if isinstance(e, ToolCallFinished))
    assert run.is_error and run.note is not None and "stopped" in run.note
    assert run.seconds < 10
    assert not isinstance(events[-1], AnswerStarted | AnswerDelta)
    assert len(finished(events)) == 1  # no answer after a Stop
    # the next message is answered as usual
    after = list(session.send(cid, "Hello again.", **ANSWER))
    assert finished(after)[-1].message.status == "complete"


def test_past_the_limit_of_calls_the_model_answers_without_tools(session: ChatSession) -> None:
    session.max_tool_calls = 1
    cid = chat_with(session, "pinger")
    asker = Asker(Decision.ALLOW_ONCE)
    events = list(session.send(cid, "Ping.", approve=asker, tool_choice="required", **ANSWER))
    limit = next(e for e in events if isinstance(e, ToolLimitReached))
    assert limit.limit == 1 and "most allowed" in limit.sentence
    assert len(asker.asked) == 1
    last = finished(events)[-1]
    assert last.message.calls == () and last.message.status == "complete"
    assert "<tools>" not in last.plan.text  # no tools were offered to the last answer


def test_a_persona_s_servers_are_copied_into_new_chats(
    tmp_path: Path, engine: EngineClient
) -> None:
    db = Database(tmp_path / "personas.sqlite3")
    session = ChatSession(db, engine)
    persona = PersonaRepo(db).add(Persona("Agent", "You call tools."))
    assert persona.id is not None
    session.set_persona_tool_servers(persona.id, ["pinger"])
    assert session.new_conversation(persona).tool_servers == ("pinger",)
    assert session.new_conversation().tool_servers == ()


def test_cli_chat_with_tools_asks_at_the_prompt(model_path: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"DESKCHAT_HOME": str(home)}
    mcp = home / "config" / "mcp.json"  # beside the settings (paths.config_dir)
    mcp.parent.mkdir(parents=True, exist_ok=True)
    mcp.write_text(
        json.dumps({"mcpServers": {"pinger": {"command": sys.executable, "args": [SERVER]}}}),
        encoding="utf-8",
    )
    result = run_cli(
        "chat",
        "--model",
        str(model_path),
        "--ctx",
        "2048",
        "--tools",
        "--tool-choice",
        "required",
        "--max-tokens",
        "48",
        "--seed",
        "7",
        env=env,
        input_text="Ping the server.\ny\n",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Allow the call to ping({})? [y]es once / [a]lways in this chat / [n]o" in out
    assert "→ ping({})" in out
    assert "← ping: pong from the test server (" in out and " ms)" in out
    # the terminal's history shows the call and its result, and search finds it
    cid = re.search(r"Conversation (\d+)", out)
    assert cid is not None
    shown = run_cli("history", "show", cid.group(1), env=env)
    assert shown.returncode == 0, shown.stderr
    assert "→ ping(" in shown.stdout and "Tool ping (message" in shown.stdout
    found = run_cli("history", "search", "pong from", env=env)
    assert "message 3 · tool: [pong] [from] the test server" in found.stdout


@pytest.mark.parametrize("allow", [False, True])
def test_cli_ask_without_a_terminal_denies_unless_allowed(
    model_path: Path, tmp_path: Path, allow: bool
) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "mcp.json").write_text(
        json.dumps({"mcpServers": {"pinger": {"command": sys.executable, "args": [SERVER]}}}),
        encoding="utf-8",
    )
    result = run_cli(
        "ask",
        "--model",
        str(model_path),
        "--ctx",
        "2048",
        "--tools",
        "pinger",
        "--tool-choice",
        "required",
        "--max-tokens",
        "48",
        "--seed",
        "7",
        *(["--allow-tools"] if allow else []),
        "Ping the server.",
        env={"DESKCHAT_HOME": str(home)},
        input_text="",
    )
    assert result.returncode == 0, result.stderr
    if allow:
        assert "→ ping({})" in result.stdout
        assert "← ping: pong from the test server (" in result.stdout
    else:
        assert "did not allow the call" in result.stdout
        assert "pong" not in result.stdout


def test_a_chat_deleted_during_a_call_ends_the_answer_quietly(session: ChatSession) -> None:
    cid = chat_with(session, "pinger")
    events: list[ChatEvent] = []
    for event in session.send(
        cid, "Ping.", approve=Asker(Decision.ALLOW_ONCE), tool_choice="required", **ANSWER
    ):
        events.append(event)
        if isinstance(event, ToolCallStarted):
            session.delete_conversation(cid)
    assert isinstance(events[-1], ToolCallStarted)  # nothing after it, and no error
    assert all(c.id != cid for c in session.list_conversations())
