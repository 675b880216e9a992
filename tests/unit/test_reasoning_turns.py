"""A reasoning model's thought through the one turn pipeline: kept apart from the answer,
streamed on its own, stored in its own column, handed back to templates that read it, and
returned by the API as reasoning_content."""

from __future__ import annotations

from typing import Any

import pytest

from deskchat.server.api import Api, JsonReply
from deskchat.server.records import Progress
from deskchat.services.api_turns import ApiTurns
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, ThoughtDelta
from deskchat.store.db import Database
from tests.helpers.fake_engine import FakeEngine, fake_model_info

# a template that shows earlier thoughts back to the model, as GLM's and Qwen3.5's do (and
# strips a thought left in the content, as Qwen3's does: that is how it announces <think>)
THINKER = (
    "{% for m in messages %}<{{ m.role }}>{{ m.content.split('</think>')[-1] }}"
    "{% if m.reasoning_content %} (thought: {{ m.reasoning_content }}){% endif %}\n"
    "{% endfor %}<assistant>"
)
OPENS_THOUGHT = THINKER + "<think>\n"  # R1 distills open the thought themselves


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def thinker(answers: list[str], template: str = THINKER) -> FakeEngine:
    engine = FakeEngine(answers)
    engine.model = fake_model_info(template=template)
    return engine


def test_the_thought_streams_apart_and_is_stored_apart(db: Database) -> None:
    session = ChatSession(db, thinker(["<think>Adding two and two.</think> Four."]))
    conversation = session.new_conversation()
    events = list(session.send(conversation.id, "2+2?"))
    thought = "".join(e.text for e in events if isinstance(e, ThoughtDelta))
    answer = "".join(e.text for e in events if isinstance(e, AnswerDelta))
    assert thought.strip() == "Adding two and two." and answer == "Four."
    finished = events[-1]
    assert isinstance(finished, AnswerFinished)
    message = finished.message
    assert (message.content, message.reasoning.strip()) == ("Four.", "Adding two and two.")
    assert message.reasoning_tokens == 4 and message.reasoning_ms is not None
    stored = session.branch(session.conversation(conversation.id))[-1]
    assert (stored.content, stored.reasoning) == (message.content, message.reasoning)


def test_a_thought_the_template_opened_and_one_stopped_midway(db: Database) -> None:
    session = ChatSession(db, thinker(["Hmm. </think> Yes.", "Still thinking, and"], OPENS_THOUGHT))
    conversation = session.new_conversation()
    first = list(session.send(conversation.id, "Sure?"))[-1]
    assert isinstance(first, AnswerFinished)
    assert (first.message.reasoning.strip(), first.message.content) == ("Hmm.", "Yes.")
    second = list(session.send(conversation.id, "And now?"))[-1]
    assert isinstance(second, AnswerFinished)
    assert second.message.content == "" and "Still thinking" in second.message.reasoning


def test_earlier_thoughts_go_back_as_reasoning_content_not_content(db: Database) -> None:
    engine = thinker(["<think>Four, clearly.</think> Four.", "Eight."])
    session = ChatSession(db, engine)
    conversation = session.new_conversation()
    list(session.send(conversation.id, "2+2?"))
    list(session.send(conversation.id, "4+4?"))
    second_prompt = engine.prompts[-1]
    assert "<assistant>Four. (thought: Four, clearly.)" in second_prompt
    assert "<think>" not in second_prompt


def test_the_api_returns_the_thought_as_reasoning_content() -> None:
    engine = thinker(["<think>Two and two.</think> Four."])
    api = Api(ApiTurns(engine))
    body: dict[str, Any] = {"model": "fake-chat", "messages": [{"role": "user", "content": "2+2?"}]}
    reply = api.chat(body, engine, Progress())
    assert isinstance(reply, JsonReply)
    message = reply.body["choices"][0]["message"]
    assert message["content"] == "Four." and message["reasoning_content"].strip() == "Two and two."
    assert reply.body["usage"]["completion_tokens_details"]["reasoning_tokens"] == 3
