"""`deskchat bench`: deskchat's streaming vs plain llama-cpp-python, side by side, and the
prompt tokens evaluated per turn over a long conversation (KV-cache reuse)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from typing import Any

from deskchat.cli.options import add_model_options, load_options, resolve_model
from deskchat.engine.baseline import decode_rate, plain_llama_stream
from deskchat.engine.protocol import Done, Piece, SamplingParams
from deskchat.services.app import open_app
from deskchat.services.chat_session import AnswerDelta, AnswerFinished
from deskchat.services.model_loader import load_model

PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived"


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="benchmark streaming against plain llama-cpp-python")
    add_model_options(bench)
    bench.add_argument("--tokens", type=int, default=256, help="tokens to stream per round")
    bench.add_argument("--rounds", type=int, default=3, help="rounds per contender")
    bench.add_argument("--turns", type=int, default=30, help="turns in the conversation test")
    bench.set_defaults(handler=bench_command)


def bench_command(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        path = resolve_model(args.model, app.settings.last_model)
        options = replace(load_options(app.settings.load, args), n_gpu_layers=0
                          if args.gpu_layers is None else args.gpu_layers)
        info, meta = load_model(app.engine, path, options)
        options = replace(options, n_ctx=info.n_ctx, n_threads=options.n_threads or None)
        print(f"model: {meta.name} ({meta.quantization}), n_ctx {info.n_ctx}, "
              f"{args.tokens} tokens x {args.rounds} rounds, greedy")
        sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=args.tokens)
        base_runs = plain_llama_stream(path, options, PROMPT, args.tokens, rounds=args.rounds)
        engine_rates, session_rates = [], []
        for _ in range(args.rounds):
            engine_rates.append(_engine_round(app.engine, sampling))
            session_rates.append(_session_round(app, sampling))
        base = statistics.median(r.decode_tokens_per_s for r in base_runs)
        eng = statistics.median(engine_rates)
        ses = statistics.median(session_rates)
        print(f"plain llama-cpp-python : {base:8.1f} tok/s ({base_runs[0].tokens} tokens)")
        print(f"deskchat engine process: {eng:8.1f} tok/s  ratio {eng / base:.3f}")
        print(f"deskchat session + DB  : {ses:8.1f} tok/s  ratio {ses / base:.3f}")
        _conversation(app, args.turns)
        return 0
    finally:
        app.close()


def _engine_round(engine: Any, sampling: SamplingParams) -> float:
    times: list[float] = []
    for event in engine.generate(PROMPT, sampling):
        if isinstance(event, Piece):
            times.append(time.perf_counter())
        elif isinstance(event, Done):
            break
    return decode_rate(times)


def _session_round(app: Any, sampling: SamplingParams) -> float:
    session = app.session
    conversation = session.new_conversation(None)
    times: list[float] = []
    for event in session.send(conversation.id, PROMPT, **vars_of(sampling)):
        if isinstance(event, AnswerDelta):
            times.append(time.perf_counter())
        elif isinstance(event, AnswerFinished):
            break
    return decode_rate(times)


def vars_of(sampling: SamplingParams) -> dict[str, Any]:
    return {"temperature": sampling.temperature, "repeat_penalty": sampling.repeat_penalty,
            "max_tokens": sampling.max_tokens}


def _conversation(app: Any, turns: int) -> None:
    session = app.session
    conversation = session.new_conversation(None)
    print(f"\n{turns}-turn conversation (answers capped at 24 tokens):")
    print(" turn  prompt  evaluated  TTFT ms")
    ttft: dict[int, float] = {}
    for turn in range(1, turns + 1):
        question = f"Question number {turn}: tell me one more fact about the forest."
        for event in session.send(conversation.id, question, temperature=0.0, max_tokens=24):
            if isinstance(event, AnswerFinished):
                m = event.message
                ttft[turn] = m.ttft_ms or 0.0
                print(f" {turn:>4}  {m.prompt_tokens:>6}  {m.prompt_evaluated:>9}  "
                      f"{m.ttft_ms:7.1f}")
    if 2 in ttft and turns in ttft and ttft[2] > 0:
        print(f"TTFT turn {turns} / turn 2: {ttft[turns] / ttft[2]:.2f}", file=sys.stdout)
