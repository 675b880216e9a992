"""Waiting on a condition, not for a fixed time: a test goes on the moment what it needs is
true, and fails with a sentence when it never becomes true (for threads and processes; in
GUI tests, ``qtbot.waitUntil``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

POLL_S = 0.005


def wait_until(
    predicate: Callable[[], T],
    timeout: float = 10.0,
    *,
    what: str = "the condition",
    interval: float = POLL_S,
) -> T:
    """Call ``predicate`` every ``interval`` seconds until it returns something true and
    return that; AssertionError naming ``what`` after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"{what} did not happen within {timeout:g} s")
        time.sleep(interval)
