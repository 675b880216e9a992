"""How far a prompt has been read: the engine's reports (begin, at most ~10 a second, end),
the time left from the rate so far, and how they reach the window's chat events."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

import pytest

from deskchat.chat.generation import Done, PromptProgress
from deskchat.engine import worker
from deskchat.engine.llama_log import LlamaLog
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerStarted, ReadingPrompt
from deskchat.store.personas import PersonaRepo
from tests.helpers.fake_engine import FakeEngine


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class SlowLlama:
    """Stands in for llama_cpp.Llama: each eval of a chunk takes ``chunk_s`` on the clock."""

    def __init__(self, clock: FakeClock, n_batch: int, chunk_s: float) -> None:
        self.clock, self.n_batch, self.chunk_s = clock, n_batch, chunk_s
        self.chunks: list[int] = []

    def eval(self, tokens: list[int]) -> None:
        self.chunks.append(len(tokens))
        self.clock.now += self.chunk_s


class Cancel:
    value = 0


def reading(
    total: int, reused: int, *, n_batch: int, chunk_s: float, progress: bool = True
) -> tuple[list[PromptProgress], SlowLlama, Any]:
    clock = FakeClock()
    engine = worker.Engine(None, LlamaLog(None), Cancel(), clock=clock)
    llm = SlowLlama(clock, n_batch, chunk_s)
    engine._llm = llm
    steps = engine._evaluate_prompt(7, list(range(total)), reused, clock(), progress)
    reports: list[PromptProgress] = []
    while True:
        try:
            reports.append(next(steps))
        except StopIteration as end:
            return reports, llm, end.value


def test_a_long_prompt_reports_at_most_ten_times_a_second() -> None:
    # 3,000 tokens in chunks of 64, 30 ms each: 47 chunks, 1.41 s of reading
    reports, llm, cancelled = reading(3_000, 0, n_batch=64, chunk_s=0.03)
    assert cancelled is None
    assert llm.chunks == [64] * 46 + [3_000 - 46 * 64]  # evaluated in n_batch chunks
    assert reports[0] == PromptProgress(7, 0, 3_000, 0.0)  # one when it begins
    assert reports[-1].done == reports[-1].total == 3_000  # one when it ends
    assert reports[-1].elapsed_s == pytest.approx(47 * 0.03)
    middle = reports[1:-1]
    assert 10 <= len(middle) <= 14  # about ten a second, never one per chunk
    times = [r.elapsed_s for r in middle]
    assert all(b - a >= worker.PROGRESS_S - 1e-9 for a, b in pairwise(times))
    done = [r.done for r in reports]
    assert done == sorted(done) and len(set(done)) == len(done)


def test_only_the_tokens_not_in_the_cache_are_counted() -> None:
    reports, llm, _ = reading(1_000, 900, n_batch=512, chunk_s=0.5)
    assert llm.chunks == [100]
    assert [(r.done, r.total) for r in reports] == [(0, 100), (100, 100)]


def test_without_progress_asked_for_nothing_is_reported() -> None:
    reports, llm, _ = reading(3_000, 0, n_batch=64, chunk_s=0.03, progress=False)
    assert reports == [] and sum(llm.chunks) == 3_000


def test_a_cancel_between_chunks_ends_the_reading() -> None:
    clock = FakeClock()
    cancel = Cancel()
    engine = worker.Engine(None, LlamaLog(None), cancel, clock=clock)
    llm = SlowLlama(clock, 10, 0.2)
    engine._llm = llm
    steps = engine._evaluate_prompt(7, list(range(100)), 0, clock(), True)
    assert next(steps).done == 0
    assert next(steps).done == 10
    cancel.value = 7
    with pytest.raises(StopIteration) as end:
        next(steps)
    assert isinstance(end.value.value, Done)
    assert (end.value.value.finish_reason, end.value.value.prompt_evaluated) == ("cancelled", 10)


def test_the_time_left_comes_from_the_rate_so_far() -> None:
    assert PromptProgress(1, 0, 3_000, 0.0).seconds_left == -1.0  # no rate yet
    assert PromptProgress(1, 1_000, 3_000, 2.0).seconds_left == pytest.approx(4.0)
    assert PromptProgress(1, 3_000, 3_000, 6.0).seconds_left == 0.0


def test_the_window_gets_the_progress_before_the_first_word() -> None:
    db, _ = open_database()
    session = ChatSession(db, FakeEngine(["Hi there."], prompt_steps=3))
    chat = session.new_conversation(PersonaRepo(db).find("assistant"))
    events = list(session.send(chat.id, "one two three four five six"))
    assert isinstance(events[0], AnswerStarted)
    read = [e for e in events if isinstance(e, ReadingPrompt)]
    first_word = next(i for i, e in enumerate(events) if isinstance(e, AnswerDelta))
    assert all(events.index(e) < first_word for e in read)
    assert read[0].done == 0 and read[0].seconds_left == -1.0
    assert read[-1].done == read[-1].total and read[-1].seconds_left == 0.0
    assert len(read) == 4
    assert all(e.message_id == events[0].message.id for e in read)
