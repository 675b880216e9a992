"""Remote failures as sentences, token estimates, and how estimated counts are shown."""

from __future__ import annotations

import socket
from email.utils import formatdate

import httpx2
import pytest

from deskchat.chat.prompt import build_prompt
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.templates import MESSAGES_TEMPLATE, render_messages
from deskchat.chat.turns import Turn
from deskchat.remote.endpoints import Endpoint
from deskchat.remote.engine import remote_model_info
from deskchat.remote.errors import (
    RemoteAuthError,
    RemoteModelNotFoundError,
    RemoteRateLimitError,
    RemoteServerError,
    redact,
    retry_after_seconds,
    status_error,
    unreachable,
)
from deskchat.remote.estimate import estimate_tokens
from deskchat.services.stats import token_facts
from deskchat.services.turn import TurnPipeline
from deskchat.store.records import Message
from tests.helpers.factories import make_message
from tests.helpers.fake_engine import FakeEngine

BASE = "http://lab:8080/v1"


def test_status_answers_become_sentences_about_what_to_do() -> None:
    auth = status_error(BASE, 401, '{"error": {"message": "bad key sk-123456"}}', {})
    assert isinstance(auth, RemoteAuthError) and "refused the API key" in str(auth)
    assert "sk-123456" not in str(auth)
    missing = status_error(BASE, 404, '{"error": "model x not found"}', {}, model_id="x")
    assert isinstance(missing, RemoteModelNotFoundError)
    assert str(missing).startswith(f"The server at {BASE} does not have the model “x”")
    limited = status_error(BASE, 429, "", {"retry-after": "30"})
    assert isinstance(limited, RemoteRateLimitError) and limited.retry_after_s == 30
    assert str(limited).endswith("try again in 30 seconds.")
    assert str(status_error(BASE, 429, "", {})).endswith("wait a moment and try again.")
    broken = status_error(BASE, 502, "<html>Bad Gateway</html>", {})
    assert isinstance(broken, RemoteServerError) and "HTTP 502: <html>Bad Gateway</html>" in str(
        broken
    )
    refused = status_error(BASE, 400, '{"detail": "context too long"}', {})
    assert str(refused) == f"The server at {BASE} refused the request (HTTP 400: context too long)."


def test_a_long_error_text_is_cut_and_a_key_in_it_is_redacted() -> None:
    error = status_error(BASE, 500, "key sk-abcdef " + "x" * 1000, {}, secret="sk-abcdef")
    assert "[API key]" in str(error) and "sk-abcdef" not in str(error)
    assert len(str(error)) < 400
    assert redact("no secret here", None) == "no secret here"


def test_retry_after_as_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("12") == 12
    assert retry_after_seconds(formatdate(1000.0 + 90, usegmt=True), now=1000.0) == 90
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_network_failures_name_their_cause() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(httpx2.ConnectError) as refused:
        httpx2.get(f"http://127.0.0.1:{port}/v1/models")
    assert "(the connection was refused)" in str(unreachable(BASE, refused.value))
    dns = httpx2.ConnectError("[Errno -2] Name or service not known")
    assert "(its name could not be found)" in str(unreachable(BASE, dns))
    slow = httpx2.ConnectTimeout("timed out")
    assert "(it did not accept a connection in time)" in str(unreachable(BASE, slow))


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Hello, world!", 3, 5),
        ("The quick brown fox jumps over the lazy dog.", 9, 12),
        ("你好,世界", 4, 6),
        ("def f(x):\n    return x * 2\n", 9, 16),
        ("", 0, 0),
        ("1234567", 2, 4),
    ],
)
def test_token_estimates_are_in_the_right_range(text: str, low: int, high: int) -> None:
    assert low <= estimate_tokens(text) <= high


def test_the_messages_view_shows_what_a_server_receives() -> None:
    turns = [Turn("system", "Be brief."), Turn("user", "Hi")]
    assert render_messages(turns) == "[system]\nBe brief.\n\n[user]\nHi\n\n[assistant]\n"
    plan = build_prompt(
        template=MESSAGES_TEMPLATE,
        system_prompt="Be brief.",
        examples=(),
        history=[Turn("user", "old", 1), Turn("assistant", "reply", 2), Turn("user", "Hi")],
        count_tokens=lambda parts: estimate_tokens(prompt_text(parts)),
        n_ctx=4096,
        max_tokens=256,
    )
    assert [t.role for t in plan.turns] == ["system", "user", "assistant", "user"]
    assert plan.text.startswith("[system]\nBe brief.")


def test_only_a_remote_model_gets_messages() -> None:
    pipeline = TurnPipeline()
    local = FakeEngine().model
    assert local is not None and not local.own_template
    assert pipeline.template(local) is not MESSAGES_TEMPLATE  # the local path stays flattened
    remote = remote_model_info(Endpoint("lab", "http://127.0.0.1:1/v1"), "m", 4096)
    assert remote.own_template and pipeline.template(remote) is MESSAGES_TEMPLATE


def _message(**fields: object) -> Message:
    counts = {
        "model": "lab: m",
        "prompt_tokens": 40,
        "prompt_evaluated": 40,
        "completion_tokens": 10,
        "ttft_ms": 120.0,
        "tokens_per_s": 30.0,
    }
    return make_message(**{**counts, **fields})


def test_estimated_counts_are_shown_with_a_sign() -> None:
    assert token_facts(_message())[0] == "40 prompt + 10 completion = 50 tokens"
    marked = token_facts(_message(tokens_estimated=True))
    assert marked[0] == "≈40 prompt + 10 completion = 50 tokens" and "≈30.0 tok/s" in marked
    dropped = token_facts(_message(tokens_estimated=True, completion_tokens=None))
    assert dropped[0] == "≈40 prompt tokens"
