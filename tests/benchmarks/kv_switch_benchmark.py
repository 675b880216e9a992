"""Coming back to a long chat after another one: saved KV states against reading it again.

Two chats of about ``--tokens`` prompt tokens each, continued alternately (A, B, A, B ...)
by one engine process, once with chats' KV states kept (the app's way) and once without
(every return reads the whole chat again); and each continued in place, as the anchor.
Then the engine is closed and started again (the app restarted) and both chats are
continued from the states on disk.

Reports the median time to first token of: continuing a chat in place; coming back to it
with states and without; after the restart; their ratios (target: coming back with states
<= 1.5x in place) and the prompt tokens evaluated each way.

Run: .venv/bin/python -m tests.benchmarks.kv_switch_benchmark [--tokens 2200] [--rounds 4]
     [--model PATH]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from deskchat.chat.generation import Done, LoadOptions, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.protocol import KvStateConfig
from deskchat.engine.worker import physical_cores
from deskchat.services.starter import starter_model_path

ANSWER = SamplingParams(max_tokens=16, temperature=0.0)
TOPICS = {
    "A": "orchards, apples and the seasons of the valley farms ",
    "B": "rivers, stones and the slow carving of mountain gorges ",
}


class Chat:
    """A transcript that grows by a message and an answer at each turn."""

    def __init__(self, engine: EngineClient, name: str, tokens: int) -> None:
        self.text = f"The following is a long conversation about {TOPICS[name]}\n"
        line = f"Human: Tell me more about {TOPICS[name]}. " * 4 + "\n"
        while engine.count_tokens(self.text) < tokens:
            self.text += line + "Assistant: I will.\n"
        self.turn = 0

    def next_prompt(self) -> str:
        self.turn += 1
        return self.text + f"Human: Question {self.turn}, please go on.\nAssistant:"

    def answered(self, prompt: str, answer: str) -> None:
        self.text = prompt + answer + "\n"


def turn(engine: EngineClient, chat: Chat) -> Done:
    prompt = chat.next_prompt()
    pieces: list[str] = []
    for event in engine.generate(prompt, ANSWER):
        if isinstance(event, Done):
            chat.answered(prompt, "".join(pieces))
            return event
        pieces.append(event.text)
    raise AssertionError("no Done")


def alternate(engine: EngineClient, tokens: int, rounds: int) -> tuple[list[Done], Chat, Chat]:
    """Both chats' first turns, then ``rounds`` returns to each; the returns' Done."""
    a, b = Chat(engine, "A", tokens), Chat(engine, "B", tokens)
    turn(engine, a)
    turn(engine, b)
    returns = []
    for _ in range(rounds):
        returns.append(turn(engine, a))
        returns.append(turn(engine, b))
    return returns, a, b


def in_place(engine: EngineClient, tokens: int, rounds: int) -> list[Done]:
    chat = Chat(engine, "A", tokens)
    turn(engine, chat)
    return [turn(engine, chat) for _ in range(rounds)]


def rss(engine: EngineClient) -> int:
    import psutil

    assert engine.pid is not None
    return int(psutil.Process(engine.pid).memory_info().rss)


def median(dones: list[Done], field: str) -> float:
    return statistics.median(float(getattr(d, field)) for d in dones)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokens", type=int, default=2_200)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    model = str(args.model or starter_model_path())
    options = LoadOptions(n_ctx=4_096, n_threads=physical_cores())
    with tempfile.TemporaryDirectory() as folder:
        states = KvStateConfig(folder)
        with EngineClient(states=states) as engine:
            engine.load(model, options)
            anchor = in_place(engine, args.tokens, args.rounds)
            rss_before = rss(engine)
            kept, a, b = alternate(engine, args.tokens, args.rounds)
            usage = engine.kv_states()
            rss_after = rss(engine)
        with EngineClient(states=states) as engine:  # the app started again
            engine.load(model, options)
            restarted = [turn(engine, a), turn(engine, b)]
        with EngineClient(states=None) as engine:
            engine.load(model, options)
            plain, _, _ = alternate(engine, args.tokens, args.rounds)
    base = median(anchor, "ttft_s")
    print(f"model {Path(model).name}, {args.tokens} prompt tokens a chat, {args.rounds} rounds")
    rows = [
        ("in place", anchor),
        ("coming back, states kept", kept),
        ("after a restart, from disk", restarted),
        ("coming back, no states", plain),
    ]
    for name, dones in rows:
        ttft = median(dones, "ttft_s")
        print(
            f"{name:28} TTFT {ttft * 1000:8.0f} ms  {ttft / base:5.2f}x in place"
            f"   evaluated {median(dones, 'prompt_evaluated'):6.0f}"
            f" of {median(dones, 'prompt_tokens'):6.0f} tokens"
        )
    print(
        f"states held: {usage.states}, {usage.ram_bytes / 1e6:.1f} MB in RAM"
        f" (budget {states.ram_bytes / 1e6:.0f} MB), {usage.disk_bytes / 1e6:.1f} MB on disk;"
        f" the engine's RSS grew {(rss_after - rss_before) / 1e6:.1f} MB while they were saved"
    )
    ratio = median(kept, "ttft_s") / base
    print(f"coming back / in place: {ratio:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
