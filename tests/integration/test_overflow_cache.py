"""A chat past its context on real llama.cpp (the tiny GGUF): the rolling window keeps the
prompt's beginning, so the engine reads only the new turn on the turns between two moves of
the cut, where dropping one turn at a time made it read the whole prompt again each time."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished

N_CTX = 2048
PAST = 30  # turns answered past the window


@dataclass(frozen=True)
class Seen:
    prompt_tokens: int
    evaluated: int  # what the engine read; the rest came from its cache
    first_kept: int
    dropped: int


@pytest.fixture
def engine(tiny_model: Path) -> Iterator[EngineClient]:
    with EngineClient() as client:
        client.load(str(tiny_model), LoadOptions(n_ctx=N_CTX, n_threads=1, n_batch=64))
        yield client


def chat_past_the_window(engine: EngineClient, share: float | None, past: int) -> list[Seen]:
    db, _ = open_database()
    session = ChatSession(db, engine)
    if share is not None:
        session.pipeline.block_share = share
    c = session.new_conversation(session.find_persona("assistant"))
    seen: list[Seen] = []
    n = 0
    while sum(s.dropped > 0 for s in seen) < past:
        text = f"message {n}: " + "tell me more about it " * (1 + n % 3)
        events = session.send(c.id, text, max_tokens=8, temperature=0.0)
        finished = next(e for e in events if isinstance(e, AnswerFinished))
        m, plan = finished.message, finished.plan
        assert m.status == "complete" and plan.prompt_tokens + 8 <= N_CTX
        assert plan.text.startswith(f"<|im_start|>system\n{session.system_prompt_of(c)}")
        seen.append(
            Seen(m.prompt_tokens or 0, m.prompt_evaluated or 0, plan.included[0], len(plan.dropped))
        )
        n += 1
    return seen


def test_past_the_window_only_the_new_turn_is_read_between_moves(engine: EngineClient) -> None:
    seen = chat_past_the_window(engine, None, PAST)
    past = [(before, now) for before, now in itertools.pairwise(seen) if now.dropped]
    kept = [now for before, now in past if now.first_kept == before.first_kept]
    moved = [now for before, now in past if now.first_kept != before.first_kept]
    assert 0 < len(moved) <= PAST // 3, "the cut moves a block at a time"
    for before, now in past:
        if now.first_kept == before.first_kept:
            # the last answer (as the template writes it) and the new message, nothing more
            assert now.evaluated <= now.prompt_tokens - before.prompt_tokens + 4
    assert max(s.evaluated for s in kept) < N_CTX // 4
    assert min(s.evaluated for s in moved) > N_CTX // 4  # a move reads the kept turns again


def test_dropping_one_turn_at_a_time_reads_the_whole_prompt_again(engine: EngineClient) -> None:
    seen = chat_past_the_window(engine, 0.0, 8)  # (each such turn reads the whole window)
    past = [s for s in seen if s.dropped]
    reread = [s for s in past if s.evaluated > s.prompt_tokens // 2]
    assert len(reread) >= len(past) * 0.8
