"""The app's side of the embedding engine: a second engine process, for embeddings only.

It has its own process and lock, so indexing documents never waits for a chat's answer nor
a chat for indexing. Crash safety is the chat engine's: an engine that ends or goes silent
becomes one sentence (``EngineCrashedError`` / ``EngineStalledError``), and the next call
starts a fresh one with the last model.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from deskchat.engine.child_env import without_secrets
from deskchat.engine.client import DOING, SHUTDOWN_S, STALL_S, WAIT_POLL_S, describe_exit
from deskchat.engine.embed_protocol import (
    CountRequest,
    Embeddings,
    EmbedLoaded,
    EmbedLoadRequest,
    EmbedModelInfo,
    EmbedRequest,
    TokenCounts,
)
from deskchat.engine.protocol import Alive, Failed, ShutdownRequest
from deskchat.errors import DeskchatError, EngineCrashedError, EngineStalledError, ModelLoadError
from deskchat.sentences import Sentence

_Reply = EmbedLoaded | Embeddings | TokenCounts | Failed


class EmbedClient:
    """Owns one embedding engine process; thread-safe (calls queue on one lock)."""

    def __init__(self, log_path: str | None = None) -> None:
        self._log_path = log_path
        self._ctx = mp.get_context("spawn")  # never fork the GUI's threads and Qt state
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._cancel: Any = None
        self._ids = itertools.count(1)
        self._current_id = 0
        self._last_load: EmbedLoadRequest | None = None
        self._heard_at = 0.0
        self._killed: Sentence | None = None
        self._stale = False  # a call was interrupted: its reply may still be in the pipe
        self.model: EmbedModelInfo | None = None
        self._lock = threading.RLock()

    # -- lifecycle -------------------------------------------------------------------------

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def is_running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def _start(self) -> None:
        from deskchat.engine.embed_worker import serve

        self._killed = None
        parent, child = self._ctx.Pipe(duplex=True)
        self._cancel = self._ctx.Value("q", 0, lock=False)
        process = self._ctx.Process(
            target=serve,
            args=(child, self._cancel, self._log_path),
            daemon=True,
            name="deskchat-embed",
        )
        with without_secrets():
            process.start()
        child.close()
        self._process, self._conn = process, parent

    def _ensure_running(self) -> None:
        if self.is_running() and not self._stale:
            return
        self._discard(kill=True)
        self._start()
        if self._last_load is not None:  # it crashed (or was restarted): bring the model back
            self._load(self._last_load)

    def _discard(self, *, kill: bool = False) -> None:
        process = self._process
        if self._conn is not None:
            self._conn.close()
        if process is not None:
            if kill and process.is_alive():
                process.kill()
            process.join(timeout=5 if kill else 0)
        self._process = self._conn = None
        self._stale = False
        if self._last_load is None:
            self.model = None

    def close(self) -> None:
        """Stop the engine; the model's memory goes back to the system."""
        with self._lock:
            process, conn = self._process, self._conn
            if process is None or conn is None:
                return
            if process.is_alive() and not self._stale:
                with contextlib.suppress(OSError):
                    conn.send(ShutdownRequest())
                process.join(timeout=SHUTDOWN_S)
            self._discard(kill=True)

    def unload(self) -> None:
        """Forget the model by ending its process."""
        with self._lock:
            self._last_load = None
            self.close()
            self.model = None

    def restart(self) -> None:
        """Kill the engine now, from any thread; the next call starts a fresh one."""
        process = self._process
        if process is not None and process.is_alive():
            self._killed = Sentence("restarted")
            process.kill()

    def cancel(self) -> None:
        """Stop the running ``embed`` call between two batches, from any thread; it raises
        ``DeskchatError`` saying so."""
        cancel = self._cancel
        if cancel is not None:
            cancel.value = max(cancel.value, self._current_id)

    def __enter__(self) -> EmbedClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- requests --------------------------------------------------------------------------

    def load(self, request: EmbedLoadRequest) -> EmbedModelInfo:
        """Load the embedding model (a sentence as ``ModelLoadError`` if llama.cpp cannot)."""
        with self._lock:
            self._last_load = None
            self.model = None
            self._ensure_running()
            info = self._load(request)
            self._last_load = request
            return info

    def _load(self, request: EmbedLoadRequest) -> EmbedModelInfo:
        reply = self._call(request, "loading the embedding model")
        if isinstance(reply, Failed):
            raise ModelLoadError(reply.message)
        assert isinstance(reply, EmbedLoaded)
        self.model = reply.info
        return reply.info

    def embed(self, texts: Sequence[str | Sequence[int]]) -> Embeddings:
        """One unit vector per text (or list of token ids), in order."""
        with self._lock:
            if self._last_load is None:
                raise DeskchatError(Sentence("No embedding model is loaded."))
            self._ensure_running()
            request_id = next(self._ids)
            self._current_id = request_id
            wire = tuple(t if isinstance(t, str) else tuple(int(i) for i in t) for t in texts)
            reply = self._call(EmbedRequest(request_id, wire), "embedding")
            if isinstance(reply, Failed):
                raise DeskchatError(reply.message)
            assert isinstance(reply, Embeddings)
            return reply

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Each text's tokens in the embedding model's vocabulary, before any cut."""
        with self._lock:
            if self._last_load is None:
                raise DeskchatError(Sentence("No embedding model is loaded."))
            self._ensure_running()
            reply = self._call(CountRequest(tuple(texts)), "embedding")
            if isinstance(reply, Failed):
                raise DeskchatError(reply.message)
            assert isinstance(reply, TokenCounts)
            return list(reply.counts)

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, request: EmbedLoadRequest | EmbedRequest | CountRequest, doing: str) -> _Reply:
        conn = self._conn
        assert conn is not None
        try:
            conn.send(request)
        except OSError as exc:
            raise self._crashed(doing) from exc
        self._heard_at = time.monotonic()
        self._stale = True  # until its reply is read (Ctrl-C may interrupt the wait)
        reply = self._receive(doing)
        self._stale = False
        return reply

    def _receive(self, doing: str) -> _Reply:
        """The engine's reply, heartbeats aside, waiting in short steps (a signal handler
        runs at once). An engine that ended raises ``EngineCrashedError``; one silent for
        STALL_S is killed and raises ``EngineStalledError``."""
        conn, process = self._conn, self._process
        assert conn is not None and process is not None
        while True:
            if conn.poll():
                try:
                    event = conn.recv()
                except (EOFError, OSError) as exc:
                    raise self._crashed(doing) from exc
                self._heard_at = time.monotonic()
                if not isinstance(event, Alive):
                    return event  # type: ignore[no-any-return]
                continue
            if time.monotonic() - self._heard_at >= STALL_S:
                self._discard(kill=True)
                raise EngineStalledError(
                    Sentence(
                        "The engine did not respond for {seconds:.0f} s while {doing};"
                        " it was stopped.",
                        seconds=STALL_S,
                        doing=DOING[doing],
                    )
                )
            wait([conn, process.sentinel], timeout=WAIT_POLL_S)
            if not process.is_alive() and not conn.poll():
                raise self._crashed(doing)

    def _crashed(self, doing: str) -> EngineCrashedError:
        process = self._process
        exitcode = None
        if process is not None:
            process.join(timeout=2)
            exitcode = process.exitcode
        why, self._killed = self._killed or describe_exit(exitcode), None
        self._discard()
        return EngineCrashedError(
            Sentence("The engine stopped ({why}) while {doing}.", why=why, doing=DOING[doing])
        )
