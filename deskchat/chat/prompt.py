"""History -> one prompt that fits the context window.

The system prompt and the persona's example turns always stay. When the conversation is
too long, whole turns are dropped oldest first (rolling window), or the request is refused
with a sentence ("stop" policy). Token counts are exact: they come from the model's own
tokenizer through ``count_tokens``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from deskchat.chat.generation import PromptPart
from deskchat.chat.prompt_parts import prompt_text, split_prompt
from deskchat.chat.reasoning import ReasoningFormat, detect_format
from deskchat.chat.templates import ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError
from deskchat.sentences import Sentence

OverflowPolicy = Literal["rolling", "stop"]
CountTokens = Callable[[Sequence[PromptPart]], int]  # the exact count of a rendered prompt


@dataclass(frozen=True)
class PromptPlan:
    """A rendered prompt and what it holds."""

    text: str
    prompt_tokens: int
    n_ctx: int
    max_tokens: int
    included: tuple[int, ...]  # ids of history turns inside the window, oldest first
    dropped: tuple[int, ...]  # ids of history turns left out, oldest first
    stops: tuple[str, ...]
    template_name: str
    # what was rendered (system, examples, kept turns), for engines that take messages
    turns: tuple[Turn, ...] = ()
    # ``text`` as the template's markup and the messages' plain text (see prompt_parts)
    parts: tuple[PromptPart, ...] = ()
    # how the model's answer is split into its thought and the answer (chat/reasoning.py)
    reasoning: ReasoningFormat = "none"
    estimated: bool = False  # token counts guessed from the text (no tokenizer at hand)

    @property
    def available(self) -> int:
        """Tokens left for the answer and later turns."""
        return self.n_ctx - self.prompt_tokens


def _opening(system_prompt: str, examples: Sequence[Turn]) -> list[Turn]:
    head = [Turn("system", system_prompt)] if system_prompt.strip() else []
    return head + list(examples)


def build_prompt(
    *,
    template: ChatTemplate,
    system_prompt: str,
    examples: Sequence[Turn],
    history: Sequence[Turn],
    count_tokens: CountTokens,
    n_ctx: int,
    max_tokens: int,
    policy: OverflowPolicy = "rolling",
    bos_token: str = "",
    eos_token: str = "",
    options: Mapping[str, bool | str] | None = None,
) -> PromptPlan:
    """Render ``history`` (oldest first, ending with the new user turn) for the model;
    ``options``: the template options it reads (``option_values``), in every rendering."""
    if not history:
        raise ValueError("history must hold at least the new user turn")
    opening = _opening(system_prompt, examples)

    def write(turns: Sequence[Turn]) -> str:
        return template.render(turns, bos_token=bos_token, eos_token=eos_token, options=options)

    def render(drop: int) -> tuple[tuple[PromptPart, ...], int]:
        turns = [*opening, *history[drop:]]
        parts = split_prompt(write(turns), turns, write)
        return parts, count_tokens(parts)

    def plan(drop: int, parts: tuple[PromptPart, ...], tokens: int) -> PromptPlan:
        return PromptPlan(
            text=prompt_text(parts),
            prompt_tokens=tokens,
            n_ctx=n_ctx,
            max_tokens=max_tokens,
            included=tuple(t.id for t in history[drop:] if t.id is not None),
            dropped=tuple(t.id for t in history[:drop] if t.id is not None),
            stops=template.stops,
            template_name=template.name,
            turns=(*opening, *history[drop:]),
            parts=parts,
            reasoning=detect_format(template.text) if template.text else "none",
        )

    budget = n_ctx - max_tokens
    parts, tokens = render(0)
    if tokens <= budget:
        return plan(0, parts, tokens)
    if policy == "stop":
        raise ContextOverflowError(
            Sentence(
                "This conversation needs {tokens} tokens plus {answer} for the answer, but the "
                "context holds {n_ctx}. Start a new chat, lower the answer length, or switch "
                "the overflow policy to the rolling window.",
                tokens=tokens,
                answer=max_tokens,
                n_ctx=n_ctx,
            )
        )
    # Candidate cut points: the kept part must start with a user turn (templates such as
    # Gemma's and Mistral's require user/assistant alternation).
    cuts = [i for i in range(1, len(history)) if history[i].role == "user"]
    last = len(history) - 1
    if not cuts or cuts[-1] != last:
        cuts.append(last)
    low, high = 0, len(cuts) - 1
    best: tuple[int, tuple[PromptPart, ...], int] | None = None
    while low <= high:  # fewest dropped turns that fit; tokens shrink as cuts grow
        mid = (low + high) // 2
        t, n = render(cuts[mid])
        if n <= budget:
            best = (cuts[mid], t, n)
            high = mid - 1
        else:
            low = mid + 1
    if best is None:
        _, floor = render(last)
        raise ContextOverflowError(
            Sentence(
                "Your message with the system prompt needs {tokens} tokens plus {answer} for "
                "the answer, but the context holds {n_ctx}. Shorten the message, lower the "
                "answer length, or load the model with a larger context.",
                tokens=floor,
                answer=max_tokens,
                n_ctx=n_ctx,
            )
        )
    return plan(*best)
