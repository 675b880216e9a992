"""A remote server that misbehaves cannot make an answer endless or huge: every read is
bounded (tokens, bytes per line, per event and per answer, time without a byte), the answer
ends quickly, the text that arrived is kept, and the sentence names the bound that was hit.
Against the loopback fake server's misbehaving modes."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from deskchat.chat.generation import Done, Piece, SamplingParams
from deskchat.remote import client as remote_client
from deskchat.remote.endpoints import Endpoint
from deskchat.remote.engine import RemoteEngine
from deskchat.remote.errors import RemoteServerError
from deskchat.remote.limits import StreamLimits
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.store.db import Database
from deskchat.store.records import Message
from tests.helpers.fake_openai import FakeOpenAI
from tests.helpers.waits import wait_until

QUICK_S = 10.0  # "quickly" on a shared, busy test machine; the bounds hit in well under it


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
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


def ask(db: Database, server: FakeOpenAI, limits: StreamLimits | None = None) -> Message:
    """One turn against ``server`` (max_tokens 40); the answer as shown, checked as kept."""
    engine = RemoteEngine(Endpoint("lab", server.url), "fake-model", limits=limits)
    try:
        session = ChatSession(db, engine)
        c = session.new_conversation()
        last = None
        for event in session.send(c.id, "Tell me everything.", max_tokens=40):
            last = event
        assert isinstance(last, AnswerFinished)
        saved = session.branch(session.conversation(c.id))[-1]
        assert saved.content == last.message.content, "what is shown is what is kept"
        return last.message
    finally:
        engine.close()


def timed_ask(
    db: Database, server: FakeOpenAI, limits: StreamLimits | None = None
) -> tuple[Message, float]:
    started = time.monotonic()
    m = ask(db, server, limits)
    return m, time.monotonic() - started


def test_a_server_that_ignores_max_tokens_is_cut_off_as_a_length_ending(
    server: FakeOpenAI,
) -> None:
    server.endless = True
    engine = RemoteEngine(Endpoint("lab", server.url), "fake-model")
    started = time.monotonic()
    try:
        events = list(engine.generate("Go.", SamplingParams(max_tokens=50)))
    finally:
        engine.close()
    took = time.monotonic() - started
    pieces = [e for e in events if isinstance(e, Piece)]
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "length"
    assert len(pieces) == StreamLimits.token_cap(50) < 70, "a few pieces of margin, no more"
    assert "".join(p.text for p in pieces).startswith("Hello more more")
    assert took < QUICK_S
    wait_until(lambda: server.disconnects, 5, what="the server seeing the client leave")


def test_through_the_session_the_cut_off_answer_is_complete_and_kept(
    db: Database, server: FakeOpenAI
) -> None:
    server.endless = True
    m = ask(db, server)
    assert (m.status, m.finish_reason) == ("complete", "length")
    assert m.content.startswith("Hello more") and m.content.count("more") < 60


def test_one_line_that_never_ends_is_stopped_at_the_line_bound(
    db: Database, server: FakeOpenAI
) -> None:
    server.endless_line = True
    m, took = timed_ask(db, server)
    assert (m.status, m.content) == ("interrupted", "Hello")
    assert m.error == (
        f"The server at {server.url} sent a line longer than 1.0 MiB without ending it, so "
        "the answer was stopped there; the text that arrived is kept."
    )
    assert took < QUICK_S and server.sent_bytes < 8 * 1024 * 1024


def test_a_ten_megabyte_event_is_refused_not_taken_as_a_million_tokens(
    db: Database, server: FakeOpenAI
) -> None:
    server.huge_event_bytes = 10 * 1000 * 1000  # one line: the line bound hits
    m = ask(db, server)
    assert (m.status, m.content) == ("interrupted", "Hello")
    assert m.error and "a line longer than 1.0 MiB" in m.error
    assert (m.completion_tokens or 0) < 100


def test_an_event_over_the_event_bound_is_named_so(db: Database, server: FakeOpenAI) -> None:
    server.huge_event_bytes = 3 * 1024 * 1024
    m = ask(db, server, StreamLimits(line_bytes=16 * 1024 * 1024))
    assert (m.status, m.content) == ("interrupted", "Hello")
    assert m.error == (
        f"The server at {server.url} sent one event larger than 1.0 MiB, so the answer was "
        "stopped there; the text that arrived is kept."
    )


def test_an_answer_over_the_total_bound_is_named_so(db: Database, server: FakeOpenAI) -> None:
    server.endless_line = True
    limits = StreamLimits(line_bytes=64 * 1024 * 1024, base_bytes=2 * 1024 * 1024)
    m = ask(db, server, limits)
    assert (m.status, m.content) == ("interrupted", "Hello")
    assert m.error == (
        f"The server at {server.url} sent more than 2.1 MiB for one answer, so the answer "
        "was stopped there; the text that arrived is kept."
    )
    assert server.sent_bytes < 16 * 1024 * 1024


def test_a_server_silent_mid_answer_is_given_up_with_the_time_named(
    db: Database, server: FakeOpenAI
) -> None:
    server.stall_after = 3
    m, took = timed_ask(db, server, StreamLimits(stall_s=0.5))
    assert (m.status, m.content) == ("interrupted", "p0 p1 p2 ")
    assert m.error == (
        f"The server at {server.url} sent nothing for 0.5 seconds mid-answer, so the answer "
        "was stopped; the text that arrived is kept."
    )
    assert took < QUICK_S


def test_a_model_list_over_its_bound_is_refused_with_the_bound_named(
    server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.models = tuple(f"model-{n}-" + "x" * 100 for n in range(300))  # about 40 KB
    monkeypatch.setattr(remote_client, "MAX_LIST_BODY", 16 * 1024)
    client = remote_client.OpenAIClient(server.url)
    try:
        with pytest.raises(RemoteServerError) as caught:
            client.models()
    finally:
        client.close()
    assert str(caught.value) == (
        f"The server at {server.url} sent a model list (from {server.url}/models) larger than "
        "16,384 bytes; check that the address is the API's base (it usually ends in /v1)."
    )


def test_a_model_list_trickling_past_its_deadline_is_refused(
    server: FakeOpenAI, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.models = tuple(f"model-{n}" for n in range(3000))
    server.list_chunk_delay_s = 0.05  # a few bytes at a time
    monkeypatch.setattr(remote_client, "LIST_DEADLINE_S", 0.3)
    client = remote_client.OpenAIClient(server.url)
    started = time.monotonic()
    try:
        with pytest.raises(RemoteServerError, match=r"took more than 0\.3 seconds"):
            client.models()
    finally:
        client.close()
    assert time.monotonic() - started < QUICK_S
