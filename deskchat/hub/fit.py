"""Will this GGUF file fit this machine? Memory probing, need estimates and a recommended file.

Sizes shown to people are binary gigabytes written "GB", as check_memory writes them and as
operating systems report RAM (a "16 GB" laptop shows 16.0, not 17.2).
"""

from __future__ import annotations

import ctypes
import enum
import math
import os
import platform
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import psutil

from deskchat.chat.generation import KV_CACHE_TYPES
from deskchat.hub.gguf_header import KVShape
from deskchat.hub.quant import quality_rank
from deskchat.sentences import Sentence
from deskchat.units import memory_text

GIB = 1024**3

# estimate_needed
N_UBATCH = 512  # llama.cpp's default micro-batch (LoadOptions.n_batch is 512 too)
DEFAULT_VOCAB = 262_144  # Gemma 3's vocabulary, the largest common one, when unknown
RUNTIME_BYTES = 256 * 1024**2  # the engine process / GPU context itself
WEIGHT_SLACK = 0.05  # mmap'd pages, per-tensor padding, the odd repacked tensor
ASSUMED_BITS = 3.5  # bits per weight when only a file size is known (Q3_K_M..Q4_K_M files)
NARROW_RATIO = 32  # n_embd / n_layer assumed: deeper and narrower than real models (>= 35)
MIN_HEAD_DIM = 64  # the smallest common head size: the most heads for a width

# assess
GPU_SHARE = 0.90  # of free VRAM: what llama.cpp can really take
RAM_SHARE = 0.85  # of available RAM: comfortable
TIGHT_SHARE = 0.80  # of total RAM: possible once other apps give memory back

# recommend
GOOD_ENOUGH = quality_rank("IQ4_XS")  # a 4-bit file on the GPU beats a bigger one on the CPU
SWEET_SPOT_TOP = quality_rank("Q6_K_XL")  # Q8_0 and up: bigger and slower for little gain


@dataclass(frozen=True)
class Gpu:
    name: str
    vram_total: int
    vram_free: int
    kind: Literal["cuda", "metal", "other"]


@dataclass(frozen=True)
class MachineMemory:
    ram_total: int
    ram_available: int
    gpus: tuple[Gpu, ...] = ()
    unified: bool = False  # Apple silicon: the GPU shares RAM


def metal_working_set(ram_total: int) -> int:
    """Metal's recommendedMaxWorkingSetSize, the share of RAM the GPU may use, as observed on
    Apple silicon: about 2/3 of RAM on machines with up to 36 GB, about 3/4 above."""
    return ram_total * 2 // 3 if ram_total <= 36 * GIB else ram_total * 3 // 4


class _NvmlMemory(ctypes.Structure):
    _fields_ = [(name, ctypes.c_ulonglong) for name in ("total", "free", "used")]  # nvmlMemory_t


def _load_nvml() -> Any:
    """The NVIDIA driver's NVML library, or None; no Python dependency needed."""
    if sys.platform == "darwin":
        return None
    if sys.platform == "win32":
        nvsmi = Path(os.environ.get("PROGRAMFILES", r"C:\Program Files"))
        names = ["nvml.dll", str(nvsmi / "NVIDIA Corporation" / "NVSMI" / "nvml.dll")]
    else:
        names = ["libnvidia-ml.so.1", "libnvidia-ml.so"]
    for name in names:
        try:
            return ctypes.CDLL(name)
        except OSError:
            continue
    return None


def _nvidia_gpus(lib: Any) -> tuple[Gpu, ...]:
    if lib.nvmlInit_v2() != 0:
        return ()
    try:
        count = ctypes.c_uint(0)
        if lib.nvmlDeviceGetCount_v2(ctypes.pointer(count)) != 0:
            return ()
        gpus = []
        for i in range(count.value):
            handle, mem = ctypes.c_void_p(), _NvmlMemory()
            name = ctypes.create_string_buffer(96)
            if lib.nvmlDeviceGetHandleByIndex_v2(ctypes.c_uint(i), ctypes.pointer(handle)) != 0:
                continue
            if lib.nvmlDeviceGetMemoryInfo(handle, ctypes.pointer(mem)) != 0:
                continue  # e.g. a MIG parent or an unsupported board
            lib.nvmlDeviceGetName(handle, name, ctypes.c_uint(len(name)))  # cosmetic
            label = name.value.decode("utf-8", errors="replace") or f"NVIDIA GPU {i}"
            gpus.append(Gpu(label, int(mem.total), int(mem.free), "cuda"))
        return tuple(gpus)
    finally:
        lib.nvmlShutdown()


def _apple_silicon() -> bool:
    # an x86_64 Python under Rosetta reports x86_64 and is treated as an Intel Mac
    return sys.platform == "darwin" and platform.machine() == "arm64"


def probe_memory() -> MachineMemory:
    """This machine's RAM and GPU memory: NVIDIA cards through NVML, Apple silicon's share
    of RAM. A GPU that cannot be queried (or another vendor's) counts as none."""
    vm = psutil.virtual_memory()
    total, available = int(vm.total), int(vm.available)
    if _apple_silicon():
        budget = metal_working_set(total)
        gpu = Gpu("Apple GPU", budget, min(budget, available), "metal")
        return MachineMemory(total, available, (gpu,), unified=True)
    try:
        lib = _load_nvml()
        gpus = _nvidia_gpus(lib) if lib is not None else ()
    except Exception:  # noqa: BLE001 - a driver quirk must never stop the app; no GPU then
        gpus = ()
    return MachineMemory(total, available, gpus)


class Fit(enum.Enum):
    GPU = "fits on GPU"
    RAM = "fits in RAM"
    TIGHT = "tight"
    NO = "won't fit"


@dataclass(frozen=True)
class FitReport:
    fit: Fit
    needed_bytes: int
    said: Sentence  # worded in the reader's language by the window

    @property
    def sentence(self) -> str:
        """The sentence in English (the terminal's)."""
        return str(self.said)


def estimate_needed(
    file_size: int,
    n_ctx: int,
    shape: KVShape | None = None,
    parameters: int | None = None,
    cache_types: tuple[str, str] = ("f16", "f16"),
) -> int:
    """Bytes of memory to run a file with ``n_ctx`` tokens of context:

    weights·(1 + WEIGHT_SLACK) + KV cache (K and V in ``cache_types``) + compute buffers +
    RUNTIME_BYTES, where the compute buffers are the logits of a full batch plus one layer's
    attention scores without flash attention: N_UBATCH·4·(n_vocab + n_head·n_ctx).

    With ``shape`` (from the file's header) the KV cache is exact. Without it the estimate
    is deliberately high: no grouped-query attention (K and V are n_embd wide in every
    layer); all ``parameters`` (default file_size·8/ASSUMED_BITS) in blocks of 12·n_embd²
    (attention 4·d², MLP 8·d²; real blocks are bigger, vocabulary aside) of a narrow shape,
    n_embd = NARROW_RATIO·n_layer; heads of MIN_HEAD_DIM; a DEFAULT_VOCAB vocabulary. Each
    choice pushes the estimate up, never down.
    """
    if n_ctx <= 0:  # "the model's own context", as fit_context reads it
        n_ctx = shape.context_length if shape is not None and shape.context_length else 4096
    if shape is not None:
        kv = shape.kv_cache_bytes(n_ctx, *cache_types)
        # unknown head count: GQA groups are at most 8 wide in common models
        n_head = shape.n_head or max(8 * shape.n_head_kv, 32)
        n_vocab = shape.n_vocab or DEFAULT_VOCAB
    else:
        weights = parameters or file_size * 8 / ASSUMED_BITS
        n_layer = (weights / (12 * NARROW_RATIO**2)) ** (1 / 3)
        n_embd = NARROW_RATIO * n_layer
        per_value = sum(KV_CACHE_TYPES[t] for t in cache_types)  # K and V n_embd wide
        kv = math.ceil(per_value * n_layer * n_embd * n_ctx)
        n_head, n_vocab = math.ceil(n_embd / MIN_HEAD_DIM), DEFAULT_VOCAB
    compute = N_UBATCH * 4 * (n_vocab + n_head * n_ctx)
    return math.ceil(file_size * (1 + WEIGHT_SLACK)) + kv + compute + RUNTIME_BYTES


def _gpu_room(memory: MachineMemory) -> tuple[int, Sentence] | None:
    """Free GPU memory and where it is (the largest single GPU: llama.cpp can split a model
    across cards, but each keeps its own buffers, so one card is the safe claim)."""
    if memory.unified:
        budget = max((g.vram_free for g in memory.gpus), default=0)
        room = min(budget or metal_working_set(memory.ram_total), memory.ram_available)
        return room, Sentence("the {size} of shared memory the GPU can use", size=memory_text(room))
    best = max(memory.gpus, key=lambda g: g.vram_free, default=None)
    if best is None:
        return None
    return best.vram_free, Sentence(
        "the {size} free on {gpu}", size=memory_text(best.vram_free), gpu=best.name
    )


def assess(needed: int, memory: MachineMemory, *, gpu_offload: bool, n_ctx: int) -> FitReport:
    """How ``needed`` bytes sit on ``memory``; ``gpu_offload`` False (a CPU-only build) never
    says GPU."""
    context = (
        Sentence("a {n}-token context", n=n_ctx)
        if n_ctx > 0
        else Sentence("the model's full context")
    )
    size = memory_text(needed)
    room = _gpu_room(memory) if gpu_offload else None
    free, total = memory.ram_available, memory.ram_total
    if room is not None and needed <= GPU_SHARE * room[0]:
        said = Sentence(
            "Needs about {size} with {context}; fits in {room}.",
            size=size,
            context=context,
            room=room[1],
        )
        return FitReport(Fit.GPU, needed, said)
    if needed <= RAM_SHARE * free:
        if room is not None and room[0] > 0:
            said = Sentence(
                "Needs about {size} with {context}; {free} of RAM is free (more than {room}).",
                size=size,
                context=context,
                free=memory_text(free),
                room=room[1],
            )
        else:
            said = Sentence(
                "Needs about {size} with {context}; {free} of RAM is free.",
                size=size,
                context=context,
                free=memory_text(free),
            )
        return FitReport(Fit.RAM, needed, said)
    if needed <= TIGHT_SHARE * total:
        said = Sentence(
            "Needs about {size} with {context} but only {free} of RAM is free ({total} in "
            "all); close other apps first, or choose a smaller file or a shorter context.",
            size=size,
            context=context,
            free=memory_text(free),
            total=memory_text(total),
        )
        return FitReport(Fit.TIGHT, needed, said)
    said = Sentence(
        "Needs about {size} with {context}, more than this computer's {total} of RAM can "
        "hold; choose a smaller file or a shorter context.",
        size=size,
        context=context,
        total=memory_text(total),
    )
    return FitReport(Fit.NO, needed, said)


# Lower bounds of bits per weight by quantization family, to read a parameter count from a
# file size (low bits -> more parameters -> a larger KV estimate).
_FAMILY_BITS = (
    ("IQ1", 1.5), ("TQ1", 1.5), ("IQ2", 2.0), ("TQ2", 2.0), ("Q2", 2.3), ("IQ3", 3.0),
    ("Q3", 3.0), ("IQ4", 4.0), ("Q4", 4.0), ("MXFP4", 4.0), ("Q5", 5.0), ("Q6", 6.0),
    ("Q8", 8.0), ("BF16", 16.0), ("F16", 16.0), ("F32", 32.0),
)  # fmt: skip


def _parameters_from(candidates: Sequence[tuple[str, int]]) -> int | None:
    """The parameter count read off the file with the most bits per weight (the least
    distorted by embeddings kept at higher precision); None if no label is known."""
    known = [
        (b, size) for q, size in candidates for f, b in _FAMILY_BITS if q.upper().startswith(f)
    ]
    bits, size = max(known, default=(0.0, 0))
    return int(size * 8 / bits) if bits else None


def recommend(
    candidates: Sequence[tuple[str, int]],
    memory: MachineMemory,
    *,
    gpu_offload: bool,
    n_ctx: int,
    shape: KVShape | None = None,
    parameters: int | None = None,
    cache_types: tuple[str, str] = ("f16", "f16"),
) -> int | None:
    """Index of the file to suggest among (quantization label, file size) candidates.

    Only files that fit comfortably (GPU or RAM) qualify while any does; when a 4-bit-or-
    better file fits on the GPU, only GPU fits qualify (speed). Among those, the highest
    quality up to Q6_K_XL; above that (Q8_0, F16...) only when nothing in range qualifies,
    and then the smallest. With no comfortable file, the smallest TIGHT one; None when
    nothing fits.
    """
    if shape is None and parameters is None:
        parameters = _parameters_from(candidates)

    def fit_of(size: int) -> Fit:
        needed = estimate_needed(size, n_ctx, shape, parameters, cache_types)
        return assess(needed, memory, gpu_offload=gpu_offload, n_ctx=n_ctx).fit

    fits = [fit_of(size) for _, size in candidates]
    ranks = [quality_rank(label) for label, _ in candidates]
    comfortable = [i for i, f in enumerate(fits) if f in (Fit.GPU, Fit.RAM)]
    if not comfortable:
        tight = [i for i, f in enumerate(fits) if f is Fit.TIGHT]
        return min(tight, key=lambda i: candidates[i][1]) if tight else None
    on_gpu = [i for i in comfortable if fits[i] is Fit.GPU and ranks[i] >= GOOD_ENOUGH]
    pool = on_gpu or comfortable
    in_range = [i for i in pool if ranks[i] <= SWEET_SPOT_TOP]
    if in_range:  # ties (unknown labels): the bigger file, likely more bits
        return max(in_range, key=lambda i: (ranks[i], candidates[i][1]))
    return min(pool, key=lambda i: (ranks[i], candidates[i][1]))
