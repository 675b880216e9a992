"""The OpenAI-compatible server against the official `openai` client: a real engine with the
tiny GGUF, a real HTTP server on 127.0.0.1. The tiny model writes random tokens, so the
tests check counts, shapes and cut points, not words."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineCaller, EngineClient
from deskchat.server import OpenAIServer
from deskchat.services.api_server import ServedRequest
from deskchat.services.api_turns import ApiTurns
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from tests.conftest import REPO
from tests.helpers.waits import wait_until

MODEL = "tiny-test-chat"
NO_EOS = {"ignore_eos": True}  # the tiny model may end at random: fixed lengths need this
HELLO = [{"role": "user", "content": "hello"}]
LONG = 4000  # tokens: a second or more of generation


@pytest.fixture(scope="module")
def engine(tiny_model: Path) -> Iterator[EngineClient]:
    engine = EngineClient()
    engine.load(str(tiny_model), LoadOptions(n_ctx=8192, n_threads=1, n_batch=64))
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def server(engine: EngineClient) -> Iterator[OpenAIServer]:
    with OpenAIServer(ApiTurns(engine), port=0) as server:
        yield server


def connect(server: OpenAIServer, key: str = "unused") -> openai.OpenAI:
    return openai.OpenAI(base_url=server.url, api_key=key, max_retries=0, timeout=60)


@pytest.fixture
def client(server: OpenAIServer) -> Iterator[openai.OpenAI]:
    with connect(server) as client:
        yield client


def raw(
    server: OpenAIServer,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    """One request without the openai client; the status, headers and decoded JSON body."""
    host, port = server.address
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), json.loads(data) if data else None
    finally:
        conn.close()


def wait_for(server: OpenAIServer, since: float, timeout: float = 20.0) -> ServedRequest:
    """The first request started after ``since`` (time.time()) that the server finished."""
    done = wait_until(
        lambda: [r for r in server.recent() if r.started >= since],
        timeout,
        what="the server finishing the request",
    )
    return done[0]


def in_queue(*callers: EngineClient | EngineCaller) -> bool:
    """Each caller has a generation waiting in the engine's queue (no request id yet): from
    then on, a cancel finds it. Read from the client's own bookkeeping, since nothing
    public tells a queued generation from one its thread has not asked for yet."""
    scopes = [c._own if isinstance(c, EngineClient) else c._scope for c in callers]
    return all(any(g.request_id == 0 for g in scope.generations) for scope in scopes)


def chatml(*turns: tuple[str, str]) -> str:
    """What the tiny model's own template makes of these turns."""
    text = "".join(f"<|im_start|>{role}\n{content}<|im_end|>\n" for role, content in turns)
    return text + "<|im_start|>assistant\n"


# -- the endpoints ---------------------------------------------------------------------------


def test_models_lists_the_loaded_model(client: openai.OpenAI) -> None:
    models = client.models.list().data
    assert [m.id for m in models] == [MODEL]
    assert models[0].object == "model" and models[0].owned_by == "deskchat"
    assert models[0].created > 0


def test_chat_counts_the_prompt_the_template_makes(
    client: openai.OpenAI, engine: EngineClient, server: OpenAIServer
) -> None:
    since = time.time()
    answer = client.chat.completions.create(
        model=MODEL,
        messages=[
            {"role": "user", "content": "hello"},
            {"role": "system", "content": "Be brief."},  # goes first all the same
        ],
        temperature=0.7,
        max_tokens=12,
        extra_body=NO_EOS,
    )
    prompt = chatml(("system", "Be brief."), ("user", "hello"))
    assert answer.object == "chat.completion" and answer.model == MODEL
    assert answer.usage is not None
    assert answer.usage.prompt_tokens == engine.count_tokens(prompt)
    assert answer.usage.completion_tokens == 12
    assert answer.usage.total_tokens == answer.usage.prompt_tokens + 12
    choice = answer.choices[0]
    assert choice.finish_reason == "length" and choice.message.role == "assistant"
    assert choice.message.content
    record = wait_for(server, since)
    assert (record.status, record.model, record.completion_tokens) == (200, MODEL, 12)
    assert record.line().startswith(f"POST /v1/chat/completions {MODEL} 200 ·")


def test_streaming_adds_up_to_the_whole_answer(client: openai.OpenAI) -> None:
    ask: dict[str, Any] = {
        "model": MODEL,
        "messages": HELLO,
        "temperature": 0,
        "max_tokens": 30,
        "extra_body": NO_EOS,
    }
    whole = client.chat.completions.create(**ask)
    chunks = list(
        client.chat.completions.create(**ask, stream=True, stream_options={"include_usage": True})
    )
    assert {c.object for c in chunks} == {"chat.completion.chunk"}
    assert len({c.id for c in chunks}) == 1
    assert chunks[0].choices[0].delta.role == "assistant"
    *answer, last, usage = chunks
    text = "".join(c.choices[0].delta.content or "" for c in answer)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in answer] == [None] * len(answer)
    assert last.choices[0].finish_reason == "length"
    assert usage.choices == [] and usage.usage is not None
    assert usage.usage.completion_tokens == 30
    assert whole.usage is not None and usage.usage.prompt_tokens == whole.usage.prompt_tokens


def test_a_stop_string_ends_the_answer_before_it(client: openai.OpenAI) -> None:
    greedy: dict[str, Any] = {"model": MODEL, "messages": HELLO, "temperature": 0, "seed": 1}
    free = client.chat.completions.create(**greedy, max_tokens=60, extra_body=NO_EOS)
    text = free.choices[0].message.content or ""
    stop = text[20:23]
    assert stop.strip(), "need a visible stop string"
    cut = client.chat.completions.create(**greedy, max_tokens=60, stop=[stop], extra_body=NO_EOS)
    shown = cut.choices[0].message.content or ""
    assert cut.choices[0].finish_reason == "stop"
    assert stop not in shown and text.startswith(shown) and len(shown) <= 20


def test_text_completions_continue_a_raw_prompt(
    client: openai.OpenAI, engine: EngineClient
) -> None:
    done = client.completions.create(
        model=MODEL, prompt="Once upon a time", max_tokens=5, temperature=0, extra_body=NO_EOS
    )
    assert done.object == "text_completion" and done.usage is not None
    assert done.usage.prompt_tokens == engine.count_tokens("Once upon a time")
    assert done.usage.completion_tokens == 5
    chunks = list(
        client.completions.create(
            model=MODEL,
            prompt="Once upon a time",
            max_tokens=5,
            temperature=0,
            stream=True,
            extra_body=NO_EOS,
        )
    )
    assert "".join(c.choices[0].text for c in chunks) == done.choices[0].text
    assert chunks[-1].choices[0].finish_reason == "length"


# -- refusals --------------------------------------------------------------------------------


def test_bad_fields_and_bad_json_are_400s_with_a_sentence(
    client: openai.OpenAI, server: OpenAIServer
) -> None:
    with pytest.raises(openai.BadRequestError, match="temperature must be between 0 and 2"):
        client.chat.completions.create(model=MODEL, messages=HELLO, temperature=5)
    with pytest.raises(openai.BadRequestError, match="Only n=1") as caught:
        client.chat.completions.create(model=MODEL, messages=HELLO, n=2)
    assert caught.value.param == "n"
    status, _, body = raw(server, "POST", "/v1/chat/completions", b"{not json")
    assert status == 400
    assert body["error"]["type"] == "invalid_request_error"
    assert body["error"]["message"].startswith("The request body is not valid JSON")


def test_an_unknown_model_is_a_404(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError, match=f"has '{MODEL}' loaded") as caught:
        client.chat.completions.create(model="gpt-4o", messages=HELLO)
    assert (caught.value.code, caught.value.param) == ("model_not_found", "model")


def test_too_long_for_the_context_is_a_400_with_the_numbers(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError, match="holds 8,192 tokens") as caught:
        client.chat.completions.create(model=MODEL, messages=HELLO, max_tokens=9000)
    assert caught.value.code == "context_length_exceeded"


def test_unknown_paths_methods_and_big_bodies(server: OpenAIServer) -> None:
    assert raw(server, "GET", "/v1/images/generations")[0] == 404
    assert raw(server, "GET", "/v1/embeddings")[0] == 405  # embeddings are POSTed
    assert raw(server, "GET", "/v1/chat/completions")[0] == 405
    status, headers, body = raw(server, "POST", "/v1/chat/completions", b" " * (1_500_000))
    assert status == 413 and headers.get("Connection") == "close"
    assert "at most 1,048,576" in body["error"]["message"]
    assert raw(server, "GET", "/models")[0] == 200  # and the server goes on (no /v1 works too)


def test_an_http_1_0_client_gets_the_stream_unchunked(server: OpenAIServer) -> None:
    body = json.dumps({"model": MODEL, "prompt": "hi", "stream": True, "max_tokens": 3}).encode()
    with socket.create_connection(server.address) as sock:
        sock.sendall(
            b"POST /v1/completions HTTP/1.0\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body)
        )
        sock.settimeout(30)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, stream = data.partition(b"\r\n\r\n")
    assert b"chunked" not in head.lower()
    assert stream.startswith(b"data: {") and stream.endswith(b"data: [DONE]\n\n")


def test_an_api_key_is_required_when_set(engine: EngineClient) -> None:
    with OpenAIServer(ApiTurns(engine), port=0, api_key="s3cret-key") as server:
        with connect(server, "wrong") as wrong, pytest.raises(openai.AuthenticationError):
            wrong.models.list()
        status, _, body = raw(server, "GET", "/v1/models")
        assert status == 401 and "Authorization: Bearer" in body["error"]["message"]
        with connect(server, "s3cret-key") as right:
            assert [m.id for m in right.models.list().data] == [MODEL]
        assert all("s3cret" not in r.line() for r in server.recent())


def test_web_pages_need_cors_and_names_must_be_local(
    engine: EngineClient, server: OpenAIServer
) -> None:
    page = {"Origin": "http://localhost:3000"}
    assert raw(server, "GET", "/v1/models", headers=page)[0] == 403  # CORS is off
    assert raw(server, "OPTIONS", "/v1/models", headers=page)[0] == 403
    rebound = raw(server, "GET", "/v1/models", headers={"Host": "evil.example:80"})
    assert rebound[0] == 403 and "localhost or 127.0.0.1" in rebound[2]["error"]["message"]
    with OpenAIServer(ApiTurns(engine), port=0, cors_origin="http://localhost:3000") as open_server:
        preflight = {**page, "Access-Control-Request-Headers": "authorization, content-type"}
        status, headers, _ = raw(open_server, "OPTIONS", "/v1/chat/completions", headers=preflight)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        assert headers["Access-Control-Allow-Headers"] == "authorization, content-type"
        status, headers, _ = raw(open_server, "GET", "/v1/models", headers=page)
        assert status == 200 and headers["Access-Control-Allow-Origin"] == "http://localhost:3000"
        other = raw(open_server, "GET", "/v1/models", headers={"Origin": "http://evil.example"})
        assert other[0] == 403


# -- one engine, several callers ---------------------------------------------------------------


class Reader(threading.Thread):
    """Reads one generation to its end on its own thread, as the app's worker does."""

    def __init__(self, events: Iterator[Piece | Done]) -> None:
        super().__init__(daemon=True)
        self.events = events
        self.first_piece = threading.Event()
        self.done: Done | None = None

    def run(self) -> None:
        for event in self.events:
            if isinstance(event, Done):
                self.done = event
            else:
                self.first_piece.set()

    def finish(self, timeout: float = 60) -> Done:
        self.join(timeout)
        assert self.done is not None, "the generation did not end"
        return self.done


def long_answer(caller: Any) -> Reader:
    reader = Reader(caller.generate("hello", SamplingParams(max_tokens=LONG, ignore_eos=True)))
    reader.start()
    return reader


def test_a_cancel_stops_only_its_own_callers_generation(engine: EngineClient) -> None:
    """A streams; the app's own generation and caller B wait behind it. The app's Stop
    (``engine.cancel()``, what ChatSession calls) ends only the app's, B's cancel only B's,
    and A streams on to its last token."""
    holder, queued = engine.caller(), engine.caller()
    a = long_answer(holder)
    assert a.first_piece.wait(30)
    app, b = long_answer(engine), long_answer(queued)
    wait_until(lambda: in_queue(engine, queued), what="both queueing for the engine")
    engine.cancel()
    app_done = app.finish(5)
    assert (app_done.finish_reason, app_done.request_id) == ("cancelled", 0)  # never started
    assert b.is_alive()  # still waiting: the app's Stop is not B's
    queued.cancel()
    assert b.finish(5).finish_reason == "cancelled"
    engine.caller().cancel()  # a third party with nothing running
    assert a.is_alive(), "A ended before the cancels: make LONG longer"
    done = a.finish()
    assert (done.finish_reason, done.completion_tokens) == ("length", LONG)


def test_cancelling_the_running_generation_leaves_the_next_one_alone(
    engine: EngineClient,
) -> None:
    running, waiting = engine.caller(), engine.caller()
    first = long_answer(running)
    assert first.first_piece.wait(30)
    second = Reader(waiting.generate("hello", SamplingParams(max_tokens=50, ignore_eos=True)))
    second.start()
    wait_until(lambda: in_queue(waiting), what="the second generation queueing")
    running.cancel()
    cut = first.finish()
    assert cut.finish_reason == "cancelled" and cut.completion_tokens < LONG
    assert (second.finish().finish_reason, second.finish().completion_tokens) == ("length", 50)


def test_a_client_that_hangs_up_mid_stream_cancels_its_generation(
    client: openai.OpenAI, server: OpenAIServer
) -> None:
    since = time.time()
    stream = client.chat.completions.create(
        model=MODEL, messages=HELLO, max_tokens=LONG, stream=True, extra_body=NO_EOS
    )
    for received, _ in enumerate(stream):
        if received == 5:
            break
    stream.close()
    record = wait_for(server, since)
    assert record.finish_reason == "cancelled" and record.error == "the client went away"
    assert record.completion_tokens is not None and record.completion_tokens < LONG
    started = time.monotonic()
    after = client.chat.completions.create(model=MODEL, messages=HELLO, max_tokens=3)
    assert after.usage is not None and time.monotonic() - started < 5  # the engine is free


def test_a_client_that_hangs_up_while_queued_leaves_the_apps_answer_alone(
    server: OpenAIServer, engine: EngineClient
) -> None:
    since = time.time()
    app = long_answer(engine)  # the app's own answer holds the engine
    assert app.first_piece.wait(30)
    body = json.dumps({"model": MODEL, "messages": HELLO, "stream": True}).encode()
    with socket.create_connection(server.address) as sock:
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%b" % (len(body), body)
        )
        # the request is being answered (it can only wait: the app holds the engine); then
        # its client hangs up
        wait_until(server.active, what="the server taking the request")
    assert app.is_alive(), "the app's answer ended before the hang-up: make LONG longer"
    done = app.finish()
    assert (done.finish_reason, done.completion_tokens) == ("length", LONG)
    record = wait_for(server, since)
    assert record.finish_reason == "cancelled" and not record.completion_tokens
    assert record.error == "the client went away"


def test_an_engine_crash_is_an_error_and_the_next_request_works(
    client: openai.OpenAI, engine: EngineClient
) -> None:
    stream = client.chat.completions.create(
        model=MODEL, messages=HELLO, max_tokens=LONG, stream=True, extra_body=NO_EOS
    )
    with pytest.raises(openai.APIError, match=r"The engine stopped \(signal 9"):
        for received, _ in enumerate(stream):
            if received == 3:
                assert engine.pid is not None
                os.kill(engine.pid, signal.SIGKILL)
    again = client.chat.completions.create(model=MODEL, messages=HELLO, max_tokens=2)
    assert again.usage is not None  # the engine came back with the model


def test_stopping_the_server_ends_its_streams_and_frees_the_engine(engine: EngineClient) -> None:
    server = OpenAIServer(ApiTurns(engine), port=0)
    server.start()
    since = time.time()
    body = json.dumps(
        {"model": MODEL, "messages": HELLO, "stream": True, "max_tokens": LONG, **NO_EOS}
    ).encode()
    with socket.create_connection(server.address) as sock:
        sock.sendall(
            b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Length: %d\r\n\r\n%b" % (len(body), body)
        )
        assert b"200 OK" in sock.recv(4096)  # streaming
        started = time.monotonic()
        server.stop()
        assert time.monotonic() - started < 5 and not server.running
        sock.settimeout(10)
        while sock.recv(65536):  # the server closed the connection
            pass
    record = wait_for(server, since)
    assert record.finish_reason == "cancelled" and (record.completion_tokens or 0) < LONG
    assert record.error == "the server stopped"
    assert engine.count_tokens("free again") > 0


# -- history and the command line ------------------------------------------------------------


def test_requests_can_be_kept_in_the_history(engine: EngineClient, tmp_path: Path) -> None:
    db = Database(tmp_path / "history.db")
    try:
        with (
            OpenAIServer(ApiTurns(engine, db=db, log_history=True), port=0) as server,
            connect(server) as c,
        ):
            answer = c.chat.completions.create(
                model=MODEL,
                messages=[
                    {"role": "system", "content": "Be brief."},
                    {"role": "user", "content": "hello there, how are you?"},
                ],
                max_tokens=4,
                extra_body=NO_EOS,
            )
        (conversation,) = ConversationRepo(db).list()
        assert conversation.title == "API: hello there, how are you?"
        assert conversation.system_prompt == "Be brief."
        messages = MessageRepo(db).for_conversation(conversation.id)
        assert [m.role for m in messages] == ["user", "assistant"]
        assert messages[1].content == answer.choices[0].message.content
        assert (messages[1].status, messages[1].completion_tokens) == ("complete", 4)
    finally:
        db.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_deskchat_serve_answers_and_stops_on_sigterm(tiny_model: Path) -> None:
    port = free_port()
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("DESKCHAT_API_KEY", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskchat",
            "serve",
            "--model",
            str(tiny_model),
            "--port",
            str(port),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        with openai.OpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key="x", max_retries=0, timeout=30
        ) as c:

            def serving() -> bool:
                assert process.poll() is None, "deskchat serve exited before it answered"
                try:
                    c.models.list()
                except openai.APIConnectionError:
                    return False
                return True

            wait_until(serving, 120, what="deskchat serve answering", interval=0.05)
            answer = c.chat.completions.create(
                model=MODEL, messages=HELLO, max_tokens=3, extra_body=NO_EOS
            )
        assert answer.usage is not None and answer.usage.completion_tokens == 3
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert f"at http://127.0.0.1:{port}/v1" in out
    assert f"POST /v1/chat/completions {MODEL} 200 ·" in out and "+ 3 tokens" in out
    assert "Stopped." in err and "Traceback" not in err


def test_deskchat_serve_refuses_an_exposed_address_without_a_key() -> None:
    env = {**os.environ, "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    env.pop("DESKCHAT_API_KEY", None)
    result = subprocess.run(
        [sys.executable, "-m", "deskchat", "serve", "--host", "0.0.0.0"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=120,
    )
    assert result.returncode == 1
    (line,) = [ln for ln in result.stderr.splitlines() if ln.startswith("deskchat:")]
    assert "needs an API key" in line and "Traceback" not in result.stderr
