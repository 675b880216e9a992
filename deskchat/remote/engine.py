"""A model on a remote OpenAI-compatible server, as the chat session's engine.

It implements the engine port (``deskchat.services.engine_port.ChatEngine``) like the local
engine, but the server owns the model's chat template (``ModelInfo.own_template``), so it
sends the plan's role/content turns rather than its flattened text. Its answers come back
as the same Piece/Done events a local engine sends, so a turn saves, counts and stops them
the same way. Counts come from the server's ``usage``; when a server sends none they are
estimated from the text and the Done says so (``estimated``), which the UI shows as "≈".

A server that ignores ``max_tokens`` is cut off a few pieces past it (an ordinary
``length`` ending); one that goes silent mid-answer is given up after
``StreamLimits.stall_s`` with a sentence (``deskchat.remote.limits``).
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from deskchat.chat.generation import (
    Done,
    FinishReason,
    ModelInfo,
    Piece,
    Prompt,
    SamplingParams,
)
from deskchat.chat.prompt import PromptPlan
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.templates import render_messages
from deskchat.chat.turns import Turn
from deskchat.remote.client import OpenAIClient
from deskchat.remote.endpoints import Endpoint, remote_ref
from deskchat.remote.errors import RemoteStreamError
from deskchat.remote.estimate import estimate_tokens
from deskchat.remote.exchange import Closed, Exchange, Failed, Opened
from deskchat.remote.limits import StreamLimits, stalled
from deskchat.remote.wire import Chunk, StreamEnd, Usage, chat_body
from deskchat.sentences import Sentence

POLL_S = 0.05  # how often a silent stream looks at the stop flag
# after [DONE], how long the body may take to end (so its connection can be reused)
# before the answer is finished anyway
DRAIN_S = 1.0


def remote_model_info(endpoint: Endpoint, model_id: str, n_ctx: int) -> ModelInfo:
    """What the session and the UI read about the model; ``name`` is what history shows."""
    return ModelInfo(
        path=remote_ref(endpoint.name, model_id),
        name=f"{endpoint.name}: {model_id}",
        architecture="remote",
        n_ctx=n_ctx,
        n_ctx_train=n_ctx,
        n_vocab=0,
        bos_token="",
        eos_token="",
        bos_id=-1,
        eos_id=-1,
        add_bos=False,
        chat_template=None,
        n_gpu_layers=0,
        load_seconds=0.0,
        own_template=True,
    )


@dataclass
class _Arrived:
    """What has come in of one answer so far."""

    parts: list[str] = field(default_factory=list)
    first_at: float | None = None  # when its first text came
    finish: str | None = None  # the server's finish_reason
    usage: Usage | None = None
    complete_at: float | None = None  # when [DONE] came
    capped: bool = False  # cut off: more pieces came than max_tokens allows

    def whole(self) -> bool:
        """The server said the answer is finished (its usage may still be on the way)."""
        return self.complete_at is not None or self.finish is not None

    def drained(self) -> bool:
        """[DONE] came and the body has had its time to end."""
        return self.complete_at is not None and time.monotonic() - self.complete_at > DRAIN_S

    def take(self, item: Opened | Chunk | StreamEnd) -> str:
        """Record one item of the stream; the text it adds to the answer."""
        if isinstance(item, StreamEnd):
            self.complete_at = time.monotonic()
        elif isinstance(item, Chunk):
            self.finish = item.finish_reason or self.finish
            self.usage = item.usage or self.usage
            if item.text:
                self.first_at = self.first_at or time.monotonic()
                self.parts.append(item.text)
                return item.text
        elif not isinstance(item, Opened):  # pragma: no cover - every kind is handled
            raise TypeError(item)
        return ""


class RemoteEngine:
    """Streams answers from ``POST {base}/chat/completions``. ``cancel`` may be called from
    any thread and takes effect at once, even while the server is still silent."""

    def __init__(
        self,
        endpoint: Endpoint,
        model_id: str,
        *,
        api_key: str | None = None,
        context_length: int | None = None,
        context_source: str = "default",
        client: OpenAIClient | None = None,
        limits: StreamLimits | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.limits = limits or StreamLimits()
        self.model_id = model_id
        # where n_ctx came from: "server" (its model list), "setting" (the person), "default"
        self.context_source = context_source
        self.model: ModelInfo = remote_model_info(
            endpoint, model_id, context_length or endpoint.default_context
        )
        self._client = client or OpenAIClient(endpoint.base_url, api_key)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._current: Exchange | None = None

    @property
    def base_url(self) -> str:
        return self._client.base_url

    def count_tokens(self, text: Prompt) -> int:
        """An estimate: the server's tokenizer is not available here."""
        return estimate_tokens(prompt_text(text))

    def cancel(self) -> None:
        with self._lock:
            current = self._current
        if current is not None:
            current.cancel()

    def close(self) -> None:
        self.cancel()
        self._client.close()

    def answer(
        self, prompt: PromptPlan, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        """The engine port: the plan's turns go to the server as messages."""
        return self.generate_messages(prompt.turns, sampling)

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        """A bare prompt goes to the server as one user message (chat servers apply their
        template to whatever they receive; there is no portable raw completion)."""
        return self.generate_messages([Turn("user", prompt)], sampling)

    def generate_messages(
        self, turns: Sequence[Turn], sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        sampling = sampling or SamplingParams()
        turns = tuple(turns)
        body = chat_body(
            self.model_id, turns, sampling, extra_sampling=self.endpoint.sends_extra_sampling()
        )
        request_id = next(self._ids)
        started = time.monotonic()
        exchange = Exchange(self._client, body, self.limits)
        with self._lock:
            self._current = exchange
        try:
            cap = StreamLimits.token_cap(sampling.max_tokens)
            yield from self._relay(request_id, exchange, turns, started, cap)
        finally:
            exchange.cancel()  # no-op after a whole answer; else the server stops too
            with self._lock:
                if self._current is exchange:
                    self._current = None

    def _relay(
        self,
        request_id: int,
        exchange: Exchange,
        turns: tuple[Turn, ...],
        started: float,
        cap: int,
    ) -> Iterator[Piece | Done]:
        arrived = _Arrived()
        while not exchange.cancelled.is_set() and not arrived.drained():
            try:
                item = exchange.items.get(timeout=POLL_S)
            except queue.Empty:
                self._check_stall(exchange, arrived)
                continue
            if isinstance(item, Failed):
                if arrived.whole():
                    break  # the answer was whole (only its usage may be missing)
                raise item.error
            if isinstance(item, Closed):
                break
            if text := arrived.take(item):
                yield Piece(request_id, text, ())
                if len(arrived.parts) >= cap and not arrived.whole():
                    arrived.capped = True  # the server ignores max_tokens: stop it
                    exchange.cancel()
        reason = self._reason(exchange, arrived)
        yield self._done(
            request_id,
            reason,
            turns,
            "".join(arrived.parts),
            arrived.usage,
            started,
            arrived.first_at,
        )

    def _check_stall(self, exchange: Exchange, arrived: _Arrived) -> None:
        """Give up on a server silent for too long once its answer has begun to arrive
        (before that, a long prompt may take minutes: the client's read timeout rules)."""
        last = exchange.bytes_at
        if last is None or arrived.complete_at is not None:
            return
        if time.monotonic() - last > self.limits.stall_s:
            exchange.cancel()
            raise stalled(self.base_url, self.limits.stall_s)

    def _reason(self, exchange: Exchange, arrived: _Arrived) -> FinishReason:
        """How the answer ended; a stream that stopped short of its end is an error."""
        if arrived.capped:
            return "length"
        cancelled = exchange.cancelled.is_set() and arrived.complete_at is None
        if not cancelled and not arrived.whole():
            raise RemoteStreamError(
                Sentence(
                    "The server at {url} ended the answer before finishing it; the text that "
                    "arrived is kept.",
                    url=self.base_url,
                )
            )
        if cancelled:
            return "cancelled"
        return "length" if arrived.finish == "length" else "stop"

    def _done(
        self,
        request_id: int,
        reason: FinishReason,
        turns: tuple[Turn, ...],
        text: str,
        usage: Usage | None,
        started: float,
        first_at: float | None,
    ) -> Done:
        ended = time.monotonic()
        if usage is not None:
            prompt, completion = usage.prompt_tokens, usage.completion_tokens
            evaluated = prompt - usage.cached_tokens if usage.cached_tokens is not None else prompt
        else:
            prompt = self.count_tokens(render_messages(turns))
            completion = self.count_tokens(text)
            evaluated = prompt
        ttft = (first_at or ended) - started
        decoding = ended - first_at if first_at is not None else 0.0
        # a rate over a burst that arrived at once (a buffering proxy) would read 100,000
        # tok/s: only measured over at least a tenth of a second is it shown
        rate = (completion - 1) / decoding if decoding >= 0.1 and completion > 1 else 0.0
        return Done(
            request_id,
            reason,
            prompt,
            max(0, evaluated),
            completion,
            ttft,
            rate,
            ttft,
            estimated=usage is None,
        )
