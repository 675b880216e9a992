"""The worker adapter hands a stream's items to the GUI thread in batches; an item after
which the work waits (for the person's say on a tool call, or a tool that runs) reaches
the window at once, with everything before it, instead of when the wait ends."""

from __future__ import annotations

import threading
from collections.abc import Iterator

from pytestqt.qtbot import QtBot

from deskchat.gui.workers import run_batched


def test_an_urgent_item_arrives_while_the_work_waits_after_it(qtbot: QtBot) -> None:
    seen: list[object] = []
    go_on = threading.Event()

    def work() -> Iterator[str]:
        yield "first"  # goes at once: nothing was handed over yet
        yield "text"  # within the batch time: held back
        yield "ended"  # urgent: the work waits after it
        go_on.wait(60)
        yield "after"

    done: list[bool] = []
    job = run_batched(work, batch_s=3600.0, urgent=lambda item: item == "ended")
    job.batch.connect(seen.extend)
    job.finished.connect(lambda: done.append(True))
    try:
        qtbot.waitUntil(lambda: "ended" in seen, timeout=10_000)
        assert seen == ["first", "text", "ended"]
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert seen == ["first", "text", "ended", "after"]


def test_without_urgent_items_a_fast_stream_is_handed_over_in_few_batches(qtbot: QtBot) -> None:
    batches: list[list[object]] = []
    done: list[bool] = []
    job = run_batched(lambda: iter(range(1000)), batch_s=3600.0)
    job.batch.connect(batches.append)
    job.finished.connect(lambda: done.append(True))
    qtbot.waitUntil(lambda: bool(done), timeout=10_000)
    assert len(batches) <= 2  # (the first item may go at once) the rest when it ended
