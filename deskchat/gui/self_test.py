"""`deskchat self-test`: prove an installation (above all a frozen bundle) works the way a
person uses it, without a display or a network.

It opens the main window (offscreen unless a platform is set), checks the shipped
resources and Qt plugins, writes a tiny GGUF, loads it through the engine process,
streams an answer, and reads that answer back from the history database. It prints one
line per step and exits 0, or exits 1 naming what is missing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskchat.gui.controller import ChatController
    from deskchat.gui.main_window import MainWindow
    from deskchat.store.records import Message


class SelfTestError(Exception):
    """A step failed; the message names what is missing or broken."""


LOG: list[Path] = []  # a windowed app (Windows, macOS) has no console: also keep a log


def say(line: str, *, error: bool = False) -> None:
    print(line, file=sys.stderr if error else sys.stdout, flush=True)
    for log in LOG:
        with log.open("a", encoding="utf-8") as f:
            f.write(line + "\n")


def _step(name: str, started: float) -> None:
    say(f"  ok  {name} ({(time.perf_counter() - started) * 1000:.0f} ms)")


def _wait(app: Any, done: Callable[[], bool], seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while not done():
        if time.monotonic() > end:
            raise SelfTestError(f"{what} did not happen within {seconds:.0f} s")
        app.processEvents()
        time.sleep(0.01)


def check_resources() -> None:
    from deskchat import paths

    shipped = paths.resources_dir()
    for relative in (
        "personas/builtin.json",
        "translations/deskchat_zh_CN.qm",
        "icons/deskchat.png",
        "starters.json",
    ):
        if not (shipped / relative).is_file():
            raise SelfTestError(f"the resource {relative} is missing from {shipped}")


def check_qt(app: Any) -> None:
    from PySide6.QtGui import QImageReader

    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    for needed in ("png", "svg"):
        if needed not in formats:
            raise SelfTestError(f"the Qt image plugin for {needed} is missing")
    if app.platformName() == "":
        raise SelfTestError("no Qt platform plugin could be loaded")


def run(data_dir: Path | None = None) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = data_dir or Path(tempfile.mkdtemp(prefix="deskchat-self-test-"))
    os.environ["DESKCHAT_HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    LOG[:] = [home / "self-test.log"]
    say(f"deskchat self-test in {home}")
    try:
        _run(home)
    except SelfTestError as exc:
        say(f"self-test FAILED: {exc}.", error=True)
        return 1
    except Exception as exc:  # noqa: BLE001 - the point is to name any failure
        say(f"self-test FAILED: {type(exc).__name__}: {exc}.", error=True)
        return 1
    say("self-test passed")
    return 0


def _run(home: Path) -> None:
    t = time.perf_counter()
    check_resources()
    _step("resources present", t)
    app, window = _show_window()
    outcome = _listen(window.controller)
    try:
        message = _load_and_answer(app, window.controller, home, outcome)
    finally:
        window.close()
        app.processEvents()
    _read_back(message)
    backend = outcome.get("backend")
    if backend is not None and not isinstance(backend, str):
        say(f"  ok  backend: {backend.backend}")


def _show_window() -> tuple[Any, MainWindow]:
    """The application and its main window, shown; says how long after the start."""
    from PySide6.QtWidgets import QApplication

    from deskchat.gui.app import create_window

    app = QApplication.instance() or QApplication([sys.argv[0]])
    check_qt(app)
    window = create_window(app)  # type: ignore[arg-type]
    window.show()
    _wait(app, window.isVisible, 10, "showing the window")
    app.processEvents()
    import psutil

    since_start = time.time() - psutil.Process().create_time()
    say(f"  ok  window shown {since_start:.2f} s after the process started")
    return app, window


def _listen(controller: ChatController) -> dict[str, Any]:
    """What the controller reports, first of each kind: loaded, backend, answer, failed."""
    outcome: dict[str, Any] = {}
    controller.model_loaded.connect(lambda info: outcome.setdefault("loaded", info))
    controller.model_failed.connect(lambda msg: outcome.setdefault("failed", msg))
    controller.backend_ready.connect(lambda info: outcome.setdefault("backend", info))
    controller.answer_finished.connect(lambda ev: outcome.setdefault("answer", ev))
    controller.answer_failed.connect(lambda msg: outcome.setdefault("failed", msg))
    controller.error.connect(lambda msg: outcome.setdefault("failed", msg))
    return outcome


def _load_and_answer(
    app: Any, controller: ChatController, home: Path, outcome: dict[str, Any]
) -> Message:
    """Load a tiny model through the engine process and stream one whole answer."""
    from deskchat.chat.generation import LoadOptions
    from deskchat.hub.tiny_gguf import write_tiny_gguf

    t = time.perf_counter()
    model = write_tiny_gguf(home / "self-test-model.gguf")
    controller.load(str(model), LoadOptions(n_ctx=512, n_threads=2, n_batch=64))
    _wait(app, lambda: "loaded" in outcome or "failed" in outcome, 120, "loading the model")
    if "failed" in outcome:
        raise SelfTestError(f"the engine could not load a model: {outcome['failed']}")
    _step("tiny model loaded through the engine process", t)
    t = time.perf_counter()
    controller.send("Hello from the self-test", max_tokens=16, ignore_eos=True, seed=1)
    _wait(app, lambda: "answer" in outcome or "failed" in outcome, 120, "streaming")
    if "failed" in outcome:
        raise SelfTestError(f"the answer failed: {outcome['failed']}")
    finished = outcome["answer"]
    message: Message = finished.message
    if message.status != "complete" or not message.content:
        raise SelfTestError(f"the answer ended as {message.status} with no text")
    _step(f"answer streamed ({message.completion_tokens} tokens)", t)
    return message


def _read_back(message: Message) -> None:
    """The answer, as the history database has it, is the one shown."""
    from deskchat.services.app import open_database
    from deskchat.store.messages import MessageRepo

    t = time.perf_counter()
    db, _ = open_database(maintain=False)
    try:
        stored = MessageRepo(db).get(message.id)
    finally:
        db.close()
    if stored.content != message.content:
        raise SelfTestError("the answer read back from the history differs from the one shown")
    _step("answer saved and read back from SQLite", t)
