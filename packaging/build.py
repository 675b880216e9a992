"""Build deskchat's double-click bundle for this OS with PyInstaller, and smoke-test it.

    python packaging/build.py [--variant cpu|cuda|metal|vulkan] [--rebuild-backend]
                              [--smoke] [--archive]

Linux: dist/deskchat/ (onedir) and, with --archive, a .tar.gz holding it with a .desktop
file, the icon and an install script. macOS: dist/deskchat.app. Windows: dist/deskchat/
with a windowed deskchat.exe carrying the icon and version information.

--variant names the llama.cpp backend inside; --rebuild-backend first rebuilds
llama-cpp-python with that backend's CMAKE_ARGS (packaging/install-llama-backend.sh
does the same for a development environment). The variant is written into the bundle and
shown by `deskchat --version` and the About box. --smoke starts the frozen executable in
self-test mode with a temporary data folder (see deskchat/gui/self_test.py) and prints the
bundle's size and its start-up time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
BUILD = ROOT / "build"

CMAKE_ARGS = {
    "cpu": "-DGGML_NATIVE=OFF",  # portable: any x86-64 / arm64 CPU
    "cuda": "-DGGML_NATIVE=OFF -DGGML_CUDA=on",  # NVIDIA, Windows/Linux: CUDA toolkit
    "metal": "-DGGML_NATIVE=OFF -DGGML_METAL=on",  # Apple silicon
    "vulkan": "-DGGML_NATIVE=OFF -DGGML_VULKAN=on",  # AMD/Intel/NVIDIA: Vulkan SDK
}

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=deskchat
GenericName=Local AI chat
Comment=Private, offline chat with local language models
Exec={exec}
Icon={icon}
Terminal=false
Categories=Utility;Office;Chat;
StartupWMClass=deskchat
"""

INSTALL_SCRIPT = """#!/bin/sh
# Put deskchat in ~/.local and add it to the desktop's application menu.
set -e
here=$(cd "$(dirname "$0")" && pwd)
dest="$HOME/.local/lib/deskchat"
rm -rf "$dest" && mkdir -p "$dest" && cp -a "$here/deskchat/." "$dest/"
mkdir -p "$HOME/.local/share/applications" "$HOME/.local/share/icons/hicolor/256x256/apps"
cp "$here/deskchat.png" "$HOME/.local/share/icons/hicolor/256x256/apps/deskchat.png"
sed "s#^Exec=.*#Exec=$dest/deskchat#" "$here/deskchat.desktop" \\
    > "$HOME/.local/share/applications/deskchat.desktop"
echo "deskchat installed in $dest; it is in your applications menu."
# The window needs the X11 libraries Qt's xcb plugin loads (deskchat/gui/platform_check.py)
missing="" packages=""
known=$( (command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)
if [ -n "$known" ]; then
  for pair in {pairs}; do
    lib=${{pair%%=*}} pkg=${{pair#*=}}
    case "$known" in *"$lib "*) ;; *) missing="$missing, $lib" packages="$packages $pkg" ;; esac
  done
fi
if [ -n "$packages" ]; then
  echo "deskchat: The window cannot open: Qt's X11 platform needs system libraries this" \\
    "computer lacks (${{missing#, }}); install them with \\`sudo apt install$packages\\`" \\
    "(Debian, Ubuntu), or chat in this terminal with \\`deskchat chat\\`." >&2
fi
"""


def install_script() -> str:
    """install.sh for the Linux archive, checking the system libraries the window needs."""
    from deskchat.gui.platform_check import XCB_LIBRARIES  # the one list of them

    pairs = " ".join(f"{lib}={package}" for lib, package in XCB_LIBRARIES.items())
    return INSTALL_SCRIPT.format(pairs=pairs)


def run(cmd: list[str], **kw: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, **kw)  # type: ignore[call-overload]


def rebuild_backend(variant: str) -> None:
    current = version("llama_cpp_python")
    run([sys.executable, "-m", "pip", "cache", "remove", "llama_cpp_python"], check=False)
    run(
        [sys.executable, "-m", "pip", "install", "--force-reinstall", "--no-deps",
         "--no-cache-dir", f"llama-cpp-python=={current}"],
        env={**os.environ, "CMAKE_ARGS": CMAKE_ARGS[variant]},
    )  # fmt: skip


def write_build_info(variant: str, app_version: str) -> None:
    BUILD.mkdir(exist_ok=True)
    info = {
        "variant": variant,
        "cmake_args": CMAKE_ARGS[variant],
        "llama_cpp_python": version("llama_cpp_python"),
        "built": time.strftime("%Y-%m-%d"),
        "platform": f"{sys.platform}-{platform.machine().lower()}",
    }
    (BUILD / "variant.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    numbers = [int(n) for n in re.findall(r"\d+", app_version)[:3]] + [0, 0, 0]
    nums = ", ".join(str(n) for n in (*numbers[:3], 0))
    (BUILD / "version_info.txt").write_text(
        f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers=({nums}), prodvers=({nums})),
  kids=[StringFileInfo([StringTable('040904B0', [
    StringStruct('CompanyName', 'deskchat'),
    StringStruct('FileDescription', 'deskchat: private chat with local language models'),
    StringStruct('FileVersion', '{app_version}'),
    StringStruct('ProductName', 'deskchat'),
    StringStruct('ProductVersion', '{app_version}'),
    StringStruct('OriginalFilename', 'deskchat.exe')])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])]
)
""",
        encoding="utf-8",
    )


def freeze(variant: str, app_version: str) -> Path:
    env = {**os.environ, "DESKCHAT_VARIANT": variant, "DESKCHAT_VERSION": app_version}
    run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
         "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"),
         str(ROOT / "packaging" / "deskchat.spec")],
        env=env,
    )  # fmt: skip
    return DIST / ("deskchat.app" if sys.platform == "darwin" else "deskchat")


def executable(bundle: Path) -> Path:
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / "deskchat"
    return bundle / ("deskchat.exe" if sys.platform == "win32" else "deskchat")


def archive_linux(bundle: Path, app_version: str, variant: str) -> Path:
    name = f"deskchat-{app_version}-linux-{platform.machine().lower()}-{variant}"
    staging = BUILD / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    (staging / "deskchat.desktop").write_text(
        DESKTOP_ENTRY.format(exec="deskchat", icon="deskchat"), encoding="utf-8"
    )
    shutil.copy(ROOT / "resources" / "icons" / "deskchat.png", staging / "deskchat.png")
    install = staging / "install.sh"
    install.write_text(install_script(), encoding="utf-8")
    install.chmod(0o755)
    target = DIST / f"{name}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(bundle, arcname=f"{name}/deskchat")
        for extra in staging.iterdir():
            tar.add(extra, arcname=f"{name}/{extra.name}")
    return target


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def smoke(bundle: Path) -> None:
    exe = executable(bundle)
    with tempfile.TemporaryDirectory(prefix="deskchat-smoke-") as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        env.pop("DESKCHAT_HOME", None)
        started = time.perf_counter()
        result = subprocess.run(
            [str(exe), "self-test", home],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        elapsed = time.perf_counter() - started
        log = Path(home) / "self-test.log"  # a windowed exe has no stdout to capture
        print(log.read_text(encoding="utf-8") if log.is_file() else result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    print(f"bundle: {size_of(bundle) / 1e6:.0f} MB in {bundle}")
    print(f"self-test: exit {result.returncode} after {elapsed:.1f} s")
    if result.returncode != 0:
        raise SystemExit("the frozen bundle failed its self-test")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=sorted(CMAKE_ARGS), default="cpu")
    parser.add_argument("--rebuild-backend", action="store_true")
    parser.add_argument("--smoke", action="store_true", help="run the bundle's self-test")
    parser.add_argument("--archive", action="store_true", help="Linux: also make a .tar.gz")
    parser.add_argument("--skip-freeze", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    app_version = version("deskchat")
    if args.rebuild_backend:
        rebuild_backend(args.variant)
    if args.skip_freeze:
        bundle = DIST / ("deskchat.app" if sys.platform == "darwin" else "deskchat")
    else:
        write_build_info(args.variant, app_version)
        started = time.perf_counter()
        bundle = freeze(args.variant, app_version)
        print(f"froze {bundle} in {time.perf_counter() - started:.0f} s")
    if args.archive and sys.platform.startswith("linux"):
        print(f"archive: {archive_linux(bundle, app_version, args.variant)}")
    if args.smoke:
        smoke(bundle)
    return 0


if __name__ == "__main__":
    sys.exit(main())
