"""Prompt-reading progress costs nothing measurable: the same 3,000-token prompt read by
the same engine process with progress reports (the window's way, ``answer``) and without
(``generate``), in interleaved rounds, each round's prompt new to the cache.

Reports the median prompt-evaluation time each way (the engine's own ``prompt_eval_s``)
and their ratio (target: within noise, about 1.00), and how many progress reports a
reading sent (at most one per 0.1 s, plus the first and the last).

Run: .venv/bin/python -m tests.benchmarks.prompt_progress_benchmark [--tokens 3000]
     [--rounds 4] [--model PATH]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from deskchat.chat.generation import Done, LoadOptions, PromptProgress, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.starter import starter_model_path
from deskchat.services.turn import TurnPipeline

WORDS = "the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing "


def prompt_of(engine: EngineClient, round_no: int, tokens: int) -> str:
    """About ``tokens`` tokens, starting with the round's number so nothing is cached."""
    head = f"Round {round_no}: "
    text = head + WORDS * 2
    while engine.count_tokens(text) < tokens:
        text += WORDS * max(1, (tokens - engine.count_tokens(text)) // 20)
    return text


def read(engine: EngineClient, text: str, progress: bool) -> tuple[float, int, int]:
    """Prompt-evaluation seconds, tokens evaluated, progress reports received."""
    sampling = SamplingParams(max_tokens=1, temperature=0.0)
    if progress:
        plan = TurnPipeline().plan_raw(engine, text, reserve=1)
        events = list(engine.answer(plan, sampling))
    else:
        events = list(engine.generate(text, sampling))
    done = events[-1]
    assert isinstance(done, Done)
    reports = sum(isinstance(e, PromptProgress) for e in events)
    return done.prompt_eval_s, done.prompt_evaluated, reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    model = args.model or starter_model_path()
    with EngineClient() as engine:
        engine.load(str(model), LoadOptions(n_ctx=4_096, n_batch=512, n_threads=physical_cores()))
        read(engine, prompt_of(engine, 0, 200), progress=False)  # warm up
        times: dict[bool, list[float]] = {True: [], False: []}
        reports: list[int] = []
        for n in range(args.rounds):
            for progress in (n % 2 == 0, n % 2 == 1):  # interleaved, order alternating
                seconds, evaluated, sent = read(
                    engine, prompt_of(engine, n * 2 + progress, args.tokens), progress
                )
                times[progress].append(seconds)
                if progress:
                    reports.append(sent)
                print(
                    f"round {n + 1}: {'with' if progress else 'without'} progress: "
                    f"{evaluated:,} tokens in {seconds:.3f} s ({evaluated / seconds:,.0f} tok/s)"
                    + (f", {sent} reports" if progress else "")
                )
    with_s, without_s = statistics.median(times[True]), statistics.median(times[False])
    print(f"model: {model.name}")
    print(f"median prompt evaluation: with progress {with_s:.3f} s, without {without_s:.3f} s")
    print(f"ratio with / without: {with_s / without_s:.3f}")
    print(f"progress reports per reading: {reports}")


if __name__ == "__main__":
    main()
