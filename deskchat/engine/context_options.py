"""What llama-cpp-python's Llama does not take directly from LoadOptions: llama.cpp's
numbers for KV-cache types, flash attention "auto", and whether a sliding-window cache still
holds what a reused prefix needs."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from deskchat.chat.generation import FlashAttention


def ggml_type(llama_cpp: Any, name: str) -> int:
    """llama.cpp's number for a KV-cache type named as in LoadOptions ("q8_0")."""
    return int(getattr(llama_cpp, f"GGML_TYPE_{name.upper()}"))


@contextlib.contextmanager
def flash_attention(llama_cpp: Any, choice: FlashAttention) -> Iterator[None]:
    """Models loaded meanwhile get flash attention auto, on or off. llama-cpp-python's Llama
    takes only a bool (on or off), so its context class is given the choice (llama.cpp's
    AUTO among them) as the context is made. "auto" is llama.cpp's own auto, on CPU too:
    on a quiet 2-core machine Gemma 3 270M read a 3,000-token prompt 1.33x faster with it
    and decoded 6% faster (tests/benchmarks/prompt_eval_benchmark.py). An earlier "off on
    CPU" came from the tiny random test model, whose 8-wide heads decode slower with it.
    A quantised V cache needs it, and auto turns it on there. A state saved without it (its
    V cache transposed) does not restore into a context with it: llama.cpp refuses the
    state, which is then dropped and the prompt read again."""
    internals = llama_cpp._internals
    base = internals.LlamaContext
    kind = {
        "auto": llama_cpp.LLAMA_FLASH_ATTN_TYPE_AUTO,
        "on": llama_cpp.LLAMA_FLASH_ATTN_TYPE_ENABLED,
        "off": llama_cpp.LLAMA_FLASH_ATTN_TYPE_DISABLED,
    }[choice]

    class Context(base):  # type: ignore[misc,valid-type]
        def __init__(self, *, model: Any, params: Any, verbose: bool = True) -> None:
            params.flash_attn_type = kind
            super().__init__(model=model, params=params, verbose=verbose)

    internals.LlamaContext = Context
    try:
        yield
    finally:
        internals.LlamaContext = base


def swa_keeps(llama_cpp: Any, llm: Any, common: int) -> bool:
    """Whether the KV cache still holds what the token after a reused prefix of ``common``
    tokens attends to. With a window-sized sliding-window cache (``swa_full`` off), llama.cpp
    overwrites the window layers' oldest cells as a sequence grows; going back further than
    they reach (regenerating after a long answer) would read a cache missing part of the
    window and answer wrongly without any error, so the prompt is read again instead, as
    llama-server does."""
    n_swa = int(llama_cpp.llama_model_n_swa(llm._model.model))
    if n_swa <= 0 or llm.context_params.swa_full or common <= 0:
        return True
    memory = llama_cpp.llama_get_memory(llm._ctx.ctx)
    oldest = int(llama_cpp.llama_memory_seq_pos_min(memory, 0))  # -1: nothing cached
    return oldest <= max(0, common - n_swa)
