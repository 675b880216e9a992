"""Grammar-constrained sampling at nearly the speed of free sampling, the way llama.cpp's
own common sampler (llama-server's) does it: sample from the model's logits without the
grammar, ask the grammar about that one token, and only when it refuses it apply the
grammar to the whole vocabulary and sample again.

Putting the grammar sampler in the chain instead checks every candidate token against the
grammar at every step: with Gemma 3's 262,144-token vocabulary that made constrained
answers about four times slower than free ones. The answer is the same either way at
temperature 0, and follows the same distribution above it (a token the grammar allows is
kept with its free probability, and a refusal is re-drawn from the constrained one, which
sums to the constrained distribution)."""

from __future__ import annotations

import ctypes
import math
from typing import Any

import numpy as np

# llama_token_data: the token id, its logit and its probability
_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True)


SHORTLIST = 512  # a refused pick is first drawn again from this many best tokens
# then from this many: a grammar that wants one character (a quote, a newline) may allow
# none of the best 512 words; asking it about the whole vocabulary costs 30 times more
LONG_SHORTLIST = 16_384


class GrammarSampler:
    """A sampler chain held to a GBNF grammar, in two parts: ``pre`` changes the logits
    (bias, penalties), ``pick`` chooses (greedy, or top-k … and a draw). Same calls as
    llama-cpp-python's ``LlamaSampler``: ``sample(ctx, idx)`` picks and accepts a token,
    ``close()`` frees it. With ``openers`` the grammar is lazy (llama.cpp's): the answer is
    free until it writes one of those tokens, and held to the grammar from that token on.

    A refused pick is drawn again from what the grammar allows among the ``SHORTLIST``
    best tokens (by the changed logits), then the ``LONG_SHORTLIST`` best, and only when
    none is allowed from the whole vocabulary: for greedy that is exactly the grammar's
    choice (every other token scores lower than some allowed one on the list); for a draw,
    the same once top-k's tokens are on the list."""

    def __init__(
        self,
        lib: Any,
        model: Any,
        pre: Any,
        pick: Any,
        grammar: str,
        root: str,
        openers: tuple[int, ...] = (),
    ) -> None:
        self._lib = lib
        self._pre = pre
        self._pick_chain = pick
        if openers:  # lazy: free until one of these tokens is written, the grammar from it
            tokens = (lib.llama_token * len(openers))(*openers)
            self._grammar = lib.llama_sampler_init_grammar_lazy_patterns(
                model.vocab, grammar.encode("utf-8"), root.encode("utf-8"), None, 0, tokens,
                len(openers),
            )  # fmt: skip
        else:
            self._grammar = lib.llama_sampler_init_grammar(
                model.vocab, grammar.encode("utf-8"), root.encode("utf-8")
            )
        if not self._grammar:
            pre.close()
            pick.close()
            raise ValueError("llama.cpp could not parse the grammar")
        assert _TOKEN_DATA.itemsize == ctypes.sizeof(lib.llama_token_data)
        self._n_vocab = int(model.n_vocab())
        self._ids = np.arange(self._n_vocab, dtype=np.int32)
        self._candidates = np.zeros(self._n_vocab, dtype=_TOKEN_DATA)
        self._one = np.zeros(1, dtype=_TOKEN_DATA)
        self.redrawn = 0  # how many picks the grammar refused (and were drawn again)
        self.whole = 0  # of those, how many needed the whole vocabulary

    def sample(self, ctx: Any, idx: int = -1) -> int:
        lib = self._lib
        token = self._choose(self._changed_logits(ctx, idx))
        if not self._allows(token):
            self.redrawn += 1
            # the pick sorted and cut the candidates: read them again (bias and penalties
            # give the same logits a second time)
            token = self._redraw(self._changed_logits(ctx, idx))
        lib.llama_sampler_accept(self._grammar, token)
        lib.llama_sampler_accept(self._pre.sampler, token)
        lib.llama_sampler_accept(self._pick_chain.sampler, token)
        return token

    def _changed_logits(self, ctx: Any, idx: int) -> np.ndarray:
        """Every token of the vocabulary with its logit at ``idx``, after bias and penalties."""
        logits = np.ctypeslib.as_array(
            self._lib.llama_get_logits_ith(ctx.ctx, idx), shape=(self._n_vocab,)
        )
        candidates = self._candidates
        candidates["id"] = self._ids
        candidates["logit"] = logits
        candidates["p"] = 0.0
        self._apply(self._pre.sampler, candidates)
        return candidates

    def _choose(self, candidates: np.ndarray, *, held: bool = False) -> int:
        """The pick among ``candidates`` (the grammar first when ``held``)."""
        if held:
            self._apply(self._grammar, candidates)
        selected = self._apply(self._pick_chain.sampler, candidates)
        # the samplers sort and cut the candidates in place: ``selected`` indexes them now
        return int(candidates["id"][selected])

    def _redraw(self, candidates: np.ndarray) -> int:
        for best in _best(candidates["logit"], (SHORTLIST, LONG_SHORTLIST)):
            shortlist = candidates[best]
            shortlist = shortlist[np.argsort(-shortlist["logit"], kind="stable")]
            self._apply(self._grammar, shortlist)
            if np.isfinite(shortlist["logit"]).any():
                return self._choose(shortlist)
        self.whole += 1
        return self._choose(candidates, held=True)

    def _allows(self, token: int) -> bool:
        one = self._one
        one["id"], one["logit"], one["p"] = token, 1.0, 0.0
        self._apply(self._grammar, one)
        return not math.isinf(float(one["logit"][0]))

    def _apply(self, sampler: Any, candidates: np.ndarray) -> int:
        """Run one llama.cpp sampler over ``candidates`` in place; its selected index."""
        lib = self._lib
        array = lib.llama_token_data_array(
            data=ctypes.cast(candidates.ctypes.data, lib.llama_token_data_p),
            size=len(candidates),
            selected=-1,
            sorted=False,
        )
        lib.llama_sampler_apply(sampler, ctypes.byref(array))
        return int(array.selected)

    def close(self) -> None:
        if self._grammar:
            self._lib.llama_sampler_free(self._grammar)
            self._grammar = None
        self._pre.close()
        self._pick_chain.close()


def _best(logits: np.ndarray, sizes: tuple[int, ...]) -> list[np.ndarray]:
    """The indexes of the ``sizes`` best logits (at most the whole vocabulary, each size
    once), smallest list first: the vocabulary is partitioned once, for the longest, and
    each shorter list taken from the one after it."""
    sizes = tuple(sorted({min(size, len(logits)) for size in sizes}))
    if sizes[-1] == len(logits):
        lists = [np.arange(len(logits))]
    else:
        lists = [np.argpartition(logits, -sizes[-1])[-sizes[-1] :]]
    for size in reversed(sizes[:-1]):
        wider = lists[0]
        lists.insert(0, wider[np.argpartition(logits[wider], -size)[-size:]])
    return lists
