"""The fast grammar path (the chain picks, the grammar is asked about that one token, and
only a refusal is drawn again from what the grammar allows) writes exactly what llama.cpp's
grammar sampler over the whole vocabulary writes at temperature 0, and is held to the
grammar when it samples (where a redraw takes its own random number, so the texts differ)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
import pytest
from llama_cpp import _internals

from deskchat.engine import grammar_sampler
from deskchat.engine.grammar_sampler import GrammarSampler
from deskchat.engine.json_grammar import schema_grammar

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "maxLength": 10},
        "age": {"type": "integer"},
        "mood": {"enum": ["happy", "sad", "calm"]},
    },
    "required": ["name", "age", "mood"],
}
PROMPT = "<|im_start|>user\nDescribe a person as JSON.<|im_end|>\n<|im_start|>assistant\n"


def changes(llm: Any) -> Any:
    c = _internals.LlamaSampler()
    c.add_penalties(llm.n_vocab(), 64, 1.1, 0.0, 0.0)
    return c


def pick(temperature: float, seed: int, c: Any | None = None) -> Any:
    c = c or _internals.LlamaSampler()
    if temperature <= 0:
        c.add_greedy()
    else:
        c.add_top_k(40)
        c.add_top_p(0.95, 1)
        c.add_temp(temperature)
        c.add_dist(seed)
    return c


def write(llm: Any, sampler: Any, n: int = 48) -> list[int]:
    llm.reset()
    llm.eval(llm.tokenize(PROMPT.encode(), special=True))
    out: list[int] = []
    for _ in range(n):
        token = sampler.sample(llm._ctx, -1)
        if llama_cpp.llama_vocab_is_eog(llm._model.vocab, token):
            break
        out.append(token)
        llm.eval([token])
    sampler.close()
    return out


# the tiny vocabulary (408) whole, or cut in two shortlists and then narrowed to the tokens
# whose first byte the grammar allows
@pytest.mark.parametrize("shortlist", [512, 8])
@pytest.mark.parametrize(("temperature", "seed"), [(0.0, 0), (0.8, 7), (1.2, 11)])
def test_the_fast_path_writes_what_the_full_grammar_writes(
    tiny_model: Path, temperature: float, seed: int, shortlist: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(grammar_sampler, "SHORTLIST", shortlist)
    monkeypatch.setattr(grammar_sampler, "LONG_SHORTLIST", shortlist * 4)
    llm = llama_cpp.Llama(model_path=str(tiny_model), n_ctx=512, n_threads=1, verbose=False)
    grammar = llama_cpp.llama_grammar.LlamaGrammar.from_string(
        schema_grammar(SCHEMA), verbose=False
    )
    # llama.cpp's way in a chain: the grammar first, over every token
    whole = _internals.LlamaSampler()
    whole.add_grammar(llm._model, grammar)
    whole.add_penalties(llm.n_vocab(), 64, 1.1, 0.0, 0.0)
    expected = write(llm, pick(temperature, seed, whole))
    text, root = grammar._grammar, grammar._root
    fast = GrammarSampler(llama_cpp, llm._model, changes(llm), pick(temperature, seed), text, root)
    got = write(llm, fast)
    if temperature <= 0:
        assert got == expected
    text = llm.detokenize(got).decode(errors="replace")
    assert text.startswith("{") and '"name"' in text  # held to the schema either way
    assert fast.redrawn > 0  # a random model's picks are refused and drawn again
    assert fast.whole < fast.redrawn  # mostly from the shortlist, not the whole vocabulary
    if shortlist < 408:  # refusals looked past the shortlists, never at the whole vocabulary
        assert fast.narrowed > 0 and fast.whole == 0


def test_first_bytes_rule_out_only_what_the_grammar_refuses(tiny_model: Path) -> None:
    """Every token the grammar allows keeps its first byte's verdict, so narrowing to those
    bytes never loses an allowed token; most of the vocabulary is ruled out."""
    llm = llama_cpp.Llama(model_path=str(tiny_model), n_ctx=512, n_threads=1, verbose=False)
    grammar = llama_cpp.llama_grammar.LlamaGrammar.from_string(
        'root ::= "{" [ \\t\\n]* "\\"" [a-z]+ "\\""', verbose=False
    )
    sampler = GrammarSampler(
        llama_cpp, llm._model, changes(llm), pick(0.0, 0), grammar._grammar, grammar._root
    )
    every = np.arange(llm.n_vocab(), dtype=np.int32)
    allowed = sampler._allowed(every)
    possible = sampler._first_bytes.possible(sampler._allowed)
    assert allowed.any() and (possible | ~allowed).all()  # nothing allowed is ruled out
    assert possible.sum() < len(every) / 4
    sampler.close()


def test_a_lazy_grammar_holds_from_its_opening_token_on(tiny_model: Path) -> None:
    """tool_choice "auto": free text until the model writes the call's opening marker (one
    token), then only what the grammar allows, to its end."""
    llm = llama_cpp.Llama(model_path=str(tiny_model), n_ctx=512, n_threads=1, verbose=False)
    opener = llm.tokenize(b"<|im_start|>", add_bos=False, special=True)
    assert len(opener) == 1
    grammar = llama_cpp.llama_grammar.LlamaGrammar.from_string(
        'root ::= "<|im_start|>" [a-z]{3} "!"', verbose=False
    )
    written = []
    for seed in range(3):
        chain = changes(llm)
        chain.add_logit_bias(llm.n_vocab(), {opener[0]: 6.0})
        lazy = GrammarSampler(
            llama_cpp, llm._model, chain, pick(1.0, seed), grammar._grammar, grammar._root,
            (opener[0],),
        )  # fmt: skip
        tokens = write(llm, lazy, n=200)
        assert opener[0] in tokens, "the biased opener is written sooner or later"
        at = tokens.index(opener[0])
        held = llm.detokenize(tokens[at + 1 :]).decode()
        assert len(held) == 4 and held[:3].isalpha() and held.endswith("!"), held
        written.append(tokens[:at])
    assert any(written), "before the opener the answer was free"


def test_the_shortlists_are_the_best_logits_each_inside_the_next() -> None:
    logits = np.random.default_rng(3).standard_normal(50_000).astype(np.float32)
    short, long = grammar_sampler._best(logits, (512, 16_384))
    assert len(short) == 512 and len(long) == 16_384 and set(short) <= set(long)
    order = np.sort(logits)[::-1]
    assert logits[short].min() == order[511] and logits[long].min() == order[16_383]
    (whole,) = grammar_sampler._best(logits[:300], (512, 16_384))  # a tiny vocabulary
    assert sorted(whole) == list(range(300))
