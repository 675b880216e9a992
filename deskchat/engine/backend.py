"""Which backend the installed llama-cpp-python was built with. Runs inside the engine."""

from __future__ import annotations

import re
from typing import Any

from deskchat.chat.generation import BackendInfo

_GPU_BACKENDS = ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "OpenCL", "Kompute", "CANN")


def describe_backend(llama_cpp: Any) -> BackendInfo:
    system_info = llama_cpp.llama_print_system_info().decode("utf-8", errors="replace").strip()
    offload = bool(llama_cpp.llama_supports_gpu_offload())
    backend = next((name for name in _GPU_BACKENDS if re.search(rf"\b{name}\b", system_info)), "")
    if not backend:
        backend = "GPU" if offload else "CPU"
    features = tuple(
        sorted({m.group(1) for m in re.finditer(r"([A-Z0-9_]+)\s*=\s*1", system_info)})
    )
    return BackendInfo(
        backend=backend,
        gpu_offload=offload,
        cpu_features=features,
        system_info=system_info,
        llama_cpp_version=str(getattr(llama_cpp, "__version__", "unknown")),
    )


def build_offloads_to_gpu() -> bool:
    """Whether the installed llama-cpp-python carries a GPU backend, judged from its shared
    libraries so the app process need not load llama.cpp (the engine reports the truth)."""
    import importlib.util
    import sys
    from pathlib import Path

    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or spec.origin is None:
        return False
    if sys.platform == "darwin" and "arm64" in _machine():
        return True  # Metal is built in by default on Apple silicon
    folder = Path(spec.origin).parent
    names = " ".join(p.name.lower() for p in folder.rglob("*ggml*"))
    return any(k in names for k in ("cuda", "vulkan", "hip", "metal", "sycl", "opencl"))


def _machine() -> str:
    import platform

    return platform.machine().lower()
