"""A GGUF header read from the first bytes of a file, e.g. an HTTP Range request of 256 KiB
against a Hugging Face download URL, to size a model's KV cache before downloading it.

The key/value section is parsed by hand (GGUF v2/v3, little-endian) so that a prefix that
stops mid-way yields everything read so far instead of an error, and so that a hostile
header claiming absurd lengths is refused before anything is allocated.
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

GGUF_MAGIC = b"GGUF"
_ARRAY = 9
_STRING = 8
_SCALARS = {  # value type -> struct code
    0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"
}  # fmt: skip
_STRING_ARRAY_KEPT = 256  # longer string lists (vocabulary, merges) are skipped, not decoded
_MAX_DEPTH = 3  # arrays of arrays are legal; deeper nesting is malformed


class _PrefixEndError(Exception):
    """The prefix ends, or stops making sense, before the KV section does."""


@dataclass(frozen=True)
class SkippedArray:
    """An array left out of ``fields`` (a long string list such as the vocabulary), or one
    the prefix cut short; ``count`` is its declared length."""

    item_type: int
    count: int


class _CutArrayError(_PrefixEndError):
    """The prefix ends inside an array whose length is known (worth keeping: vocab size)."""

    def __init__(self, summary: SkippedArray) -> None:
        super().__init__()
        self.summary = summary


@dataclass(frozen=True)
class HeaderPrefix:
    fields: dict[str, Any]  # strings decoded, numeric arrays as lists, long string lists skipped
    complete: bool  # every key/value pair was read
    tensor_count: int
    version: int = 0  # 0: the prefix ends before it
    kv_count: int = 0  # pairs the header declares (len(fields) of them were read)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = memoryview(data)
        self.pos = 0

    def take(self, n: int) -> memoryview:
        # compare before slicing: a claimed length of 2**60 allocates nothing
        if n < 0 or n > len(self.data) - self.pos:
            raise _PrefixEndError
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def scalar(self, code: str) -> Any:
        size = struct.calcsize("<" + code)
        return struct.unpack("<" + code, self.take(size))[0]

    def string(self) -> str:
        return bytes(self.take(self.scalar("Q"))).decode("utf-8", errors="replace")

    def remaining(self) -> int:
        return len(self.data) - self.pos

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY and depth < _MAX_DEPTH:
            return self.array(depth)
        raise _PrefixEndError  # an unknown type has an unknown size: nothing after it is readable

    def array(self, depth: int) -> Any:
        item_type, count = self.scalar("I"), self.scalar("Q")
        if item_type in _SCALARS:
            size = struct.calcsize("<" + _SCALARS[item_type])
            if count * size > self.remaining():
                raise _CutArrayError(SkippedArray(item_type, count))
            return list(struct.unpack(f"<{count}{_SCALARS[item_type]}", self.take(count * size)))
        # strings take >= 8 bytes, nested arrays >= 12: too many items cannot be in the prefix
        min_size = 8 if item_type == _STRING else 12
        if count * min_size > self.remaining():
            raise _CutArrayError(SkippedArray(item_type, count))
        try:
            if item_type == _STRING and count > _STRING_ARRAY_KEPT:
                for _ in range(count):
                    self.take(self.scalar("Q"))
                return SkippedArray(item_type, count)
            return [self.value(item_type, depth + 1) for _ in range(count)]
        except _PrefixEndError as cut:  # cut inside the items: the length is still worth reporting
            raise _CutArrayError(SkippedArray(item_type, count)) from cut


def parse_header_prefix(data: bytes) -> HeaderPrefix:
    """The key/value pairs found in ``data``, the first bytes of a GGUF file.

    Raises ValueError, with a sentence, when the bytes are not a GGUF file of version 2 or 3.
    A prefix too short to hold every pair gives ``complete=False``, never an error.
    """
    if data[:4] != GGUF_MAGIC[: len(data[:4])]:
        raise ValueError("This is not a GGUF model file: it does not start with 'GGUF'.")
    reader = _Reader(data)
    fields: dict[str, Any] = {}
    try:
        reader.take(4)
        version = reader.scalar("I")
    except _PrefixEndError:
        return HeaderPrefix(fields, complete=False, tensor_count=0)
    if version not in (2, 3):
        raise ValueError(
            f"This GGUF file has format version {version}; deskchat reads versions 2 and 3."
        )
    try:
        tensor_count, kv_count = reader.scalar("Q"), reader.scalar("Q")
    except _PrefixEndError:
        return HeaderPrefix(fields, complete=False, tensor_count=0, version=version)
    complete = True
    try:
        for _ in range(kv_count):  # each pair consumes >= 13 bytes, so this ends
            key = reader.string()
            vtype = reader.scalar("I")
            try:
                fields[key] = reader.value(vtype)
            except _CutArrayError as cut:
                fields[key] = cut.summary
                raise
    except _PrefixEndError:
        complete = False
    return HeaderPrefix(fields, complete, tensor_count, version, kv_count)


@dataclass(frozen=True)
class KVShape:
    """What sizes the KV cache, with gguf_meta.GGUFInfo's conventions."""

    architecture: str
    n_layers: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    context_length: int
    sliding_window: int = 0  # informational: the cache below is sized as if there were none
    n_head: int = 0  # 0: unknown
    n_embd: int = 0
    n_vocab: int = 0  # 0: unknown

    def kv_cache_bytes(self, n_ctx: int, bytes_per_value: int = 2) -> int:
        """The cache for ``n_ctx`` tokens (f16 by default), every layer at full length: the
        same bound as GGUFInfo.kv_cache_bytes (llama.cpp may keep less for sliding-window
        layers, never more)."""
        per_token = self.n_layers * self.n_head_kv * (self.head_dim_k + self.head_dim_v)
        return per_token * n_ctx * bytes_per_value


MAX_COUNT = 2**32 - 1  # GGUF's counts and lengths are u32


def _is_count(value: Any) -> bool:
    """A whole number a count can be: not a bool, a float (NaN, inf), a string or < 0."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _number(value: Any, default: int) -> int:
    """A count from a header field; a value of the wrong type counts as missing."""
    if isinstance(value, list):  # per-layer values (some hybrids): the largest counts
        return int(max(value)) if value and all(_is_count(v) for v in value) else default
    return int(value) if _is_count(value) else default


def kv_shape(fields: Mapping[str, Any]) -> KVShape | None:
    """The KV-cache dimensions in a header's fields, or None when they are not all there."""
    arch = fields.get("general.architecture")
    if not isinstance(arch, str) or not arch:
        return None

    def arch_field(name: str, default: int = 0) -> int:
        return _number(fields.get(f"{arch}.{name}"), default)

    n_layers = arch_field("block_count")
    n_embd = arch_field("embedding_length")
    n_head = arch_field("attention.head_count", 1) or 1
    n_head_kv = arch_field("attention.head_count_kv", n_head) or n_head
    head_dim_k = arch_field("attention.key_length", n_embd // n_head)
    head_dim_v = arch_field("attention.value_length", head_dim_k)
    if n_layers <= 0 or head_dim_k <= 0:
        return None  # a zero here would claim a free cache: better to know nothing
    tokens = fields.get("tokenizer.ggml.tokens")
    n_tokens = tokens.count if isinstance(tokens, SkippedArray) else 0
    n_tokens = len(tokens) if isinstance(tokens, list) else n_tokens
    n_vocab = arch_field("vocab_size") or n_tokens
    return KVShape(
        architecture=arch,
        n_layers=n_layers,
        n_head_kv=n_head_kv,
        head_dim_k=head_dim_k,
        head_dim_v=head_dim_v,
        context_length=arch_field("context_length"),
        sliding_window=arch_field("attention.sliding_window"),
        n_head=n_head,
        n_embd=n_embd,
        n_vocab=n_vocab,
    )
