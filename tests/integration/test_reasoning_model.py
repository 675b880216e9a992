"""A reasoning model end to end with real llama.cpp: a tiny GGUF whose chat template opens
the thought itself (as DeepSeek-R1 distills' does), so everything it writes is thinking."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from deskchat.chat.generation import LoadOptions
from deskchat.engine.client import EngineClient
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns
from tests.conftest import run_cli

R1_STYLE = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{{ m.content.split('</think>')[-1] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n<think>\n{% endif %}"
)
NO_EOS = {"ignore_eos": True, "temperature": 0.0, "seed": 1}


@pytest.fixture(scope="module")
def thinker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("models") / "tiny-thinker.gguf"
    return write_tiny_gguf(path, name="tiny-thinker", chat_template=R1_STYLE)


def test_ask_prints_the_thought_on_stderr_and_keeps_stdout_for_the_answer(thinker: Path) -> None:
    shown = run_cli("ask", "--model", str(thinker), "--max-tokens", "8", "--ignore-eos", "hi")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == ""  # it never finished thinking: no answer text
    assert "Traceback" not in shown.stderr
    hidden = run_cli(
        "ask",
        "--model",
        str(thinker),
        "--max-tokens",
        "8",
        "--ignore-eos",
        "--hide-reasoning",
        "hi",
    )
    assert hidden.returncode == 0, hidden.stderr
    # the thought is the only difference between the two: 8 tokens of it
    assert len(shown.stderr) > len(hidden.stderr)


@pytest.fixture(scope="module")
def engine(thinker: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(str(thinker), LoadOptions(n_ctx=1024, n_threads=2, n_batch=64))
    yield client
    client.close()


def test_the_api_streams_reasoning_content_apart(engine: EngineClient) -> None:
    with OpenAIServer(ApiTurns(engine), port=0) as server:
        client = openai.OpenAI(base_url=server.url, api_key="unused", max_retries=0)
        whole = client.chat.completions.create(
            model="tiny-thinker",
            messages=[{"role": "user", "content": "hi"}],
            max_tokens=6,
            extra_body=NO_EOS,
        )
        message = whole.choices[0].message.model_dump()
        assert message["content"] == "" and message["reasoning_content"]
        assert whole.usage is not None
        assert whole.usage.completion_tokens_details is not None
        assert whole.usage.completion_tokens_details.reasoning_tokens == 6
        thought: list[str] = []
        for chunk in client.chat.completions.create(
            model="tiny-thinker",
            messages=[{"role": "user", "content": "hi"}],
            max_tokens=6,
            stream=True,
            extra_body=NO_EOS,
        ):
            if chunk.choices:
                delta = chunk.choices[0].delta.model_dump()
                assert not delta.get("content")
                thought.append(delta.get("reasoning_content") or "")
        assert "".join(thought) == message["reasoning_content"]
        client.close()
