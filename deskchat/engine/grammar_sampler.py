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
from collections.abc import Callable
from typing import Any

import numpy as np

# llama_token_data: the token id, its logit and its probability
_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True)


SHORTLIST = 512  # a refused pick is first drawn again from this many best tokens
# then from this many: a grammar that wants one character (a quote, a newline) may allow
# none of the best 512 words; asking it about the whole vocabulary costs 30 times more
LONG_SHORTLIST = 16_384
_UNKNOWN = 256  # the first byte of a token with no piece, or one too long to read


class FirstBytes:
    """The first byte of every token's piece as llama.cpp's grammar reads it (special
    tokens as their text), and for each byte a token that is that byte alone, read once
    per model (a quarter of a second for Gemma 3's 262,144 tokens) when a grammar first
    has to look past the shortlists.

    A grammar refuses a token at its first character it cannot take, so a token can only
    be allowed when the token that is its first byte alone is: asking the grammar about
    those 256 tokens rules out most of the vocabulary before it is asked about the rest."""

    def __init__(self, lib: Any, vocab: Any, n_vocab: int) -> None:
        self._lib = lib
        self._vocab = vocab
        self._n_vocab = n_vocab
        self._first: np.ndarray | None = None  # per token: its first byte, or _UNKNOWN
        self._alone = np.full(_UNKNOWN, -1, dtype=np.int32)  # per byte: a token of it alone
        self._always = np.zeros(0, dtype=np.int32)  # end-of-generation tokens

    def possible(self, allowed: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        """Per token, whether the grammar could allow it: ``allowed(ids)`` says which of
        the single-byte tokens ``ids`` it allows; a token whose first byte has no such
        token, and every end-of-generation token (allowed when the grammar can end), is
        kept."""
        first = self._table()
        known = self._alone >= 0
        bytes_ok = np.ones(_UNKNOWN + 1, dtype=bool)
        bytes_ok[np.nonzero(known)[0]] = allowed(self._alone[known])
        mask: np.ndarray = bytes_ok[first]
        mask[self._always] = True
        return mask

    def _table(self) -> np.ndarray:
        if self._first is None:
            lib, vocab = self._lib, self._vocab
            first = np.full(self._n_vocab, _UNKNOWN, dtype=np.int16)
            buffer = ctypes.create_string_buffer(64)
            always = []
            for token in range(self._n_vocab):
                if lib.llama_vocab_is_eog(vocab, token):
                    always.append(token)
                    continue
                n = lib.llama_token_to_piece(vocab, token, buffer, 64, 0, True)
                if n <= 0:
                    continue  # no piece, or one longer than the buffer: kept, unknown
                byte = buffer.raw[0]
                first[token] = byte
                if n == 1 and self._alone[byte] < 0:
                    self._alone[byte] = token
            self._always = np.array(always, dtype=np.int32)
            self._first = first
        return self._first


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
        first_bytes: FirstBytes | None = None,
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
        self._first_bytes = first_bytes or FirstBytes(lib, model.vocab, self._n_vocab)
        self._ids = np.arange(self._n_vocab, dtype=np.int32)
        self._candidates = np.zeros(self._n_vocab, dtype=_TOKEN_DATA)
        self._in_order = False  # the candidates' ids are the vocabulary in order
        self._one = np.zeros(1, dtype=_TOKEN_DATA)
        self.redrawn = 0  # how many picks the grammar refused (and were drawn again)
        self.narrowed = 0  # of those, how many looked past the shortlist of the best
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
        if not self._in_order:  # a pick sorted them (top-k): greedy leaves them be
            candidates["id"] = self._ids
            self._in_order = True
        candidates["logit"] = logits  # (every sampler works out "p" from the logits)
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
        """The pick among what the grammar allows, asking it about as few tokens as it can:
        the best ``SHORTLIST``; then of the best ``LONG_SHORTLIST`` and then of the whole
        vocabulary only the tokens whose first byte it allows (``FirstBytes``); the whole
        vocabulary only when that leaves nothing (``candidates`` are in vocabulary order)."""
        lists = _best(candidates["logit"], (SHORTLIST, LONG_SHORTLIST))
        short, long = lists[0], lists[-1]
        token = self._choose_allowed(candidates[short], by_logit=True)
        if token is not None:
            return token
        if len(short) == len(candidates):  # a small vocabulary: that was all of it
            self.whole += 1
            return self._choose(candidates, held=True)
        self.narrowed += 1
        possible = self._first_bytes.possible(self._allowed)
        token = self._choose_allowed(candidates[long[possible[long]]], by_logit=True)
        if token is None:  # in vocabulary order, as the whole vocabulary would be
            token = self._choose_allowed(candidates[np.nonzero(possible)[0]])
        if token is not None:
            return token
        self.whole += 1
        return self._choose(candidates, held=True)

    def _choose_allowed(self, subset: np.ndarray, *, by_logit: bool = False) -> int | None:
        """The pick among what the grammar allows of ``subset`` (a copy), None if nothing."""
        if by_logit:
            subset = subset[np.argsort(-subset["logit"], kind="stable")]
        self._apply(self._grammar, subset)
        if not np.isfinite(subset["logit"]).any():
            return None
        return self._choose(subset)

    def _allowed(self, tokens: np.ndarray) -> np.ndarray:
        """Which of ``tokens`` the grammar allows, asked all at once."""
        probe = np.zeros(len(tokens), dtype=_TOKEN_DATA)
        probe["id"], probe["logit"] = tokens, 1.0
        self._apply(self._grammar, probe)
        allowed: np.ndarray = np.isfinite(probe["logit"])
        return allowed

    def _allows(self, token: int) -> bool:
        one = self._one
        one["id"], one["logit"], one["p"] = token, 1.0, 0.0
        self._apply(self._grammar, one)
        return not math.isinf(float(one["logit"][0]))

    def _apply(self, sampler: Any, candidates: np.ndarray) -> int:
        """Run one llama.cpp sampler over ``candidates`` in place; its selected index. A
        sampler that sorts or cuts them (top-k, top-p, min-p, XTC) moves their ids."""
        lib = self._lib
        array = lib.llama_token_data_array(
            data=ctypes.cast(candidates.ctypes.data, lib.llama_token_data_p),
            size=len(candidates),
            selected=-1,
            sorted=False,
        )
        lib.llama_sampler_apply(sampler, ctypes.byref(array))
        if candidates is self._candidates and (array.sorted or array.size != len(candidates)):
            self._in_order = False
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
