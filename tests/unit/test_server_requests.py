"""The API server's request reading and prompt building, without HTTP or llama.cpp."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskchat import paths
from deskchat.chat.generation import SamplingParams
from deskchat.chat.turns import Turn
from deskchat.server import OpenAIServer
from deskchat.server.access import addressed_locally
from deskchat.server.api import Api, JsonReply
from deskchat.server.errors import ApiError
from deskchat.server.records import Progress
from deskchat.server.requests import parse_chat, parse_completion, parse_json
from deskchat.services.api_server import ServerError, is_loopback
from deskchat.services.api_turns import ApiTurns, title_for
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.settings import Settings, load_settings, save_settings
from deskchat.store.db import Database
from deskchat.store.models import ModelRepo
from tests.helpers.fake_engine import FakeEngine

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db() -> Iterator[Database]:
    database, _ = open_database()
    yield database
    database.close()


def chat(**fields: Any) -> dict[str, Any]:
    return {"model": "fake-chat", "messages": [{"role": "user", "content": "hi"}], **fields}


def refused(body: dict[str, Any], parse: Any = parse_chat) -> ApiError:
    with pytest.raises(ApiError) as caught:
        parse(body)
    assert caught.value.status == 400
    assert caught.value.message.endswith(".")  # one sentence
    return caught.value


def test_system_messages_go_first_folded_into_one() -> None:
    request = parse_chat(
        chat(
            messages=[
                {"role": "system", "content": "Be brief."},
                {
                    "role": "user",
                    "content": [{"type": "text", "text": "a"}, {"type": "text", "text": "b"}],
                },
                {"role": "assistant", "content": "ok"},
                {"role": "developer", "content": "Answer in French."},
                {"role": "user", "content": "again"},
            ]
        )
    )
    assert request.system == "Be brief.\n\nAnswer in French."
    assert request.turns == (Turn("user", "a\nb"), Turn("assistant", "ok"), Turn("user", "again"))


def test_sampling_fields_are_read_and_checked() -> None:
    request = parse_chat(
        chat(
            temperature=0.2,
            top_p=0.5,
            max_tokens=7,
            max_completion_tokens=9,
            stop="END",
            seed=-1,
            presence_penalty=0.5,
            frequency_penalty=-0.5,
            logit_bias={"5": -100},
            stream=True,
            stream_options={"include_usage": True},
            top_k=3,
            ignore_eos=True,
            user="someone",  # unknown fields are ignored
        )
    )
    assert request.max_tokens == 9  # the newer name wins
    assert request.stream and request.include_usage
    assert request.sampling == {
        "temperature": 0.2,
        "top_p": 0.5,
        "presence_penalty": 0.5,
        "frequency_penalty": -0.5,
        "top_k": 3,
        "ignore_eos": True,
        "stop": ("END",),
        "logit_bias": ((5, -100.0),),
        "seed": 0xFFFFFFFF,
    }


@pytest.mark.parametrize(
    ("fields", "param", "words"),
    [
        ({"n": 2}, "n", "n=1"),
        ({"temperature": 3}, "temperature", "between 0 and 2"),
        ({"temperature": True}, "temperature", "number"),
        ({"max_tokens": 0}, "max_tokens", "at least 1"),
        ({"stop": [1]}, "stop", "list of strings"),
        ({"tools": [{"type": "function"}]}, "tools[0]", "cannot be used"),
        ({"response_format": {"type": "xml"}}, "response_format", '"json_schema"'),
        ({"logprobs": True}, "logprobs", "not supported"),
        ({"stream_options": {"include_usage": True}}, "stream_options", "stream=true"),
        ({"model": ""}, "model", "needs a model"),
        ({"messages": []}, "messages", "non-empty"),
        ({"messages": [{"role": "system", "content": "x"}]}, "messages", "user message"),
        ({"messages": [{"role": "tool", "content": "x"}]}, "messages[0].tool_call_id", "tool"),
        ({"messages": [{"role": "wizard", "content": "x"}]}, "messages[0].role", "'wizard'"),
        (
            {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]},
            "messages[0].content",
            "image_url",
        ),
        ({"logit_bias": {"x": 1}}, "logit_bias", "token id"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(
    fields: dict[str, Any], param: str, words: str
) -> None:
    error = refused(chat(**fields))
    assert error.param == param
    assert words in error.message


def test_completions_default_to_16_tokens_and_take_one_prompt() -> None:
    request = parse_completion({"model": "m", "prompt": ["Once upon"]})
    assert (request.prompt, request.max_tokens) == ("Once upon", 16)
    assert "one prompt" in refused({"model": "m", "prompt": ["a", "b"]}, parse_completion).message
    assert "token ids" in refused({"model": "m", "prompt": [1, 2]}, parse_completion).message
    assert "echo" in refused({"model": "m", "prompt": "a", "echo": True}, parse_completion).message


def test_a_body_must_be_a_json_object() -> None:
    assert "not valid JSON" in refused(b"{nope", parse_json).message  # type: ignore[arg-type]
    assert "JSON object" in refused(b"[1]", parse_json).message  # type: ignore[arg-type]


def ask(
    engine: FakeEngine,
    body: dict[str, Any],
    defaults: SamplingParams | None = None,
    db: Database | None = None,
) -> tuple[str, SamplingParams]:
    """One whole (not streamed) request through the API: the prompt and sampling the
    engine got."""
    api = Api(ApiTurns(engine, sampling=defaults or SamplingParams(), db=db))
    endpoint = api.chat if "messages" in body else api.completions
    reply = endpoint(body, engine, Progress())
    assert isinstance(reply, JsonReply) and reply.status == 200
    return engine.prompts[-1], engine.samplings[-1]


def test_the_prompt_is_the_one_the_chat_window_builds(db: Database) -> None:
    """Same template choice (the user's override included) and the same flattening."""
    engine = FakeEngine(n_ctx=4096)
    assert engine.model is not None
    session = ChatSession(db, engine)
    models = ModelRepo(db)
    models.touch(engine.model.path, name="fake", architecture="llama", size_bytes=1, metadata={})
    for override in (None, "gemma"):
        models.set_template_override(engine.model.path, override)
        conversation = session.new_conversation()
        session.set_system_prompt(conversation.id, "Be brief.")
        expected = session.preview(conversation.id, "What is a token?")
        body = chat(
            messages=[
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "What is a token?"},
            ]
        )
        prompt, _ = ask(engine, body, db=db)
        assert prompt == expected.text
        assert engine.count_tokens(prompt) == expected.prompt_tokens
    assert "<start_of_turn>" in prompt  # the override was honoured


def test_a_request_that_cannot_fit_is_refused_with_the_numbers() -> None:
    engine = FakeEngine(n_ctx=50)
    long = " ".join(["word"] * 40)
    with pytest.raises(ApiError) as caught:
        ask(engine, chat(messages=[{"role": "user", "content": long}], max_tokens=20))
    error = caught.value
    assert (error.status, error.code) == (400, "context_length_exceeded")
    assert "holds 50 tokens" in error.message and "20 for the answer" in error.message
    assert not engine.prompts  # refused before the engine was asked
    # without max_tokens the answer may use what the prompt leaves
    prompt, sampling = ask(engine, chat())
    assert sampling.max_tokens == 50 - engine.count_tokens(prompt)


def test_sampling_starts_from_the_apps_defaults_but_not_its_stops_or_seed() -> None:
    engine = FakeEngine()
    defaults = SamplingParams(temperature=0.3, top_k=7, stop=("###",), seed=5, max_tokens=99)
    _, s = ask(engine, {"model": "fake-chat", "prompt": "a b c", "stop": ["x"]}, defaults)
    assert (s.temperature, s.top_k, s.stop, s.seed, s.max_tokens) == (0.3, 7, ("x",), None, 16)
    assert engine.model is not None
    engine.model = replace(engine.model, chat_template=None, name="base", path="/m/base.gguf")
    _, s = ask(engine, chat(stop="x", model="base"), defaults)
    assert "\nHuman:" in s.stop and "x" in s.stop  # a base model's stops
    with pytest.raises(ApiError, match="beyond the vocabulary"):
        ask(engine, chat(logit_bias={"100": 1}, model="base"), defaults)


def test_exposed_addresses_need_an_api_key() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("")
    with pytest.raises(ServerError, match="needs an API key"):
        OpenAIServer(ApiTurns(FakeEngine()), host="0.0.0.0")
    OpenAIServer(ApiTurns(FakeEngine()), host="0.0.0.0", api_key="k")


def test_history_titles_name_the_question() -> None:
    turns = [Turn("user", "first"), Turn("assistant", "x"), Turn("user", "one two three " * 5)]
    assert title_for(turns) == "API: one two three one two three one two…"


def test_server_settings_round_trip_and_bad_values_fall_back() -> None:
    settings = Settings(server_enabled=True, server_port=9000, server_cors="http://x")
    save_settings(settings)
    assert load_settings()[0] == settings
    paths.settings_path().write_text(
        '{"server_port": 70000, "server_host": "", "server_log_history": "yes"}'
    )
    loaded, warning = load_settings()
    assert warning is None
    assert (loaded.server_port, loaded.server_host, loaded.server_log_history) == (
        8765,
        "127.0.0.1",
        False,
    )


def test_the_server_package_never_imports_qt() -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import deskchat.server, deskchat.cli.serve_cmd\n"
        "assert not any(k.startswith('PySide6') and sys.modules[k] for k in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_only_local_names_reach_a_server_without_a_key() -> None:
    for host in ("127.0.0.1:8765", "localhost", "[::1]:80", "app.localhost:1", "127.0.0.2", None):
        assert addressed_locally(host), host
    for host in ("evil.example", "evil.example:8765", "192.168.1.5:80", "[2001:db8::1]:80"):
        assert not addressed_locally(host), host
