"""Reading a GGUF file's header without loading its weights, and checking the file is whole.

Every problem a person can have with a model file (wrong path, a folder, no permission, not a
GGUF, cut short by a failed download) becomes one sentence here, before llama.cpp sees it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskchat.errors import ModelFileError

GGUF_MAGIC = b"GGUF"

# llama.cpp's file types (general.file_type), for a readable quantization label.
_FILE_TYPES = {
    0: "F32",
    1: "F16",
    2: "Q4_0",
    3: "Q4_1",
    7: "Q8_0",
    8: "Q5_0",
    9: "Q5_1",
    10: "Q2_K",
    11: "Q3_K_S",
    12: "Q3_K_M",
    13: "Q3_K_L",
    14: "Q4_K_S",
    15: "Q4_K_M",
    16: "Q5_K_S",
    17: "Q5_K_M",
    18: "Q6_K",
    19: "IQ2_XXS",
    20: "IQ2_XS",
    21: "Q2_K_S",
    22: "IQ3_XS",
    23: "IQ3_XXS",
    24: "IQ1_S",
    25: "IQ4_NL",
    26: "IQ3_S",
    27: "IQ3_M",
    28: "IQ2_S",
    29: "IQ2_M",
    30: "IQ4_XS",
    31: "IQ1_M",
    32: "BF16",
    36: "TQ1_0",
    37: "TQ2_0",
}


@dataclass(frozen=True)
class GGUFInfo:
    path: Path
    size_bytes: int
    architecture: str
    name: str
    quantization: str
    parameters: int
    context_length: int
    n_layers: int
    n_embd: int
    n_head: int
    n_head_kv: int
    head_dim_k: int
    head_dim_v: int
    has_chat_template: bool
    chat_template: str | None
    # keys whose value has the wrong type or is out of range (read as missing); llama.cpp
    # refuses such a file, so deskchat says which before it tries
    bad_fields: tuple[str, ...] = ()

    def kv_cache_bytes(self, n_ctx: int, bytes_per_value: int = 2) -> int:
        """Memory the KV cache takes for ``n_ctx`` tokens (f16 cache by default)."""
        per_token = self.n_layers * self.n_head_kv * (self.head_dim_k + self.head_dim_v)
        return per_token * n_ctx * bytes_per_value

    def memory_needed(self, n_ctx: int) -> int:
        """A conservative estimate of RAM+VRAM to run with ``n_ctx``: weights, KV cache and
        ~10% for compute buffers. The training context the file claims costs nothing by
        itself (the engine sizes its tokenizer buffers by the text, not by that claim)."""
        return int((self.size_bytes + self.kv_cache_bytes(n_ctx)) * 1.1)


def check_model_file(path: str | os.PathLike[str]) -> Path:
    """The usual mistakes with a model path, as sentences. Returns the resolved path."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ModelFileError(f"There is no file at {p}.")
    if p.is_dir():
        raise ModelFileError(f"{p} is a folder; choose a .gguf file inside it.")
    try:
        with p.open("rb") as f:
            head = f.read(8)
    except PermissionError as exc:
        raise ModelFileError(f"{p} cannot be read: permission denied.") from exc
    except OSError as exc:
        raise ModelFileError(f"{p} cannot be read: {exc.strerror or exc}.") from exc
    if len(head) < 8 or head[:4] != GGUF_MAGIC:
        raise ModelFileError(
            f"{p.name} is not a GGUF model file; deskchat loads .gguf files "
            "(llama.cpp's format, found on Hugging Face under 'GGUF')."
        )
    return p.resolve()


MAX_COUNT = 2**32 - 1  # GGUF's counts and lengths are u32: a bigger one is not a count


def _field(reader: Any, key: str) -> Any:
    """A key's value as Python data (str, int, float, bool or a list of them), None when
    missing or unreadable."""
    field = reader.fields.get(key)
    if field is None or not field.data:
        return None
    kinds = [t.name for t in field.types]
    try:
        if kinds == ["STRING"]:
            return bytes(field.parts[field.data[0]]).decode("utf-8", errors="replace")
        if kinds[:1] == ["ARRAY"] and "STRING" not in kinds:  # numbers, one part each
            return [field.parts[i][0].item() for i in field.data]
        if len(kinds) == 1 and len(field.data) == 1:
            value = field.parts[field.data[0]]
            return value[0].item() if len(value) == 1 else None
    except (AttributeError, TypeError, IndexError):
        pass
    return None


def _is_count(value: Any) -> bool:
    """A whole number a GGUF count can be (not a bool, a float, NaN, a string)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


class _Fields:
    """Typed reads of a header's keys: a value of the wrong type (a context length that is
    a string, NaN, negative or beyond u32) counts as missing, and its key is remembered."""

    def __init__(self, reader: Any) -> None:
        self._reader = reader
        self.bad: list[str] = []

    def _present(self, key: str) -> bool:
        return key in self._reader.fields

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = _field(self._reader, key)
        if isinstance(value, str):
            return value
        if required and self._present(key):
            self.bad.append(key)
        return None

    def count(self, key: str, default: int = 0) -> int:
        value = _field(self._reader, key)
        if isinstance(value, list) and value and all(_is_count(v) for v in value):
            return int(max(value))  # per-layer values (some hybrids): take the largest
        if _is_count(value):
            return int(value)
        if self._present(key):
            self.bad.append(key)
        return default


def read_gguf_info(path: str | os.PathLike[str]) -> GGUFInfo:
    """Header fields of a GGUF file, after checking it is complete. Values of the wrong type
    count as missing; ``bad_fields`` names them."""
    p = check_model_file(path)
    size = p.stat().st_size
    try:
        from gguf import GGUFReader

        reader = GGUFReader(p, "r")
    except (ValueError, IndexError, OSError, KeyError, TypeError, EOFError) as exc:
        # numpy's wording ("size must be a divisor...") means nothing to a person
        raise ModelFileError(
            f"{p.name} is damaged or incomplete ({size:,} bytes; its contents end before "
            "its header says they should); download it again."
        ) from exc
    expected = max((int(t.data_offset) + int(t.n_bytes) for t in reader.tensors), default=0)
    if expected > size:
        raise ModelFileError(
            f"{p.name} is incomplete: it should be {expected:,} bytes but is {size:,}; "
            "download it again."
        )
    read = _Fields(reader)
    arch = read.text("general.architecture", required=True) or "unknown"

    def arch_field(name: str, default: int = 0) -> int:
        return read.count(f"{arch}.{name}", default)

    n_embd = arch_field("embedding_length")
    n_head = arch_field("attention.head_count", 1) or 1
    n_head_kv = arch_field("attention.head_count_kv", n_head) or n_head
    head_dim_k = arch_field("attention.key_length", n_embd // n_head)
    head_dim_v = arch_field("attention.value_length", head_dim_k)
    template = read.text("tokenizer.chat_template")
    file_type = _field(reader, "general.file_type")
    quantization = "unknown"
    if _is_count(file_type):
        quantization = _FILE_TYPES.get(file_type, f"type {file_type}")
    elif file_type is not None:
        read.bad.append("general.file_type")
    context_length = arch_field("context_length")
    n_layers = arch_field("block_count")
    read.count("tokenizer.ggml.bos_token_id")
    read.count("tokenizer.ggml.eos_token_id")
    return GGUFInfo(
        path=p,
        size_bytes=size,
        architecture=arch,
        name=read.text("general.name", required=True) or p.stem,
        quantization=quantization,
        parameters=sum(int(t.n_elements) for t in reader.tensors),
        context_length=context_length,
        n_layers=n_layers,
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=n_head_kv,
        head_dim_k=head_dim_k,
        head_dim_v=head_dim_v,
        has_chat_template=bool(template),
        chat_template=template,
        bad_fields=tuple(dict.fromkeys(read.bad)),
    )
