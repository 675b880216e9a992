"""Template options with real llama.cpp: a tiny GGUF whose template opens a thought unless
``enable_thinking`` is false (then it writes an empty one, as Qwen3's does) and names the
reasoning effort (as gpt-oss's does). Switching thinking off, from the terminal or the API,
changes the prompt the model reads and turns what it writes from thought into answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openai
import pytest
from openai.types.chat import ChatCompletionMessageParam

from deskchat.chat.generation import LoadOptions, SamplingParams
from deskchat.chat.turns import Turn
from deskchat.engine.client import EngineClient
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.server import OpenAIServer
from deskchat.services.api_turns import ApiTurns
from deskchat.services.turn import TurnPipeline, TurnRequest
from tests.conftest import run_cli

SWITCHABLE = (
    "<|im_start|>system\nReasoning: {{ reasoning_effort }}<|im_end|>\n"
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{{ m.content.split('</think>')[-1] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n"
    "{% if enable_thinking is defined and enable_thinking is false %}<think>\n\n</think>\n\n"
    "{% else %}<think>\n{% endif %}{% endif %}"
)
EMPTY_THOUGHT = "<think>\n\n</think>"
NO_EOS = {"ignore_eos": True, "temperature": 0.0, "seed": 1}


@pytest.fixture(scope="module")
def switchable(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("models") / "tiny-switchable.gguf"
    return write_tiny_gguf(path, name="tiny-switchable", chat_template=SWITCHABLE)


@pytest.fixture(scope="module")
def engine(switchable: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(str(switchable), LoadOptions(n_ctx=1024, n_threads=2, n_batch=64))
    yield client
    client.close()


def test_the_switch_changes_the_prompt_llama_cpp_reads(engine: EngineClient) -> None:
    pipeline = TurnPipeline()
    history = [Turn("user", "hi")]
    on = pipeline.plan(engine, TurnRequest(history, SamplingParams(max_tokens=8)))
    off = pipeline.plan(
        engine,
        TurnRequest(
            history,
            SamplingParams(max_tokens=8),
            template_options={"enable_thinking": False, "reasoning_effort": "high"},
        ),
    )
    assert on.text.endswith("<think>\n") and "Reasoning: medium" in on.text
    assert off.text.endswith(EMPTY_THOUGHT + "\n\n") and "Reasoning: high" in off.text
    assert off.prompt_tokens > on.prompt_tokens  # counted by the model's own tokenizer


def test_ask_think_off_answers_instead_of_thinking(switchable: Path) -> None:
    ask = ("ask", "--model", str(switchable), "--max-tokens", "8", "--ignore-eos")
    thinking = run_cli(*ask, "--temp", "0", "hi")
    assert thinking.returncode == 0, thinking.stderr
    assert thinking.stdout.strip() == ""  # the template opened a thought: all of it is thought
    answering = run_cli(*ask, "--temp", "0", "--think", "off", "hi")
    assert answering.returncode == 0, answering.stderr
    assert answering.stdout.strip() != ""
    assert "Traceback" not in answering.stderr
    assert "no thinking switch" not in answering.stderr


def test_think_on_a_model_without_the_switch_says_so(tiny_model: Path) -> None:
    shown = run_cli("ask", "--model", str(tiny_model), "--max-tokens", "2", "--think", "off", "hi")
    assert shown.returncode == 0, shown.stderr
    assert "deskchat: This model's template has no thinking switch." in shown.stderr


def test_the_api_takes_chat_template_kwargs_and_reasoning_effort(engine: EngineClient) -> None:
    with OpenAIServer(ApiTurns(engine), port=0) as server:
        client = openai.OpenAI(base_url=server.url, api_key="unused", max_retries=0)
        messages: list[ChatCompletionMessageParam] = [{"role": "user", "content": "hi"}]

        def ask(**extra: object) -> tuple[int, dict[str, object]]:
            whole = client.chat.completions.create(
                model="tiny-switchable",
                messages=messages,
                max_tokens=4,
                extra_body={**NO_EOS, **extra},
            )
            assert whole.usage is not None
            return whole.usage.prompt_tokens, whole.choices[0].message.model_dump()

        on_tokens, on = ask()
        off_tokens, off = ask(chat_template_kwargs={"enable_thinking": False})
        assert on["content"] == "" and on["reasoning_content"]
        assert off["content"] and not off.get("reasoning_content")
        assert off_tokens > on_tokens
        high = client.chat.completions.create(
            model="tiny-switchable",
            messages=messages,
            max_tokens=1,
            reasoning_effort="high",
            extra_body=NO_EOS,
        )
        low = client.chat.completions.create(
            model="tiny-switchable",
            messages=messages,
            max_tokens=1,
            reasoning_effort="low",
            extra_body=NO_EOS,
        )
        assert high.usage is not None and low.usage is not None
        # "high" and "low" are spelled with different numbers of this vocabulary's tokens
        assert high.usage.prompt_tokens != low.usage.prompt_tokens
        with pytest.raises(openai.BadRequestError, match="enable_thinking must be true or false"):
            ask(chat_template_kwargs={"enable_thinking": "no"})
        client.close()


def test_think_and_effort_in_chat(switchable: Path, tiny_model: Path) -> None:
    commands = "/think\n/think off\n/think maybe\n/effort high\n/effort\n/prompt\n/exit\n"
    shown = run_cli("chat", "--model", str(switchable), input_text=commands)
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "Thinking is on." in out and "Thinking is off." in out
    assert "Use /think on or off." in out
    assert out.count("Reasoning effort: high.") == 2
    assert "Reasoning: high" in out and EMPTY_THOUGHT in out  # the prompt shows both
    plain = run_cli("chat", "--model", str(tiny_model), input_text="/think on\n/effort low\n")
    assert plain.returncode == 0, plain.stderr
    assert "deskchat: This model's template has no thinking switch." in plain.stderr
    assert "deskchat: This model's template has no reasoning effort setting." in plain.stderr
