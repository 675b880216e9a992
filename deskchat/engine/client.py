"""The app's side of the engine: starts the engine process and speaks its protocol.

One engine serves several callers (the GUI's chat, API requests): their calls queue on one
lock, and a generation holds it until its ``Done``. ``cancel`` is callable from any thread
and stops only its own caller's generations: ``EngineClient.cancel`` those started with
``EngineClient.generate``, ``EngineCaller.cancel`` those started through that handle.
The engine process cancels every request id up to a shared integer, checked between tokens
and prompt batches; since generations run one at a time and ids only grow, writing a
caller's own running id never stops anyone else's, and a caller still waiting in the queue
is stopped here, before it reaches the engine.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import signal
import threading
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, cast

from deskchat.chat.generation import (
    BackendInfo,
    Done,
    LoadOptions,
    ModelInfo,
    Piece,
    Prompt,
    PromptPart,
    PromptProgress,
    SamplingParams,
    Tokens,
)
from deskchat.chat.prompt import PromptPlan
from deskchat.engine.child_env import without_secrets
from deskchat.engine.protocol import (
    STREAMED,
    Alive,
    Event,
    Failed,
    GenerateRequest,
    InfoRequest,
    KvStateConfig,
    KvStates,
    Loaded,
    LoadRequest,
    Pieces,
    Request,
    ShutdownRequest,
    StatesRequest,
    TokenizeRequest,
)
from deskchat.errors import DeskchatError, EngineCrashedError, EngineStalledError, ModelLoadError
from deskchat.sentences import Sentence

QUEUE_POLL_S = 0.05  # how often a generation waiting for the engine checks for its cancel
WAIT_POLL_S = 0.1  # how often a wait on the engine's pipe looks at the clock and at cancels
# A cancelled generation whose Done has not come this long after the cancel is given up: the
# engine is killed (it restarts with the model on the next request), so Stop and Ctrl-C
# never wait on an engine that is stopped, hung or deep in a long prompt batch.
CANCEL_GRACE_S = 1.0
# An engine that sends nothing, not even its heartbeat (worker.HEARTBEAT_S), this long is hung
STALL_S = 30.0
# An engine asked to exit first writes the open chat's KV state to disk (kv_states.py): it
# gets this long before it is killed (a state cut short by the kill is never read back)
SHUTDOWN_S = 15.0


class _Generation:
    """One ``generate`` call: its engine request id once it has one (0 while it waits in the
    queue), and whether its caller cancelled it."""

    __slots__ = ("cancelled", "cancelled_at", "request_id")

    def __init__(self) -> None:
        self.request_id = 0
        self.cancelled = False
        self.cancelled_at: float | None = None  # time.monotonic() of the cancel

    def given_up(self) -> bool:
        """Cancelled CANCEL_GRACE_S ago and still not done."""
        at = self.cancelled_at
        return at is not None and time.monotonic() - at >= CANCEL_GRACE_S


class _Scope:
    """The generations one caller has in flight; ``closed``: later ones end at once."""

    __slots__ = ("closed", "generations")

    def __init__(self) -> None:
        self.generations: set[_Generation] = set()
        self.closed = False


def describe_exit(exitcode: int | None) -> Sentence:
    """'signal 11, SIGSEGV' / 'exit code 1' for an engine that ended."""
    if exitcode is None:
        return Sentence("unknown cause")
    if exitcode < 0:
        name: str | Sentence
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = Sentence("unknown signal")
        if -exitcode == 9:  # SIGKILL (the name does not exist on Windows)
            return Sentence(
                "signal {number:d}, {name}, often a sign the system ran out of memory",
                number=-exitcode,
                name=name,
            )
        return Sentence("signal {number:d}, {name}", number=-exitcode, name=name)
    return Sentence("exit code {code:d}", code=exitcode)


# What the engine was doing when it stopped, as the crash sentence says it.
DOING = {
    "loading the model": Sentence("loading the model"),
    "tokenizing": Sentence("tokenizing"),
    "reporting its backend": Sentence("reporting its backend"),
    "generating": Sentence("generating"),
    "stopping": Sentence("stopping"),
    "loading the embedding model": Sentence("loading the embedding model"),
    "embedding": Sentence("embedding"),
}


class EngineClient:
    """Owns one engine process. Crashes surface as ``EngineCrashedError``; the next call
    starts a fresh engine and reloads the last model."""

    def __init__(self, log_path: str | None = None, states: KvStateConfig | None = None) -> None:
        self._log_path = log_path
        # chats' KV states: kept by the engine from the next load (None: none are kept)
        self.states = states
        # spawn, not fork: fork would copy the GUI's threads and Qt state into the engine
        self._ctx = mp.get_context("spawn")
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._cancel: Any = None
        self._ids = itertools.count(1)
        self._current_id = 0
        self._last_load: LoadRequest | None = None
        self._unanswered = 0  # replies still expected in the pipe
        self._heard_at = 0.0  # time.monotonic() of the engine's last event (or our request)
        self._killed: Sentence | None = None  # why deskchat itself ended the engine
        self.model: ModelInfo | None = None
        self._lock = threading.RLock()
        self._guard = threading.Lock()  # generation bookkeeping; never held while waiting
        self._own = _Scope()  # generations started with ``self.generate``

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

        self._killed = None
        parent, child = self._ctx.Pipe(duplex=True)
        self._cancel = self._ctx.Value("q", 0, lock=False)
        process = self._ctx.Process(
            target=serve,
            args=(child, self._cancel, self._log_path),
            daemon=True,
            name="deskchat-engine",
        )
        with without_secrets():  # the engine needs no key or token of the person's
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
            if process.is_alive() and self._unanswered:  # a call was interrupted: it may hang
                process.kill()
            if process.is_alive():
                with contextlib.suppress(OSError):  # it may be exiting already
                    conn.send(ShutdownRequest())
                process.join(timeout=SHUTDOWN_S)
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

    def restart(self) -> None:
        """Kill the engine now, from any thread, whatever it is doing (hung, stopped,
        busy); the next request starts a fresh one and loads the last model again. A call
        waiting on it ends with ``EngineCrashedError``."""
        self._kill(Sentence("restarted"))

    def _kill(self, why: Sentence) -> None:
        process = self._process
        if process is not None and process.is_alive():
            self._killed = why
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

    def load(
        self, path: str, options: LoadOptions | None = None, *, template_is_text: bool = True
    ) -> ModelInfo:
        """Load the model at ``path``. ``template_is_text`` False: the file's chat template
        is stored as another type (the caller read the header), so the model has none."""
        with self._lock:
            request = LoadRequest(path, options or LoadOptions(), template_is_text, self.states)
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

    def tokenize(
        self,
        text: Prompt,
        *,
        add_bos: bool = True,
        with_pieces: bool = False,
        special: bool = True,
    ) -> Tokens:
        """``text``'s tokens; ``special`` False reads a bare string as plain text, as a
        message is read (control tokens' text is not parsed); ``with_pieces``: each
        token's vocabulary entry and bytes too."""
        with self._lock:
            self._ensure_running()
            request = TokenizeRequest(_wire(text), add_bos, special, with_pieces)
            reply = self._call(request, "tokenizing")
            if isinstance(reply, Failed):
                raise DeskchatError(reply.message)
            assert isinstance(reply, Tokens)
            return reply

    def count_tokens(self, text: Prompt) -> int:
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

    def kv_states(self, config: KvStateConfig | None = None) -> KvStates:
        """What the loaded model's saved KV states hold; ``config``: new budgets first
        (they also apply to the next loads). No model: nothing is held."""
        with self._lock:
            if config is not None:
                self.states = config
            if not self.is_running() or self.model is None:
                return KvStates()
            reply = self._call(StatesRequest(config), "reporting its saved states")
            assert isinstance(reply, KvStates)
            return reply

    def caller(self) -> EngineCaller:
        """A handle on this engine for one more party (an API request, a second chat):
        same model, same queue, but its ``cancel`` stops only what it started."""
        return EngineCaller(self)

    def generate(
        self, prompt: Prompt, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        """Stream the answer: ``Piece`` events, then one ``Done``. Waits for the engine
        while another caller's generation runs."""
        # without progress asked for, no PromptProgress is sent
        return cast(Iterator[Piece | Done], self._generate(prompt, sampling, self._own))

    def answer(
        self, prompt: PromptPlan, sampling: SamplingParams | None = None
    ) -> Iterator[PromptProgress | Piece | Done]:
        """The engine port (``deskchat.services.engine_port``): the plan's markup and plain
        text parts (its flattened text when it has none); how far the prompt has been
        read comes first (``PromptProgress``)."""
        return self._generate(
            _prompt_of(prompt), sampling, self._own, _control(prompt), progress=True
        )

    def cancel(self) -> None:
        """Stop the generations started with ``generate`` on this client, running or still
        queued, between two tokens (or two prompt batches); other callers' go on."""
        self._cancel_scope(self._own)

    def _generate(
        self,
        prompt: Prompt,
        sampling: SamplingParams | None,
        scope: _Scope,
        control: bool = False,
        *,
        progress: bool = False,
    ) -> Iterator[PromptProgress | Piece | Done]:
        generation = _Generation()
        with self._guard:
            scope.generations.add(generation)
            generation.cancelled = scope.closed
        try:
            if not self._wait_for_turn(generation):  # cancelled while queued
                yield Done(0, "cancelled", 0, 0, 0, 0.0, 0.0, 0.0)
                return
            try:
                sampling = sampling or SamplingParams()
                yield from self._stream(prompt, sampling, generation, control, progress)
            finally:
                self._lock.release()
        finally:
            with self._guard:
                scope.generations.discard(generation)

    def _wait_for_turn(self, generation: _Generation) -> bool:
        """Take the engine's lock, unless the generation is cancelled while it waits."""
        while not generation.cancelled:
            if self._lock.acquire(timeout=QUEUE_POLL_S):
                return True
        return False

    def _stream(
        self,
        prompt: Prompt,
        sampling: SamplingParams,
        generation: _Generation,
        control: bool,
        progress: bool,
    ) -> Iterator[PromptProgress | Piece | Done]:
        self._ensure_running()
        request_id = next(self._ids)
        self._current_id = request_id
        with self._guard:
            generation.request_id = request_id
            if generation.cancelled:  # cancelled in the moment it got its turn
                self._signal_cancel(request_id)
        request = GenerateRequest(
            request_id, _wire(prompt), sampling, show_control=control, progress=progress
        )
        self._send(request, "generating")
        finished = False
        completion = 0  # tokens received, for the Done of a generation given up
        try:
            while True:
                event = self._receive_until("generating", generation.given_up)
                if event is None:  # cancelled and the engine does not stop: end it
                    finished = True
                    self._give_up()
                    yield Done(request_id, "cancelled", 0, 0, completion, 0.0, 0.0, 0.0)
                    return
                if isinstance(event, Failed):
                    finished = True
                    raise DeskchatError(event.message)
                if isinstance(event, Pieces) and event.request_id == request_id:
                    completion += sum(len(p.token_ids) for p in event.pieces)
                    yield from event.pieces
                elif isinstance(event, PromptProgress) and event.request_id == request_id:
                    yield event
                elif isinstance(event, Piece | Done) and event.request_id == request_id:
                    finished = isinstance(event, Done)
                    completion += len(event.token_ids) if isinstance(event, Piece) else 0
                    yield event
                    if finished:
                        return
        except EngineCrashedError:
            finished = True
            raise
        finally:
            if not finished:  # the caller stopped reading: stop the engine, drain the pipe
                with self._guard:
                    self._signal_cancel(request_id)
                self._drain(request_id)

    def _cancel_scope(self, scope: _Scope, *, close: bool = False) -> None:
        with self._guard:
            scope.closed = scope.closed or close
            now = time.monotonic()
            for generation in scope.generations:
                generation.cancelled = True
                if generation.cancelled_at is None:
                    generation.cancelled_at = now
                if generation.request_id:
                    self._signal_cancel(generation.request_id)

    def _signal_cancel(self, request_id: int) -> None:
        """Tell the engine to stop ``request_id`` (and any older one). Hold ``_guard``."""
        cancel = self._cancel
        if cancel is not None:
            cancel.value = max(cancel.value, request_id)

    # -- plumbing --------------------------------------------------------------------------

    def _call(self, request: Request, doing: str) -> Event:
        # a reply whose caller was interrupted (Ctrl-C) is still in the pipe: skip it, or
        # this call would get the previous call's answer
        while self._unanswered:
            event = self._receive(doing)
            if not isinstance(event, STREAMED):
                self._unanswered -= 1
        self._send(request, doing)
        self._unanswered += 1
        while True:
            event = self._receive(doing)
            if not isinstance(event, STREAMED):  # leftovers of an abandoned generation
                self._unanswered -= 1
                return event

    def _drain(self, request_id: int) -> None:
        """Read up to the engine's end of an abandoned generation; an engine that does not
        get there within CANCEL_GRACE_S is killed (the next request restarts it)."""
        deadline = time.monotonic() + CANCEL_GRACE_S
        try:
            while True:
                event = self._receive_until("stopping", lambda: time.monotonic() >= deadline)
                if event is None:
                    self._give_up()
                    return
                if isinstance(event, Done | Failed) and event.request_id == request_id:
                    return
        except EngineCrashedError:
            return

    def _give_up(self) -> None:
        """Kill an engine that does not stop when asked; the model comes back with the next
        request, as after a crash."""
        process = self._process
        if process is not None:
            process.kill()
            process.join(timeout=5)
        self._discard()

    def _send(self, request: Request, doing: str) -> None:
        assert self._conn is not None
        try:
            self._conn.send(request)
        except OSError as exc:
            raise self._crashed(doing) from exc
        self._heard_at = time.monotonic()

    def _receive(self, doing: str) -> Event:
        event = self._receive_until(doing, lambda: False)
        assert event is not None
        return event

    def _receive_until(self, doing: str, give_up: Callable[[], bool]) -> Event | None:
        """The engine's next event (heartbeats aside), or None once ``give_up()`` is true.
        Waits in short steps, so a signal handler (Ctrl-C) runs at once. An engine that
        ended raises ``EngineCrashedError``; one silent for STALL_S is killed and raises
        ``EngineStalledError``."""
        conn, process = self._conn, self._process
        assert conn is not None and process is not None
        while True:
            if conn.poll():
                try:
                    event: Event = conn.recv()
                except (EOFError, OSError) as exc:
                    raise self._crashed(doing) from exc
                self._heard_at = time.monotonic()
                if isinstance(event, Alive):
                    continue
                return event
            if give_up():
                return None
            if time.monotonic() - self._heard_at >= STALL_S:
                raise self._stalled(doing)
            wait([conn, process.sentinel], timeout=WAIT_POLL_S)
            if not process.is_alive() and not conn.poll():
                raise self._crashed(doing)

    def _stalled(self, doing: str) -> EngineStalledError:
        self._give_up()
        return EngineStalledError(
            Sentence(
                "The engine did not respond for {seconds:.0f} s while {doing}; it was stopped.",
                seconds=STALL_S,
                doing=DOING.get(doing, doing),
            )
        )

    def _crashed(self, doing: str) -> EngineCrashedError:
        process = self._process
        exitcode = None
        if process is not None:
            process.join(timeout=2)
            exitcode = process.exitcode
        why, self._killed = self._killed or describe_exit(exitcode), None
        self._discard()
        return EngineCrashedError(
            Sentence(
                "The engine stopped ({why}) while {doing}.",
                why=why,
                doing=DOING.get(doing, doing),
            )
        )


class EngineCaller:
    """One party's handle on a shared ``EngineClient`` (the GUI's chat, one API request).

    It has what a chat session needs (``model``, ``count_tokens``, ``generate``,
    ``cancel``); its ``cancel`` stops the generations started through this handle, whether
    they run or still wait for the engine, and never another caller's. ``close`` also ends
    any generation it starts later at once (for a caller that is gone, like a client that
    hung up while its request was being prepared).
    """

    def __init__(self, client: EngineClient) -> None:
        self._client = client
        self._scope = _Scope()

    @property
    def model(self) -> ModelInfo | None:
        return self._client.model

    def count_tokens(self, text: Prompt) -> int:
        return self._client.count_tokens(text)

    def tokenize(
        self,
        text: Prompt,
        *,
        add_bos: bool = True,
        with_pieces: bool = False,
        special: bool = True,
    ) -> Tokens:
        return self._client.tokenize(
            text, add_bos=add_bos, with_pieces=with_pieces, special=special
        )

    def generate(
        self, prompt: Prompt, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        """Like ``EngineClient.generate``; a generation cancelled while it waits for the
        engine ends with a ``Done`` whose request id and counts are 0."""
        return cast(Iterator[Piece | Done], self._client._generate(prompt, sampling, self._scope))

    def answer(
        self, prompt: PromptPlan, sampling: SamplingParams | None = None
    ) -> Iterator[PromptProgress | Piece | Done]:
        return self._client._generate(
            _prompt_of(prompt), sampling, self._scope, _control(prompt), progress=True
        )

    def cancel(self) -> None:
        self._client._cancel_scope(self._scope)

    def close(self) -> None:
        self._client._cancel_scope(self._scope, close=True)

    @property
    def closed(self) -> bool:
        return self._scope.closed


def _wire(prompt: Prompt) -> str | tuple[PromptPart, ...]:
    """A prompt as the pipe carries it."""
    return prompt if isinstance(prompt, str) else tuple(prompt)


def _prompt_of(plan: PromptPlan) -> Prompt:
    """What the engine tokenizes: the plan's parts (its flattened text when it has none)."""
    return plan.parts or plan.text


def _control(plan: PromptPlan) -> bool:
    """Whether the answer's pieces must carry control tokens' text: the markers a reasoning
    parser reads can be control tokens (gpt-oss's harmony channels; ``<think>`` in some
    models' vocabularies), and would otherwise print as nothing."""
    return plan.reasoning != "none"
