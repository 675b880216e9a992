#!/usr/bin/env bash
# Rebuild llama-cpp-python for one backend inside deskchat's virtual environment.
#   packaging/install-llama-backend.sh cpu|cuda|metal|vulkan [path/to/venv]
# pip caches the built wheel whatever CMAKE_ARGS were, so the old wheel is removed from the
# cache and the build runs with --no-cache-dir: the flags below always take effect.
set -euo pipefail
backend=${1:-}
venv=${2:-.venv}
case "$backend" in
  cpu)    args="-DGGML_NATIVE=OFF" ;;                  # portable: runs on any x86-64/arm64
  cuda)   args="-DGGML_NATIVE=OFF -DGGML_CUDA=on" ;;   # needs the CUDA toolkit (nvcc)
  metal)  args="-DGGML_NATIVE=OFF -DGGML_METAL=on" ;;  # Apple silicon, macOS 13+
  vulkan) args="-DGGML_NATIVE=OFF -DGGML_VULKAN=on" ;; # needs the Vulkan SDK (glslc)
  *) echo "usage: $0 cpu|cuda|metal|vulkan [venv]" >&2; exit 2 ;;
esac
pip="$venv/bin/python -m pip"
version=$($venv/bin/python -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))' 2>/dev/null || echo "")
spec="llama-cpp-python${version:+==$version}"
$pip cache remove llama_cpp_python >/dev/null 2>&1 || true
echo "building $spec with CMAKE_ARGS=\"$args\" (several minutes)"
CMAKE_ARGS="$args" $pip install --force-reinstall --no-deps --no-cache-dir "$spec"
"$venv/bin/deskchat" doctor | sed -n '/^Backend:/,/^Paths:/p'
