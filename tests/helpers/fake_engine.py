"""A scripted engine with real behaviour (counts, cancel, crash), for fast session tests."""

from __future__ import annotations

import time
from collections.abc import Iterator

from deskchat.chat.generation import Done, ModelInfo, Piece, Prompt, PromptProgress, SamplingParams
from deskchat.chat.prompt import PromptPlan
from deskchat.chat.prompt_parts import prompt_text
from deskchat.errors import EngineCrashedError


def fake_model_info(n_ctx: int = 4096, template: str | None = None) -> ModelInfo:
    return ModelInfo(
        path="/models/fake-chat.gguf",
        name="fake-chat",
        architecture="llama",
        n_ctx=n_ctx,
        n_ctx_train=n_ctx,
        n_vocab=100,
        bos_token="<s>",
        eos_token="</s>",
        bos_id=1,
        eos_id=2,
        add_bos=True,
        chat_template=template
        or "{% for m in messages %}<{{ m.role }}>{{ m.content }}\n{% endfor %}<assistant>",
        n_gpu_layers=0,
        load_seconds=0.0,
    )


class FakeEngine:
    """Answers with scripted words; one token per word; token count = words in the text.
    ``prompt_steps``: reads the prompt in that many steps of ``delay_s`` each, saying how far
    it got as the local engine does (``PromptProgress``: at the start, each step, the end)."""

    def __init__(
        self,
        answers: list[str] | None = None,
        *,
        n_ctx: int = 4096,
        delay_s: float = 0.0,
        crash_after: int | None = None,
        endless: bool = False,
        prompt_steps: int = 0,
    ) -> None:
        self.model: ModelInfo | None = fake_model_info(n_ctx)
        self.answers = list(answers or ["Hello there, friend."])
        self.delay_s = delay_s
        self.crash_after = crash_after
        self.endless = endless
        self.prompt_steps = prompt_steps
        self.prompts: list[str] = []
        self.samplings: list[SamplingParams] = []
        self.cancelled = False

    def caller(self) -> FakeEngine:
        """The shared-engine side (the API server's): one fake serves every party."""
        return self

    def close(self) -> None:
        self.cancelled = True

    def count_tokens(self, text: Prompt) -> int:
        return len(prompt_text(text).split())

    def cancel(self) -> None:
        self.cancelled = True

    def answer(
        self, prompt: PromptPlan, sampling: SamplingParams | None = None
    ) -> Iterator[PromptProgress | Piece | Done]:
        text = prompt_text(prompt.parts) if prompt.parts else prompt.text
        if self.prompt_steps:
            total = max(self.prompt_steps, self.count_tokens(text))
            yield PromptProgress(1, 0, total, 0.0)
            for step in range(1, self.prompt_steps + 1):
                if self.delay_s:
                    time.sleep(self.delay_s)
                done = total * step // self.prompt_steps
                yield PromptProgress(1, done, total, step * self.delay_s)
        yield from self.generate(text, sampling)

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        self.prompts.append(prompt)
        self.samplings.append(sampling or SamplingParams())
        self.cancelled = False
        words = (self.answers.pop(0) if self.answers else "ok").split()
        n = 0
        reason = "stop"
        while True:
            if not self.endless and n >= len(words):
                break
            if self.crash_after is not None and n >= self.crash_after:
                raise EngineCrashedError(
                    "The engine stopped (signal 11, SIGSEGV) while generating."
                )
            if self.cancelled:
                reason = "cancelled"
                break
            word = words[n % len(words)]
            yield Piece(1, (" " if n else "") + word, (100 + n,))
            n += 1
            if self.delay_s:
                time.sleep(self.delay_s)
        yield Done(
            1,
            reason,
            self.count_tokens(prompt),
            self.count_tokens(prompt),
            n,  # type: ignore[arg-type]
            0.01,
            50.0,
            0.01,
        )
