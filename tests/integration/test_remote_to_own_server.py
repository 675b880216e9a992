"""deskchat talking to deskchat: the remote backend against `deskchat`'s own OpenAI server
serving the tiny model on loopback — a chat that looks like a local one, counts from the
server's usage, and the server's key required."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from deskchat.engine.client import EngineClient
from deskchat.remote.endpoints import Endpoint
from deskchat.remote.engine import RemoteEngine
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from tests.helpers.waits import wait_until

KEY = "sk-own-server-7d1c"


@pytest.fixture
def own_server(tiny_engine: EngineClient) -> Iterator[OpenAIServer]:
    server = OpenAIServer(ApiTurns(tiny_engine), host="127.0.0.1", port=0, api_key=KEY)
    server.start()
    yield server
    server.stop()


def test_a_remote_chat_with_deskchats_own_server(own_server: OpenAIServer) -> None:
    model_id = served_model(own_server)
    engine = RemoteEngine(Endpoint("self", own_server.url), model_id, api_key=KEY)
    db, _ = open_database()
    try:
        session = ChatSession(db, engine)
        c = session.new_conversation(session.find_persona("assistant"))
        events = list(session.send(c.id, "hello world", max_tokens=8, ignore_eos=True))
    finally:
        engine.close()
        db.close()
    pieces = [e.text for e in events if isinstance(e, AnswerDelta)]
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    m = finished.message
    assert m.status == "complete" and m.content == "".join(pieces)
    assert m.completion_tokens == 8 and not m.tokens_estimated  # the server sent usage
    assert m.prompt_tokens and m.prompt_tokens > 10  # system prompt + question, templated
    assert m.model == f"self: {model_id}"
    # the server logs a request once its last byte is out, which may be after the client
    # has read the answer
    served = wait_until(
        lambda: [r for r in own_server.recent() if r.path == "/v1/chat/completions"],
        what="the chat request in the server's log",
    )[-1]
    assert (served.path, served.status, served.completion_tokens) == (
        "/v1/chat/completions",
        200,
        8,
    )


def test_the_wrong_key_is_one_sentence(own_server: OpenAIServer) -> None:
    engine = RemoteEngine(
        Endpoint("self", own_server.url), served_model(own_server), api_key="wrong"
    )
    db, _ = open_database()
    try:
        session = ChatSession(db, engine)
        c = session.new_conversation()
        events = list(session.send(c.id, "hello"))
    finally:
        engine.close()
        db.close()
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    assert finished.message.status == "error"
    assert finished.message.error and "refused the API key" in finished.message.error


def served_model(server: OpenAIServer) -> str:
    """The model id the server lists (asked with plain urllib, not deskchat's client)."""
    request = urllib.request.Request(
        f"{server.url}/models", headers={"Authorization": f"Bearer {KEY}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return str(json.load(response)["data"][0]["id"])
