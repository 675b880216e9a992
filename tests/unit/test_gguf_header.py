"""The hand-written GGUF header reader: the same metadata as the ``gguf`` package's reader,
in milliseconds (the vocabulary is skipped, its BOS/EOS entries read by index), and hostile
headers (absurd counts and lengths, arrays nested too deep) refused with a sentence before
anything big is allocated."""

from __future__ import annotations

import mmap
import struct
import time
import tracemalloc
from pathlib import Path
from typing import Any

import gguf
import numpy as np
import pytest

from deskchat.errors import ModelFileError
from deskchat.hub.gguf_header import (
    FileHeader,
    HeaderDamagedError,
    SkippedArray,
    UnsupportedVersionError,
    parse_file_header,
    string_at,
)
from deskchat.hub.gguf_meta import read_gguf_info
from deskchat.hub.tiny_gguf import write_tiny_gguf


def _mapped(path: Path) -> tuple[FileHeader, dict[int, str | None], list[int]]:
    """The header, some vocabulary entries read by index, and the indexes asked for."""
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        header = parse_file_header(data)
        tokens = header.fields["tokenizer.ggml.tokens"]
        count = tokens.count if isinstance(tokens, SkippedArray) else len(tokens)
        indexes = sorted({0, 1, 2, 3, count // 2, count - 2, count - 1})
        entries = {i: string_at(data, tokens, i) for i in indexes}
        assert string_at(data, tokens, count) is None  # past the end: no entry
        assert string_at(data, tokens, -1) is None
    return header, entries, indexes


def _package_value(field: Any) -> Any:
    """A field's value as the ``gguf`` package reads it: text, a number, or a list."""
    kinds = [t.name for t in field.types]
    if kinds == ["STRING"]:
        return bytes(field.parts[field.data[0]]).decode("utf-8", errors="replace")
    if kinds[0] == "ARRAY" and kinds[-1] == "STRING":
        return [bytes(field.parts[i]).decode("utf-8", errors="replace") for i in field.data]
    if kinds[0] == "ARRAY":
        return [field.parts[i][0].item() for i in field.data]
    return field.parts[field.data[0]][0].item()


def _same_as_the_gguf_package(path: Path) -> None:
    package = gguf.GGUFReader(path, "r")
    header, entries, indexes = _mapped(path)
    assert set(header.fields) == {
        k for k in package.fields if not k.startswith("GGUF.")
    }  # the package adds its own GGUF.version, GGUF.tensor_count, GGUF.kv_count
    for key, field in package.fields.items():
        if key.startswith("GGUF."):
            continue
        expected, got = _package_value(field), header.fields[key]
        if isinstance(got, SkippedArray):
            assert got.count == len(expected), key
        elif isinstance(expected, float) and np.isnan(expected):
            assert np.isnan(got), key
        else:
            assert got == pytest.approx(expected) if isinstance(got, float) else got == expected
    tokens = _package_value(package.fields["tokenizer.ggml.tokens"])
    assert entries == {i: tokens[i] for i in indexes}
    assert header.tensor_count == len(package.tensors)
    assert header.parameters == sum(int(t.n_elements) for t in package.tensors)
    assert header.data_end == max(int(t.data_offset) + int(t.n_bytes) for t in package.tensors)


def test_the_tiny_model_reads_as_the_gguf_package_reads_it(tiny_model: Path) -> None:
    _same_as_the_gguf_package(tiny_model)
    info = read_gguf_info(tiny_model)
    assert (info.bos_token, info.eos_token) == ("<s>", "</s>")
    assert info.n_vocab == len(gguf.GGUFReader(tiny_model).fields["tokenizer.ggml.tokens"].data)


@pytest.mark.slow
def test_the_starter_model_reads_as_the_gguf_package_reads_it_in_milliseconds(
    gemma_model: Path,
) -> None:
    _same_as_the_gguf_package(gemma_model)
    started = time.perf_counter()
    info = read_gguf_info(gemma_model)
    took = time.perf_counter() - started
    assert took < 0.5, f"reading the starter's metadata took {took:.2f} s"
    assert (info.architecture, info.quantization, info.context_length) == (
        "gemma3",
        "Q4_K_M",
        32768,
    )
    assert (info.bos_token, info.eos_token, info.n_vocab) == ("<bos>", "<eos>", 262_144)
    assert info.parameters == 268_098_176 and not info.has_chat_template


# -- hostile headers ----------------------------------------------------------------------


def _text(s: str | bytes) -> bytes:
    b = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def _header(pairs: bytes, kv_count: int, tensor_count: int = 0, version: int = 3) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, tensor_count, kv_count) + pairs


NAME = _text("general.architecture") + struct.pack("<I", 8) + _text("llama")
HOSTILE = {
    "pairs-claimed": _header(NAME, kv_count=2**60),
    "tensors-claimed": _header(NAME, kv_count=1, tensor_count=2**61),
    "key-length": _header(struct.pack("<Q", 2**62) + b"x" * 64, kv_count=1),
    "string-length": _header(
        _text("general.name") + struct.pack("<IQ", 8, 2**62) + b"x" * 64, kv_count=1
    ),
    "strings-claimed": _header(
        _text("tokenizer.ggml.tokens") + struct.pack("<IIQ", 9, 8, 2**62) + b"x" * 64, 1
    ),
    "numbers-claimed": _header(
        _text("tokenizer.ggml.scores") + struct.pack("<IIQ", 9, 6, 2**61) + b"x" * 64, 1
    ),
    "nested-deep": _header(
        _text("deep") + struct.pack("<I", 9) + struct.pack("<IQ", 9, 1) * 40 + b"\0" * 64, 1
    ),
    "unknown-type": _header(_text("odd") + struct.pack("<I", 99) + b"\0" * 64, kv_count=1),
    "dimensions": _header(
        NAME + _text("t") + struct.pack("<I", 1000) + b"\0" * 64, kv_count=1, tensor_count=1
    ),
    "cut-short": _header(NAME[:-3], kv_count=1),
    "tensor-huge": _header(
        NAME + _text("t") + struct.pack("<IQQIQ", 2, 2**40, 2**40, 0, 0), 1, tensor_count=1
    ),
    "tensor-far": _header(NAME + _text("t") + struct.pack("<IQIQ", 1, 8, 0, 2**62), 1, 1),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_headers_are_refused_without_a_big_allocation(name: str) -> None:
    data = HOSTILE[name]
    tracemalloc.start()
    try:
        with pytest.raises(HeaderDamagedError):
            parse_file_header(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 256 * 1024, f"{name}: {peak:,} bytes allocated"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_one_sentence(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.gguf"
    path.write_bytes(HOSTILE[name])
    with pytest.raises(ModelFileError) as caught:
        read_gguf_info(path)
    said = str(caught.value)
    assert said.startswith(f"{name}.gguf is damaged or incomplete")
    assert said.endswith("download it again.") and "\n" not in said


def test_a_newer_format_version_says_which_it_is(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedVersionError):
        parse_file_header(_header(NAME, kv_count=1, version=4))
    path = tmp_path / "future.gguf"
    path.write_bytes(_header(NAME, kv_count=1, version=4))
    with pytest.raises(ModelFileError, match="GGUF format version 4; deskchat reads versions 2"):
        read_gguf_info(path)


def test_every_prefix_of_a_real_header_is_refused_or_read(tiny_model: Path) -> None:
    """A file cut anywhere inside its header: a sentence, never another exception."""
    whole = tiny_model.read_bytes()
    with tiny_model.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        header_end = _end_of_tensor_table(m)
    for cut in range(0, header_end, max(1, header_end // 400)):
        try:
            parse_file_header(whole[:cut])
        except (HeaderDamagedError, UnsupportedVersionError, ValueError):
            continue
        raise AssertionError(f"a header cut at {cut} of {header_end} bytes was read")


def _end_of_tensor_table(data: mmap.mmap) -> int:
    """Where the tiny model's header ends: the shortest prefix that parses."""
    low, high = 0, len(data)
    while low < high:
        mid = (low + high) // 2
        try:
            parse_file_header(data[:mid])
        except ValueError:
            low = mid + 1
        else:
            high = mid
    return low


@pytest.mark.parametrize(
    ("metadata", "bos", "eos"),
    [
        ({"tokenizer.ggml.bos_token_id": (gguf.GGUFValueType.UINT32, 10**6)}, None, "</s>"),
        ({"tokenizer.ggml.eos_token_id": (gguf.GGUFValueType.INT32, -1)}, "<s>", None),
        ({"tokenizer.ggml.bos_token_id": (gguf.GGUFValueType.STRING, "one")}, None, "</s>"),
        ({"tokenizer.ggml.tokens": (gguf.GGUFValueType.STRING, "no list")}, None, None),
    ],
)
def test_special_tokens_that_are_not_in_the_vocabulary_read_as_none(
    tmp_path: Path, metadata: dict[str, Any], bos: str | None, eos: str | None
) -> None:
    path = write_tiny_gguf(tmp_path / "odd-tokens.gguf", metadata=metadata)
    info = read_gguf_info(path)
    assert (info.bos_token, info.eos_token) == (bos, eos)
