"""Past the context window: the "summary" policy against the rolling window, side by side.

One engine process, one model; the same chat (messages of about 100 tokens, short greedy
answers) is run once per policy through the app core (``ChatSession``, a fresh history
each), ``--turns`` turns into a ``--ctx`` context, so most of them are past the window.

Reports for each policy: the median time to first token the person waits for (from sending
to the answer's first piece: a summary written first counts in it) inside the window and
past it, their ratio (target <= 1.5x), the median prompt tokens evaluated per turn past the
window, and for the summary policy how many summaries were written and what one cost.

Run: .venv/bin/python -m tests.benchmarks.summary_benchmark [--turns 40] [--ctx 2048]
     [--model PATH] [--threads N] [--policies rolling,summary]
     (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from deskchat.chat.generation import LoadOptions
from deskchat.chat.prompt import OverflowPolicy
from deskchat.engine.client import EngineClient
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from deskchat.services.starter import starter_model_path
from deskchat.services.summary_memory import SummaryFinished, SummaryStarted
from deskchat.store.db import Database

SAMPLING = {"max_tokens": 24, "temperature": 0.0}
TOPIC = (
    "Tell me about the lighthouse keepers of the northern coast, their lamps, their logbooks, "
    "the storms they saw and the ships they guided home through the long winter nights. "
)


@dataclass
class Turn:
    wait_s: float  # sending to the answer's first piece
    evaluated: int
    prompt: int
    outside: bool  # some of the chat was out of the window (dropped or summarised)
    summary_s: float = 0.0  # the summaries written first, if any


@dataclass
class Run:
    policy: OverflowPolicy
    turns: list[Turn] = field(default_factory=list)
    summaries: int = 0


def one_turn(session: ChatSession, cid: int, n: int) -> tuple[Turn, int]:
    began = time.monotonic()
    first: float | None = None
    summary_began = summary_s = 0.0
    written = 0
    finished: AnswerFinished | None = None
    for event in session.send(cid, f"Question {n}. {TOPIC * 2}", **SAMPLING):
        if isinstance(event, SummaryStarted):
            summary_began = time.monotonic()
        elif isinstance(event, SummaryFinished):
            summary_s += time.monotonic() - summary_began
            written += event.note is not None
        elif isinstance(event, AnswerDelta) and first is None and event.text:
            first = time.monotonic()
        elif isinstance(event, AnswerFinished):
            finished = event
    assert finished is not None and finished.message.status == "complete", finished
    end = first if first is not None else time.monotonic()
    plan, message = finished.plan, finished.message
    return (
        Turn(
            end - began,
            message.prompt_evaluated or 0,
            message.prompt_tokens or 0,
            bool(plan.dropped or plan.summarised),
            summary_s,
        ),
        written,
    )


def run(engine: EngineClient, policy: OverflowPolicy, turns: int, folder: Path) -> Run:
    session = ChatSession(Database(folder / f"{policy}.sqlite3"), engine, overflow_policy=policy)
    cid = session.new_conversation().id
    result = Run(policy)
    for n in range(turns):
        turn, written = one_turn(session, cid, n)
        result.turns.append(turn)
        result.summaries += written
    return result


def report(result: Run) -> float:
    inside = [t.wait_s for t in result.turns[1:] if not t.outside]  # turn 1 loads caches
    past = [t for t in result.turns if t.outside]
    if not inside or not past:
        print(f"{result.policy}: the chat never left the window; use more --turns")
        return 0.0
    ratio = statistics.median(t.wait_s for t in past) / statistics.median(inside)
    print(
        f"{result.policy:>8}: first token inside the window {statistics.median(inside):.2f} s "
        f"({len(inside)} turns), past it {statistics.median(t.wait_s for t in past):.2f} s "
        f"({len(past)} turns): {ratio:.2f}x; prompt tokens evaluated per turn past it: "
        f"median {statistics.median(t.evaluated for t in past):.0f} of "
        f"{statistics.median(t.prompt for t in past):.0f}, mean "
        f"{statistics.mean(t.evaluated for t in past):.0f}; worst wait "
        f"{max(t.wait_s for t in past):.2f} s"
    )
    if result.policy == "summary":
        spent = [t.summary_s for t in past if t.summary_s]
        per = statistics.mean(spent) if spent else 0.0
        print(
            f"          {result.summaries} summaries written in {len(spent)} turns, "
            f"{per:.2f} s each turn that wrote one"
        )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--ctx", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--policies", default="rolling,summary", help="comma-separated")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="deskchat-summary-bench-"))
    model = args.model or starter_model_path(folder)
    engine = EngineClient()
    try:
        engine.load(str(model), LoadOptions(n_ctx=args.ctx, n_threads=args.threads))
        print(f"{model.name}, context {args.ctx}, {args.threads} threads, {args.turns} turns")
        policies = [p for p in args.policies.split(",") if p in ("rolling", "summary")]
        ratios = {p: report(run(engine, p, args.turns, folder)) for p in policies}
    finally:
        engine.close()
    print(
        "past/inside ratio (target <= 1.5x): "
        + ", ".join(f"{p} {r:.2f}x" for p, r in ratios.items())
    )


if __name__ == "__main__":
    main()
