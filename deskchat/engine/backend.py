"""Which backend the installed llama-cpp-python was built with. Runs inside the engine."""

from __future__ import annotations

import re
from typing import Any

from deskchat.engine.protocol import BackendInfo

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
