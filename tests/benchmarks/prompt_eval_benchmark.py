"""Reading a 3,000-token prompt: deskchat's engine against plain llama-cpp-python, side by
side in one run, for each of swa_full on/off and flash attention on/off.

Each configuration loads the model twice, in two processes with the same options and
threads: deskchat's engine (through the engine client, a fresh prompt per round, timed by
the engine's own ``prompt_eval_s``) and a plain ``llama_cpp.Llama`` evaluating exactly the
same token ids with ``Llama.eval``. Rounds alternate which goes first. Reports the median
seconds each way, their ratio (plain / deskchat: 1.00 is parity, the target is >= 0.95),
each configuration's speed against swa_full on + flash attention off (llama-cpp-python's
defaults), and, for swa_full off, that a second turn still reuses the first one's cache.

Run: .venv/bin/python -m tests.benchmarks.prompt_eval_benchmark [--tokens 3000]
     [--rounds 3] [--model PATH]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from deskchat.chat.generation import Done, FlashAttention, LoadOptions, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.starter import starter_model_path

WORDS = "the quick brown fox jumps over a lazy dog while seven wizards quietly judge boxing "
ONE_TOKEN = SamplingParams(max_tokens=1, temperature=0.0)
CONFIGS: tuple[tuple[bool, FlashAttention], ...] = (
    (True, "off"),
    (False, "off"),
    (True, "on"),
    (False, "on"),
)


def _plain(conn: Connection, path: str, options: LoadOptions) -> None:
    """A plain Llama with the same options; evaluates the token ids it is sent."""
    import llama_cpp

    from deskchat.engine.context_options import flash_attention

    with flash_attention(llama_cpp, options.flash_attn):
        llm = llama_cpp.Llama(
            model_path=path,
            n_ctx=options.n_ctx,
            n_threads=options.n_threads,
            n_batch=options.n_batch,
            swa_full=options.swa_full,
            verbose=False,
        )
    conn.send("ready")
    while (ids := conn.recv()) is not None:
        llm.reset()  # type: ignore[no-untyped-call]
        start = time.perf_counter()
        llm.eval(ids)
        conn.send(time.perf_counter() - start)
    llm.close()  # type: ignore[no-untyped-call]


class Plain:
    def __init__(self, path: str, options: LoadOptions) -> None:
        ctx = mp.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._process = ctx.Process(target=_plain, args=(child, path, options), daemon=True)
        self._process.start()
        child.close()
        self._conn.recv()

    def eval(self, ids: tuple[int, ...]) -> float:
        self._conn.send(list(ids))
        seconds: float = self._conn.recv()
        return seconds

    def close(self) -> None:
        self._conn.send(None)
        self._process.join(timeout=30)


def prompt_of(engine: EngineClient, round_no: int, tokens: int) -> str:
    """About ``tokens`` tokens, starting with the round's number so nothing is cached."""
    text = f"Round {round_no}: " + WORDS * 2
    while engine.count_tokens(text) < tokens:
        text += WORDS * max(1, (tokens - engine.count_tokens(text)) // 20)
    return text


def engine_read(engine: EngineClient, text: str) -> Done:
    done = list(engine.generate(text, ONE_TOKEN))[-1]
    assert isinstance(done, Done)
    return done


@dataclass
class Result:
    deskchat_s: float
    plain_s: float
    tokens: int
    reused: str


def measure(model: Path, options: LoadOptions, tokens: int, rounds: int, tag: str) -> Result:
    ours: list[float] = []
    theirs: list[float] = []
    plain = Plain(str(model), options)
    try:
        with EngineClient() as engine:
            engine.load(str(model), options)
            engine_read(engine, prompt_of(engine, 0, 200))  # warm up both
            plain.eval(engine.tokenize(prompt_of(engine, 0, 200)).ids)
            n = 0
            for r in range(rounds):
                text = prompt_of(engine, r + 1, tokens)
                ids = engine.tokenize(text, add_bos=engine.model.add_bos if engine.model else True)
                n = len(ids.ids)
                first_ours = r % 2 == 0
                if not first_ours:
                    theirs.append(plain.eval(ids.ids))
                done = engine_read(engine, text)
                assert done.prompt_evaluated >= n - 8, "a fresh prompt was cached"
                ours.append(done.prompt_eval_s)
                if first_ours:
                    theirs.append(plain.eval(ids.ids))
                print(f"  {tag} round {r + 1}: deskchat {ours[-1]:.2f} s, plain {theirs[-1]:.2f} s")
            # the next turn of the same chat: only the new text is read
            follow = engine_read(engine, text + " And then the fox slept.")
            reused = f"{follow.prompt_evaluated} of {follow.prompt_tokens:,} evaluated"
    finally:
        plain.close()
    return Result(statistics.median(ours), statistics.median(theirs), n, reused)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    model = args.model or starter_model_path()
    threads = physical_cores()
    results: dict[tuple[bool, str], Result] = {}
    for swa_full, flash in CONFIGS:
        options = LoadOptions(
            n_ctx=4_096, n_batch=512, n_threads=threads, swa_full=swa_full, flash_attn=flash
        )
        tag = f"swa_full {'on ' if swa_full else 'off'}, flash attention {flash:>3}"
        results[swa_full, flash] = measure(model, options, args.tokens, args.rounds, tag)
    base = results[True, "off"].deskchat_s
    print(f"model: {model.name}, {threads} threads, {args.rounds} rounds, medians")
    print(
        "configuration                        tokens  deskchat   plain  plain/deskchat  vs default"
    )
    for (swa_full, flash), r in results.items():
        print(
            f"swa_full {'on ' if swa_full else 'off'}, flash attention {flash:>3}"
            f"     {r.tokens:,}  {r.deskchat_s:6.2f} s {r.plain_s:6.2f} s"
            f"      {r.plain_s / r.deskchat_s:5.3f}      {base / r.deskchat_s:5.3f}x"
            f"   (next turn: {r.reused})"
        )


if __name__ == "__main__":
    main()
