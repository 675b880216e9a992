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
from deskchat.store.records import Message
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


# an answer that thinks, then answers: forced by a grammar, so even a random model does it
THINK_THEN_ANSWER = 'root ::= "<think>" [a-z]{4,10} "</think>" [a-z]{2,6}'
# earlier thoughts dropped from the history, as Qwen3's template does
DROPS_THOUGHTS = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{{ m.content.split('</think>')[-1] }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)
# earlier thoughts written back as the model wrote them, as GLM's and Qwen3.5's do
KEEPS_THOUGHTS = (
    "{% for m in messages %}<|im_start|>{{ m.role }}\n"
    "{% if m.reasoning_content %}<think>{{ m.reasoning_content }}</think>{% endif %}"
    "{{ m.content }}<|im_end|>\n{% endfor %}"
    "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}"
)


def two_turns(tmp_path: Path, template: str) -> tuple[Message, Message]:
    """Two turns of one chat on a real engine (the KV cache reused between them)."""
    from deskchat.services.app import open_app
    from deskchat.services.conversation_sink import AnswerFinished

    tmp_path.mkdir()
    model = write_tiny_gguf(tmp_path / "t.gguf", name="tiny-thinker", chat_template=template)
    app = open_app()
    try:
        app.load_model(str(model), LoadOptions(n_ctx=1024, n_threads=2, n_batch=64))
        chat = app.session.new_conversation(None)
        sampling = {"temperature": 0.0, "grammar": THINK_THEN_ANSWER, "max_tokens": 40}
        first = list(app.session.send(chat.id, "hello there", **sampling))[-1]
        second = list(app.session.send(chat.id, "and again", **sampling))[-1]
        assert isinstance(first, AnswerFinished) and isinstance(second, AnswerFinished)
        return first.message, second.message
    finally:
        app.close()


def test_a_dropped_thought_is_read_again_from_where_the_answer_began(tmp_path: Path) -> None:
    first, second = two_turns(tmp_path / "drops", DROPS_THOUGHTS)
    assert first.reasoning and first.content and "<think>" not in first.content
    assert first.reasoning_tokens and first.completion_tokens
    assert first.reasoning_tokens < first.completion_tokens  # the answer's own tokens apart
    assert second.prompt_tokens and first.prompt_tokens and second.prompt_evaluated
    # everything up to the first answer's opening stays cached; the thought it no longer
    # sees, and all after it, is evaluated again
    assert second.prompt_evaluated == second.prompt_tokens - first.prompt_tokens
    _, kept_second = two_turns(tmp_path / "keeps", KEEPS_THOUGHTS)
    assert kept_second.prompt_tokens and kept_second.prompt_tokens > second.prompt_tokens
    print(
        f"second turn, thought dropped: {second.prompt_evaluated} of {second.prompt_tokens} "
        f"evaluated; thought written back: {kept_second.prompt_evaluated} of "
        f"{kept_second.prompt_tokens}"
    )


def test_think_tags_that_are_control_tokens_of_the_vocabulary_still_split(
    tmp_path: Path,
) -> None:
    """Where <think> and </think> are control tokens (printed as nothing unless asked),
    the engine hands their text to the parser: the thought is found, the answer clean."""
    from deskchat.services.app import open_app
    from deskchat.services.conversation_sink import AnswerFinished

    model = write_tiny_gguf(
        tmp_path / "think-tokens.gguf",
        name="tiny-thinker",
        chat_template=DROPS_THOUGHTS,
        extra_control=("<think>", "</think>"),
    )
    app = open_app()
    try:
        app.load_model(str(model), LoadOptions(n_ctx=1024, n_threads=2, n_batch=64))
        think = app.engine.tokenize("<think>", add_bos=False).ids
        close = app.engine.tokenize("</think>", add_bos=False).ids
        assert len(think) == len(close) == 1  # one control token each
        chat = app.session.new_conversation(None)
        # the grammar lets the control tokens through only as themselves
        grammar = "root ::= " + f"<[{think[0]}]> [a-z]{{4,10}} <[{close[0]}]> [a-z]{{2,6}}"
        events = list(
            app.session.send(chat.id, "hi", temperature=0.0, grammar=grammar, max_tokens=40)
        )
        finished = events[-1]
        assert isinstance(finished, AnswerFinished)
        message = finished.message
        assert message.reasoning and message.content
        assert "think>" not in message.content + message.reasoning
    finally:
        app.close()
