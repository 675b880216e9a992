"""A GGUF whose chat template attacks the machine: `deskchat ask` says one sentence and exits."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from deskchat.hub.tiny_gguf import write_tiny_gguf
from tests.conftest import run_cli

HOSTILE = {
    "loops for minutes": (
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
        "The chat template took too long to render (over 2 s) and was stopped.",
    ),
    "pads to a billion characters": (
        "{{ 'a'|center(1000000000) }}",
        "The chat template tried something unsafe and was stopped "
        "(the template tried to build a huge string).",
    ),
    "fills a gigabyte": (
        "{% set ns = namespace(l=[]) %}{% for i in range(10000) %}"
        "{% set ns.l = ns.l + [('x' * 100000) ~ i] %}{% endfor %}{{ ns.l|length }}",
        "The chat template tried to use too much memory and was stopped.",
    ),
    "prints a hundred million characters": (
        "{% for i in range(100000) %}{{ 'x' * 1000 }}{% endfor %}",
        "The chat template produced too much text (over 4,194,304 characters) and was stopped.",
    ),
}


@pytest.mark.parametrize(("source", "sentence"), HOSTILE.values(), ids=HOSTILE.keys())
def test_ask_with_a_hostile_template_says_one_sentence_and_exits_1(
    tmp_path: Path, source: str, sentence: str
) -> None:
    model = write_tiny_gguf(tmp_path / "hostile.gguf", chat_template=source)
    started = time.monotonic()
    result = run_cli("ask", "--model", str(model), "hi", timeout=60)
    took = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("deskchat:")]
    assert said == [f"deskchat: {sentence}"]
    assert "Traceback" not in result.stderr
    assert not result.stdout.strip(), "no answer is printed"
    assert took < 20, f"took {took:.1f} s"  # the Python start and the model load included
