"""Tools benchmark: what grammars and tool calls cost, side by side in one run.

1. Grammar-constrained generation against unconstrained generation on the same model through
   the engine (``EngineClient``), greedy, EOS ignored, interleaved rounds: no grammar, the
   any-JSON grammar, a JSON-schema grammar of a realistic object, and the Hermes tool-call
   grammar for two tools (target: each grammar keeps >= 0.9 of the unconstrained tokens/s).
   A grammar that completes ends the answer early (only the end is left to sample), so the
   rate is the engine's decode rate over the tokens each answer made (``Done``).
2. A tool round trip through deskchat (``McpHub`` toolset ``run``) against the same call made
   with the MCP SDK's ``ClientSession.call_tool`` on an initialised session in a plain asyncio
   loop: the same stdio test server (tests/helpers/mcp_server.py), the same fast tool,
   interleaved calls (target: deskchat adds < 50 ms to the median).
3. Parsing: a recorded Hermes answer with one call fed to ``ToolCallParser`` one character at
   a time, time per answer (should be well under 1 ms).

Run: .venv/bin/python -m tests.benchmarks.tools_benchmark [--rounds 5] [--tokens 128]
     [--calls 200] [--model PATH]   (default: the Gemma 3 270M starter model)
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

from deskchat.chat.generation import Done, LoadOptions, SamplingParams
from deskchat.chat.tool_formats import HERMES
from deskchat.chat.tool_grammar import call_grammar
from deskchat.chat.tools import ToolCall, ToolSpec
from deskchat.engine.client import EngineClient
from deskchat.engine.json_grammar import any_json_grammar, schema_grammar
from deskchat.engine.worker import physical_cores
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.hub import McpHub
from deskchat.mcp_servers.store import McpServerStore
from deskchat.services.starter import starter_model_path

REPO = Path(__file__).resolve().parents[2]
SERVER = str(REPO / "tests" / "helpers" / "mcp_server.py")
N_CTX = 2048
PROMPT = (
    "A booking system answers in JSON. Request: book a table for two in Paris on Friday "
    "evening, near the river, and tell me the weather.\nAnswer:"
)
# a realistic object: strings, a number, an enum, an array and a nested object
BOOKING = {
    "type": "object",
    "properties": {
        "restaurant": {"type": "string"},
        "city": {"type": "string"},
        "guests": {"type": "integer"},
        "day": {
            "type": "string",
            "enum": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        },
        "time": {"type": "string"},
        "notes": {"type": "array", "items": {"type": "string"}},
        "contact": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "phone": {"type": "string"}},
            "required": ["name", "phone"],
        },
    },
    "required": ["restaurant", "city", "guests", "day", "time", "notes", "contact"],
}
TOOLS = [
    ToolSpec(
        "get_weather",
        "The weather in a city.",
        {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["city", "unit"],
        },
    ),
    ToolSpec("book_table", "Book a table.", BOOKING),
]
HERMES_ANSWER = (
    "Let me look that up for you.\n"
    '<tool_call>\n{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}\n'
    "</tool_call>"
)


def grammars() -> dict[str, str]:
    tool = call_grammar(HERMES, TOOLS, functools.partial(schema_grammar, loose=True), required=True)
    return {
        "no grammar": "",
        "any JSON": any_json_grammar(),
        "JSON schema (booking)": schema_grammar(BOOKING),
        "Hermes tool call (2 tools)": tool.grammar,
    }


def generation_round(engine: EngineClient, grammar: str, n_tokens: int) -> tuple[float, int]:
    """(decode tokens/s, tokens made) of one greedy answer under ``grammar``."""
    sampling = SamplingParams(
        temperature=0.0, repeat_penalty=1.0, max_tokens=n_tokens, ignore_eos=True, grammar=grammar
    )
    for event in engine.generate(PROMPT, sampling):
        if isinstance(event, Done):
            return event.decode_tokens_per_s, event.completion_tokens
    raise RuntimeError("the engine ended without a Done")


def grammar_benchmark(model: Path, threads: int, n_tokens: int, rounds: int) -> None:
    cases = grammars()
    runs: dict[str, list[tuple[float, int]]] = {name: [] for name in cases}
    engine = EngineClient()
    try:
        engine.load(str(model), LoadOptions(n_ctx=N_CTX, n_threads=threads, n_gpu_layers=0))
        print(
            f"model: {model.name}, n_ctx {N_CTX}, {threads} threads, CPU, up to {n_tokens} "
            f"tokens x {rounds} rounds, greedy, EOS ignored, interleaved"
        )
        for grammar in cases.values():  # warm: the prompt is in the KV cache, pages are in
            generation_round(engine, grammar, 8)
        for _ in range(rounds):
            for name, grammar in cases.items():
                runs[name].append(generation_round(engine, grammar, n_tokens))
    finally:
        engine.close()
    base = statistics.median(r[0] for r in runs["no grammar"])
    for name, rows in runs.items():
        rate = statistics.median(r[0] for r in rows)
        tokens = statistics.median(r[1] for r in rows)
        print(
            f"  {name:<28}{rate:7.1f} tok/s  ratio {rate / base:.3f}  "
            f"({tokens:.0f} tokens; rounds: {' '.join(f'{r[0]:.0f}' for r in rows)})"
        )
    print("  target: every grammar's ratio to no grammar >= 0.9")


async def mcp_benchmark(calls: int) -> None:
    with tempfile.TemporaryDirectory(prefix="deskchat-tools-bench-") as folder:
        store = McpServerStore(Path(folder) / "mcp.json")
        store.put(ServerConfig(name="test", command=sys.executable, args=(SERVER,)))
        params = StdioServerParameters(command=sys.executable, args=[SERVER])
        with (
            McpHub(store, log_dir=Path(folder) / "logs") as hub,
            (Path(folder) / "direct.log").open("w", encoding="utf-8") as errlog,
        ):
            toolset = hub.toolset(["test"])
            async with (
                stdio_client(params, errlog) as (read, write),
                ClientSession(read, write) as session,
            ):
                await session.initialize()
                call = ToolCall("call-1", "add", json.dumps({"a": 2, "b": 40}))
                through, direct = [], []
                for i in range(calls + 10):  # the first 10 of each warm up
                    start = time.perf_counter()
                    assert toolset.run(call).content == "42"
                    hub_s = time.perf_counter() - start
                    start = time.perf_counter()
                    result = await session.call_tool("add", {"a": 2, "b": 40})
                    sdk_s = time.perf_counter() - start
                    assert not result.is_error
                    if i >= 10:
                        through.append(hub_s * 1000)
                        direct.append(sdk_s * 1000)
    hub_ms, sdk_ms = statistics.median(through), statistics.median(direct)
    print(f"MCP round trip, tool 'add' on the stdio test server, {calls} calls each, interleaved")
    print(f"  {'deskchat McpHub toolset.run':<32}{hub_ms:7.2f} ms median")
    print(f"  {'MCP SDK ClientSession.call_tool':<32}{sdk_ms:7.2f} ms median")
    print(f"  deskchat overhead: {hub_ms - sdk_ms:+.2f} ms   (target < 50 ms)")
    print(
        f"  p90: deskchat {statistics.quantiles(through, n=10)[-1]:.2f} ms, "
        f"SDK {statistics.quantiles(direct, n=10)[-1]:.2f} ms"
    )


def parse_benchmark(repeats: int) -> None:
    pieces = list(HERMES_ANSWER)
    times = []
    for _ in range(repeats):
        parser = HERMES.parser()
        start = time.perf_counter()
        for piece in pieces:
            parser.feed(piece)
        parser.finish()
        times.append(time.perf_counter() - start)
        assert [c.name for c in parser.calls] == ["get_weather"]
    per = statistics.median(times) * 1000
    print(
        f"Hermes answer with one call ({len(HERMES_ANSWER)} characters, fed one at a time): "
        f"{per:.3f} ms per answer median over {repeats}   (target well under 1 ms)"
    )


def default_model() -> Path:
    local = sorted(Path("/tmp/gemma").glob("*.gguf"))
    return local[0] if local else starter_model_path()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="GGUF file (default: the starter model)")
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--threads", type=int, default=physical_cores())
    args = parser.parse_args()
    grammar_benchmark(args.model or default_model(), args.threads, args.tokens, args.rounds)
    asyncio.run(mcp_benchmark(args.calls))
    parse_benchmark(1000)


if __name__ == "__main__":
    main()
