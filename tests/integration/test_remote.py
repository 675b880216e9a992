"""deskchat as a client of a remote OpenAI-compatible server: the real chat session, the
real HTTP client, and a loopback server with faults (tests/helpers/fake_openai.py)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from deskchat.remote.endpoints import Endpoint
from deskchat.remote.engine import RemoteEngine
from deskchat.remote.errors import RemoteModelNotFoundError, RemoteUnreachableError
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from deskchat.services.remote_access import RemoteAccess
from deskchat.services.stats import token_facts
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from tests.conftest import run_cli
from tests.helpers.fake_openai import FakeOpenAI
from tests.helpers.file_keyring import keyring_env
from tests.helpers.keyrings import MemoryKeyring
from tests.helpers.waits import wait_until

KEY = "sk-test-4f9a1c77e2b04d5e9b1d"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI(api_key=KEY)
    try:
        yield fake
    finally:
        fake.close()
    assert not fake.server_errors, fake.server_errors[0]


@pytest.fixture
def db() -> Iterator[Database]:
    database, _ = open_database()
    yield database
    database.close()


MakeEngine = Callable[..., RemoteEngine]


@pytest.fixture
def make_engine() -> Iterator[MakeEngine]:
    """RemoteEngines closed after the test (each holds a pool of open connections)."""
    made: list[RemoteEngine] = []

    def make(url: str, model: str = "fake-model", **options: Any) -> RemoteEngine:
        options.setdefault("api_key", KEY)
        engine = RemoteEngine(Endpoint("lab", url), model, **options)
        made.append(engine)
        return engine

    yield make
    for engine in made:
        engine.close()


@pytest.fixture
def session(db: Database, server: FakeOpenAI, make_engine: MakeEngine) -> ChatSession:
    return ChatSession(db, make_engine(server.url))


def finish(events: Iterator[object]) -> AnswerFinished:
    last = None
    for event in events:
        last = event
    assert isinstance(last, AnswerFinished)
    return last


def test_a_streamed_answer_is_saved_with_the_servers_counts(
    db: Database, server: FakeOpenAI, make_engine: MakeEngine
) -> None:
    session = ChatSession(db, make_engine(server.url, context_length=4096))
    persona = session.find_persona("assistant")
    c = session.new_conversation(persona)
    pieces = [e.text for e in session.send(c.id, "Hello?") if isinstance(e, AnswerDelta)]
    finished = finish(session.send(c.id, "And again?"))
    m = finished.message
    assert len(pieces) > 3, "the answer arrives in pieces"
    assert (m.status, m.content) == ("complete", server.answer)
    usage = server.sent_usage[-1]
    assert (m.prompt_tokens, m.completion_tokens) == (
        usage["prompt_tokens"],
        usage["completion_tokens"],
    )
    assert not m.tokens_estimated and "≈" not in " ".join(token_facts(m))
    assert m.model == "lab: fake-model"  # history shows which model answered
    assert session.conversation(c.id).model_path == "remote:lab/fake-model"
    assert finished.plan.estimated and finished.plan.n_ctx == 4096
    assert server.connections_made == 1, "later turns reuse the connection"

    request = server.chat_requests()[-1]
    assert request.headers["authorization"] == f"Bearer {KEY}"
    body = request.body or {}
    assert body["model"] == "fake-model" and body["stream"] is True
    assert body["stream_options"] == {"include_usage": True}
    assert body["top_k"] == 40, "a server on this machine gets llama.cpp's sampling too"
    assert [(m["role"], m["content"]) for m in body["messages"]] == [
        ("system", persona.system_prompt),
        ("user", "Hello?"),
        ("assistant", server.answer),
        ("user", "And again?"),
    ]


def test_without_usage_the_counts_are_estimated_and_marked(
    session: ChatSession, server: FakeOpenAI, db: Database
) -> None:
    server.omit_usage = True
    c = session.new_conversation()
    m = finish(session.send(c.id, "Count this, please.")).message
    assert m.status == "complete" and m.tokens_estimated
    assert m.prompt_tokens and m.completion_tokens
    assert m.completion_tokens == pytest.approx(len(server.answer) / 4, rel=0.5)
    assert token_facts(m)[0].startswith("≈")
    assert MessageRepo(db).get(m.id).tokens_estimated  # kept in the database


def test_stop_mid_answer_keeps_the_partial_text_and_closes_the_stream(
    session: ChatSession, server: FakeOpenAI
) -> None:
    server.answer = " ".join(f"w{i}" for i in range(2000))
    server.chunk_delay_s = 0.01
    c = session.new_conversation()
    seen = 0
    finished = None
    for event in session.send(c.id, "Go on and on."):
        if isinstance(event, AnswerDelta):
            seen += 1
            if seen == 5:
                threading.Thread(target=session.stop).start()
        elif isinstance(event, AnswerFinished):
            finished = event
    assert finished is not None
    m = finished.message
    assert (m.status, m.finish_reason) == ("complete", "cancelled")
    assert m.content.startswith("w0 w1 w2 w3 w4") and len(m.content.split()) < 200
    wait_until(lambda: server.disconnects, 5, what="the server seeing the client leave")
    assert server.disconnects == 1, "the server must see the client leave, and stop"


def test_stop_works_while_the_server_is_still_silent(
    session: ChatSession, server: FakeOpenAI
) -> None:
    server.silent_s = 3.0  # e.g. reading a long prompt before the first token
    c = session.new_conversation()
    threading.Timer(0.3, session.stop).start()
    started = time.monotonic()
    m = finish(session.send(c.id, "Think hard.")).message
    assert time.monotonic() - started < 2.0
    assert (m.finish_reason, m.content) == ("cancelled", "")


def test_a_dropped_stream_keeps_the_partial_answer_marked_interrupted(
    session: ChatSession, server: FakeOpenAI, db: Database
) -> None:
    server.drop_after = 3
    c = session.new_conversation()
    m = finish(session.send(c.id, "Tell me.")).message
    assert (m.status, m.content) == ("interrupted", "Hello from the")
    assert m.error and "lost mid-answer" in m.error and server.url in m.error
    assert MessageRepo(db).get(m.id).content == "Hello from the"
    # the conversation goes on: the next turn sends the partial answer as history
    server.drop_after = None
    assert finish(session.send(c.id, "Go on.")).message.status == "complete"


def test_an_unreadable_stream_is_a_sentence_and_keeps_the_text(
    session: ChatSession, server: FakeOpenAI
) -> None:
    server.malformed_after = 2
    c = session.new_conversation()
    m = finish(session.send(c.id, "Tell me.")).message
    assert (m.status, m.content) == ("interrupted", "Hello from")
    assert m.error and "cannot read" in m.error
    assert m.error.count("cannot read") == 1, "one sentence, not a sentence in a sentence"


def test_an_error_object_mid_stream_is_one_sentence_without_the_key(
    session: ChatSession, server: FakeOpenAI
) -> None:
    server.error_after = 2
    server.error_message = f"model crashed; your key {KEY} was fine"  # a careless server
    c = session.new_conversation()
    m = finish(session.send(c.id, "Tell me.")).message
    assert (m.status, m.content) == ("interrupted", "Hello from")
    assert m.error == (
        f"The server at {server.url} stopped the answer (model crashed; your key [API key] was "
        "fine); the text that arrived is kept."
    )


@pytest.mark.parametrize(
    ("status", "retry_after", "expected"),
    [
        (401, None, "refused the API key (HTTP 401)"),
        (403, None, "refused the API key (HTTP 403)"),
        (429, "7", "is limiting requests (HTTP 429: slow down); try again in 7 seconds."),
        (500, None, "had an internal error (HTTP 500: slow down); try again shortly."),
        (503, None, "had an internal error (HTTP 503"),
    ],
)
def test_http_errors_become_sentences(
    session: ChatSession,
    server: FakeOpenAI,
    status: int,
    retry_after: str | None,
    expected: str,
) -> None:
    server.fail_status, server.retry_after = status, retry_after
    server.error_message = "slow down"
    c = session.new_conversation()
    m = finish(session.send(c.id, "Hi")).message
    assert m.status == "error" and m.content == ""
    assert m.error and expected in m.error and m.error.startswith("The server at ")


def test_a_wrong_key_is_refused_without_repeating_it(
    db: Database, server: FakeOpenAI, make_engine: MakeEngine
) -> None:
    session = ChatSession(db, make_engine(server.url, api_key="sk-wrong-key-123"))
    c = session.new_conversation()
    m = finish(session.send(c.id, "Hi")).message
    assert m.error and "refused the API key" in m.error and "sk-wrong" not in m.error


def test_an_error_text_that_echoes_the_key_is_redacted(
    session: ChatSession, server: FakeOpenAI
) -> None:
    server.fail_status = 500
    server.error_message = f"backend failed for key {KEY}"
    c = session.new_conversation()
    m = finish(session.send(c.id, "Hi")).message
    assert m.error and "[API key]" in m.error and KEY not in m.error


def test_an_unreachable_server_is_a_sentence(db: Database, make_engine: MakeEngine) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    url = f"http://127.0.0.1:{port}/v1"
    session = ChatSession(db, make_engine(url, "m"))
    c = session.new_conversation()
    m = finish(session.send(c.id, "Hi")).message
    assert m.status == "error"
    assert m.error == (
        f"The server at {url} cannot be reached (the connection was refused); check the "
        "address and that the server is running."
    )
    RemoteAccess().add("gone", url)
    with pytest.raises(RemoteUnreachableError, match="cannot be reached"):
        RemoteAccess().models("gone")


def test_the_model_list_gives_the_context_and_checks_the_model(
    server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    server.models = ("alpha", "fake-model")
    server.context_length = 32768
    access = RemoteAccess()
    access.add("lab", server.url + "/chat/completions", api_key=KEY)
    assert [m.id for m in access.models("lab")] == ["alpha", "fake-model"]
    engine = access.open_engine("lab", "fake-model")
    assert (engine.model.n_ctx, engine.context_source) == (32768, "server")
    engine.close()
    engine = access.open_engine("lab", "alpha", context_length=2048)
    assert (engine.model.n_ctx, engine.context_source) == (2048, "setting")
    engine.close()
    with pytest.raises(RemoteModelNotFoundError, match="has no model “nope”; it offers: alpha"):
        access.open_engine("lab", "nope")
    with pytest.raises(Exception, match="offers 2 models; choose one of them: alpha, fake-model"):
        access.open_engine("lab")
    server.context_length = None
    engine = access.open_engine("lab", "alpha")
    assert (engine.model.n_ctx, engine.context_source) == (8192, "default")
    engine.close()


def _files_containing(root: Path, secret: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_the_api_key_is_never_written_to_deskchats_files(
    server: FakeOpenAI, memory_keyring: MemoryKeyring, isolated_home: Path
) -> None:
    from deskchat.services.app import open_app

    RemoteAccess().add("lab", server.url, api_key=KEY)
    app = open_app()
    try:
        app.use_remote("lab", "fake-model")
        c = app.session.new_conversation()
        assert finish(app.session.send(c.id, "Hi")).message.status == "complete"
        server.fail_status, server.error_message = 500, f"echo {KEY}"
        assert finish(app.session.send(c.id, "Again")).message.status == "error"
    finally:
        app.close()
    assert memory_keyring.values[("deskchat", "remote-endpoint:lab")] == KEY
    assert (isolated_home / "config" / "remote_endpoints.json").is_file()
    assert _files_containing(isolated_home, KEY) == []


def test_use_local_gives_the_session_back_to_the_engine_process(
    server: FakeOpenAI, memory_keyring: MemoryKeyring
) -> None:
    from deskchat.services.app import open_app

    RemoteAccess().add("lab", server.url, api_key=KEY)
    app = open_app()
    try:
        remote = app.use_remote("lab")  # its only model
        assert app.remote_engine is remote and app.session.engine is remote
        app.use_local()
        assert app.remote_engine is None and app.session.engine is app.engine
    finally:
        app.close()


# -- the command line, as a person types it -------------------------------------------------


def test_endpoints_commands_and_ask_with_a_remote_model(
    server: FakeOpenAI, tmp_path: Path, isolated_home: Path
) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    added = run_cli(
        "endpoints", "add", "lab", server.url, "--key-stdin", env=env, input_text=KEY + "\n"
    )
    assert added.returncode == 0, added.stderr
    assert "Saved “lab”" in added.stdout and "saved in the system keyring" in added.stdout

    listed = run_cli("endpoints", "list", env=env)
    assert f"lab  {server.url}  (API key: the system keyring)" in listed.stdout

    models = run_cli("endpoints", "models", "lab", env=env)
    assert models.returncode == 0, models.stderr
    assert models.stdout.startswith("fake-model") and "context not given" in models.stdout

    asked = run_cli("ask", "--endpoint", "lab", "--remote-model", "fake-model", "Hi?", env=env)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip() == server.answer
    assert "Using fake-model on “lab”" in asked.stderr
    assert "prompt +" in asked.stderr and "context ≈" in asked.stderr
    assert server.chat_requests()[-1].headers["authorization"] == f"Bearer {KEY}"

    history = run_cli("history", "list", env=env)
    assert "Hi?" in history.stdout

    chat = run_cli("chat", "--endpoint", "lab", env=env, input_text="Hello\n/prompt\n/exit\n")
    assert chat.returncode == 0, chat.stderr
    assert server.answer in chat.stdout
    # /prompt shows the messages the server receives, with an estimated count
    assert "[system]\nYou are a helpful" in chat.stdout
    assert f"[user]\nHello\n\n[assistant]\n{server.answer}" in chat.stdout
    assert f"{server.answer}\n\n[user]" not in chat.stdout  # no empty message of yours
    assert "[about " in chat.stdout and "the server's own (sent as messages)" in chat.stdout

    wrong = run_cli("ask", "--endpoint", "lab", "--remote-model", "nope", "Hi?", env=env)
    assert wrong.returncode == 1 and "has no model “nope”" in wrong.stderr

    removed = run_cli("endpoints", "rm", "lab", env=env)
    assert removed.returncode == 0 and "Removed “lab”" in removed.stdout
    assert KEY not in (tmp_path / "keyring.json").read_text()
    gone = run_cli("endpoints", "models", "lab", env=env)
    assert gone.returncode == 1 and "no remote server named “lab”" in gone.stderr
    assert _files_containing(isolated_home, KEY) == []


def test_without_a_keyring_the_cli_says_so_and_takes_an_environment_variable(
    server: FakeOpenAI,
) -> None:
    env = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    refused = run_cli(
        "endpoints", "add", "lab", server.url, "--key-stdin", env=env, input_text=KEY + "\n"
    )
    assert refused.returncode == 1
    assert "no keyring" in refused.stderr and "--key-env" in refused.stderr
    assert "lab" not in run_cli("endpoints", "list", env=env).stdout

    env["LAB_API_KEY"] = KEY
    added = run_cli("endpoints", "add", "lab", server.url, "--key-env", "LAB_API_KEY", env=env)
    assert added.returncode == 0, added.stderr
    asked = run_cli("ask", "--endpoint", "lab", "Hi?", env=env)
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.strip() == server.answer
