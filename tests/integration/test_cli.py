"""The `deskchat` command as a person uses it: real subprocesses, real engine, tiny model."""

from __future__ import annotations

import itertools
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli


def test_ask_prints_the_answer_and_a_stats_line(tiny_model: Path) -> None:
    result = run_cli(
        "ask", "--model", str(tiny_model), "--max-tokens", "12", "--ignore-eos", "hello world"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the answer is printed"
    stats = result.stderr.strip().splitlines()[-1]
    assert "prompt + 12 completion" in stats and "tok/s" in stats and "context" in stats
    assert "Traceback" not in result.stderr


def test_a_conversation_is_kept_in_history(tiny_model: Path) -> None:
    assert (
        run_cli(
            "ask",
            "--model",
            str(tiny_model),
            "--max-tokens",
            "5",
            "What does lollipop tokenize into?",
        ).returncode
        == 0
    )
    listing = run_cli("history", "list")
    assert "What does lollipop tokenize into?" in listing.stdout
    conversation_id = listing.stdout.split()[0]
    shown = run_cli("history", "show", conversation_id)
    assert "You (message 1):\nWhat does lollipop tokenize into?" in shown.stdout
    assert "Assistant (message 2)" in shown.stdout
    found = run_cli("history", "search", "lollipop")
    assert f"conversation {conversation_id} · message 1 · user" in found.stdout
    md = run_cli("history", "export", conversation_id, "--format", "md")
    assert md.stdout.startswith("# What does lollipop tokenize into?")
    assert "completion =" in md.stdout
    exported = json.loads(run_cli("history", "export", conversation_id, "--format", "json").stdout)
    roles = [m["role"] for m in exported["messages"]]
    assert roles == ["user", "assistant"]
    assert exported["system_prompt"].startswith("You are a helpful assistant")
    assert exported["messages"][1]["total_tokens"] == (
        exported["messages"][1]["prompt_tokens"] + exported["messages"][1]["completion_tokens"]
    )


@pytest.mark.parametrize(
    ("make_path", "expected"),
    [
        (lambda d, m: str(d / "nope.gguf"), "There is no file at"),
        (lambda d, m: str(d), "is a folder"),
        (lambda d, m: _write(d / "readme.gguf", b"just text"), "is not a GGUF model file"),
        (lambda d, m: _write(d / "cut.gguf", m.read_bytes()[:300_000]), "incomplete"),
    ],
)
def test_bad_model_paths_give_one_sentence_and_exit_1(
    tmp_path: Path, tiny_model: Path, make_path: object, expected: str
) -> None:
    path = make_path(tmp_path, tiny_model)  # type: ignore[operator]
    result = run_cli("ask", "--model", path, "hi")
    assert result.returncode == 1
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("deskchat:")]
    assert len(lines) == 1 and expected in lines[0]
    assert "Traceback" not in result.stderr


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_context_too_big_for_memory_is_refused(tiny_model: Path) -> None:
    big = tiny_model.parent / "big-context.gguf"
    from deskchat.hub import tiny_gguf as tg
    from deskchat.hub.tiny_gguf import write_tiny_gguf

    original = tg.CONTEXT
    tg.CONTEXT = 1 << 30  # a model that claims a billion-token context
    try:
        write_tiny_gguf(big)
    finally:
        tg.CONTEXT = original
    result = run_cli("ask", "--model", str(big), "--ctx", str(1 << 30), "hi")
    assert result.returncode == 1
    assert "context cache" in result.stderr and "choose a smaller context" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_option_values_are_usage_errors(tiny_model: Path) -> None:
    result = run_cli("ask", "--model", str(tiny_model), "--gpu-layers", "lots", "hi")
    assert result.returncode == 2
    assert "--gpu-layers takes a number, 'auto' or 'all'" in result.stderr


def test_chat_repl_commands(tiny_model: Path) -> None:
    script = (
        "\n".join(
            [
                "hello world",
                "/prompt",
                "/persona",
                "/persona one sentence only",
                "/system Be terse.",
                "/system",
                "second message",
                "/new",
                "/bogus",
                "/exit",
            ]
        )
        + "\n"
    )
    result = run_cli(
        "chat", "--model", str(tiny_model), "--max-tokens", "8", "--ignore-eos", input_text=script
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("prompt + 8 completion") == 2
    assert "<|im_start|>system\nYou are a helpful assistant" in out  # /prompt shows the text
    assert "tokens with the template 'from the model file'" in out
    assert "Dr. Seuss poet / 苏斯博士风格诗人" in out
    assert "Persona: One sentence only." in out
    assert "System prompt set." in out and "Be terse." in out
    assert "New conversation" in out and "Unknown command /bogus" in out
    listing = run_cli("history", "list").stdout
    assert "hello world" in listing


def test_ctrl_c_stops_the_answer_not_the_program(tiny_model: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskchat",
            "chat",
            "--model",
            str(tiny_model),
            "--ctx",
            "4096",
            "--max-tokens",
            "2000",
            "--ignore-eos",
            "--threads",
            "1",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
        start_new_session=True,
    )
    assert process.stdin and process.stdout
    process.stdin.write("tell me a very long story\n")
    process.stdin.flush()
    # wait for the answer to start streaming, then press Ctrl-C (SIGINT to the group)
    deadline = time.monotonic() + 60
    seen = ""
    while "> " not in seen or len(seen.rsplit("> ", 1)[1]) < 20:
        seen += process.stdout.read(1)
        assert time.monotonic() < deadline
    os.killpg(process.pid, signal.SIGINT)
    process.stdin.write("after the stop\n/exit\n")
    process.stdin.flush()
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    stats = [ln for ln in (seen + out).splitlines() if "completion" in ln]
    assert "stopped" in stats[0]
    first_count = int(stats[0].split(" + ")[1].split(" completion")[0].replace(",", ""))
    assert first_count < 2000
    assert len(stats) == 2, "the program kept running and answered the next message"


def test_doctor_reports_backend_paths_and_keyring() -> None:
    result = run_cli("doctor")
    assert result.returncode == 0, result.stderr
    assert "Backend:\n  CPU; GPU offload not built in" in result.stdout
    assert "history" in result.stdout and os.environ["DESKCHAT_HOME"] in result.stdout
    assert "Keyring:" in result.stdout


def test_version() -> None:
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("deskchat 0.")


def test_bench_compares_with_plain_llama_cpp_and_shows_cache_reuse(tiny_model: Path) -> None:
    result = run_cli(
        "bench", "--model", str(tiny_model), "--tokens", "32", "--rounds", "1", "--turns", "3"
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(r"plain llama-cpp-python\s+[\d.]+ tok/s", out)
    assert re.search(
        r"deskchat engine process\s+[\d.]+ tok/s\s+\(32 tokens\)\s+ratio \d+\.\d{3}", out
    )
    assert re.search(r"deskchat session \+ SQLite\s+[\d.]+ tok/s.*ratio \d+\.\d{3}", out)
    rows = [ln.split() for ln in out.splitlines() if re.match(r"^\s+\d+\s+\d+\s+\d+\s", ln)]
    assert [int(r[0]) for r in rows] == [1, 2, 3]
    for previous, current in itertools.pairwise(rows):
        # the previous turn's prompt came from the KV cache: only the new tokens were run
        assert int(current[2]) <= int(current[1]) - int(previous[1])
    assert "TTFT turn 3 / turn 2" in out


def test_no_display_gives_a_sentence_not_a_crash() -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = subprocess.run(
        [sys.executable, "-m", "deskchat"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode == 1
    assert "There is no display to open the window on" in result.stderr
    assert "deskchat chat" in result.stderr and "Traceback" not in result.stderr
