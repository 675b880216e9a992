"""Prompt lookup pays where the answer repeats its context and costs nothing elsewhere:
deskchat's engine with prompt lookup on and off, the same engine process, the same model
and threads, in interleaved rounds, at temperature 0.

Two tasks: "rewrite" (a ~60-line Python module in the prompt; the answer writes it again
with one name changed) and "free" (a free chat question). Each answer has a fixed length
(``ignore_eos``). Reports the median decode tokens/s each way (the engine's own figure:
first to last token), the ratio on / off, and the first token where the two answers differ:
on a quantized model llama.cpp's CPU logits for a token differ slightly (up to ~1.7 on
Gemma 3 270M Q4_K_M) with the size of the batch it is decoded in, so a near tie can tip
and the answers part (the tiny test model's answers are the same token for token).
Targets: >= 1.3x on rewrite, >= 0.97x on free chat.

Run: .venv/bin/python -m tests.benchmarks.prompt_lookup_benchmark [--rounds 3]
     [--model PATH ...] [--tokens 400] [--threads N]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import statistics
from pathlib import Path

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.starter import starter_model_path

CODE = '''\
"""A small ledger: accounts, transfers and a monthly report."""

from dataclasses import dataclass, field


@dataclass
class Account:
    name: str
    total: float = 0.0
    history: list[float] = field(default_factory=list)

    def deposit(self, value: float) -> None:
        if value <= 0:
            raise ValueError("a deposit must be positive")
        self.total += value
        self.history.append(value)

    def withdraw(self, value: float) -> None:
        if value > self.total:
            raise ValueError("not enough money in the account")
        self.total -= value
        self.history.append(-value)


class Ledger:
    def __init__(self) -> None:
        self.accounts: dict[str, Account] = {}

    def open(self, name: str) -> Account:
        if name in self.accounts:
            raise KeyError(f"{name} already has an account")
        account = Account(name)
        self.accounts[name] = account
        return account

    def transfer(self, source: str, target: str, value: float) -> None:
        self.accounts[source].withdraw(value)
        self.accounts[target].deposit(value)

    def balance(self) -> float:
        return sum(a.total for a in self.accounts.values())

    def report(self) -> str:
        lines = []
        for name, account in sorted(self.accounts.items()):
            moves = len(account.history)
            lines.append(f"{name:<12} {account.total:>10.2f} ({moves} moves)")
        lines.append(f"{'all':<12} {self.balance():>10.2f}")
        return "\\n".join(lines)


def main() -> None:
    ledger = Ledger()
    ledger.open("alice").deposit(120.0)
    ledger.open("bob").deposit(80.0)
    ledger.transfer("alice", "bob", 25.5)
    print(ledger.report())


if __name__ == "__main__":
    main()
'''

ASK_REWRITE = (
    "Here is the file ledger.py:\n\n```python\n" + CODE + "```\n\nWrite the same file "
    "ledger.py again, unchanged except that the attribute `total` is now called `amount`."
)
ASK_FREE = "Tell me about the history of lighthouses and the people who kept them."


def prompt(engine: EngineClient, question: str, opening: str) -> str:
    """The model's own chat format when it has a template (ChatML here), else the text a
    base model continues: the question, then the answer's opening."""
    info = engine.model
    assert info is not None
    if info.chat_template and "<|im_start|>" in info.chat_template:
        head = f"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n"
    else:
        head = f"{question}\n\n"
    return head + opening


def answer(engine: EngineClient, text: str, lookup: bool, tokens: int) -> tuple[list[int], float]:
    """The answer's token ids and decode tokens/s, the prompt read afresh: llama.cpp's
    logits differ slightly with the batches a prompt was read in (a cached prefix, then one
    token), so a prompt read from the cache may tip a near tie the other way."""
    list(engine.generate("Hi", SamplingParams(max_tokens=1)))  # the cache holds another text
    sampling = SamplingParams(
        temperature=0.0, max_tokens=tokens, ignore_eos=True, prompt_lookup=lookup
    )
    ids: list[int] = []
    for event in engine.generate(text, sampling):
        if isinstance(event, Piece):
            ids += event.token_ids
        elif isinstance(event, Done):
            assert event.completion_tokens == tokens == len(ids)
            return ids, event.decode_tokens_per_s
    raise AssertionError("no Done event")


def measure(
    engine: EngineClient, text: str, rounds: int, tokens: int
) -> tuple[float, float, int | None]:
    """Median tokens/s with lookup off and on, rounds interleaved, and the first token where
    the two answers differ (None: the same answer)."""
    speeds: dict[bool, list[float]] = {False: [], True: []}
    answers: dict[bool, list[int]] = {}
    for n in range(rounds):
        for lookup in (n % 2 == 1, n % 2 == 0):  # the order alternates
            ids, speed = answer(engine, text, lookup, tokens)
            if answers.setdefault(lookup, ids) != ids:  # a near tie tipped (see answer())
                print(f"  lookup {'on' if lookup else 'off'}: round {n + 1} answered otherwise")
            speeds[lookup].append(speed)
    pairs = zip(answers[True], answers[False], strict=True)
    differ = next((i for i, (on, off) in enumerate(pairs) if on != off), None)
    return statistics.median(speeds[False]), statistics.median(speeds[True]), differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--tokens", type=int, default=400)
    parser.add_argument("--model", type=Path, action="append", default=None)
    parser.add_argument("--threads", type=int, default=physical_cores())
    args = parser.parse_args()
    tasks = {
        "rewrite": (ASK_REWRITE, "```python\n"),
        "free": (ASK_FREE, ""),
    }
    threads = args.threads
    for model in args.model or [starter_model_path()]:
        with EngineClient() as engine:
            engine.load(str(model), LoadOptions(n_ctx=4_096, n_threads=threads))
            answer(engine, prompt(engine, "hello", ""), False, 8)  # warm up
            for task, (question, opening) in tasks.items():
                text = prompt(engine, question, opening)
                off, on, differ = measure(engine, text, args.rounds, args.tokens)
                same = "same answer" if differ is None else f"answers differ from token {differ}"
                print(
                    f"{model.name:<36} {task:<8} off {off:6.1f} tok/s  on {on:6.1f} tok/s  "
                    f"ratio {on / off:.2f}x  ({same}, {args.tokens} tokens, {threads} threads)"
                )


if __name__ == "__main__":
    main()
