"""The API's tool-call shapes without HTTP, on a scripted model with Qwen 2.5's template:
"auto" reads a call out of a free answer, whole and streamed, beside its text; a request
with earlier calls and results is kept in the history as its text messages."""

from __future__ import annotations

import json
from typing import Any

from deskchat.server.api import Api, JsonReply, StreamReply
from deskchat.server.records import Progress
from deskchat.services.api_turns import ApiTurns
from deskchat.services.app import open_database
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from tests.helpers.fake_engine import FakeEngine, fake_model_info
from tests.unit.test_tool_turns import QWEN25_TEMPLATE

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
        },
    }
]
ANSWER = (
    'Checking. <tool_call> {"name": "get_weather", "arguments": {"city": "Paris"}} </tool_call>'
)


def engine(*answers: str) -> FakeEngine:
    fake = FakeEngine(list(answers))
    fake.model = fake_model_info(template=QWEN25_TEMPLATE)
    return fake


def body(**fields: Any) -> dict[str, Any]:
    ask = [{"role": "user", "content": "Weather in Paris?"}]
    return {"model": "fake-chat", "messages": ask, "tools": TOOLS, **fields}


def test_auto_returns_the_text_and_the_call() -> None:
    fake = engine(ANSWER)
    reply = Api(ApiTurns(fake)).chat(body(), fake, Progress())
    assert isinstance(reply, JsonReply)
    choice = reply.body["choices"][0]
    assert choice["finish_reason"] == "tool_calls"
    assert choice["message"]["content"].strip() == "Checking."
    (call,) = choice["message"]["tool_calls"]
    assert call["type"] == "function" and call["id"].startswith("call_")
    assert call["function"]["name"] == "get_weather"
    assert json.loads(call["function"]["arguments"]) == {"city": "Paris"}
    # auto: free until the call's marker, held to the call grammar from it (lazily)
    held = fake.samplings[-1]
    assert "get_weather" in held.grammar and held.grammar_openers == ("<tool_call>",)


def test_auto_streams_text_then_the_call_as_deltas() -> None:
    fake = engine(ANSWER)
    progress = Progress()
    reply = Api(ApiTurns(fake)).chat(body(stream=True), fake, progress)
    assert isinstance(reply, StreamReply)
    chunks = list(reply.chunks)
    deltas = [c["choices"][0]["delta"] for c in chunks]
    text = "".join(d.get("content") or "" for d in deltas)
    assert text.strip() == "Checking." and "tool_call" not in text
    calls = [d["tool_calls"][0] for d in deltas if "tool_calls" in d]
    first, rest = calls[0], calls[1:]
    assert set(first) == {"index", "id", "type", "function"}
    assert first["function"] == {"name": "get_weather", "arguments": ""}
    arguments = "".join(c["function"]["arguments"] for c in rest)
    assert json.loads(arguments) == {"city": "Paris"}
    assert all(set(c) == {"index", "function"} for c in rest)
    assert chunks[-1]["choices"][0]["finish_reason"] == "tool_calls"
    assert progress.finish_reason == "tool_calls"


def test_a_request_with_calls_and_results_is_kept_in_the_history() -> None:
    db, _ = open_database()
    fake = engine("Sunny.")
    messages = [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "call_1",
                    "type": "function",
                    "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                }
            ],
        },
        {"role": "tool", "tool_call_id": "call_1", "content": "18 C"},
    ]
    reply = Api(ApiTurns(fake, db=db, log_history=True)).chat(
        body(messages=messages), fake, Progress()
    )
    assert isinstance(reply, JsonReply)
    assert reply.body["choices"][0]["message"]["content"] == "Sunny."
    assert "<tool_response>\n18 C\n</tool_response>" in fake.prompts[-1]
    (conversation,) = ConversationRepo(db).list()
    kept = [(m.role, m.content) for m in MessageRepo(db).for_conversation(conversation.id)]
    assert kept == [("user", "Weather in Paris?"), ("assistant", "Sunny.")]


def test_parallel_tool_calls_false_keeps_the_first_call_only() -> None:
    second = ' <tool_call> {"name": "get_weather", "arguments": {"city": "Oslo"}} </tool_call>'
    fake = engine(ANSWER + second, ANSWER + second)
    api = Api(ApiTurns(fake))
    reply = api.chat(body(parallel_tool_calls=False), fake, Progress())
    assert isinstance(reply, JsonReply)
    (call,) = reply.body["choices"][0]["message"]["tool_calls"]
    assert json.loads(call["function"]["arguments"]) == {"city": "Paris"}
    stream = api.chat(body(parallel_tool_calls=False, stream=True), fake, Progress())
    assert isinstance(stream, StreamReply)
    deltas = [c["choices"][0]["delta"] for c in stream.chunks]
    assert {d["tool_calls"][0]["index"] for d in deltas if "tool_calls" in d} == {0}
    both = api.chat(body(), engine(ANSWER + second), Progress())
    assert isinstance(both, JsonReply)
    assert len(both.body["choices"][0]["message"]["tool_calls"]) == 2
