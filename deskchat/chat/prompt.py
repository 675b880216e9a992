"""History -> one prompt that fits the context window.

The system prompt and the persona's example turns always stay. When the conversation is
too long, whole turns are dropped oldest first, a block at a time so that the prompt's
beginning (and the engine's cache of it) stays the same for many turns (rolling window,
chat/rolling_window), or the request is refused with a sentence ("stop" policy), or (the
"summary" policy) a summary the model wrote of the oldest turns stands in for them in the
system turn (chat/summary); when the turns after it no longer fit either, the plan says a
new summary is due and which turns it must cover (those the window would drop). Passages
from the person's documents (chat/passages) go with the newest message; when they do not
all fit, the lowest ranked are left out before any earlier turn is. Token counts are exact:
they come from the model's own tokenizer through ``count_tokens``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from deskchat.chat.generation import PromptPart
from deskchat.chat.passages import (
    Source,
    passages_block,
    place_in_message,
    reads_documents,
    template_documents,
)
from deskchat.chat.prompt_parts import Document, prompt_text, split_prompt
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
    # the passages the prompt gives the model (best first), those found but left out for
    # room (next best first), and the tokens the given ones take
    sources: tuple[Source, ...] = ()
    sources_left_out: tuple[Source, ...] = ()
    source_tokens: int = 0

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
    sources: Sequence[Source] = (),
) -> PromptPlan:
    """Render ``history`` (oldest first, ending with the new user turn; empty: the opening
    alone, as a preview of a new chat) for the model; ``options``: the template options it
    reads (``option_values``), in every rendering; ``tools``: the function schemas offered;
    ``block_share``: the share of the budget the rolling window frees when it must drop
    turns (0: the fewest turns, the cut then moves on every turn past the window);
    ``memory``: the chat's latest summary, used when its last message is in ``history``
    (policy "summary"); ``sources``: passages from the person's documents, best first, for
    the newest message (chat/passages: those that do not fit are left out, lowest ranked
    first, before any earlier turn is; the best one stays while the newest message fits)."""
    skip = covered(history, memory) if policy == "summary" else 0
    memory = memory if skip else None
    prompts = _Renderings(
        template=template,
        opening=_opening(with_memory(system_prompt, memory), examples),
        history=history[skip:],
        sources=sources,
        count_tokens=count_tokens,
        n_ctx=n_ctx,
        max_tokens=max_tokens,
        render_options={
            "bos_token": bos_token,
            "eos_token": eos_token,
            "options": options,
            "tools": tools,
        },
        memory=memory,
        summarised=tuple(t.id for t in history[:skip] if t.id is not None),
    )
    history = prompts.history
    budget = n_ctx - max_tokens

    def fits(drop: int, n: int) -> bool:
        return prompts.tokens(drop, n) <= budget

    # everything, or the most passages that fit beside the whole conversation
    if fits(0, len(sources)):
        return prompts.plan(0, len(sources))
    most = _most_that_fit(len(sources) - 1, lambda n: fits(0, n))
    if most is not None:
        return prompts.plan(0, most)
    # the conversation makes room (the best passage stays while the newest message fits)
    for n in (1, 0) if sources else (0,):
        if policy == "stop":
            if fits(0, n):
                return prompts.plan(0, n)
            continue
        drop = _room_made(
            history,
            partial(prompts.tokens, n=n),
            count_tokens,
            budget,
            block_share,
            summary=policy == "summary",
        )
        if drop is not None:
            return prompts.plan(drop, n, due=policy == "summary")
    if policy == "stop":
        raise _refused(prompts.tokens(0), max_tokens, n_ctx)
    raise _no_room(prompts.tokens(len(history) - 1), max_tokens, n_ctx, memory is not None)


_Rendering = tuple[tuple[Turn, ...], tuple[PromptPart, ...], int]  # turns, parts, tokens


@dataclass
class _Renderings:
    """The prompt rendered without some of the oldest turns and with some of the passages,
    each way once."""

    template: ChatTemplate
    opening: list[Turn]
    history: Sequence[Turn]
    sources: Sequence[Source]
    count_tokens: CountTokens
    n_ctx: int
    max_tokens: int
    render_options: dict[str, Any]
    memory: Memory | None
    summarised: tuple[int, ...]

    def __post_init__(self) -> None:
        self.as_documents = bool(self.sources) and reads_documents(self.template.text)
        self._done: dict[tuple[int, int], _Rendering] = {}

    def _write(self, turns: Sequence[Turn], documents: Sequence[Document] = ()) -> str:
        return self.template.render(turns, **self.render_options, documents=documents or None)

    def render(self, drop: int, n: int = 0) -> _Rendering:
        """The prompt without the ``drop`` oldest turns, with the ``n`` best passages."""
        if (drop, n) not in self._done:
            given = self.sources[:n]
            kept = self.history[drop:]
            documents = template_documents(given) if self.as_documents else []
            if not self.as_documents:
                kept = place_in_message(kept, given)
            turns = (*self.opening, *kept)
            parts = split_prompt(self._write(turns, documents), turns, self._write, documents)
            self._done[drop, n] = turns, parts, self.count_tokens(parts)
        return self._done[drop, n]

    def tokens(self, drop: int, n: int = 0) -> int:
        return self.render(drop, n)[2]

    def plan(self, drop: int, n: int, due: bool = False) -> PromptPlan:
        turns, parts, tokens = self.render(drop, n)
        given = tuple(self.sources[:n])
        texts = [s.text for s in given]
        block = "\n\n".join(texts) if self.as_documents else passages_block(given)
        history, template = self.history, self.template
        return PromptPlan(
            text=prompt_text(parts),
            prompt_tokens=tokens,
            n_ctx=self.n_ctx,
            max_tokens=self.max_tokens,
            included=tuple(t.id for t in history[drop:] if t.id is not None),
            dropped=tuple(t.id for t in history[:drop] if t.id is not None),
            stops=template.stops,
            template_name=template.name,
            turns=turns,
            parts=parts,
            reasoning=detect_format(template.text) if template.text else "none",
            summary_id=self.memory.id if self.memory is not None else None,
            summarised=self.summarised,
            summary_due=due,
            sources=given,
            sources_left_out=tuple(self.sources[n:]),
            source_tokens=self.count_tokens((PromptPart(block, markup=False),)) if block else 0,
        )


def _refused(tokens: int, answer: int, n_ctx: int) -> ContextOverflowError:
    """The "stop" policy: the conversation no longer fits."""
    return ContextOverflowError(
        Sentence(
            "This conversation needs {tokens} tokens plus {answer} for the answer, but the "
            "context holds {n_ctx}. Start a new chat, lower the answer length, or switch "
            "the overflow policy to the rolling window.",
            tokens=tokens,
            answer=answer,
            n_ctx=n_ctx,
        )
    )


def _room_made(
    history: Sequence[Turn],
    tokens_without: Callable[[int], int],
    count_tokens: CountTokens,
    budget: int,
    share: float,
    *,
    summary: bool,
) -> int | None:
    """How many of the oldest turns go so that the rest fits (None: not even the newest
    does). Under the summary policy a new summary takes the old one's place: room is kept
    for it when the newest turn leaves it."""
    room = budget - summary_room(budget) if summary else budget
    drop = _rolling_drop(history, tokens_without, count_tokens, room, share)
    if drop is None and room < budget:
        drop = _rolling_drop(history, tokens_without, count_tokens, budget, share)
    return drop


def _most_that_fit(most: int, fits: Callable[[int], bool]) -> int | None:
    """The largest n in 1..``most`` for which ``fits(n)`` (which holds for every smaller n
    once it holds for one), by bisection; None when not even 1 does."""
    low, high = 0, most  # fits(low) is taken as true, the answer is in low..high
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low or None


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
    tokens_without: Callable[[int], int],
    count_tokens: CountTokens,
    budget: int,
    share: float,
) -> int | None:
    """How many of the oldest turns the rolling window drops (chat/rolling_window: at a
    block line, so the prompt's beginning stays the same for many turns); None when not
    even the newest turn alone fits. ``tokens_without(cut)``: the prompt's tokens without
    the ``cut`` oldest turns."""
    cuts = cut_points(history)
    fit = first_fit(cuts, lambda cut: tokens_without(cut) <= budget)
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
