"""API server benchmark: streaming through `deskchat serve` and the official `openai` client
against the same generation through an in-process ``EngineClient``, interleaved rounds on
the same model file and settings (target: ratio >= 0.95), and the time to the first
streamed token on a warm model (median), both ways.

Both sides stream the same raw prompt greedily (``/v1/completions``, so no template comes
between them) for a fixed number of tokens; tokens/s is timed where the tokens arrive
(the benchmark process) from the first to the last token, as `deskchat bench` does.

Run: .venv/bin/python -m tests.benchmarks.server_benchmark [--tokens 256] [--rounds 5]
     [--model PATH]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openai

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine.client import EngineClient
from deskchat.engine.worker import physical_cores
from deskchat.services.starter import starter_model_path

REPO = Path(__file__).resolve().parents[2]
PROMPT = "Once upon a time, in a small village at the edge of a great forest, there lived"
N_CTX = 2048


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rate(tokens: int, first: float, last: float) -> float:
    return (tokens - 1) / (last - first) if tokens > 1 and last > first else 0.0


def server_round(
    client: openai.OpenAI, model: str, n_tokens: int
) -> tuple[float, float, int, float]:
    """(tokens/s, seconds to the first token, tokens, seconds to the response's first byte)
    through HTTP and the openai client."""
    start = time.perf_counter()
    times: list[float] = []
    tokens = 0
    stream = client.completions.create(
        model=model,
        prompt=PROMPT,
        max_tokens=n_tokens,
        temperature=0,
        stream=True,
        stream_options={"include_usage": True},
        extra_body={"ignore_eos": True, "repeat_penalty": 1.0},
    )
    first_byte = time.perf_counter() - start  # the client returns once the headers are in
    for chunk in stream:
        if chunk.choices and chunk.choices[0].text:
            times.append(time.perf_counter())
        if chunk.usage is not None:
            tokens = chunk.usage.completion_tokens
    return rate(tokens, times[0], times[-1]), times[0] - start, tokens, first_byte


def engine_round(engine: EngineClient, n_tokens: int) -> tuple[float, float, int]:
    """The same generation through the engine client in this process."""
    sampling = SamplingParams(
        temperature=0.0, repeat_penalty=1.0, max_tokens=n_tokens, ignore_eos=True
    )
    start = time.perf_counter()
    times: list[float] = []
    tokens = 0
    for event in engine.generate(PROMPT, sampling):
        if isinstance(event, Piece) and event.text:
            times.append(time.perf_counter())
        elif isinstance(event, Done):
            tokens = event.completion_tokens
    return rate(tokens, times[0], times[-1]), times[0] - start, tokens


def start_server(model: Path, port: int, threads: int, home: str) -> subprocess.Popen[str]:
    command = [
        sys.executable, "-m", "deskchat", "serve", "--model", str(model), "--port", str(port),
        "--ctx", str(N_CTX), "--threads", str(threads), "--gpu-layers", "0",
    ]  # fmt: skip
    env = {**os.environ, "DESKCHAT_HOME": home}
    env.pop("DESKCHAT_API_KEY", None)
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def wait_ready(client: openai.OpenAI, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(
                f"deskchat serve ended: {process.stderr.read() if process.stderr else ''}"
            )
        try:
            return client.models.list().data[0].id
        except openai.APIConnectionError:
            time.sleep(0.2)
    raise SystemExit("deskchat serve did not start within 5 minutes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--tokens", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=physical_cores())
    args = parser.parse_args()
    model = args.model or starter_model_path()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="deskchat-serve-bench-") as home:
        server = start_server(model, port, args.threads, home)
        engine = EngineClient()
        client = openai.OpenAI(
            base_url=f"http://127.0.0.1:{port}/v1", api_key="x", max_retries=0, timeout=600
        )
        try:
            model_id = wait_ready(client, server)
            engine.load(
                str(model), LoadOptions(n_ctx=N_CTX, n_threads=args.threads, n_gpu_layers=0)
            )
            print(
                f"model: {model.name}, n_ctx {N_CTX}, {args.threads} threads, CPU, "
                f"{args.tokens} tokens x {args.rounds} rounds, greedy, interleaved"
            )
            server_round(client, model_id, 8)  # warm both: the prompt is in each KV cache now
            engine_round(engine, 8)
            served, direct = [], []
            for _ in range(args.rounds):
                served.append(server_round(client, model_id, args.tokens))
                direct.append(engine_round(engine, args.tokens))
        finally:
            client.close()
            engine.close()
            server.terminate()
            server.wait(60)
    report(served, direct)


def report(
    served: list[tuple[float, float, int, float]], direct: list[tuple[float, float, int]]
) -> None:
    s_rate = statistics.median(r[0] for r in served)
    d_rate = statistics.median(r[0] for r in direct)
    s_ttft = statistics.median(r[1] for r in served) * 1000
    d_ttft = statistics.median(r[1] for r in direct) * 1000
    s_ttfb = statistics.median(r[3] for r in served) * 1000
    print(f"{'in-process EngineClient':<32}{d_rate:7.1f} tok/s   first token {d_ttft:6.1f} ms")
    print(
        f"{'deskchat serve + openai client':<32}{s_rate:7.1f} tok/s   first token {s_ttft:6.1f} ms"
        f"   (first byte: headers {s_ttfb:.1f} ms)"
    )
    print(f"ratio (served / in-process): {s_rate / d_rate:.3f}   (target >= 0.95)")
    print(f"tokens per round: served {served[0][2]}, in-process {direct[0][2]}")
    print("per round tok/s  served:", " ".join(f"{r[0]:.1f}" for r in served))
    print("                 direct:", " ".join(f"{r[0]:.1f}" for r in direct))


if __name__ == "__main__":
    main()
