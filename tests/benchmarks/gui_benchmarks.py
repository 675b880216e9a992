"""Benchmarks for the desktop app (not tests: they print numbers, side by side in one run).

    .venv/bin/python -m tests.benchmarks.gui_benchmarks stream     # 4,000 tokens into the view
    .venv/bin/python -m tests.benchmarks.gui_benchmarks thinking   # a 4,000-token thought
    .venv/bin/python -m tests.benchmarks.gui_benchmarks startup    # 10k chats / 200k messages
    .venv/bin/python -m tests.benchmarks.gui_benchmarks e2e [MODEL] # GUI tok/s vs llama-cpp-python
    .venv/bin/python -m tests.benchmarks.gui_benchmarks indexing   # a 300-page PDF dropped on it

Each runs offscreen with its own DESKCHAT_HOME under /tmp.
"""

from __future__ import annotations

import itertools
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _home(name: str) -> Path:
    home = Path(tempfile.gettempdir()) / f"deskchat-bench-{name}"
    os.environ["DESKCHAT_HOME"] = str(home)
    return home


def _rss_mb() -> float:
    import psutil

    return float(psutil.Process().memory_info().rss) / 2**20


def sample_answer(n_tokens: int, seed: int = 3) -> list[str]:
    """Markdown-ish answer pieces (~4 characters a token): paragraphs, lists, code."""
    rng = random.Random(seed)
    words = [
        "the",
        "model",
        "token",
        "context",
        "window",
        "answer",
        "stream",
        "layout",
        "paragraph",
        "value",
        "cache",
        "prompt",
        "history",
        "render",
        "widget",
        "engine",
        "sample",
    ]
    pieces: list[str] = []
    while len(pieces) < n_tokens:
        kind = rng.random()
        if kind < 0.15:
            pieces += [
                "\n\n```python\n",
                "def ",
                "f",
                "(x",
                "):\n",
                "    return",
                " x",
                " +",
                " 1\n",
                "```\n\n",
            ]
        elif kind < 0.3:
            pieces += ["\n- ", "**", rng.choice(words), "**", ": "] + [
                " " + rng.choice(words) for _ in range(8)
            ]
        else:
            pieces += [" " + rng.choice(words) for _ in range(rng.randint(20, 60))] + [".\n\n"]
    return pieces[:n_tokens]


def bench_stream(n_tokens: int = 4000) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from deskchat.gui.chat_view import ChatView
    from tests.helpers.factories import make_message

    app = QApplication.instance() or QApplication([])
    view = ChatView()
    view.resize(800, 900)
    view.show()
    message = make_message(content="", status="streaming", finish_reason=None)
    view.begin_answer(message)
    pieces = sample_answer(n_tokens)
    # the GUI thread's CPU time per 1,000 tokens: appends, renders, layout and painting
    marks: list[float] = []
    position = [0]
    beats: list[tuple[float, int]] = []
    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(lambda: beats.append((time.perf_counter(), position[0])))
    feeder = QTimer()
    feeder.setInterval(1)  # 1,000 tokens/s: faster than any CPU model here
    clock = QElapsedTimer()
    clock.start()

    def feed() -> None:
        i = position[0]
        if i % 1000 == 0:
            marks.append(time.thread_time())
        if i >= n_tokens:
            feeder.stop()
            QTimer.singleShot(200, app.quit)
            return
        view.append(pieces[i])
        position[0] += 1

    feeder.timeout.connect(feed)
    # start measuring once the window is up (its first layout and paint are not streaming)
    QTimer.singleShot(100, heartbeat.start)
    QTimer.singleShot(100, feeder.start)
    app.exec()
    gaps = sorted(((b[0] - a[0], b[1]) for a, b in itertools.pairwise(beats)), reverse=True)
    blocks = view._streaming.body.block_count() if view._streaming else 0
    spent = [b - a for a, b in itertools.pairwise(marks)]
    first, last = spent[0], spent[-1]
    print(f"streamed {n_tokens} tokens into the chat view ({blocks} blocks)")
    print(
        f"longest event-loop stall: {gaps[0][0] * 1000:.1f} ms at token {gaps[0][1]} "
        f"(target < 50); next: {', '.join(f'{g * 1000:.0f}' for g, _ in gaps[1:4])} ms"
    )
    print(
        f"GUI-thread CPU, first 1,000 tokens: {first * 1000:.1f} ms; "
        f"last 1,000: {last * 1000:.1f} ms;"
        f" ratio {last / first:.2f} (target <= 1.5)"
    )
    print(f"this process's memory after the answer: {_rss_mb():.0f} MB RSS (target <= 150)")


def thinking_answer(n_tokens: int, seed: int = 4) -> str:
    """A reasoning model's answer as the fake engine speaks it (one token a word): a
    ``n_tokens``-word thought, then a short answer."""
    rng = random.Random(seed)
    words = ["so", "the", "sum", "of", "two", "and", "two", "is", "four,", "wait.", "check:"]
    thought = " ".join(rng.choice(words) for _ in range(n_tokens))
    return f"<think>{thought}</think> Four."


@dataclass(frozen=True)
class ThinkingStalls:
    """The longest the GUI thread's event loop went without turning (seconds): while the
    thought streamed (from its first piece to the answer's first), and over the whole
    answer (its start and end included); ``at``: thought tokens shown at the longest.

    ``thought_cpu`` is the most CPU time the GUI thread itself spent between two turns while
    the thought streamed: the stall the window's own work causes. Wall-clock gaps also count
    the time a loaded machine's scheduler kept the thread off a core."""

    thought: float
    at: int
    whole: float
    thought_cpu: float


def thinking_stalls(window: Any, n_tokens: int = 4000, delay_s: float = 0.0) -> ThinkingStalls:
    """Send a message to ``window`` (its session answering with a fake engine, ``delay_s``
    between tokens) whose answer thinks for ``n_tokens`` tokens, and time its event loop."""
    from PySide6.QtCore import QEventLoop, QTimer

    from tests.helpers.fake_engine import FakeEngine, fake_model_info

    engine = FakeEngine([thinking_answer(n_tokens)], delay_s=delay_s)
    engine.model = fake_model_info(
        template="{% for m in messages %}<{{ m.role }}>"
        "{{ m.content.split('</think>')[-1] }}\\n{% endfor %}<assistant>"
    )
    window.app.session.use_engine(engine)
    window.controller.engine_changed.emit(engine.model)
    thought = [0]
    phase = ["start"]  # start, thought, answer
    beats: list[tuple[float, float, int, str]] = []
    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(
        lambda: beats.append((time.perf_counter(), time.thread_time(), thought[0], phase[0]))
    )

    def on_thought(event: Any) -> None:
        thought[0] += len(event.token_ids)
        if phase[0] == "start":
            phase[0] = "thought"

    def on_answer(_event: Any) -> None:
        phase[0] = "answer"

    done = QEventLoop()
    finished: list[object] = []

    def idle(busy: bool) -> None:
        if not busy and finished:
            done.quit()

    c = window.controller
    c.thought_delta.connect(on_thought)
    c.answer_delta.connect(on_answer)
    c.answer_finished.connect(finished.append)
    c.busy_changed.connect(idle)
    window.composer.edit.setPlainText("What is two and two? Think it over.")
    heartbeat.start()
    window.composer.submit()
    QTimer.singleShot(120_000, done.quit)  # a safety net: never hang a run
    done.exec()
    heartbeat.stop()
    c.thought_delta.disconnect(on_thought)
    c.answer_delta.disconnect(on_answer)
    c.answer_finished.disconnect(finished.append)
    c.busy_changed.disconnect(idle)
    if not finished:
        raise RuntimeError("the thinking answer did not finish within 120 s")
    gaps = [(b[0] - a[0], b[1] - a[1], b[2], b[3]) for a, b in itertools.pairwise(beats)]
    # a gap ending in the thought phase began in it too (or with its first piece)
    during = [(g, cpu, at) for g, cpu, at, p in gaps if p == "thought"] or [(0.0, 0.0, 0)]
    worst, _, at = max(during)
    return ThinkingStalls(
        thought=worst,
        at=at,
        whole=max((g for g, _, _, _ in gaps), default=0.0),
        thought_cpu=max(cpu for _, cpu, _ in during),
    )


def bench_thinking(n_tokens: int = 4000) -> None:
    from PySide6.QtWidgets import QApplication

    from deskchat.gui.app import create_window

    app = QApplication.instance() or QApplication([])
    window = create_window(app)  # type: ignore[arg-type]
    window.show()
    app.processEvents()
    # 0: the fake engine's thread never waits (it holds the GIL whenever the GUI thread
    # lets go of it); 1 ms: 1,000 tokens/s from a thread that waits between tokens, as the
    # real engine's reader does on its pipe
    for delay_s in (0.0, 0.001):
        window.controller.new_conversation()
        stalls = thinking_stalls(window, n_tokens, delay_s)
        widget = window.chat.widgets[max(window.chat.widgets)]
        line = widget.thinking.toggle.text() if widget.thinking else "no thinking block"
        print(
            f"a {n_tokens}-token thought through the window, {delay_s * 1000:.0f} ms between "
            f"tokens ({line!r}): longest event-loop stall while it streamed "
            f"{stalls.thought * 1000:.1f} ms at thought token {stalls.at} (target < 50), "
            f"of which the GUI thread's own work at most {stalls.thought_cpu * 1000:.1f} ms; "
            f"over the whole answer, its start and end included: {stalls.whole * 1000:.1f} ms"
        )
    window.close()
    window.app.close()


def build_history(home: Path, conversations: int = 10_000, per: int = 20) -> Path:
    from deskchat.services.app import open_database

    db_file = home / "data" / "history.sqlite3"
    if db_file.exists():
        return db_file
    db, _ = open_database()
    rng = random.Random(5)
    words = [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "model",
        "token",
        "context",
        "window",
        "answer",
        "stream",
        "cache",
        "prompt",
        "history",
        "render",
        "widget",
        "engine",
        "sample",
        "模型",
        "上下文",
        "窗口",
        "回答",
    ]
    now = time.time()
    t = time.perf_counter()
    with db.transaction() as conn:
        for c in range(1, conversations + 1):
            conn.execute(
                "INSERT INTO conversations(id, title, created_at, updated_at) VALUES (?,?,?,?)",
                (c, " ".join(rng.choices(words, k=5)), now - c * 600, now - c * 600),
            )
            parent = None
            rows = []
            for m in range(per):
                mid = (c - 1) * per + m + 1
                text = " ".join(rng.choices(words, k=rng.randint(15, 60)))
                rows.append(
                    (
                        mid,
                        c,
                        parent,
                        "user" if m % 2 == 0 else "assistant",
                        text,
                        now - c * 600 + m,
                        now - c * 600 + m,
                    )
                )
                parent = mid
            conn.executemany(
                "INSERT INTO messages(id, conversation_id, parent_id, role, content, created_at,"
                " updated_at) VALUES (?,?,?,?,?,?,?)",
                rows,
            )
            conn.execute("UPDATE conversations SET current_leaf_id = ? WHERE id = ?", (parent, c))
    print(
        f"built {conversations:,} conversations / {conversations * per:,} messages in "
        f"{time.perf_counter() - t:.1f} s"
    )
    db.close()
    return db_file


STARTUP = """
import time, sys
t0 = time.perf_counter()
from PySide6.QtWidgets import QApplication
from deskchat.gui.app import create_window
app = QApplication([])
w = create_window(app)
w.show()
app.processEvents()
shown = time.perf_counter() - t0
import psutil
print(f"{shown:.3f} {w.sidebar.list.count()} {psutil.Process().memory_info().rss / 2**20:.0f}")
w.close(); w.app.close()
"""


def bench_startup() -> None:
    home = _home("startup")
    build_history(home)
    from deskchat.services.app import open_database
    from deskchat.store.search import search_messages

    times, rss = [], []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", STARTUP],
            capture_output=True,
            text=True,
            env=os.environ,
            check=True,
        ).stdout.split()
        times.append(float(out[0]))
        rss.append(float(out[2]))
    print(
        f"process start -> window shown with 10,000 conversations: "
        f"median {statistics.median(times) * 1000:.0f} ms of {len(times)} runs "
        f"(target < 1500; sidebar rows loaded: {out[1]}); "
        f"memory {statistics.median(rss):.0f} MB RSS (target <= 150)"
    )
    db, _ = open_database(maintain=False)
    for query in ("gamma delta", "context window", "窗口回答", "模型", "zz"):
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            hits = search_messages(db, query, limit=100)
            runs.append(time.perf_counter() - t)
        print(
            f"search {query!r:18}: median {statistics.median(runs) * 1000:6.1f} ms, "
            f"{len(hits)} hits shown (target < 50)"
        )


def bench_e2e(model: str | None, n_tokens: int = 512, rounds: int = 5) -> None:
    _home("e2e")
    from dataclasses import replace

    from PySide6.QtCore import QTimer

    from deskchat.engine.baseline import PlainLlama, decode_rate
    from deskchat.services.starter import starter_model_path

    path = model or str(starter_model_path())
    app, window, options = _e2e_window(path)
    plain = PlainLlama(path, replace(options, n_ctx=window.controller.model.n_ctx))
    gui_rates, base_rates = [], []
    cpu_used: list[float] = []
    engine_rates: list[float] = []
    window.controller.answer_finished.connect(lambda e: engine_rates.append(e.message.tokens_per_s))
    stream_s: list[float] = []
    prompt = "Once upon a time, in a small village at the edge of a great forest, there lived"
    for _ in range(rounds):
        base_rates.append(plain.stream(prompt, n_tokens).decode_tokens_per_s)
        times, cpu = _e2e_round(window, n_tokens)
        cpu_used.append(cpu)
        gui_rates.append(decode_rate(times))
        stream_s.append(times[-1] - times[0])
    plain.close()
    QTimer.singleShot(0, window.close)
    app.processEvents()
    window.app.close()
    _e2e_report(base_rates, gui_rates, engine_rates, cpu_used, stream_s)


def _e2e_window(path: str) -> tuple[Any, Any, Any]:
    """The application, its window shown, and the load options the model was loaded with
    (CPU only, every physical core)."""
    from dataclasses import replace

    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    from deskchat.engine.worker import physical_cores
    from deskchat.gui.app import create_window

    app = QApplication.instance() or QApplication([])
    window = create_window(app)  # type: ignore[arg-type]
    window.show()
    options = replace(window.app.settings.current.load, n_threads=physical_cores(), n_gpu_layers=0)
    loop = QEventLoop()
    window.controller.model_loaded.connect(loop.quit)
    window.controller.load(path, options)
    loop.exec()
    return app, window, options


def _e2e_round(window: Any, n_tokens: int) -> tuple[list[float], float]:
    """One answer typed and sent in a new chat: when each piece reached the window, and
    the app process's CPU seconds meanwhile."""
    from PySide6.QtCore import QEventLoop

    times: list[float] = []
    window.controller.new_conversation()
    window.controller.set_sampling(
        {"max_tokens": n_tokens, "temperature": 0.0, "repeat_penalty": 1.0, "ignore_eos": True}
    )
    window.controller.answer_delta.connect(lambda _e: times.append(time.perf_counter()))
    window.composer.edit.setPlainText("Tell me a long story about the village.")
    done = QEventLoop()
    answered: list[object] = []

    def idle(busy: bool) -> None:
        if not busy and answered:  # this answer is finished and its worker is gone
            done.quit()

    window.controller.answer_finished.connect(answered.append)
    window.controller.busy_changed.connect(idle)
    cpu = time.process_time()
    window.composer.submit()
    done.exec()  # the app's own event loop, as when a person uses it
    cpu_s = time.process_time() - cpu
    window.controller.busy_changed.disconnect(idle)
    window.controller.answer_finished.disconnect(answered.append)
    window.controller.answer_delta.disconnect()
    return times, cpu_s


def _e2e_report(
    base_rates: list[float],
    gui_rates: list[float],
    engine_rates: list[float],
    cpu_used: list[float],
    stream_s: list[float],
) -> None:
    base, gui = statistics.median(base_rates), statistics.median(gui_rates)
    print(
        f"plain llama-cpp-python: {base:.1f} tok/s; through the GUI (engine process -> "
        f"worker thread -> signal -> view, saved to SQLite): {gui:.1f} tok/s; "
        f"ratio {gui / base:.3f} (target >= 0.97)"
    )
    engine = statistics.median(engine_rates)
    print(
        f"the engine's own decode rate meanwhile (timed inside the engine, like the plain "
        f"baseline): {engine:.1f} tok/s; ratio {engine / base:.3f}"
    )
    share = statistics.median(c / s for c, s in zip(cpu_used, stream_s, strict=False))
    print(f"the app process's own CPU while streaming: {share * 100:.0f}% of one core")


def bench_indexing(pages: int = 300) -> None:
    """A ``pages``-page PDF dropped on the window: how long indexing takes, the longest the
    window's event loop went without turning meanwhile (wall clock and the GUI thread's own
    CPU), and the window process's memory before, at its peak and after."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from deskchat.gui.app import create_window
    from tests.helpers.doc_files import write_pdf

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="deskchat-bench-pdf-"))
    lines = [
        f"Line {n}: the quarterly report covers revenue, costs and staffing." for n in range(40)
    ]
    pdf = write_pdf(folder / "report.pdf", [[f"Page {p}.", *lines] for p in range(pages)])
    window = create_window(app)  # type: ignore[arg-type]
    window.show()
    app.processEvents()
    before = _rss_mb()
    beats: list[tuple[float, float]] = []
    peak = [before]
    heartbeat = QTimer()
    heartbeat.setInterval(2)
    heartbeat.timeout.connect(lambda: beats.append((time.perf_counter(), time.thread_time())))
    memory = QTimer()
    memory.setInterval(50)
    memory.timeout.connect(lambda: peak.append(_rss_mb()))
    done = QEventLoop()
    reports: list[Any] = []
    window.documents.indexed.connect(lambda report: (reports.append(report), done.quit()))
    heartbeat.start()
    memory.start()
    start = time.perf_counter()
    window.documents.attach([str(pdf)])
    QTimer.singleShot(600_000, done.quit)
    done.exec()
    took = time.perf_counter() - start
    heartbeat.stop()
    memory.stop()
    gaps = [(b[0] - a[0], b[1] - a[1], b[0] - start) for a, b in itertools.pairwise(beats)]
    wall = max((g for g, _, _ in gaps), default=0.0)
    cpu = max((c for _, c, _ in gaps), default=0.0)
    if os.environ.get("DESKCHAT_BENCH_DEBUG"):
        for g, c, at in sorted(gaps, reverse=True)[:5]:
            print(f"  stall {g * 1000:.1f} ms (GUI CPU {c * 1000:.1f} ms) ending at {at:.3f} s")
    result = reports[0].results[0] if reports else None
    print(
        f"a {pages}-page PDF dropped on the window: indexed in {took:.1f} s "
        f"({pages / took:.0f} pages/s, {result.chunks if result else 0:,} passages)"
    )
    print(
        f"longest event-loop stall meanwhile: {wall * 1000:.1f} ms wall clock, of which the GUI "
        f"thread's own work {cpu * 1000:.1f} ms (target < 50)"
    )
    print(
        f"window process memory: {before:.0f} MB before, {max(peak):.0f} MB at the peak, "
        f"{_rss_mb():.0f} MB after"
    )
    window.close()
    window.app.close()


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "stream"
    if what == "stream":
        _home("stream")
        bench_stream()
    elif what == "thinking":
        _home("thinking")
        bench_thinking()
    elif what == "startup":
        bench_startup()
    elif what == "indexing":
        _home("indexing")
        bench_indexing()
    elif what == "e2e":
        bench_e2e(sys.argv[2] if len(sys.argv) > 2 else None)
    else:
        raise SystemExit(__doc__)
