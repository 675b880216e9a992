"""Summary memory on real llama.cpp (the tiny random-weight GGUF in a 2,048-token context,
a few hundred tokens a message): a chat that outgrows the context gets a note written by the
model itself, stored with its counts, and the next prompts hold it in place of the turns it
covers, with their beginning read once (the engine's cache keeps the summary and what
follows)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.summary_memory import SummaryDelta, SummaryFinished, SummaryStarted
from deskchat.store.db import Database
from deskchat.store.summary_notes import SummaryNoteRepo

N_CTX = 2048
TOPIC = "tell me about lighthouses, ships, harbours and the sea at night, " * 4
# a random model may end at once: ignore_eos gives every answer (and summary) its length
SAMPLING = {"max_tokens": 16, "ignore_eos": True, "seed": 11, "temperature": 0.0}


@pytest.fixture
def engine(tiny_model: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(str(tiny_model), LoadOptions(n_ctx=N_CTX, n_threads=2, n_batch=64))
    yield client
    client.close()


def test_a_real_model_writes_the_note_and_the_next_prompts_hold_it(
    engine: EngineClient, tmp_path: Path
) -> None:
    db = Database(tmp_path / "history.sqlite3")
    session = ChatSession(db, engine, overflow_policy="summary")
    cid = session.new_conversation().id
    summary_turn: list[object] = []
    for i in range(40):
        events = list(session.send(cid, f"Turn {i}: {TOPIC}", **SAMPLING))
        if any(isinstance(e, SummaryStarted) for e in events):
            summary_turn = events
            break
    assert summary_turn, "a few turns overflow the context"
    # the last summary of the turn (a first one may not free enough: the next folds it in)
    written = [e for e in summary_turn if isinstance(e, SummaryFinished)][-1].note
    assert written is not None and written.content.strip()
    streamed = "".join(e.text for e in summary_turn if isinstance(e, SummaryDelta))
    assert written.content in streamed  # what was stored is what streamed (trimmed)
    assert written.completion_tokens and written.prompt_tokens  # counted like any answer
    assert written.ms and written.ms > 0
    assert SummaryNoteRepo(db).get(written.id) == written
    answered = next(e for e in summary_turn if isinstance(e, AnswerFinished))
    plan = answered.plan
    assert plan.summary_id == written.id and len(plan.summarised) == written.covers
    assert written.content in plan.text
    assert "Turn 0:" not in plan.text  # the turns it covers are out of the prompt
    assert answered.message.status == "complete", answered.message.error
    assert answered.message.prompt_tokens == plan.prompt_tokens <= N_CTX - 16
    # the next turn uses the stored note without writing another, and its prompt's
    # beginning (the system turn with the note, the turns kept) comes from the cache
    following = list(session.send(cid, "And what about harbours?", **SAMPLING))
    assert not any(isinstance(e, SummaryStarted) for e in following)
    again = next(e for e in following if isinstance(e, AnswerFinished))
    assert again.plan.summary_id == written.id and written.content in again.plan.text
    evaluated, total = again.message.prompt_evaluated, again.message.prompt_tokens
    assert evaluated is not None and total is not None
    assert evaluated < total // 2, (evaluated, total)
    # the turns summarised are still in the history
    branch = session.branch(session.conversation(cid))
    assert branch[0].content.startswith("Turn 0:")
