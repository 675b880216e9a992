"""Overflow benchmark: a chat carried far past its context, through deskchat's own chat
session (the window's and the terminal's turn pipeline, a real engine process), once with
each rolling window side by side in one run: the old one that drops the fewest turns (the
prompt's beginning moves on every turn past the window) and the block window
(chat/rolling_window: the cut stays put and moves a block at a time).

The same greedy chat is held with each: short questions, short answers (16 tokens), until
``--past`` turns have been answered past a 2,048-token context. Time to first token is the
person's: from the send to the first piece of the answer (the prompt's planning included).
For each window it prints the median time to first token of the turns past the window
against the turns inside it (target: <= 1.5x), the mean too (what the moves cost), the
prompt tokens evaluated per turn past the window (median, mean), how often the cut moved,
and how much history the prompt kept on average.

Run: .venv/bin/python -m tests.benchmarks.overflow_benchmark [--past 30] [--shares 0,0.25]
     [--threads N] [--model PATH]   (default: the Gemma 3 270M starter model; share 0 is the
     old window, drop the fewest turns). 30 turns past the window by default: the old window
     reads about 2,000 tokens on each, some 5 s on two free cores, so the issue's 100
     (``--past 100``) takes over ten minutes; set OVERFLOW_BENCH_VERBOSE=1 to see every turn.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from deskchat.services.starter import starter_model_path

N_CTX = 2048
ANSWER_TOKENS = 16
TOPICS = (
    "the tides along a rocky coast",
    "how bread rises in a warm kitchen",
    "why the sky turns red at sunset",
    "the migration of arctic terns",
    "building a small wooden boat",
    "the rules of a chess opening",
    "keeping bees on a city roof",
    "how a steam engine turns a wheel",
)


def question(turn: int) -> str:
    """A question of 30-50 tokens, different on every turn, the same in every run."""
    topic = TOPICS[turn % len(TOPICS)]
    detail = " Please keep it short, and mention one thing that surprised you." * (turn % 3)
    return f"Question {turn + 1}: tell me something about {topic}, in plain words.{detail}"


@dataclass
class Turn:
    ttft_s: float  # send -> first piece of the answer
    engine_ttft_s: float  # the engine's own: request received -> first token
    evaluated: int  # prompt tokens the engine read (the rest came from its cache)
    prompt_tokens: int
    dropped: int  # history messages left out of the prompt
    first_kept: int | None  # the first history message in the prompt


@dataclass
class Run:
    share: float
    turns: list[Turn] = field(default_factory=list)

    @property
    def name(self) -> str:
        return "drop one turn (old)" if self.share == 0 else f"blocks of {self.share:.0%}"


def one_turn(session: ChatSession, conversation_id: int, text: str) -> Turn:
    began = time.perf_counter()
    first: float | None = None
    finished: AnswerFinished | None = None
    for event in session.send(conversation_id, text, max_tokens=ANSWER_TOKENS, temperature=0.0):
        if isinstance(event, AnswerDelta) and first is None and event.text:
            first = time.perf_counter()
        elif isinstance(event, AnswerFinished):
            finished = event
    assert finished is not None and finished.message.status == "complete", finished
    message, plan = finished.message, finished.plan
    return Turn(
        ttft_s=(first if first is not None else time.perf_counter()) - began,  # or an empty one
        engine_ttft_s=(message.ttft_ms or 0.0) / 1000.0,
        evaluated=message.prompt_evaluated or 0,
        prompt_tokens=message.prompt_tokens or 0,
        dropped=len(plan.dropped),
        first_kept=plan.included[0] if plan.included else None,
    )


def turn_of(run: Run, session: ChatSession, conversation_id: int) -> None:
    n = len(run.turns)
    turn = one_turn(session, conversation_id, question(n))
    run.turns.append(turn)
    if (n + 1) % 10 == 0 or os.environ.get("OVERFLOW_BENCH_VERBOSE"):
        print(
            f"  {run.name}, turn {n + 1}: {turn.prompt_tokens} prompt tokens, "
            f"{turn.evaluated} evaluated, {turn.dropped} messages dropped, "
            f"first token after {turn.ttft_s * 1000:.0f} ms "
            f"(the engine's {turn.engine_ttft_s * 1000:.0f} ms)",
            flush=True,
        )


def past(run: Run) -> int:
    return sum(t.dropped > 0 for t in run.turns)


def report(run: Run) -> tuple[float, float]:
    inside = [t for t in run.turns[1:] if t.dropped == 0]  # the first turn reads the persona
    outside = [t for t in run.turns if t.dropped > 0]
    moves = sum(outside[i].first_kept != outside[i - 1].first_kept for i in range(1, len(outside)))
    inside_s = statistics.median(t.ttft_s for t in inside)
    outside_s = statistics.median(t.ttft_s for t in outside)
    ratio = outside_s / inside_s
    print(f"{run.name}: {len(inside)} turns inside the window, {len(outside)} past it")
    print(
        f"  time to first token: median inside {inside_s * 1000:.0f} ms, past "
        f"{outside_s * 1000:.0f} ms, ratio {ratio:.2f}x (target <= 1.5x); mean past "
        f"{statistics.fmean(t.ttft_s for t in outside) * 1000:.0f} ms"
    )
    evaluated = [t.evaluated for t in outside]
    print(
        f"  prompt tokens evaluated per turn past the window: median "
        f"{statistics.median(evaluated):.0f}, mean {statistics.fmean(evaluated):.0f} "
        f"(inside: median {statistics.median(t.evaluated for t in inside):.0f})"
    )
    print(
        f"  cut moved on {moves} of {len(outside) - 1} turns; prompt kept on average "
        f"{statistics.fmean(t.prompt_tokens for t in outside):.0f} of {N_CTX} tokens"
    )
    return ratio, statistics.median(evaluated)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--past", type=int, default=30, help="turns past the window")
    parser.add_argument("--shares", default="0,0.25", help="block shares to compare (0: old)")
    parser.add_argument("--threads", type=int, default=physical_cores())
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    model = args.model or starter_model_path()  # where it is, before the home moves
    home = tempfile.TemporaryDirectory(prefix="deskchat-overflow-")
    os.environ["DESKCHAT_HOME"] = home.name  # a fresh history, removed at the end
    from deskchat.services.app import open_database

    runs = [Run(float(share)) for share in args.shares.split(",")]
    began = time.perf_counter()
    # one engine process per window (each keeps its own chat's cache), turns taken in turn,
    # so that both windows meet the same machine at the same moments
    engines = [EngineClient() for _ in runs]
    try:
        db, _ = open_database()
        chats = []
        for engine, run in zip(engines, runs, strict=True):
            engine.load(str(model), LoadOptions(n_ctx=N_CTX, n_batch=512, n_threads=args.threads))
            session = ChatSession(db, engine)
            session.pipeline.block_share = run.share
            chats.append((session, session.new_conversation(session.find_persona("assistant"))))
        while any(past(run) < args.past for run in runs):
            for run, (session, conversation) in zip(runs, chats, strict=True):
                if past(run) < args.past:
                    turn_of(run, session, conversation.id)
    finally:
        for engine in engines:
            engine.close()
        home.cleanup()
    print(
        f"model: {model.name}, n_ctx {N_CTX}, {args.threads} threads, answers of at most "
        f"{ANSWER_TOKENS} tokens, greedy; {time.perf_counter() - began:.0f} s in all"
    )
    results = [(run, *report(run)) for run in runs]
    base = next((r for r in results if r[0].share == 0), None)
    for run, ratio, evaluated in results:
        if base is not None and run is not base[0]:
            print(
                f"{run.name} against the old window: median tokens evaluated per turn past "
                f"the window {evaluated:.0f} vs {base[2]:.0f}, time-to-first-token ratio "
                f"{ratio:.2f}x vs {base[1]:.2f}x"
            )


if __name__ == "__main__":
    main()
