"""A GGUF header read by hand (v2/v3, little-endian): the key/value section and the tensor
table with plain struct reads, seeking past what deskchat never looks at (the vocabulary,
its scores, types and merges), so that reading a model's metadata takes milliseconds
whatever the size of its vocabulary.

Two readers share the parsing:
- ``parse_header_prefix(data)``: the first bytes of a file, e.g. an HTTP Range request of
  256 KiB against a Hugging Face download URL, to size a model's KV cache before
  downloading it; a prefix that stops mid-way yields everything read so far.
- ``parse_file_header(data)``: a whole file (a memory map: only the header's pages are
  read); a header that does not add up raises ``HeaderDamagedError`` saying how.

A hostile header claiming absurd counts or lengths is refused before anything is
allocated: every length is compared with the bytes left, and every loop consumes bytes.
"""

from __future__ import annotations

import math
import mmap
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from deskchat.chat.generation import KV_CACHE_TYPES

GGUF_MAGIC = b"GGUF"
_ARRAY = 9
_STRING = 8
_SCALARS = {  # value type -> struct code
    0: "B", 1: "b", 2: "H", 3: "h", 4: "I", 5: "i", 6: "f", 7: "?", 10: "Q", 11: "q", 12: "d"
}  # fmt: skip
_STRUCTS = {code: struct.Struct("<" + code) for code in _SCALARS.values()}
# Longer lists (the vocabulary, its scores and merges) are skipped, not decoded: only their
# length is kept. Short ones (per-layer head counts, a model's languages) are read.
_KEPT_STRINGS = 256
_KEPT_NUMBERS = 4096
_MAX_DEPTH = 3  # arrays of arrays are legal; deeper nesting is malformed
_MIN_PAIR = 13  # key length (8), value type (4), the smallest value (1)
_MIN_TENSOR = 24  # name length (8), dimension count (4), type (4), offset (8)
_MAX_DIMS = 4  # GGML_MAX_DIMS: llama.cpp refuses a tensor with more
_MAX_PLACE = 2**50  # a tensor's values, its offset: a petabyte is no model's
_ALIGNMENT = 32  # general.alignment when the file does not say

# ggml tensor types -> (values per block, bytes per block), to know where the data ends.
# Types llama.cpp has since dropped (31-33, 36-38) are kept: old files still carry them.
_BLOCKS = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24), 8: (32, 34),
    9: (32, 40), 10: (256, 84), 11: (256, 110), 12: (256, 144), 13: (256, 176),
    14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74), 18: (256, 98),
    19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82), 23: (256, 136), 24: (1, 1),
    25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8), 29: (256, 56), 30: (1, 2), 31: (32, 18),
    32: (32, 18), 33: (32, 18), 34: (256, 54), 35: (256, 66), 36: (32, 18), 37: (32, 18),
    38: (32, 18), 39: (32, 17), 40: (64, 36), 41: (128, 18),
}  # fmt: skip

Buffer = bytes | bytearray | mmap.mmap


class NotGGUFError(ValueError):
    def __init__(self) -> None:
        super().__init__("This is not a GGUF model file: it does not start with 'GGUF'.")


class UnsupportedVersionError(ValueError):
    def __init__(self, version: int) -> None:
        super().__init__(
            f"This GGUF file has format version {version}; deskchat reads versions 2 and 3."
        )
        self.version = version


Problem = Literal["ends", "counts", "type", "dims"]


class HeaderDamagedError(ValueError):
    """A whole file's header that does not add up. ``problem``: "ends" (the file ends
    inside its header), "counts" (it claims more pairs or tensors than it can hold),
    "type" (a value of a type GGUF does not have, ``detail``), "dims" (a tensor with more
    dimensions than ggml allows, or a size or place no file has)."""

    def __init__(self, problem: Problem, detail: int = 0) -> None:
        super().__init__(f"damaged GGUF header: {problem} {detail}")
        self.problem: Problem = problem
        self.detail = detail


class _EndError(Exception):
    """The data ends, or stops making sense, before the header does."""


class _UnknownTypeError(_EndError):
    """A value type with no known size: nothing after it can be read."""

    def __init__(self, vtype: int) -> None:
        super().__init__()
        self.vtype = vtype


@dataclass(frozen=True)
class SkippedArray:
    """An array left out of ``fields`` (a long list such as the vocabulary), or one the
    prefix cut short; ``count`` is its declared length, ``start`` where its first item is
    in the data read (to read one entry by index: ``string_at``)."""

    item_type: int
    count: int
    start: int = field(default=0, compare=False)


class _CutArrayError(_EndError):
    """The data ends inside an array whose length is known (worth keeping: vocab size)."""

    def __init__(self, summary: SkippedArray) -> None:
        super().__init__()
        self.summary = summary


@dataclass(frozen=True)
class HeaderPrefix:
    fields: dict[str, Any]  # strings decoded, short arrays as lists, long ones skipped
    complete: bool  # every key/value pair was read
    tensor_count: int
    version: int = 0  # 0: the prefix ends before it
    kv_count: int = 0  # pairs the header declares (len(fields) of them were read)


@dataclass(frozen=True)
class FileHeader:
    """A whole file's header: its metadata and what its tensor table adds up to."""

    version: int
    fields: dict[str, Any]  # as HeaderPrefix.fields
    tensor_count: int
    parameters: int  # values in all tensors
    data_end: int  # the size the file must have to hold every tensor (0: no tensors)


class _Reader:
    """Struct reads at a position in ``data`` (bytes or a memory map). Slices are copied
    out as bytes, so no view of a memory map outlives the read."""

    def __init__(self, data: Buffer, pos: int = 0) -> None:
        self.data = data
        self.end = len(data)
        self.pos = pos

    def scalar(self, code: str) -> Any:
        unpacker = _STRUCTS[code]
        if unpacker.size > self.end - self.pos:
            raise _EndError
        value = unpacker.unpack_from(self.data, self.pos)[0]
        self.pos += unpacker.size
        return value

    def skip(self, n: int) -> None:
        # compare before moving: a claimed length of 2**60 allocates nothing
        if n > self.end - self.pos:
            raise _EndError
        self.pos += n

    def string(self) -> str:
        start = self.pos
        self.skip(self.scalar("Q"))
        return bytes(self.data[start + 8 : self.pos]).decode("utf-8", errors="replace")

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in _SCALARS:
            return self.scalar(_SCALARS[vtype])
        if vtype == _STRING:
            return self.string()
        if vtype == _ARRAY and depth < _MAX_DEPTH:
            return self.array(depth)
        raise _UnknownTypeError(vtype)

    def array(self, depth: int) -> Any:
        item_type, count = self.scalar("I"), self.scalar("Q")
        start = self.pos
        try:
            if item_type in _SCALARS:
                return self._numbers(_SCALARS[item_type], item_type, count)
            # strings take >= 8 bytes, nested arrays >= 12: too many cannot be in the data
            if count * (8 if item_type == _STRING else 12) > self.end - self.pos:
                raise _EndError
            if count > _KEPT_STRINGS:
                if item_type == _STRING:
                    self._skip_strings(count)
                else:
                    for _ in range(count):
                        self.value(item_type, depth + 1)
                return SkippedArray(item_type, count, start)
            return [self.value(item_type, depth + 1) for _ in range(count)]
        except _UnknownTypeError:
            raise
        except _EndError as cut:  # cut inside the items: the length is still worth reporting
            raise _CutArrayError(SkippedArray(item_type, count, start)) from cut

    def _numbers(self, code: str, item_type: int, count: int) -> list[Any] | SkippedArray:
        size = count * _STRUCTS[code].size
        if size > self.end - self.pos:
            raise _EndError
        start = self.pos
        self.pos += size
        if count > _KEPT_NUMBERS:
            return SkippedArray(item_type, count, start)
        return list(struct.unpack_from(f"<{count}{code}", self.data, start))

    def _skip_strings(self, count: int) -> None:
        """Past ``count`` length-prefixed strings: one length read per string, nothing
        decoded (the hot loop of a 262k-token vocabulary, kept free of method calls)."""
        data, pos, unpack = self.data, self.pos, _STRUCTS["Q"].unpack_from
        try:
            for _ in range(count):
                pos += 8 + unpack(data, pos)[0]
        except struct.error:  # a length read past the end of the data
            raise _EndError from None
        if pos > self.end:
            raise _EndError
        self.pos = pos


def string_at(data: Buffer, array: SkippedArray | list[Any], index: int) -> str | None:
    """Entry ``index`` of a list of strings (a token's text in the vocabulary), read or
    skipped, without decoding the entries before it; None when there is no such entry."""
    if isinstance(array, list):
        if 0 <= index < len(array) and isinstance(array[index], str):
            return str(array[index])
        return None
    if array.item_type != _STRING or not 0 <= index < array.count or array.start <= 0:
        return None
    reader = _Reader(data, array.start)
    try:
        reader._skip_strings(index)
        return reader.string()
    except _EndError:  # a prefix that stops before it
        return None


def _read_pairs(reader: _Reader, kv_count: int, fields: dict[str, Any]) -> None:
    for _ in range(kv_count):  # each pair consumes >= 13 bytes, so this ends
        key = reader.string()
        vtype = reader.scalar("I")
        try:
            fields[key] = reader.value(vtype)
        except _CutArrayError as cut:
            fields[key] = cut.summary
            raise


def parse_header_prefix(data: bytes) -> HeaderPrefix:
    """The key/value pairs found in ``data``, the first bytes of a GGUF file.

    Raises ValueError, with a sentence, when the bytes are not a GGUF file of version 2 or 3.
    A prefix too short to hold every pair gives ``complete=False``, never an error.
    """
    if data[:4] != GGUF_MAGIC[: len(data[:4])]:
        raise NotGGUFError
    reader = _Reader(data)
    fields: dict[str, Any] = {}
    try:
        reader.skip(4)
        version = reader.scalar("I")
    except _EndError:
        return HeaderPrefix(fields, complete=False, tensor_count=0)
    if version not in (2, 3):
        raise UnsupportedVersionError(version)
    try:
        tensor_count, kv_count = reader.scalar("Q"), reader.scalar("Q")
    except _EndError:
        return HeaderPrefix(fields, complete=False, tensor_count=0, version=version)
    complete = True
    try:
        _read_pairs(reader, kv_count, fields)
    except _EndError:
        complete = False
    return HeaderPrefix(fields, complete, tensor_count, version, kv_count)


def parse_file_header(data: Buffer) -> FileHeader:
    """The header of a whole GGUF file in ``data`` (bytes or a memory map of the file).

    Raises NotGGUFError, UnsupportedVersionError or HeaderDamagedError (all ValueError).
    """
    if bytes(data[:4]) != GGUF_MAGIC:
        raise NotGGUFError
    reader = _Reader(data, 4)
    fields: dict[str, Any] = {}
    try:
        version = reader.scalar("I")
        if version not in (2, 3):
            raise UnsupportedVersionError(version)
        tensor_count, kv_count = reader.scalar("Q"), reader.scalar("Q")
        if kv_count * _MIN_PAIR + tensor_count * _MIN_TENSOR > reader.end - reader.pos:
            raise HeaderDamagedError("counts")
        _read_pairs(reader, kv_count, fields)
        parameters, data_end = _read_tensors(reader, tensor_count, _alignment(fields))
    except _UnknownTypeError as exc:
        raise HeaderDamagedError("type", exc.vtype) from None
    except _EndError:
        raise HeaderDamagedError("ends") from None
    return FileHeader(version, fields, tensor_count, parameters, data_end)


def _alignment(fields: Mapping[str, Any]) -> int:
    value = fields.get("general.alignment")
    if isinstance(value, int) and _is_count(value) and value > 0 and value & (value - 1) == 0:
        return int(value)
    return _ALIGNMENT


def _read_tensors(reader: _Reader, count: int, alignment: int) -> tuple[int, int]:
    """(values in all tensors, the file size their data needs) from the tensor table."""
    parameters = needed = 0
    for _ in range(count):
        reader.skip(reader.scalar("Q"))  # the name
        n_dims = reader.scalar("I")
        if n_dims > _MAX_DIMS:
            raise HeaderDamagedError("dims", n_dims)
        values = math.prod(reader.scalar("Q") for _ in range(n_dims))
        ggml_type, offset = reader.scalar("I"), reader.scalar("Q")
        if values > _MAX_PLACE or offset > _MAX_PLACE:  # a claim, not a tensor
            raise HeaderDamagedError("dims", n_dims)
        parameters += values
        block = _BLOCKS.get(ggml_type)  # a type unknown here: llama.cpp will say
        if block is not None:
            needed = max(needed, offset + values * block[1] // block[0])
    if count == 0:
        return 0, 0
    start = -(-reader.pos // alignment) * alignment  # the data begins aligned
    return parameters, start + needed


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

    def kv_cache_bytes(self, n_ctx: int, type_k: str = "f16", type_v: str = "f16") -> int:
        """The cache for ``n_ctx`` tokens (K and V in these cache types), every layer at full
        length: the same bound as GGUFInfo.kv_cache_bytes (llama.cpp may keep less for
        sliding-window layers, never more)."""
        return kv_bytes(
            self.n_layers, self.n_head_kv, (self.head_dim_k, self.head_dim_v), n_ctx, type_k, type_v
        )


def kv_bytes(
    n_layers: int, n_head_kv: int, head_dims: tuple[int, int], n_ctx: int, type_k: str, type_v: str
) -> int:
    """The KV cache of ``n_ctx`` tokens: every layer's K and V heads (``head_dims``: the K and
    V head sizes), each value in its cache type's bytes (a quantised type's block scales
    included)."""
    per_value = head_dims[0] * KV_CACHE_TYPES[type_k] + head_dims[1] * KV_CACHE_TYPES[type_v]
    return math.ceil(n_layers * n_head_kv * per_value * n_ctx)


MAX_COUNT = 2**32 - 1  # GGUF's counts and lengths are u32


def _is_count(value: Any) -> bool:
    """A whole number a count can be: not a bool, a float (NaN, inf), a string or < 0."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


def _number(value: Any, default: int) -> int:
    """A count from a header field; a value of the wrong type counts as missing."""
    if isinstance(value, list):  # per-layer values (some hybrids): the largest counts
        return int(max(value)) if value and all(_is_count(v) for v in value) else default
    return int(value) if _is_count(value) else default


def array_length(value: Any) -> int:
    """The length of a list field, read or skipped (0 when the field is no list)."""
    if isinstance(value, SkippedArray):
        return value.count
    return len(value) if isinstance(value, list) else 0


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
    n_vocab = arch_field("vocab_size") or array_length(fields.get("tokenizer.ggml.tokens"))
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
