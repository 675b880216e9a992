"""The engine's side of saved KV states: before a prompt is read, what the context holds is
saved if the prompt would throw it away (the person turned to another chat, or an API
client sent another conversation), and the saved state sharing the longest prefix with the
prompt is restored when it beats what the context holds. Then only the rest is evaluated.

llama.cpp reads and writes one sequence's cells (``llama_state_seq_*``): the cells of
sequence 0, which is the whole context of this engine.
"""

from __future__ import annotations

import ctypes
import logging
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from deskchat.engine.kv_states import StateStore, Tokens, common_prefix, state_key
from deskchat.engine.protocol import KvStateConfig, KvStates, LoadRequest

_log = logging.getLogger("deskchat.engine.kv_states")

MIN_GAIN = 32  # restoring costs a copy of the state: it must spare reading this many tokens
_SEQ = 0
# load options that do not change what a state holds
_NOT_IN_KEY = ("n_threads", "use_mmap", "seed")


class ChatStates:
    """Saved states of the loaded model and load options."""

    def __init__(self, lib: Any, store: StateStore, min_tokens: int) -> None:
        self._lib = lib
        self.store = store
        self._min_tokens = min_tokens

    @classmethod
    def open(cls, lib: Any, request: LoadRequest) -> ChatStates | None:
        config = request.states
        if config is None:
            return None
        options = {k: v for k, v in asdict(request.options).items() if k not in _NOT_IN_KEY}
        key = state_key(request.path, options, str(getattr(lib, "__version__", "")))
        folder = Path(config.folder) if config.folder else None
        store = StateStore(key, folder, config.ram_bytes, config.disk_bytes)
        return cls(lib, store, config.min_tokens)

    def configure(self, config: KvStateConfig) -> KvStates:
        self._min_tokens = config.min_tokens
        self.store.set_budgets(config.ram_bytes, config.disk_bytes)
        return self.store.usage()

    def before_prompt(self, llm: Any, prompt: list[int]) -> bool:
        """Save what the context holds if ``prompt`` would throw it away; restore the saved
        state that spares the most reading. True: the context holds a restored state."""
        wanted = np.asarray(prompt, dtype=np.int32)
        held = int(llm.n_tokens)
        current = common_prefix(_held(llm), wanted) if held else 0
        if current < held:
            self.save(llm)
        found = self.store.best(wanted)
        if found is None or found[1] < current + MIN_GAIN:
            return False
        state, _common = found
        data = self.store.data(state)
        if data is None:
            return False
        if not self._restore(llm, state.tokens, data):
            self.store.discard(state, "llama.cpp could not read it")
            return False
        return True

    def save(self, llm: Any) -> None:
        """Keep what the context holds now (if it is long enough to be worth it)."""
        held = int(llm.n_tokens)
        if held < self._min_tokens:
            return
        lib, ctx = self._lib, llm._ctx.ctx
        size = int(lib.llama_state_seq_get_size(ctx, _SEQ))
        if size <= 0:
            return
        buffer = (ctypes.c_uint8 * size)()
        written = int(lib.llama_state_seq_get_data(ctx, buffer, size, _SEQ))
        if written <= 0:
            _log.warning("llama.cpp gave no KV state for %d tokens", held)
            return
        self.store.put(_held(llm), memoryview(buffer)[:written].tobytes())

    def close(self, llm: Any | None) -> None:
        """The model goes (unload, another model, the engine exits): what the context holds
        is saved, and the files being written are finished."""
        if llm is not None:
            self.save(llm)
        self.store.close()

    def _restore(self, llm: Any, tokens: Tokens, data: bytes) -> bool:
        lib, ctx = self._lib, llm._ctx.ctx
        llm._ctx.kv_cache_seq_rm(_SEQ, -1, -1)
        llm.n_tokens = 0
        buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
        if int(lib.llama_state_seq_set_data(ctx, buffer, len(data), _SEQ)) <= 0:
            llm._ctx.kv_cache_seq_rm(_SEQ, -1, -1)
            return False
        n = len(tokens)
        llm.input_ids[:n] = tokens
        llm.n_tokens = n
        return True


def _held(llm: Any) -> Tokens:
    held: Tokens = np.asarray(llm.input_ids[: int(llm.n_tokens)], dtype=np.int32)
    return held
