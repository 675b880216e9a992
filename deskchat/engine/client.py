"""The app's side of the engine: starts the engine process and speaks its protocol.

Safe to use from one worker thread at a time, with ``cancel`` callable from any thread
(it only writes a shared integer the engine checks between tokens and prompt batches).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import signal
import threading
from collections.abc import Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from deskchat.engine.protocol import (
    BackendInfo,
    Done,
    Event,
    Failed,
    GenerateRequest,
    InfoRequest,
    Loaded,
    LoadOptions,
    LoadRequest,
    ModelInfo,
    Piece,
    Pieces,
    Request,
    SamplingParams,
    ShutdownRequest,
    TokenizeRequest,
    Tokens,
)
from deskchat.errors import DeskchatError, EngineCrashedError, ModelLoadError


def describe_exit(exitcode: int | None) -> str:
    """'signal 11, SIGSEGV' / 'exit code 1' for an engine that ended."""
    if exitcode is None:
        return "unknown cause"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        killed = -exitcode == 9  # SIGKILL (the name does not exist on Windows)
        hint = ", often a sign the system ran out of memory" if killed else ""
        return f"signal {-exitcode}, {name}{hint}"
    return f"exit code {exitcode}"


class EngineClient:
    """Owns one engine process. Crashes surface as ``EngineCrashedError``; the next call
    starts a fresh engine and reloads the last model."""

    def __init__(self, log_path: str | None = None) -> None:
        self._log_path = log_path
        # spawn, not fork: fork would copy the GUI's threads and Qt state into the engine
        self._ctx = mp.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._cancel: Any = None
        self._ids = itertools.count(1)
        self._current_id = 0
        self._last_load: LoadRequest | None = None
        self._unanswered = 0  # replies still expected in the pipe
        self.model: ModelInfo | None = None
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    @property
    def current_request(self) -> int:
        """The id of the latest generation (0 before the first)."""
        return self._current_id

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _start(self) -> None:
        from deskchat.engine.worker import serve

        parent, child = self._ctx.Pipe(duplex=True)
        self._cancel = self._ctx.Value("q", 0, lock=False)
        process = self._ctx.Process(
            target=serve,
            args=(child, self._cancel, self._log_path),
            daemon=True,
            name="deskchat-engine",
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent

    def _ensure_running(self) -> None:
        if self.is_running():
            return
        self._discard()
        self._start()
        if self._last_load is not None:  # the engine crashed: bring the model back
            self._load(self._last_load)

    def _discard(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            self._process.join(timeout=0)
        self._process = self._conn = None
        self._unanswered = 0
        if self._last_load is None:
            self.model = None  # else: the model comes back with the next request

    def close(self) -> None:
        """Stop the engine; all the model's memory goes back to the system."""
        with self._lock:
            process, conn = self._process, self._conn
            if process is None or conn is None:
                return
            if process.is_alive():
                with contextlib.suppress(OSError):  # it may be exiting already
                    conn.send(ShutdownRequest())
                process.join(timeout=5)
                if process.is_alive():
                    process.kill()
                    process.join(timeout=5)
            self._discard()

    def abort(self) -> None:
        """Kill the engine at once, from any thread: how a slow load is cancelled. The
        call that was waiting on it raises ``EngineCrashedError``."""
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def unload(self) -> None:
        """Forget the model by ending its process (RAM and VRAM are returned in full)."""
        with self._lock:
            self._last_load = None
            self.close()
            self.model = None

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def load(self, path: str, options: LoadOptions | None = None) -> ModelInfo:
        with self._lock:
            request = LoadRequest(path, options or LoadOptions())
            self._last_load = None
            self.model = None
            self._ensure_running()
            info = self._load(request)
            self._last_load = request
            return info

    def _load(self, request: LoadRequest) -> ModelInfo:
        reply = self._call(request, doing="loading the model")
        if isinstance(reply, Failed):
            raise ModelLoadError(reply.message)
        assert isinstance(reply, Loaded)
        self.model = reply.info
        return reply.info

    def tokenize(self, text: str, *, add_bos: bool = True, with_pieces: bool = False) -> Tokens:
        with self._lock:
            self._ensure_running()
            reply = self._call(TokenizeRequest(text, add_bos, True, with_pieces), "tokenizing")
            if isinstance(reply, Failed):
                raise DeskchatError(reply.message)
            assert isinstance(reply, Tokens)
            return reply

    def count_tokens(self, text: str) -> int:
        """Exact token count of a rendered prompt, as generation will see it."""
        add_bos = self.model.add_bos if self.model else True
        ids = self.tokenize(text, add_bos=add_bos).ids
        if self.model and len(ids) >= 2 and ids[0] == ids[1] == self.model.bos_id:
            return len(ids) - 1  # the engine drops a doubled BOS before generating
        return len(ids)

    def backend(self) -> BackendInfo:
        with self._lock:
            self._ensure_running()
            reply = self._call(InfoRequest(), "reporting its backend")
            assert isinstance(reply, BackendInfo)
            return reply

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        """Stream the answer: ``Piece`` events, then one ``Done``."""
        with self._lock:
            self._ensure_running()
            request_id = next(self._ids)
            self._current_id = request_id
            self._send(
                GenerateRequest(request_id, prompt, sampling or SamplingParams()), "generating"
            )
            finished = False
            try:
                while True:
                    event = self._receive("generating")
                    if isinstance(event, Failed):
                        finished = True
                        raise DeskchatError(event.message)
                    if isinstance(event, Pieces) and event.request_id == request_id:
                        yield from event.pieces
                    elif isinstance(event, Piece | Done) and event.request_id == request_id:
                        finished = isinstance(event, Done)
                        yield event
                        if finished:
                            return
            except EngineCrashedError:
                finished = True
                raise
            finally:
                if not finished:  # the caller stopped reading: stop the engine, drain the pipe
                    self.cancel()
                    self._drain(request_id)

    def cancel(self) -> None:
        """Stop the current generation between two tokens (or two prompt batches)."""
        cancel = self._cancel
        if cancel is not None:
            cancel.value = max(cancel.value, self._current_id)

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, request: Request, doing: str) -> Event:
        # a reply whose caller was interrupted (Ctrl-C) is still in the pipe: skip it, or
        # this call would get the previous call's answer
        while self._unanswered:
            event = self._receive(doing)
            if not isinstance(event, Piece | Pieces | Done):
                self._unanswered -= 1
        self._send(request, doing)
        self._unanswered += 1
        while True:
            event = self._receive(doing)
            if not isinstance(event, Piece | Pieces | Done):  # leftovers of an abandoned generation
                self._unanswered -= 1
                return event

    def _drain(self, request_id: int) -> None:
        try:
            while True:
                event = self._receive("stopping")
                if isinstance(event, Done | Failed) and event.request_id == request_id:
                    return
        except EngineCrashedError:
            return

    def _send(self, request: Request, doing: str) -> None:
        assert self._conn is not None
        try:
            self._conn.send(request)
        except OSError as exc:
            raise self._crashed(doing) from exc

    def _receive(self, doing: str) -> Event:
        conn, process = self._conn, self._process
        assert conn is not None and process is not None
        while True:
            if conn.poll():
                try:
                    event: Event = conn.recv()
                except (EOFError, OSError) as exc:
                    raise self._crashed(doing) from exc
                return event
            wait([conn, process.sentinel], timeout=1.0)
            if not process.is_alive() and not conn.poll():
                raise self._crashed(doing)

    def _crashed(self, doing: str) -> EngineCrashedError:
        process = self._process
        exitcode = None
        if process is not None:
            process.join(timeout=2)
            exitcode = process.exitcode
        self._discard()
        return EngineCrashedError(f"The engine stopped ({describe_exit(exitcode)}) while {doing}.")
