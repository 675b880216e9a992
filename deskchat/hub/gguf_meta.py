"""Reading a GGUF file's header without loading its weights, and checking the file is whole.

Every problem a person can have with a model file (wrong path, a folder, no permission, not a
GGUF, cut short by a failed download) becomes one sentence here, before llama.cpp sees it.
"""

from __future__ import annotations

import mmap
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deskchat.chat.model_names import display_name
from deskchat.errors import ModelFileError
from deskchat.hub.gguf_header import (
    FileHeader,
    SkippedArray,
    UnsupportedVersionError,
    array_length,
    kv_bytes,
    parse_file_header,
    string_at,
)
from deskchat.hub.model_kind import ModelKind, model_kind

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
    # the text of the BOS and EOS tokens (None: the file names none, or no such token)
    bos_token: str | None = None
    eos_token: str | None = None
    n_vocab: int = 0  # entries in the vocabulary (0: the file has none)
    kind: ModelKind = "chat"  # what the model is for (hub/model_kind.py)

    @property
    def display_name(self) -> str:
        """The model's name for people: see ``display_name``."""
        return display_name(self.name, self.path.name)

    def kv_cache_bytes(self, n_ctx: int, type_k: str = "f16", type_v: str = "f16") -> int:
        """Memory the KV cache takes for ``n_ctx`` tokens, K and V in these cache types."""
        dims = (self.head_dim_k, self.head_dim_v)
        return kv_bytes(self.n_layers, self.n_head_kv, dims, n_ctx, type_k, type_v)

    def memory_needed(self, n_ctx: int, type_k: str = "f16", type_v: str = "f16") -> int:
        """A conservative estimate of RAM+VRAM to run with ``n_ctx``: weights, KV cache and
        ~10% for compute buffers. The training context the file claims costs nothing by
        itself (the engine sizes its tokenizer buffers by the text, not by that claim)."""
        return int((self.size_bytes + self.kv_cache_bytes(n_ctx, type_k, type_v)) * 1.1)


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


def _value(fields: dict[str, Any], key: str) -> Any:
    """A key's value as Python data (str, int, float, bool or a list of numbers), None when
    missing or of a kind no field deskchat reads has (a list of strings, a skipped list)."""
    value = fields.get(key)
    if isinstance(value, list):  # numbers (a list of strings or of lists is no count)
        return value if all(isinstance(v, int | float) for v in value) else None
    return value if isinstance(value, str | int | float) else None


def _is_count(value: Any) -> bool:
    """A whole number a GGUF count can be (not a bool, a float, NaN, a string)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT


class _Fields:
    """Typed reads of a header's keys: a value of the wrong type (a context length that is
    a string, NaN, negative or beyond u32) counts as missing, and its key is remembered."""

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields
        self.bad: list[str] = []

    def _present(self, key: str) -> bool:
        return key in self._fields

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = _value(self._fields, key)
        if isinstance(value, str):
            return value
        if required and self._present(key):
            self.bad.append(key)
        return None

    def count(self, key: str, default: int = 0) -> int:
        value = _value(self._fields, key)
        if isinstance(value, list) and value and all(_is_count(v) for v in value):
            return int(max(value))  # per-layer values (some hybrids): take the largest
        if _is_count(value):
            return int(value)
        if self._present(key):
            self.bad.append(key)
        return default


def _damaged(p: Path, size: int) -> ModelFileError:
    return ModelFileError(
        f"{p.name} is damaged or incomplete ({size:,} bytes; its contents end before "
        "its header says they should); download it again."
    )


def _read_header(p: Path, size: int) -> tuple[FileHeader, dict[str, str | None]]:
    """The file's header, and the text of its BOS and EOS tokens (read by index from the
    vocabulary in the mapped file, nothing else of it decoded)."""
    try:
        with p.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
            header = parse_file_header(data)
            tokens = header.fields.get("tokenizer.ggml.tokens")
            texts: dict[str, str | None] = {}
            for which in ("bos", "eos"):
                index = header.fields.get(f"tokenizer.ggml.{which}_token_id")
                found: str | None = None
                if (
                    isinstance(index, int)
                    and _is_count(index)
                    and isinstance(tokens, list | SkippedArray)
                ):
                    found = string_at(data, tokens, index)
                texts[which] = found
    except UnsupportedVersionError as exc:
        raise ModelFileError(
            f"{p.name} has GGUF format version {exc.version}; deskchat reads versions 2 "
            "and 3 (a newer deskchat may read it)."
        ) from exc
    except (ValueError, OSError) as exc:  # damaged, cut short, or a file mmap refuses
        raise _damaged(p, size) from exc
    return header, texts


def read_gguf_info(path: str | os.PathLike[str]) -> GGUFInfo:
    """Header fields of a GGUF file, after checking it is complete. Values of the wrong type
    count as missing; ``bad_fields`` names them."""
    p = check_model_file(path)
    size = p.stat().st_size
    header, texts = _read_header(p, size)
    if header.data_end > size:
        raise ModelFileError(
            f"{p.name} is incomplete: it should be {header.data_end:,} bytes but is {size:,} "
            "bytes; "
            "download it again."
        )
    read = _Fields(header.fields)
    arch = read.text("general.architecture", required=True) or "unknown"

    def arch_field(name: str, default: int = 0) -> int:
        return read.count(f"{arch}.{name}", default)

    n_embd = arch_field("embedding_length")
    n_head = arch_field("attention.head_count", 1) or 1
    n_head_kv = arch_field("attention.head_count_kv", n_head) or n_head
    head_dim_k = arch_field("attention.key_length", n_embd // n_head)
    head_dim_v = arch_field("attention.value_length", head_dim_k)
    template = read.text("tokenizer.chat_template")
    file_type = _value(header.fields, "general.file_type")
    quantization = "unknown"
    if _is_count(file_type):
        quantization = _FILE_TYPES.get(file_type, f"type {file_type}")
    elif file_type is not None:
        read.bad.append("general.file_type")
    context_length = arch_field("context_length")
    n_layers = arch_field("block_count")
    read.count("tokenizer.ggml.bos_token_id")
    read.count("tokenizer.ggml.eos_token_id")
    name = read.text("general.name", required=True) or p.stem
    return GGUFInfo(
        path=p,
        size_bytes=size,
        architecture=arch,
        name=name,
        quantization=quantization,
        parameters=header.parameters,
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
        bos_token=texts["bos"],
        eos_token=texts["eos"],
        n_vocab=array_length(header.fields.get("tokenizer.ggml.tokens")),
        kind=model_kind(arch, header.fields, bool(template), f"{name} {p.name}"),
    )
