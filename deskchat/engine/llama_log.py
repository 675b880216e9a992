"""Capture llama.cpp's own log inside the engine process.

When a load fails, llama-cpp-python only says "Failed to load model from file"; the reason
(e.g. "tensor data is not within the file bounds") is in llama.cpp's log. We keep the last
lines in memory to quote them, and send every line to a logger (the engine process writes
it to its rotating ``engine.log``).
"""

from __future__ import annotations

import ctypes
import logging
import re
from collections import deque
from typing import Any

_LEVEL_ERROR = 3
_LEVEL_CONT = 5
_REASON = re.compile(r"error loading model:\s*(.+)$|(?:error|failed)[^:]*:\s*(.+)$", re.I)


class LlamaLog:
    """Installs a llama.cpp log callback and keeps the recent lines."""

    def __init__(self, sink: logging.Logger | None, keep: int = 300) -> None:
        self.lines: deque[tuple[int, str]] = deque(maxlen=keep)
        self._partial = ""
        self._level = 0
        self._sink = sink
        self._callback: Any = None

    def install(self, llama_cpp: Any) -> None:
        @llama_cpp.llama_log_callback  # type: ignore[untyped-decorator]
        def callback(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
            self.feed(level, text.decode("utf-8", errors="replace"))

        self._callback = callback  # keep a reference: ctypes must not collect it
        llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))

    def feed(self, level: int, text: str) -> None:
        if level != _LEVEL_CONT:
            self._level = level
        self._partial += text
        while "\n" in self._partial:
            line, self._partial = self._partial.split("\n", 1)
            if self._sink is not None and line.strip():
                self._sink.info("%s", line.rstrip())
            if line.strip():
                self.lines.append((self._level, line.strip()))

    def clear(self) -> None:
        self.lines.clear()

    def reason(self) -> str | None:
        """The most telling error line since the last ``clear``, without llama.cpp's prefix."""
        recent = list(self.lines)
        for _level, line in reversed(recent):
            if "error loading model:" in line:
                return line.split("error loading model:", 1)[1].strip()
        for level, line in reversed(recent):
            match = _REASON.search(line)
            if level == _LEVEL_ERROR or match:
                text = next((g for g in match.groups() if g), line) if match else line
                return text.strip()
        return None
