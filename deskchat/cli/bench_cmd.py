"""`deskchat bench`: deskchat's streaming vs plain llama-cpp-python, side by side in one
run, and the prompt tokens evaluated per turn over a long conversation (KV-cache reuse)."""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace
from typing import Any

from deskchat.chat.generation import Done, Piece, SamplingParams
from deskchat.cli.options import add_model_options, load_options, positive, resolve_model
from deskchat.engine.baseline import PlainLlama, decode_rate
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.app import AppContext, open_app
from deskchat.services.conversation_sink import AnswerDelta, ThoughtDelta

PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived"
# a chat template that opens the thought itself (as DeepSeek-R1 distills' does): everything
# the model writes is then reasoning, split from the answer piece by piece
THINKING_TEMPLATE = (
    "{% for m in messages %}<start_of_turn>{{ m.role }}\n"
    "{{ m.content.split('</think>')[-1] }}<end_of_turn>\n{% endfor %}"
    "<start_of_turn>model\n<think>\n"
)


def register(sub: Any) -> None:
    bench = sub.add_parser("bench", help="benchmark streaming against plain llama-cpp-python")
    add_model_options(bench)
    bench.add_argument("--tokens", type=positive, default=256, help="tokens to stream per round")
    bench.add_argument("--rounds", type=positive, default=5, help="rounds per contender")
    bench.add_argument("--turns", type=positive, default=30, help="turns in the conversation test")
    bench.set_defaults(handler=bench_command)


def bench_command(args: argparse.Namespace) -> int:
    app = open_app()
    try:
        path = resolve_model(args.model, app.settings.current.last_model)
        options = load_options(app.settings.current.load, args)
        if args.gpu_layers is None:
            options = replace(options, n_gpu_layers=0)
        info, meta = app.load_model(path, options)  # recorded: it may get an override
        # the same thread count for both contenders (llama-cpp-python's own default differs)
        options = replace(
            options, n_ctx=info.n_ctx, n_threads=options.n_threads or physical_cores()
        )
        app.engine.load(info.path, options)
        print(
            f"model: {meta.name} ({meta.quantization}), n_ctx {info.n_ctx}, "
            f"{options.n_threads} threads, {args.tokens} tokens x {args.rounds} rounds, greedy"
        )
        _throughput(app, info.path, options, args.tokens, args.rounds)
        _conversation(app, args.turns)
        return 0
    finally:
        app.close()


def _throughput(app: AppContext, path: str, options: Any, n_tokens: int, rounds: int) -> None:
    sampling = SamplingParams(temperature=0.0, repeat_penalty=1.0, max_tokens=n_tokens)
    plain = PlainLlama(path, options)
    base, engine, session, thinking = [], [], [], []
    try:
        for _ in range(rounds):  # interleaved, so machine noise hits all four alike
            base.append(plain.stream(PROMPT, n_tokens))
            engine.append(_engine_round(app.engine, sampling))
            session.append(_session_round(app, sampling))
            thinking.append(_session_round(app, sampling, template=THINKING_TEMPLATE))
    finally:
        plain.close()
    base_rate = statistics.median(r.decode_tokens_per_s for r in base)
    eng_rate = statistics.median(rate for rate, _ in engine)
    ses_rate = statistics.median(rate for rate, _ in session)
    think_rate = statistics.median(rate for rate, _ in thinking)
    rows = [
        ("plain llama-cpp-python", base_rate, base[0].tokens),
        ("deskchat engine process", eng_rate, engine[0][1]),
        ("deskchat session + SQLite", ses_rate, session[0][1]),
        ("  ... the answer a thought", think_rate, thinking[0][1]),
    ]
    for label, rate, tokens in rows:
        ratio = "" if label.startswith("plain") else f"  ratio {rate / base_rate:.3f}"
        print(f"{label:<27}{rate:9.1f} tok/s  ({tokens} tokens){ratio}")


def _engine_round(engine: EngineClient, sampling: SamplingParams) -> tuple[float, int]:
    """Tokens as the app receives them, timed in the app process (pipe included)."""
    times: list[float] = []
    tokens = 0
    for event in engine.generate(PROMPT, sampling):
        if isinstance(event, Piece):
            times.append(time.perf_counter())
        elif isinstance(event, Done):
            tokens = event.completion_tokens
    return decode_rate(times), tokens


def _session_round(
    app: AppContext, sampling: SamplingParams, template: str | None = None
) -> tuple[float, int]:
    """The whole path the GUI will use: template, engine, pipe, the answer (or, with a
    thinking ``template``, the thought) split and saved as it grows."""
    model = app.session.engine.model
    assert model is not None
    if template is not None:
        app.session.set_template_override(model.path, template)
    conversation = app.session.new_conversation(None)
    times: list[float] = []
    try:
        for event in app.session.send(
            conversation.id,
            "Tell me a long story about a village at the edge of a forest.",
            temperature=0.0,
            repeat_penalty=1.0,
            max_tokens=sampling.max_tokens,
            ignore_eos=True,
        ):
            if isinstance(event, AnswerDelta | ThoughtDelta) and event.token_ids:
                times.append(time.perf_counter())
    finally:
        if template is not None:
            app.session.set_template_override(model.path, None)
    return decode_rate(times), len(times)


def _conversation(app: AppContext, turns: int) -> None:
    session = app.session
    conversation = session.new_conversation(None)
    print(f"\n{turns}-turn conversation, same-length messages, answers capped at 24 tokens:")
    print(" turn  prompt  evaluated  TTFT ms")
    ttft: dict[int, float] = {}
    for turn in range(1, turns + 1):
        question = f"Question {turn:02d}: tell me one more fact about the forest."
        for event in session.send(conversation.id, question, temperature=0.0, max_tokens=24):
            if hasattr(event, "message") and event.message.status != "streaming":
                m = event.message
                ttft[turn] = m.ttft_ms or 0.0
                print(
                    f" {turn:>4}  {m.prompt_tokens:>6}  {m.prompt_evaluated:>9}  {ttft[turn]:7.1f}"
                )
    if ttft.get(2):
        print(f"TTFT turn {turns} / turn 2: {ttft[turns] / ttft[2]:.2f}")
