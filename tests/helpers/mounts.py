"""Real read-only folders and small full disks for tests. The tests run as root, where
``chmod`` stops no write, so a folder is made read-only by a read-only bind mount of itself;
where mounting is not possible the test is skipped, saying why."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a read-only folder needs a mount, which only root on Linux can make here")
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"mount {' '.join(args)} is not possible here: {done.stderr.strip()}")


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` read-only for everyone, root included, inside the block."""
    folder.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(folder), str(folder))
    try:
        _mount("-o", "remount,bind,ro", str(folder))
        probe = folder / ".probe"
        with contextlib.suppress(OSError):
            probe.touch()
            probe.unlink()
            pytest.skip("a read-only bind mount still takes writes here")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
