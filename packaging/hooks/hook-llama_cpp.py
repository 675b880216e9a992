"""PyInstaller hook for llama-cpp-python (there is no upstream one).

llama_cpp loads ``lib/libllama.*`` (and libggml*, libmtmd) with ctypes from its own
folder, so PyInstaller's import analysis never sees them: without this hook the bundle
fails with "Shared library with base name 'llama' not found". GPU builds add
libggml-cuda / -vulkan / -metal beside them; all are collected. On Windows the CPU
backend links the OpenMP runtime (vcomp140.dll), which is not part of Windows itself.
"""

import os
import sys
from pathlib import Path

from PyInstaller.utils.hooks import collect_dynamic_libs, get_package_paths

binaries = collect_dynamic_libs("llama_cpp")
_, package_dir = get_package_paths("llama_cpp")
for lib in Path(package_dir, "lib").glob("*"):
    if lib.is_file() and not any(Path(src).name == lib.name for src, _ in binaries):
        binaries.append((str(lib), "llama_cpp/lib"))

if sys.platform == "win32":
    system32 = Path(os.environ.get("SYSTEMROOT", r"C:\Windows")) / "System32"
    for name in ("vcomp140.dll", "msvcp140.dll", "vcruntime140.dll", "vcruntime140_1.dll"):
        for folder in (Path(package_dir, "lib"), Path(sys.base_prefix), system32):
            candidate = folder / name
            if candidate.is_file():
                binaries.append((str(candidate), "llama_cpp/lib"))
                break
        else:
            if name == "vcomp140.dll":
                raise SystemExit(
                    "vcomp140.dll (the OpenMP runtime llama.cpp needs) was not found; install "
                    "the Microsoft Visual C++ Redistributable on the build machine."
                )

# the OpenAI-compatible server of llama-cpp-python is not used by deskchat
excludedimports = ["llama_cpp.server"]
