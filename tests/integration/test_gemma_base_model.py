"""The real Gemma-3-270M base model (no chat template): the transcript path end to end
through the CLI. Assertions are on structure, never on exact wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.slow

STATS = re.compile(r"(\d[\d,]*) prompt \+ (\d[\d,]*) completion = (\d[\d,]*) tokens")


def numbers(line: str) -> tuple[int, int, int]:
    match = STATS.search(line)
    assert match, line
    p, c, t = (int(g.replace(",", "")) for g in match.groups())
    return p, c, t


def test_base_model_answers_as_the_assistant_and_stops_at_the_next_turn(gemma_model: Path) -> None:
    result = run_cli(
        "ask",
        "--model",
        str(gemma_model),
        "--temp",
        "0",
        "--max-tokens",
        "200",
        "What is the capital of France?",
    )
    assert result.returncode == 0, result.stderr
    assert "template: transcript (base model)" in result.stderr
    answer = result.stdout.strip()
    assert answer, "an answer was printed"
    assert "Human:" not in answer and "Assistant:" not in answer  # stop strings respected
    stats = result.stderr.strip().splitlines()[-1]
    prompt, completion, total = numbers(stats)
    assert prompt + completion == total
    assert 0 < completion < 200 and "cut at max tokens" not in stats  # it stopped by itself
    assert f"context {total:,}/4,096" in stats


def test_multi_turn_chat_reuses_the_cache_and_prompt_matches(gemma_model: Path) -> None:
    script = "My name is Ada.\nWhat is my name?\n/prompt\n/exit\n"
    result = run_cli(
        "chat",
        "--model",
        str(gemma_model),
        "--temp",
        "0",
        "--max-tokens",
        "40",
        "--persona",
        "one sentence only",
        input_text=script,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    stats = [ln for ln in out.splitlines() if "completion =" in ln]
    assert len(stats) == 2
    first, second = numbers(stats[0]), numbers(stats[1])
    assert second[0] > first[2] - 5  # turn 2's prompt holds turn 1 and its answer
    evaluated = re.search(r"(\d[\d,]*) evaluated, rest cached", stats[1])
    assert evaluated, stats[1]
    assert int(evaluated.group(1).replace(",", "")) < second[0] / 2
    # /prompt shows the transcript with the persona's system prompt and both turns
    assert "Answer in one sentence only" in out
    assert "Human: My name is Ada.\nAssistant:" in out
    assert "Human: What is my name?\nAssistant:" in out
    tokens = re.search(r"\[(\d[\d,]*) tokens with the template 'transcript \(base model\)'", out)
    assert tokens, out[-500:]
