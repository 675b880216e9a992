"""History -> one prompt that fits the context window.

The system prompt and the persona's example turns always stay. When the conversation is
too long, whole turns are dropped oldest first, a block at a time so that the prompt's
beginning (and the engine's cache of it) stays the same for many turns (rolling window,
chat/rolling_window), or the request is refused with a sentence ("stop" policy), or (the
"summary" policy) a summary the model wrote of the oldest turns stands in for them in the
system turn (chat/summary); when the turns after it no longer fit either, the plan says a
new summary is due and which turns it must cover (those the window would drop). Token
counts are exact: they come from the model's own tokenizer through ``count_tokens``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from deskchat.chat.generation import PromptPart
from deskchat.chat.prompt_parts import prompt_text, split_prompt
from deskchat.chat.reasoning import ReasoningFormat, detect_format
from deskchat.chat.rolling_window import BLOCK_SHARE, block_cut, cut_points, first_fit, turn_text
from deskchat.chat.summary import Memory, covered, summary_room, with_memory
from deskchat.chat.templates import ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError
from deskchat.sentences import Sentence

OverflowPolicy = Literal["rolling", "stop", "summary"]
OVERFLOW_POLICIES: tuple[OverflowPolicy, ...] = ("rolling", "stop", "summary")
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
    # the summary in the system turn (its note's id, None: none) and the ids of the turns
    # it stands in for, oldest first
    summary_id: int | None = None
    summarised: tuple[int, ...] = ()
    # "summary" policy: the turns after the summary do not fit; ``dropped`` are the turns
    # a new summary must cover before the answer (this plan leaves them out meanwhile)
    summary_due: bool = False

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
    tools: Sequence[Mapping[str, Any]] | None = None,
    block_share: float = BLOCK_SHARE,
    memory: Memory | None = None,
) -> PromptPlan:
    """Render ``history`` (oldest first, ending with the new user turn; empty: the opening
    alone, as a preview of a new chat) for the model; ``options``: the template options it
    reads (``option_values``), in every rendering; ``tools``: the function schemas offered;
    ``block_share``: the share of the budget the rolling window frees when it must drop
    turns (0: the fewest turns, the cut then moves on every turn past the window);
    ``memory``: the chat's latest summary, used when its last message is in ``history``
    (policy "summary")."""
    skip = covered(history, memory) if policy == "summary" else 0
    memory = memory if skip else None
    summarised = tuple(t.id for t in history[:skip] if t.id is not None)
    history = history[skip:]
    opening = _opening(with_memory(system_prompt, memory), examples)

    def write(turns: Sequence[Turn]) -> str:
        return template.render(
            turns, bos_token=bos_token, eos_token=eos_token, options=options, tools=tools
        )

    rendered: dict[int, tuple[tuple[PromptPart, ...], int]] = {}

    def render(drop: int) -> tuple[tuple[PromptPart, ...], int]:
        if drop not in rendered:
            turns = [*opening, *history[drop:]]
            parts = split_prompt(write(turns), turns, write)
            rendered[drop] = parts, count_tokens(parts)
        return rendered[drop]

    def plan(
        drop: int, parts: tuple[PromptPart, ...], tokens: int, due: bool = False
    ) -> PromptPlan:
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
            summary_id=memory.id if memory is not None else None,
            summarised=summarised,
            summary_due=due,
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
    # a new summary takes the old one's place: room for it (when the newest turn leaves it)
    room = budget - summary_room(budget) if policy == "summary" else budget
    drop = _rolling_drop(history, render, count_tokens, room, block_share)
    if drop is None and room < budget:
        drop = _rolling_drop(history, render, count_tokens, budget, block_share)
    if drop is None:
        _, floor = render(len(history) - 1)
        raise _no_room(floor, max_tokens, n_ctx, memory is not None)
    return plan(drop, *render(drop), due=policy == "summary")


def _no_room(tokens: int, answer: int, n_ctx: int, summarised: bool) -> ContextOverflowError:
    """Not even the newest turn fits beside the system prompt (and the summary)."""
    if summarised:
        return ContextOverflowError(
            Sentence(
                "Your message with the system prompt and the summary of the earlier "
                "conversation needs {tokens} tokens plus {answer} for the answer, but the "
                "context holds {n_ctx}. Shorten the message or the summary, lower the answer "
                "length, or load the model with a larger context.",
                tokens=tokens,
                answer=answer,
                n_ctx=n_ctx,
            )
        )
    return ContextOverflowError(
        Sentence(
            "Your message with the system prompt needs {tokens} tokens plus {answer} for "
            "the answer, but the context holds {n_ctx}. Shorten the message, lower the "
            "answer length, or load the model with a larger context.",
            tokens=tokens,
            answer=answer,
            n_ctx=n_ctx,
        )
    )


def _rolling_drop(
    history: Sequence[Turn],
    render: Callable[[int], tuple[tuple[PromptPart, ...], int]],
    count_tokens: CountTokens,
    budget: int,
    share: float,
) -> int | None:
    """How many of the oldest turns the rolling window drops (chat/rolling_window: at a
    block line, so the prompt's beginning stays the same for many turns); None when not
    even the newest turn alone fits."""
    cuts = cut_points(history)
    fit = first_fit(cuts, lambda cut: render(cut)[1] <= budget)
    if fit is None:
        return None
    starts = [0]  # where each turn's text begins in the history's text
    for turn in history:
        starts.append(starts[-1] + len(turn_text(turn)) + 1)
    text = "\n".join(turn_text(turn) for turn in history)

    def before(index: int) -> int:
        return count_tokens((PromptPart(text[: starts[index]], markup=False),))

    cut = cuts[block_cut(cuts, fit, before, int(budget * share))]
    if history[cut].role != "user":  # the newest turn alone, an answer or a tool's result:
        return cuts[fit]  # kept only where nothing else fits, as strict templates need
    return cut
