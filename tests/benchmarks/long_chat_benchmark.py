"""Time to first token at turn 30 of a chat against turn 2, through the whole app core (the
chat session: template, budget, tokenizer, engine process, SQLite), and the same two
readings by plain llama-cpp-python alone as the anchor: the same prompt lengths, the same
new tokens read at the same positions, the same threads.

Each turn sends a message of the same length and gets a short greedy answer, so every turn
reads about as many new tokens; what grows is the history before them (attention over it).

Reports the median time to first token of turns 2-4 and of the last three each way, their
ratios (target: deskchat <= 1.2x, or no worse than llama.cpp's own), and the tokens
evaluated per turn.

Run: .venv/bin/python -m tests.benchmarks.long_chat_benchmark [--turns 30] [--model PATH]
     (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from deskchat.chat.generation import LoadOptions
from deskchat.engine.worker import physical_cores
from deskchat.services.app import open_app
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished
from deskchat.services.starter import starter_model_path
from deskchat.store.records import Message

MESSAGE = "Tell me one more thing about the lighthouse keeper and the storm of {n}. " * 3
N_CTX = 8_192


def deskchat_turns(model: str, turns: int) -> list[tuple[float, Message]]:
    """(seconds from send to the first token, the answer's record) for every turn."""
    app = open_app()
    try:
        app.load_model(model, LoadOptions(n_ctx=N_CTX, n_threads=physical_cores()))
        session = app.session
        conversation = session.new_conversation()
        results = []
        for n in range(1, turns + 1):
            started = time.perf_counter()
            first: float | None = None
            finished: Message | None = None
            events = session.send(
                conversation.id, MESSAGE.format(n=n), max_tokens=24, temperature=0.0
            )
            for event in events:
                if isinstance(event, AnswerDelta) and first is None:
                    first = time.perf_counter() - started
                elif isinstance(event, AnswerFinished):
                    finished = event.message
            assert finished is not None and first is not None
            results.append((first, finished))
        return results
    finally:
        app.close()


def plain_reading(model: str, prefix: int, new: int, rounds: int = 3) -> float:
    """Median seconds for llama-cpp-python alone to read ``new`` tokens after ``prefix``
    cached ones and sample one."""
    import llama_cpp

    llm = llama_cpp.Llama(model_path=model, n_ctx=N_CTX, n_threads=physical_cores(), verbose=False)
    try:
        tokens = llm.tokenize(("word " * (prefix + new)).encode(), add_bos=True)
        times = []
        for _ in range(rounds):
            llm.reset()
            llm._ctx.kv_cache_seq_rm(0, -1, -1)
            llm.eval(tokens[:prefix])
            started = time.perf_counter()
            llm.eval(tokens[prefix : prefix + new])
            llm.sample(temp=0.0)
            times.append(time.perf_counter() - started)
        return statistics.median(times)
    finally:
        llm.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--turns", type=int, default=30)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    os.environ["DESKCHAT_HOME"] = tempfile.mkdtemp(prefix="deskchat-long-chat-")
    model = str(args.model or starter_model_path())
    turns = deskchat_turns(model, args.turns)
    early, late = turns[1:4], turns[-3:]  # turns 2-4 and the last three: medians of three
    print(f"model {Path(model).name}, {args.turns} turns, threads {physical_cores()}")
    measured = []
    for name, group in (("turns 2-4", early), (f"turns {args.turns - 2}-{args.turns}", late)):
        ttft = statistics.median(t for t, _ in group)
        prompt = int(statistics.median(m.prompt_tokens or 0 for _, m in group))
        new = int(statistics.median(m.prompt_evaluated or 0 for _, m in group))
        alone = plain_reading(model, prompt - new, new)
        measured.append((ttft, alone))
        print(
            f"{name:12}: deskchat TTFT {ttft * 1000:6.0f} ms (prompt {prompt}, evaluated {new});"
            f" llama.cpp alone reading {new} tokens after {prompt - new}: {alone * 1000:6.0f} ms"
        )
    evaluated = [m.prompt_evaluated or 0 for _, m in turns[1:]]
    print(f"tokens evaluated per turn after the first: median {statistics.median(evaluated):.0f}")
    (first_app, first_alone), (last_app, last_alone) = measured
    print(
        f"late / early: deskchat {last_app / first_app:.2f}x,"
        f" llama.cpp alone {last_alone / first_alone:.2f}x (target <= 1.2x or llama.cpp's own)"
    )


if __name__ == "__main__":
    main()
