"""MCP servers through the hub, against a real stdio server written with the SDK
(tests/helpers/mcp_server.py): tools listed and called, a call past its time limit, a server
that crashes mid-call, one that hangs, dies, does not exist or talks garbage: each one
sentence, and the next call works."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.chat.tools import ToolCall
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.errors import McpCallCancelledError, McpCallError, McpServerError
from deskchat.mcp_servers.hub import McpHub, McpToolset, error_result
from deskchat.mcp_servers.store import McpServerStore
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.waits import wait_until

SERVER = str(Path(__file__).resolve().parents[1] / "helpers" / "mcp_server.py")


def server(name: str, mode: str = "normal", **env: str) -> ServerConfig:
    return ServerConfig(name=name, command=sys.executable, args=(SERVER, "--mode", mode), env=env)


@pytest.fixture
def store(tmp_path: Path, memory_keyring: MemoryKeyring) -> McpServerStore:
    return McpServerStore(tmp_path / "mcp.json")


@pytest.fixture
def hub(store: McpServerStore, tmp_path: Path) -> Iterator[McpHub]:
    with McpHub(store, call_timeout=20, start_timeout=60, log_dir=tmp_path / "logs") as hub:
        yield hub


def call(toolset: McpToolset, tool: str, /, **arguments: object) -> str:
    return toolset.run(ToolCall("call-1", tool, json.dumps(arguments))).content


def test_tools_are_listed_as_specs_and_calls_answer(hub: McpHub, store: McpServerStore) -> None:
    store.put(server("test"))
    toolset = hub.toolset(["test"])
    assert toolset.problems == []
    names = [spec.name for spec in toolset.specs]
    assert {"echo", "add", "slow", "crash"} <= set(names)
    add = next(spec for spec in toolset.specs if spec.name == "add")
    assert add.description == "Add two whole numbers."
    assert add.parameters["required"] == ["a", "b"]
    assert call(toolset, "add", a=2, b=40) == "42"
    result = toolset.run(ToolCall("call-7", "echo", '{"text": "hello"}'))
    assert (result.call_id, result.content, result.is_error) == ("call-7", "hello", False)


def test_a_failing_tool_is_an_error_result_and_an_image_is_described(
    hub: McpHub, store: McpServerStore
) -> None:
    store.put(server("test"))
    toolset = hub.toolset(["test"])
    failed = toolset.run(ToolCall("c", "fail", "{}"))
    assert failed.is_error
    assert call(toolset, "picture").startswith("[an image, image/png,")


def test_two_servers_with_the_same_tools_are_told_apart(hub: McpHub, store: McpServerStore) -> None:
    store.put(server("one"))
    store.put(server("two"))
    toolset = hub.toolset(["one", "two"])
    names = {spec.name for spec in toolset.specs}
    assert {"one__echo", "two__echo"} <= names
    assert "echo" not in names
    assert call(toolset, "two__echo", text="second") == "second"


def test_env_secrets_reach_the_server_from_the_keyring(
    hub: McpHub, store: McpServerStore, memory_keyring: MemoryKeyring
) -> None:
    store.put(server("test", DESKCHAT_TEST_TOKEN="s3cret"))
    assert "s3cret" not in store.path.read_text(encoding="utf-8")
    assert "s3cret" in memory_keyring.values.values()
    assert call(hub.toolset(["test"]), "env", name="DESKCHAT_TEST_TOKEN") == "s3cret"


def test_a_slow_call_hits_the_time_limit_and_the_next_call_works(
    hub: McpHub, store: McpServerStore
) -> None:
    store.put(server("test"))
    toolset = hub.toolset(["test"])
    with pytest.raises(McpCallError) as caught:
        toolset.run(ToolCall("c", "slow", '{"seconds": 30}'), timeout=0.5)
    assert str(caught.value) == (
        'The tool "slow" of the MCP server "test" did not answer within 0.5 s.'
    )
    assert error_result(ToolCall("c", "slow", "{}"), caught.value).is_error
    assert call(toolset, "echo", text="still here") == "still here"


def test_a_call_is_stopped_when_the_person_asks(hub: McpHub, store: McpServerStore) -> None:
    store.put(server("test"))
    toolset = hub.toolset(["test"])
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(McpCallCancelledError, match=r'The call to "slow" was stopped\.'):
        toolset.run(ToolCall("c", "slow", '{"seconds": 30}'), stop_requested=stop.is_set)
    assert call(toolset, "echo", text="after") == "after"


def test_a_server_crashing_mid_call_is_a_sentence_and_restarts(
    hub: McpHub, store: McpServerStore, tmp_path: Path
) -> None:
    starts = tmp_path / "starts.txt"
    store.put(server("test", MCP_TEST_STARTS=str(starts)))
    toolset = hub.toolset(["test"])
    with pytest.raises(McpServerError) as caught:
        call(toolset, "crash")
    assert str(caught.value).startswith(
        'The MCP server "test" stopped during the call to "crash"; it starts again on the '
        "next call."
    )
    assert call(toolset, "echo", text="back") == "back"
    assert len(starts.read_text(encoding="utf-8").splitlines()) == 2


@pytest.mark.parametrize(
    ("config", "said"),
    [
        (
            ServerConfig(name="nope", command="deskchat-no-such-mcp-server"),
            'The MCP server "nope" could not start: there is no program '
            '"deskchat-no-such-mcp-server".',
        ),
        (server("die", "die"), 'The MCP server "die" stopped before it was ready;'),
        (server("garbage", "garbage"), 'The MCP server "garbage" sent something that is not MCP'),
    ],
)
def test_a_server_that_cannot_start_is_one_sentence_and_the_others_go_on(
    hub: McpHub, store: McpServerStore, config: ServerConfig, said: str
) -> None:
    store.put(config)
    store.put(server("good"))
    toolset = hub.toolset([config.name, "good"])
    assert len(toolset.problems) == 1
    assert str(toolset.problems[0]).startswith(said)
    assert call(toolset, "echo", text="fine") == "fine"
    with pytest.raises(McpServerError, match=re.escape(said[:40])):
        hub.list_tools(config.name)  # tried again, failing again the same way


def test_a_server_that_never_answers_is_stopped_after_the_start_limit(
    store: McpServerStore, tmp_path: Path
) -> None:
    store.put(server("hang", "hang"))
    with (
        McpHub(store, start_timeout=1.5, log_dir=tmp_path / "logs") as hub,
        pytest.raises(McpServerError) as caught,
    ):
        hub.list_tools("hang")
    assert str(caught.value).startswith(
        'The MCP server "hang" did not answer within 1.5 s of starting and was stopped;'
    )


def test_a_closed_hub_says_so(store: McpServerStore, tmp_path: Path) -> None:
    store.put(server("test"))
    hub = McpHub(store, log_dir=tmp_path / "logs")
    assert "echo" in {t.spec.name for t in hub.list_tools("test")}
    hub.close()
    with pytest.raises(McpServerError, match="stopped with the app"):
        hub.list_tools("test")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def http_server() -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, SERVER, "--http-port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(
            lambda: listening(port) or process.poll() is not None,
            timeout=60,
            what="the HTTP test server listening",
            interval=0.05,
        )
        assert process.poll() is None, "the HTTP test server did not start"
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_streamable_http_server_gets_its_headers_from_the_keyring(
    hub: McpHub, store: McpServerStore, http_server: str, memory_keyring: MemoryKeyring
) -> None:
    store.put(ServerConfig(name="web", url=http_server, headers={"X-Api-Key": "k3y"}))
    assert "k3y" not in store.path.read_text(encoding="utf-8")
    toolset = hub.toolset(["web"])
    assert toolset.problems == []
    assert call(toolset, "add", a=1, b=2) == "3"
    assert call(toolset, "header", name="x-api-key") == "k3y"


def test_an_http_server_that_is_not_there_is_one_sentence(
    hub: McpHub, store: McpServerStore
) -> None:
    store.put(ServerConfig(name="web", url=f"http://127.0.0.1:{free_port()}/mcp"))
    with pytest.raises(McpServerError) as caught:
        hub.list_tools("web")
    assert str(caught.value).startswith('The MCP server "web" at http://127.0.0.1:')
