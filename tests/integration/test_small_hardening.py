"""Small holes closed: hostile JSON nesting is a 400 sentence, a bug in the server is a
sentence naming the log (its traceback there), a blank API key is no key, the engine
process inherits no secret, and `deskchat … | head -1` ends quietly."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from deskchat import logs
from deskchat.engine.client import EngineClient
from deskchat.server import OpenAIServer
from deskchat.services.api_server import ServerError
from deskchat.services.api_turns import ApiTurns
from deskchat.services.app import open_database
from tests.conftest import REPO
from tests.helpers.fake_engine import FakeEngine

DEEP = 100_000
HELLO = {"messages": [{"role": "user", "content": "hi"}]}


class BuggyEngine(FakeEngine):
    """A FakeEngine with a bug where the server counts a prompt."""

    def count_tokens(self, text: Any) -> int:
        raise RuntimeError("internal state 0x5eed went wrong")


def call(
    server: OpenAIServer, method: str, path: str, body: bytes | None = None, key: str = ""
) -> tuple[int, dict[str, Any]]:
    port = int(server.url.rsplit(":", 1)[1].split("/")[0])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": "application/json"}
        if key:
            headers["Authorization"] = f"Bearer {key}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def post(server: OpenAIServer, body: bytes) -> tuple[int, dict[str, Any]]:
    return call(server, "POST", "/v1/chat/completions", body)


def model_id(server: OpenAIServer) -> str:
    status, listed = call(server, "GET", "/v1/models")
    assert status == 200
    return str(listed["data"][0]["id"])


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    with OpenAIServer(ApiTurns(FakeEngine()), port=0) as served:
        yield served


def test_json_nested_100000_deep_is_a_400_sentence(
    server: OpenAIServer, capfd: pytest.CaptureFixture[str]
) -> None:
    for deep in (b"[" * DEEP + b"]" * DEEP, b'{"a":' * DEEP + b"1" + b"}" * DEEP):
        status, body = post(server, deep)
        assert status == 400
        assert body["error"]["message"] == (
            "The request body is nested too deeply to be read as JSON."
        )
    assert "Traceback" not in capfd.readouterr().err
    assert model_id(server) == "fake-chat", "the server goes on serving"


def test_a_bug_is_answered_with_a_sentence_naming_the_log(isolated_home: Path) -> None:
    log = logs.setup_logging("serve")
    with OpenAIServer(ApiTurns(BuggyEngine()), port=0) as served:
        body = json.dumps(HELLO | {"model": model_id(served)}).encode()
        status, answer = post(served, body)
    assert status == 500
    message = answer["error"]["message"]
    assert message == f"Something went wrong (a bug in deskchat); the details are in {log}."
    assert "0x5eed" not in message and "RuntimeError" not in message
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "internal state 0x5eed went wrong" in logged


def test_a_blank_api_key_is_no_key_on_an_exposed_address() -> None:
    for blank in ("", "   ", "\t\n"):
        with pytest.raises(ServerError, match="needs an API key"):
            OpenAIServer(ApiTurns(FakeEngine()), host="0.0.0.0", api_key=blank)
    with OpenAIServer(ApiTurns(FakeEngine()), port=0, api_key="  k3y  ") as served:
        assert call(served, "GET", "/v1/models")[0] == 401
        assert call(served, "GET", "/v1/models", key="k3y")[0] == 200, "the key, trimmed"


def test_deskchat_serve_refuses_a_blank_api_key_on_an_exposed_address() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("DESKCHAT_API_KEY", None)
    for args, extra in [(["--api-key", "   "], {}), ([], {"DESKCHAT_API_KEY": "  "})]:
        result = subprocess.run(
            [sys.executable, "-m", "deskchat", "serve", "--host", "0.0.0.0", *args],
            capture_output=True,
            text=True,
            cwd=REPO,
            env={**env, **extra},
            timeout=120,
        )
        assert result.returncode == 1, result.stderr
        (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("deskchat:")]
        assert "needs an API key" in line and "Traceback" not in result.stderr


def test_the_engine_process_inherits_no_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {
        "DESKCHAT_API_KEY": "sk-server-0a1b2c",
        "HF_TOKEN": "hf_token_3d4e5f",
        "HUGGING_FACE_HUB_TOKEN": "hf_old_6a7b8c",
        "OPENAI_API_KEY": "sk-openai-9d0e1f",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("DESKCHAT_PLAIN_SETTING", "kept")
    with EngineClient() as engine:
        engine.backend()  # the engine process is up and answering
        assert engine.pid is not None
        child = psutil.Process(engine.pid).environ()
    assert not set(secrets) & set(child), "no secret reaches the engine's environment"
    assert not any(v in "".join(child.values()) for v in secrets.values())
    assert child["DESKCHAT_PLAIN_SETTING"] == "kept" and child["DESKCHAT_HOME"]
    assert all(os.environ[name] == value for name, value in secrets.items()), "the app keeps them"


def test_history_list_into_head_ends_quietly(isolated_home: Path) -> None:
    db, _ = open_database()
    now = time.time()
    with db.transaction() as connection:
        connection.executemany(
            "INSERT INTO conversations(title, created_at, updated_at) VALUES (?, ?, ?)",
            [(f"conversation {n} " + "about many things " * 4, now, now) for n in range(3000)],
        )
    db.close()
    process = subprocess.Popen(
        [sys.executable, "-m", "deskchat", "history", "list", "--limit", "3000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `head -1` does once it has its line
    err = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 141, err
    assert b"conversation" in first
    assert err == "", "no traceback, no bug sentence: the reader simply had enough"
