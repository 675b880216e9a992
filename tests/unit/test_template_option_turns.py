"""Template options through every layer: the renderer gets them, every rendering of a prompt
(the placeholder one too) uses them, chats and personas keep them, the session offers only
what the template reads, and the API takes reasoning_effort and chat_template_kwargs."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskchat.chat.personas import Persona
from deskchat.chat.prompt import build_prompt
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.reasoning import detect_format, opens_thinking, split_whole
from deskchat.chat.templates import ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.server.api import Api, JsonReply
from deskchat.server.errors import ApiError
from deskchat.server.records import Progress
from deskchat.server.requests import parse_chat
from deskchat.services.api_turns import ApiTurns
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.migrations import MIGRATIONS, m004_template_options
from deskchat.store.personas import PersonaRepo
from tests.helpers.fake_engine import FakeEngine, fake_model_info

# Qwen3's way: with thinking switched off, the generation prompt holds an empty thought
QWEN3_LIKE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}"
    "<think>\n\n</think>\n\n{% endif %}{% endif %}"
)
GPT_OSS_LIKE = (
    "<|start|>system<|message|>Reasoning: {{ reasoning_effort }}<|end|>"
    "{% for m in messages %}<|start|>{{ m.role }}<|message|>{{ m.content }}<|end|>{% endfor %}"
    "<|start|>assistant"
)
EMPTY_THOUGHT = "<think>\n\n</think>"


@pytest.fixture
def db() -> Database:
    database, _ = open_database()
    return database


def engine_with(template: str, answers: list[str] | None = None) -> FakeEngine:
    engine = FakeEngine(answers or ["Four."])
    engine.model = fake_model_info(template=template)
    return engine


def test_the_template_gets_the_options_as_variables() -> None:
    template = ChatTemplate("gguf", "qwen3", QWEN3_LIKE)
    turns = [Turn("user", "hi")]
    off = template.render(turns, options={"enable_thinking": False})
    assert off.endswith("<|im_start|>assistant\n" + EMPTY_THOUGHT + "\n\n")
    assert EMPTY_THOUGHT not in template.render(turns, options={"enable_thinking": True})
    assert EMPTY_THOUGHT not in template.render(turns)
    # an option never replaces the messages or the special tokens
    clash = ChatTemplate("gguf", "x", "{{ bos_token }}{{ messages[0].content }}")
    assert clash.render(turns, bos_token="<s>", options={"messages": "no", "bos_token": "no"}) == (
        "<s>hi"
    )


def test_every_rendering_of_a_prompt_gets_the_options() -> None:
    """The placeholder rendering that tells markup from text gets them too: the empty
    thought is the template's markup, the message stays plain text."""
    plan = build_prompt(
        template=ChatTemplate("gguf", "qwen3", QWEN3_LIKE),
        system_prompt="Be brief.",
        examples=(),
        history=[Turn("user", "hi <think>")],
        count_tokens=lambda parts: len(prompt_text(parts)),
        n_ctx=4096,
        max_tokens=64,
        options={"enable_thinking": False},
    )
    assert plan.text.endswith(EMPTY_THOUGHT + "\n\n")
    assert [p.text for p in plan.parts if not p.markup] == ["Be brief.", "hi <think>"]
    assert any(EMPTY_THOUGHT in p.text for p in plan.parts if p.markup)


def test_a_prompt_ending_with_an_empty_thought_starts_in_the_answer() -> None:
    prompt = "<|im_start|>assistant\n" + EMPTY_THOUGHT + "\n\n"
    assert detect_format(QWEN3_LIKE) == "think"
    assert not opens_thinking("think", prompt)
    assert opens_thinking("think", "<|im_start|>assistant\n<think>\n")
    thinking = opens_thinking("think", prompt)
    assert split_whole("think", "Four.", thinking=thinking) == ("", "Four.")


def test_thinking_off_through_the_session(db: Database) -> None:
    engine = engine_with(QWEN3_LIKE)
    session = ChatSession(db, engine)
    assert [o.name for o in session.offered_options()] == ["enable_thinking"]
    conversation = session.new_conversation()
    conversation = session.set_template_option(conversation.id, "enable_thinking", False)
    finished = list(session.send(conversation.id, "2+2?"))[-1]
    assert isinstance(finished, AnswerFinished)
    assert engine.prompts[-1].endswith(EMPTY_THOUGHT + "\n\n")
    assert (finished.message.content, finished.message.reasoning) == ("Four.", "")
    # kept with the chat: the next prompt has it too, and so does a reopened session
    again = ChatSession(db, engine)
    assert again.template_options(again.conversation(conversation.id)) == {"enable_thinking": False}
    list(again.send(conversation.id, "And 3+3?"))
    assert engine.prompts[-1].endswith(EMPTY_THOUGHT + "\n\n")


def test_options_are_offered_only_for_a_local_template_that_reads_them(db: Database) -> None:
    engine = engine_with(GPT_OSS_LIKE)
    session = ChatSession(db, engine)
    assert [o.name for o in session.offered_options()] == ["reasoning_effort"]
    engine.model = fake_model_info()  # a template that reads no option
    assert session.offered_options() == ()
    engine.model = replace(fake_model_info(template=QWEN3_LIKE), own_template=True)
    assert session.offered_options() == ()  # a remote server applies its own template
    engine.model = None
    assert session.offered_options() == ()


def test_the_chat_s_own_options_win_over_its_persona_s(db: Database) -> None:
    persona = PersonaRepo(db).add(
        Persona(
            "Thinker",
            "Think hard.",
            template_options={"enable_thinking": False, "reasoning_effort": "high"},
        )
    )
    assert PersonaRepo(db).get(persona.id or 0).template_options == {
        "enable_thinking": False,
        "reasoning_effort": "high",
    }
    engine = engine_with(GPT_OSS_LIKE)
    session = ChatSession(db, engine)
    conversation = session.new_conversation(persona)
    assert session.template_options(conversation)["reasoning_effort"] == "high"
    conversation = session.set_template_option(conversation.id, "reasoning_effort", "low")
    assert session.template_options(conversation) == {
        "enable_thinking": False,
        "reasoning_effort": "low",
    }
    list(session.send(conversation.id, "hi"))
    assert "Reasoning: low" in engine.prompts[-1]


def test_a_chat_without_options_gets_the_template_s_defaults(db: Database) -> None:
    engine = engine_with(GPT_OSS_LIKE)
    session = ChatSession(db, engine)
    conversation = session.new_conversation()
    assert conversation.template_options_json == "{}"
    list(session.send(conversation.id, "hi"))
    assert "Reasoning: medium" in engine.prompts[-1]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("enable_thinking", "no", "enable_thinking must be true or false."),
        ("reasoning_effort", "extreme", "reasoning_effort must be one of low, medium, high"),
        ("date_string", 26, "date_string must be a date written as text"),
        ("temperature", 0.5, "There is no template option temperature"),
    ],
)
def test_a_bad_option_is_refused_with_a_sentence(
    db: Database, name: str, value: Any, words: str
) -> None:
    session = ChatSession(db, engine_with(QWEN3_LIKE))
    conversation = session.new_conversation()
    with pytest.raises(DeskchatError, match=words) as refused:
        session.set_template_option(conversation.id, name, value)
    assert refused.value.sentence is not None
    assert session.conversation(conversation.id).template_options_json == "{}"


def _body(**extra: Any) -> dict[str, Any]:
    return {"model": "fake-chat", "messages": [{"role": "user", "content": "hi"}], **extra}


def test_the_api_reads_reasoning_effort_and_chat_template_kwargs() -> None:
    assert parse_chat(_body()).template_options == {}
    request = parse_chat(
        _body(
            reasoning_effort="high",
            chat_template_kwargs={"enable_thinking": False, "custom_flag": [1, 2]},
        )
    )
    assert request.template_options == {"reasoning_effort": "high", "enable_thinking": False}
    # the request's own field wins over the same name in the kwargs
    both = parse_chat(
        _body(reasoning_effort="low", chat_template_kwargs={"reasoning_effort": "high"})
    )
    assert both.template_options == {"reasoning_effort": "low"}


@pytest.mark.parametrize(
    ("extra", "param", "words"),
    [
        ({"reasoning_effort": "extreme"}, "reasoning_effort", "must be one of low, medium, high"),
        ({"reasoning_effort": 3}, "reasoning_effort", "must be one of low, medium, high"),
        ({"chat_template_kwargs": "enable_thinking"}, "chat_template_kwargs", "an object"),
        (
            {"chat_template_kwargs": {"enable_thinking": "false"}},
            "chat_template_kwargs",
            "enable_thinking must be true or false.",
        ),
    ],
)
def test_the_api_refuses_a_bad_template_option(
    extra: dict[str, Any], param: str, words: str
) -> None:
    with pytest.raises(ApiError, match=words) as refused:
        parse_chat(_body(**extra))
    assert (refused.value.status, refused.value.param) == (400, param)


def test_the_api_s_options_reach_the_template() -> None:
    engine = engine_with(QWEN3_LIKE + GPT_OSS_LIKE)
    api = Api(ApiTurns(engine))
    body = _body(reasoning_effort="low", chat_template_kwargs={"enable_thinking": False})
    reply = api.chat(body, engine, Progress())
    assert isinstance(reply, JsonReply)
    assert EMPTY_THOUGHT in engine.prompts[-1] and "Reasoning: low" in engine.prompts[-1]
    assert reply.body["choices"][0]["message"]["content"] == "Four."
    api.chat(_body(), engine, Progress())
    assert EMPTY_THOUGHT not in engine.prompts[-1] and "Reasoning: medium" in engine.prompts[-1]


def test_a_history_from_before_template_options_keeps_its_chats(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    old = sqlite3.connect(path)
    before = MIGRATIONS[: MIGRATIONS.index(m004_template_options)]
    for migration in before:
        migration(old)
    old.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at REAL NOT NULL)")
    old.executemany(
        "INSERT INTO schema_migrations(name, applied_at) VALUES (?, 0)",
        [(m.__name__,) for m in before],
    )
    old.execute(
        "INSERT INTO personas(name, system_prompt, created_at, updated_at) "
        "VALUES ('Old', 'Be old.', 0, 0)"
    )
    old.execute("INSERT INTO conversations(title, created_at, updated_at) VALUES ('kept', 0, 0)")
    old.execute(f"PRAGMA user_version = {len(before)}")
    old.commit()
    old.close()
    db = Database(path)
    assert "m004_template_options" in db.migrations_applied()
    (conversation,) = ConversationRepo(db).list()
    assert (conversation.title, conversation.template_options_json) == ("kept", "{}")
    assert PersonaRepo(db).find("Old").template_options == {}
    session = ChatSession(db, engine_with(QWEN3_LIKE))
    assert session.template_options(conversation) == {}
    changed = session.set_template_option(conversation.id, "enable_thinking", False)
    assert changed.template_options_json == '{"enable_thinking": false}'
    db.close()
