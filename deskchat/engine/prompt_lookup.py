"""Prompt-lookup drafting: guess the next tokens of an answer from the text it already has.

An answer that repeats its context (edit this code, translate this list, quote a document)
writes long runs of tokens that are already in the prompt. When the last few tokens so far
also occur earlier, the tokens that followed them there are a good guess at what comes next;
the engine checks a guess in one batch (lookup_decoder) and keeps what the model would have
written anyway, so the answer is the same, only sooner.

Pure Python, no llama.cpp: the n-gram index and the rule that decides how much to guess.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_NGRAM = 3  # the longest suffix looked up (longer ones rarely pick a better place)
MIN_NGRAM = 2  # a single token repeats too often by chance to predict what follows it
MAX_DRAFT = (
    10  # the most tokens guessed at once (measured: tests/benchmarks/prompt_lookup_benchmark.py)
)
MAX_PAUSE = 32  # after guesses keep failing, at most this many tokens go by without one


class NgramDrafter:
    """The tokens so far (prompt and answer), indexed by their 2- and 3-grams: a draft is
    what followed the most recent earlier occurrence of the longest n-gram that ends them."""

    def __init__(
        self, tokens: Iterable[int], max_n: int = MAX_NGRAM, min_n: int = MIN_NGRAM
    ) -> None:
        self._sizes = range(max_n, min_n - 1, -1)
        self._tokens: list[int] = []
        # n-gram -> the position of the token that followed its most recent occurrence
        self._after: dict[tuple[int, ...], int] = {}
        for token in tokens:
            self.append(token)

    def append(self, token: int) -> None:
        tokens = self._tokens
        end = len(tokens)  # where ``token`` goes: it follows the n-grams that end here
        tokens.append(token)
        for n in self._sizes:
            if end >= n:
                self._after[tuple(tokens[end - n : end])] = end

    def draft(self, limit: int) -> list[int]:
        """Up to ``limit`` tokens that may come next; none when nothing earlier matches."""
        if limit <= 0:
            return []
        tokens = self._tokens
        size = len(tokens)
        for n in self._sizes:
            if size >= n:
                start = self._after.get(tuple(tokens[size - n :]))
                if start is not None:
                    return self._continuation(start, limit)
        return []

    def _continuation(self, start: int, limit: int) -> list[int]:
        """What followed ``start``; where that runs into the present, the run repeats (the
        text since ``start`` comes again: a repeating pattern goes on repeating)."""
        tokens = self._tokens
        guess = tokens[start : start + limit]
        period = len(tokens) - start
        while len(guess) < limit:
            guess.append(guess[len(guess) - period])
        return guess


class DraftBudget:
    """How many tokens to guess next, from how the last guesses fared.

    Checking a guess costs more than one token's step (every guessed position gets its
    logits: with Gemma 3's 262,144-token vocabulary each costs about half a step), so it
    pays only when the tokens it keeps come sooner than plain steps would have made them:
    each check is timed against the running time of a plain step. After a guess taken in
    full the next may be twice as long (up to MAX_DRAFT); after a partial one, one longer
    than what was kept; after a check that did not pay, guessing pauses for a number of
    tokens that doubles with each such check in a row (up to MAX_PAUSE), so an answer that
    repeats nothing runs at plain speed."""

    def __init__(self, max_draft: int = MAX_DRAFT) -> None:
        self._max = max_draft
        self._length = max_draft
        self._misses = 0
        self._pause = 0
        self._step_s: float | None = None  # a plain step's seconds, a running mean

    def limit(self) -> int:
        """The longest guess worth making now (0: step one token without guessing)."""
        if self._pause > 0:
            self._pause -= 1
            return 0
        return self._length

    def record(self, drafted: int, accepted: int, seconds: float) -> None:
        """A step that guessed ``drafted`` tokens, of which the first ``accepted`` were
        right, and took ``seconds``."""
        if drafted <= 0:
            step = self._step_s
            self._step_s = seconds if step is None else 0.8 * step + 0.2 * seconds
            return
        if accepted >= drafted:
            self._length = min(self._max, 2 * self._length)
        else:
            self._length = max(1, accepted + 1)
        if self._step_s is None:  # no plain step timed yet: paid if most of it was right
            paid = 2 * accepted >= drafted
        else:
            paid = seconds / (accepted + 1) < self._step_s
        if paid:
            self._misses = 0
            return
        self._misses += 1
        self._pause = min(MAX_PAUSE, 2**self._misses)
