"""A hung engine never hangs the app: a real llama.cpp engine process is stopped with
SIGSTOP mid-answer; Stop (cancel) ends the answer within a second or two, silence is told as
a stall after STALL_S, and the next request gets a fresh engine with the model."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from gguf import GGUFValueType

from deskchat.chat.generation import Done, LoadOptions, Piece, SamplingParams
from deskchat.engine import client as engine_client
from deskchat.engine.client import EngineClient
from deskchat.engine.protocol import Alive
from deskchat.engine.worker import Outbox
from deskchat.errors import EngineCrashedError, EngineStalledError
from deskchat.hub.tiny_gguf import write_tiny_gguf
from tests.conftest import REPO, run_cli

LONG_CONTEXT = 32_768  # the tiny model takes seconds to fill this: time to stop it mid-answer
LONG = SamplingParams(max_tokens=LONG_CONTEXT - 64, ignore_eos=True, temperature=0.0)
SHORT = SamplingParams(max_tokens=4, ignore_eos=True, temperature=0.0)


@pytest.fixture(scope="module")
def long_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_gguf(
        tmp_path_factory.mktemp("long") / "tiny-long.gguf",
        metadata={"llama.context_length": (GGUFValueType.UINT32, LONG_CONTEXT)},
    )


@pytest.fixture
def engine(long_model: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(str(long_model), LoadOptions(n_ctx=LONG_CONTEXT, n_threads=2, n_batch=64))
    yield client
    pid = client.pid
    if pid is not None and psutil.pid_exists(pid):
        os.kill(pid, signal.SIGCONT)  # a failed test must not leave it stopped
    client.close()


class Reader:
    """Reads a stream on a thread, so that a test can fail (not hang) when it never ends."""

    def __init__(self, events: Iterator[Piece | Done]) -> None:
        self.pieces = 0
        self.done: Done | None = None
        self.error: BaseException | None = None
        self.ended_at = 0.0
        self._thread = threading.Thread(target=self._read, args=(events,), daemon=True)
        self._thread.start()

    def _read(self, events: Iterator[Piece | Done]) -> None:
        try:
            for event in events:
                if isinstance(event, Done):
                    self.done = event
                else:
                    self.pieces += 1
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            self.error = exc
        self.ended_at = time.monotonic()

    def wait_for_pieces(self, n: int, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while self.pieces < n:
            assert time.monotonic() < deadline, "the answer never started"
            assert self._thread.is_alive(), self.error
            time.sleep(0.01)

    def ended_within(self, seconds: float) -> bool:
        self._thread.join(seconds)
        return not self._thread.is_alive()


def stop_engine(engine: EngineClient) -> float:
    assert engine.pid is not None
    os.kill(engine.pid, signal.SIGSTOP)
    return time.monotonic()


def test_stop_ends_the_answer_of_a_stopped_engine_within_two_seconds(
    engine: EngineClient,
) -> None:
    reader = Reader(engine.generate("hello", LONG))
    reader.wait_for_pieces(3)
    stopped_pid = engine.pid
    asked = stop_engine(engine)
    engine.cancel()
    assert reader.ended_within(2.0), "Stop waited on a stopped engine"
    assert reader.error is None
    assert reader.done is not None and reader.done.finish_reason == "cancelled"
    assert reader.done.completion_tokens > 0  # what had arrived is counted
    assert reader.ended_at - asked < 2.0
    assert stopped_pid is not None and not psutil.pid_exists(stopped_pid)  # killed, reaped
    # the next request starts a fresh engine with the same model
    done = list(engine.generate("hello", SHORT))[-1]
    assert isinstance(done, Done) and done.completion_tokens == 4
    assert engine.pid != stopped_pid


def test_a_silent_engine_is_a_stall_and_the_next_request_restarts_it(
    engine: EngineClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_client, "STALL_S", 2.0)
    reader = Reader(engine.generate("hello", LONG))
    reader.wait_for_pieces(3)
    stopped_pid = engine.pid
    asked = stop_engine(engine)
    assert reader.ended_within(2.0 + 3.0), "no stall was seen"
    assert isinstance(reader.error, EngineStalledError)
    assert "did not respond for 2 s while generating" in str(reader.error)
    assert reader.ended_at - asked < 2.0 + 1.5
    assert stopped_pid is not None and not psutil.pid_exists(stopped_pid)
    assert engine.model is not None  # the model comes back with the next request
    done = list(engine.generate("hello", SHORT))[-1]
    assert isinstance(done, Done) and done.completion_tokens == 4


def test_a_busy_engine_sends_heartbeats_and_is_not_a_stall(
    engine: EngineClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An engine busy for seconds with nothing to send until it is done (tokenizing 9 MB)
    keeps saying it is alive, so a short patience never takes it for a hung one."""
    outgoing, incoming = multiprocessing.Pipe()
    outbox = Outbox(incoming)  # the engine's side of the pipe, in this process
    outbox.busy(True)
    beats = 0
    while beats < 3 and outgoing.poll(5.0):
        beats += isinstance(outgoing.recv(), Alive)
    outbox.busy(False)
    assert beats == 3
    monkeypatch.setattr(engine_client, "STALL_S", 5.0)  # > the GIL-bound reply (~1.5 s)
    ids = engine.tokenize("lollipop " * 1_000_000, add_bos=False).ids
    assert len(ids) == 7_000_001  # the first word tokenizes apart


def test_restart_ends_a_stopped_engine_at_once(engine: EngineClient) -> None:
    reader = Reader(engine.generate("hello", LONG))
    reader.wait_for_pieces(3)
    stopped_pid = engine.pid
    stop_engine(engine)
    engine.restart()
    assert reader.ended_within(2.0)
    assert isinstance(reader.error, EngineCrashedError)
    assert "The engine stopped (restarted) while generating." in str(reader.error)
    done = list(engine.generate("hello", SHORT))[-1]
    assert isinstance(done, Done) and done.completion_tokens == 4
    assert engine.pid != stopped_pid


def engine_child(cli: psutil.Process, timeout: float = 60) -> psutil.Process:
    """The CLI's engine process (a multiprocessing spawn child; not its resource tracker)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in cli.children():
            try:
                cmdline = " ".join(child.cmdline())
            except psutil.NoSuchProcess:
                continue
            if "spawn_main" in cmdline:
                return child
        time.sleep(0.05)
    raise AssertionError("the CLI started no engine")


def test_ctrl_c_in_ask_returns_at_once_when_the_engine_is_stopped(long_model: Path) -> None:
    cli = subprocess.Popen(
        [sys.executable, "-m", "deskchat", "ask", "--model", str(long_model), "--ctx",
         str(LONG_CONTEXT), "--ignore-eos", "--max-tokens", str(LONG_CONTEXT - 64),
         "--temp", "0", "hello"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=os.environ.copy(),
    )  # fmt: skip
    engine = None
    try:
        assert cli.stdout is not None
        cli.stdout.read(20)  # the answer is streaming
        engine = engine_child(psutil.Process(cli.pid))
        engine.suspend()  # SIGSTOP
        asked = time.monotonic()
        cli.send_signal(signal.SIGINT)
        code = cli.wait(timeout=10)
        took = time.monotonic() - asked
        _, stderr = cli.communicate(timeout=5)
    finally:
        if cli.poll() is None:
            cli.kill()
        if engine is not None and engine.is_running():
            engine.kill()
    assert took < 2.0, f"Ctrl-C took {took:.1f} s"
    assert code == 0  # a stopped answer is a complete one (cancelled)
    assert b"Traceback" not in stderr
    assert not engine.is_running()  # the stopped engine was ended, not left behind


def test_restart_in_chat_ends_the_engine_and_the_next_message_is_answered(
    tiny_model: Path,
) -> None:
    result = run_cli(
        "chat", "--model", str(tiny_model), "--max-tokens", "3", "--ignore-eos",
        input_text="/restart\nhello\n/exit\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "The engine was ended; it starts again, with the model" in result.stdout
    assert "+ 3 completion =" in result.stdout, result.stdout  # answered after the restart
    assert "Traceback" not in result.stderr
