"""Where the rolling window cuts a history that no longer fits, so that the cut stays put.

Dropping the fewest turns that fit moves the cut on every turn past the window: the
prompt's beginning changes each time, and the engine reads the whole kept history again
(its KV cache holds only a common prefix). So the history is cut at block lines instead:
a line is the first user turn before which the chat's text reaches k blocks (a block is a
share of the budget), counted from the chat's beginning. A line depends on the turns before
it only, never on those after it, so the same history gives the same cut after a restart
or in another face (the API), and the cut stays where it is turn after turn, moving to the
next line only when what follows it no longer fits: a block of the window is freed at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from deskchat.chat.turns import Turn

Fits = Callable[[int], bool]  # whether the history kept from this index fits the budget
Measure = Callable[[int], int]  # the tokens of the history's text before this index

# The share of the budget freed when the cut moves. Any share makes the median turn read only
# itself; the mean falls fast up to a quarter and slowly after, while the history kept falls
# steadily (2,048-token window, 45-token exchanges: tokens read per turn 2,013 dropping one
# turn, 565 / 293 / 156 / 85 at 1/16, 1/8, 1/4, 1/2; kept 2,013, 1,962 / 1,895 / 1,757 /
# 1,485). On the starter: 38 tokens read per turn past the window against 1,973
# (tests/benchmarks/overflow_benchmark.py).
BLOCK_SHARE = 0.25


def cut_points(history: Sequence[Turn]) -> list[int]:
    """The indices the kept history may start at, ascending: its user turns (templates such
    as Gemma's and Mistral's require user/assistant alternation), and the newest turn."""
    cuts = [i for i in range(1, len(history)) if history[i].role == "user"]
    last = len(history) - 1
    if not cuts or cuts[-1] != last:
        cuts.append(last)
    return cuts


def turn_text(turn: Turn) -> str:
    """What a turn says, as the block lines measure it (its thought and calls too)."""
    calls = "".join(f"{call.name}{call.arguments}" for call in turn.tool_calls)
    return f"{turn.reasoning}{turn.content}{calls}"


def first_fit(cuts: Sequence[int], fits: Fits) -> int | None:
    """The position in ``cuts`` of the earliest cut that fits (what follows a later cut is
    shorter, so it fits too); None when not even the last one does."""
    low, high = 0, len(cuts) - 1
    found: int | None = None
    while low <= high:
        mid = (low + high) // 2
        if fits(cuts[mid]):
            found, high = mid, mid - 1
        else:
            low = mid + 1
    return found


def block_cut(cuts: Sequence[int], fit: int, before: Measure, block: int) -> int:
    """The position in ``cuts`` to cut at, given that ``cuts[fit]`` is the earliest that
    fits: the first block line at or after it. ``before(i)``: the tokens of the history's
    text before index i (it grows with i). With no line past it yet, a turn longer than a
    block across the line, or ``block`` 0: the earliest cut that fits."""
    if block <= 0:
        return fit
    line = (before(cuts[fit - 1]) // block + 1) * block if fit > 0 else block
    low, high = fit, len(cuts) - 1
    if before(cuts[high]) < line:
        return fit
    while low < high:  # the first cut whose history before it reaches the line
        mid = (low + high) // 2
        if before(cuts[mid]) >= line:
            high = mid
        else:
            low = mid + 1
    if before(cuts[low]) - line >= block:  # the turn across the line is longer than a block:
        return fit  # cutting after it would lose more than a block that fits
    return low
