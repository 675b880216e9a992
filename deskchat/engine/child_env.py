"""The engine process's environment: the parent's, less its secrets.

The engine runs llama.cpp on untrusted files and needs no key or token; one that the
person set for the app (``DESKCHAT_API_KEY``, ``HF_TOKEN``, ``OPENAI_API_KEY``…) should
not sit in its memory or in ``/proc/PID/environ``. Clearing them inside the child is too
late: the environment block a process starts with stays readable for its whole life. So
they are taken out of ``os.environ`` only while the child is created (``multiprocessing``'s
spawn gives no other way to choose its environment), under a lock, and put back at once.
For those few milliseconds another thread of the app reading one of them would not find
it; the app reads them when it starts a download or a server, never in a tight loop.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator

_NAMES = frozenset({"DESKCHAT_API_KEY", "HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"})
_TAILS = ("_API_KEY", "_TOKEN", "_SECRET", "_PASSWORD")
_LOCK = threading.Lock()


def is_secret(name: str) -> bool:
    """Whether an environment variable of this name holds a secret."""
    upper = name.upper()
    return upper in _NAMES or upper.endswith(_TAILS)


@contextlib.contextmanager
def without_secrets() -> Iterator[None]:
    """``os.environ`` without its secrets for the duration (a child started now inherits
    none of them); each comes back unless something set it anew meanwhile."""
    with _LOCK:
        taken = {name: os.environ.pop(name) for name in list(os.environ) if is_secret(name)}
        try:
            yield
        finally:
            for name, value in taken.items():
                os.environ.setdefault(name, value)
