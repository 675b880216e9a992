"""What the `deskchat` command can check before it loads a model is one sentence at once:
the model is never loaded (no "Loading" line, no engine started)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run_cli


@pytest.mark.parametrize(
    ("argv", "code", "sentence"),
    [
        (
            ("ask", "--persona", "nobody", "hi"),
            1,
            "deskchat: There is no persona called 'nobody'; choose one of: Helpful assistant",
        ),
        (("chat", "--continue", "999"), 1, "deskchat: There is no conversation 999."),
        (("ask", "--temp", "-5", "hi"), 2, "argument --temp: must be between 0 and 2, not -5."),
        (("ask", "--top-p", "7", "hi"), 2, "argument --top-p: must be between 0 and 1, not 7."),
        (
            ("chat", "--repeat-penalty", "11"),
            2,
            "argument --repeat-penalty: must be between 0 and 10, not 11.",
        ),
        (("ask", "--ctx", "16", "hi"), 2, "argument --ctx: must be at least 256 tokens, not 16."),
        (("ask", "--ctx", "-4", "hi"), 2, "argument --ctx: expected a number above 0, not -4"),
        (
            ("ask", "--ctx", "100000", "hi"),
            1,
            "deskchat: --ctx 100,000 is more than tiny-test-chat was trained on (4,096 tokens); "
            "ask for 4,096 or fewer.",
        ),
    ],
)
def test_a_mistake_is_one_sentence_before_the_model_loads(
    tiny_model: Path, argv: tuple[str, ...], code: int, sentence: str
) -> None:
    command, *rest = argv
    result = run_cli(command, "--model", str(tiny_model), *rest, timeout=60)
    assert result.returncode == code, result.stderr
    assert sentence in result.stderr
    assert "Loading" not in result.stderr and "Loaded" not in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_context_the_model_was_trained_for_still_loads(tiny_model: Path) -> None:
    result = run_cli(
        "ask", "--model", str(tiny_model), "--ctx", "4096", "--max-tokens", "2", "--ignore-eos",
        "--repeat-penalty", "3", "hi",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "context 4,096" in result.stderr


def test_serve_on_a_port_in_use_is_refused_before_the_model_loads(tiny_model: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--model", str(tiny_model), "--port", str(port), timeout=60)
    assert result.returncode == 1, result.stderr
    assert f"deskchat: Port {port} on 127.0.0.1 is already in use" in result.stderr
    assert "Loading" not in result.stderr and "Traceback" not in result.stderr
