"""Writing a JSON file so that a crash, a killed process or a power cut mid-write leaves
the old file, never half of one: the data goes to a file beside it, is flushed to the disk,
then takes the old one's place in one rename."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def write_json_atomically(path: Path, data: Any, *, indent: int | None = 2) -> None:
    """``data`` as JSON (UTF-8, non-ASCII as it is) at ``path``, whole or not at all.
    Raises ``OSError`` (a full disk, a read-only folder) with the old file untouched."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as f:
            json.dump(data, f, indent=indent, ensure_ascii=False)
            f.flush()
            os.fsync(f.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
