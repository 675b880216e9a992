"""The steps of the generation loop: sample a token, then put it in the KV cache.

``PlainSteps`` does one token at a time. ``LookupSteps`` puts each token in the cache
together with a guess of the tokens after it (prompt_lookup), all in one llama_decode with
logits at every position; the next tokens are then sampled position by position from those
logits, and while each equals the guess it is already in the cache, with no decode at all.
The first token that differs ends the guess: the positions after it leave the cache.

Every token is still sampled by the same sampler chain, from logits of exactly the tokens
before it, in order (the penalties see the same history, a seeded draw makes the same
draws), so the answer is the one plain decoding gives: the same tokens at temperature 0,
and the same distribution above it.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from typing import Any, Protocol

from deskchat.engine.prompt_lookup import MAX_DRAFT, DraftBudget, NgramDrafter

log = logging.getLogger(__name__)


class Steps(Protocol):
    def sample(self) -> int:
        """The next token, sampled and accepted by the sampler chain."""

    def advance(self, token: int) -> None:
        """Put ``token``, the last one sampled, in the cache: the next sample follows it."""

    def close(self) -> None:
        """The cache holds the answer's tokens and nothing guessed beyond them."""


class PlainSteps:
    """One token at a time, as llama-cpp-python evaluates them."""

    def __init__(self, llm: Any, sampler: Any) -> None:
        self._llm = llm
        self._sampler = sampler

    def sample(self) -> int:
        token: int = self._sampler.sample(self._llm._ctx, -1)
        return token

    def advance(self, token: int) -> None:
        self._llm.eval([token])

    def close(self) -> None:
        pass


class LookupSteps:
    """Tokens put in the cache with a guess of what follows, checked in the same batch.

    ``end``: the first cache position not worth filling (the context's size, or where the
    answer's length ends), so a guess never crosses the context nor runs past max_tokens.
    llama-cpp-python's ``n_tokens`` and ``input_ids`` always describe the cache, as its own
    eval keeps them: the next turn's prefix reuse compares the new prompt with them."""

    def __init__(self, lib: Any, llm: Any, sampler: Any, end: int) -> None:
        self._lib = lib
        self._llm = llm
        self._sampler = sampler
        self._end = end
        self._drafter = NgramDrafter(llm.input_ids[: llm.n_tokens].tolist())
        self._budget = DraftBudget()
        self._batch = lib._internals.LlamaBatch(n_tokens=MAX_DRAFT + 1, embd=0, n_seq_max=1)
        self._guess: deque[int] = deque()  # guessed tokens in the cache, not yet sampled
        self._drafted = 0  # the length of the guess being checked
        self._seconds = 0.0  # how long its step took
        self._row = -1  # the batch row whose logits the next sample reads
        self._guessing = True  # False once the cache refused to drop a position
        # a guess is checked with the threads of one token's step, not the prompt's (all
        # logical CPUs by default): a few tokens are decoding work, and more threads than
        # cores made a two-token batch cost ten single steps on a busy machine
        lib.llama_set_n_threads(llm._ctx.ctx, llm.n_threads, llm.n_threads)

    def sample(self) -> int:
        token: int = self._sampler.sample(self._llm._ctx, self._row)
        return token

    def advance(self, token: int) -> None:
        self._drafter.append(token)
        if self._guess and self._guess[0] == token:  # right: it is in the cache already
            self._guess.popleft()
            self._row += 1
            return
        self._settle()
        room = self._end - self._llm.n_tokens - 1
        limit = min(self._budget.limit(), room) if self._guessing else 0
        self._decode(token, self._drafter.draft(limit))

    def close(self) -> None:
        self._settle()
        self._batch.close()
        llm = self._llm
        self._lib.llama_set_n_threads(llm._ctx.ctx, llm.n_threads, llm.n_threads_batch)

    def _settle(self) -> None:
        """The guess is over: count how much of it was right, drop the rest from the cache."""
        left = len(self._guess)
        if self._row >= 0:  # a step of this answer's (not the prompt's) is over
            self._budget.record(self._drafted, self._drafted - left, self._seconds)
        self._drafted = 0
        if not left:
            return
        llm = self._llm
        keep = llm.n_tokens - left
        self._guess.clear()
        if llm._ctx.kv_cache_seq_rm(-1, keep, -1):
            llm.n_tokens = keep
            return
        # a cache that cannot drop its last positions (a recurrent state): read the
        # answer's tokens again from the start, and guess no more in this answer
        log.warning("the KV cache could not drop guessed tokens; prompt lookup is off")
        self._guessing = False
        kept = llm.input_ids[:keep].tolist()
        llm.reset()
        llm.eval(kept)

    def _decode(self, token: int, guess: list[int]) -> None:
        llm = self._llm
        tokens = [token, *guess]
        start = llm.n_tokens
        batch = self._batch.batch
        batch.n_tokens = len(tokens)
        for i, t in enumerate(tokens):
            batch.token[i] = t
            batch.pos[i] = start + i
            batch.seq_id[i][0] = 0
            batch.n_seq_id[i] = 1
            batch.logits[i] = True
        llm._ctx.kv_cache_seq_rm(-1, start, -1)  # as llama-cpp-python's eval does
        began = time.perf_counter()
        llm._ctx.decode(self._batch)
        self._seconds = time.perf_counter() - began
        llm.input_ids[start : start + len(tokens)] = tokens
        llm.n_tokens = start + len(tokens)
        self._guess.extend(guess)
        self._drafted = len(guess)
        self._row = 0
