"""The three endpoints, without HTTP: a parsed body in, a JSON reply or a stream of chunk
objects out. Every generation goes through its own ``EngineCaller``, so cancelling it (its
client hung up) never touches the GUI's answer or another request's."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskchat.chat.generation import Done, ModelInfo, SamplingParams
from deskchat.chat.turns import Turn
from deskchat.engine.client import EngineCaller, EngineClient
from deskchat.errors import DeskchatError, EngineCrashedError
from deskchat.server import history
from deskchat.server.errors import ApiError
from deskchat.server.prompting import Prepared, model_id, prepare_chat, prepare_completion
from deskchat.server.requests import GenerationRequest, parse_chat, parse_completion
from deskchat.server.responses import Shape, model_list
from deskchat.server.run import OnDone, Progress, Run
from deskchat.store.db import Database
from deskchat.store.models import ModelRepo


@dataclass(frozen=True)
class JsonReply:
    status: int
    body: dict[str, Any]


@dataclass
class StreamReply:
    """Chunk objects to send as server-sent events; ``close`` stops the generation early."""

    chunks: Iterator[dict[str, Any]]
    close: Callable[[], None] = field(default=lambda: None)


Reply = JsonReply | StreamReply


class Api:
    """Models, chat completions and text completions on one shared engine."""

    def __init__(
        self,
        engine: EngineClient,
        *,
        sampling: SamplingParams,
        db: Database | None,
        log_history: bool,
    ) -> None:
        self.engine = engine
        self.sampling = sampling
        self.db = db
        self.log_history = log_history and db is not None
        self.models = ModelRepo(db) if db is not None else None

    def list_models(self) -> JsonReply:
        return JsonReply(200, model_list(self.engine.model))

    def chat(self, body: dict[str, Any], caller: EngineCaller, progress: Progress) -> Reply:
        request = parse_chat(body)
        model = self._model(request, progress)
        with self._engine_errors(progress):
            prepared = prepare_chat(caller, model, request, self.sampling, self.models)
        logger = self._logger(model, request.system, request.turns, progress)
        return self._answer(
            Shape("chat", model_id(model)), request, prepared, caller, progress, logger
        )

    def completions(self, body: dict[str, Any], caller: EngineCaller, progress: Progress) -> Reply:
        request = parse_completion(body)
        model = self._model(request, progress)
        with self._engine_errors(progress):
            prepared = prepare_completion(caller, model, request, self.sampling)
        logger = self._logger(model, "", (Turn("user", request.prompt),), progress)
        return self._answer(
            Shape("text", model_id(model)), request, prepared, caller, progress, logger
        )

    # -- helpers ---------------------------------------------------------------------------

    def _model(self, request: GenerationRequest, progress: Progress) -> ModelInfo:
        """The loaded model, if it is the one asked for."""
        progress.stream = request.stream
        model = self.engine.model
        if model is None:
            raise ApiError(503, "No model is loaded in deskchat; load one and try again.")
        if request.model not in (model_id(model), Path(model.path).name, model.path):
            raise ApiError(
                404,
                f"The model {request.model!r} does not exist here; this server has "
                f"{model_id(model)!r} loaded.",
                param="model",
                code="model_not_found",
            )
        progress.model = model_id(model)
        return model

    def _answer(
        self,
        shape: Shape,
        request: GenerationRequest,
        prepared: Prepared,
        caller: EngineCaller,
        progress: Progress,
        on_done: OnDone,
    ) -> Reply:
        progress.prompt_tokens = prepared.prompt_tokens
        run = Run(
            caller.generate(prepared.prompt, prepared.sampling),
            cancel=caller.cancel,
            progress=progress,
            on_done=on_done,
        )
        if request.stream:
            chunks = _stream(shape, run, request.include_usage, self._failure(progress))
            return StreamReply(chunks, run.close)
        with self._engine_errors(progress):
            for _ in run.pieces():
                pass
        assert run.done is not None
        return JsonReply(200, shape.whole(run.text, run.done))

    def _logger(
        self, model: ModelInfo, system: str, turns: Sequence[Turn], progress: Progress
    ) -> OnDone:
        db = self.db
        if not self.log_history or db is None:
            return lambda _text, _done: None

        def log(text: str, done: Done) -> None:
            try:
                history.log_exchange(db, model, system=system, turns=turns, answer=text, done=done)
            except DeskchatError as exc:  # the answer still goes out; the log line says why
                progress.error = f"not kept in history: {exc}"

        return log

    def _failure(self, progress: Progress) -> Callable[[DeskchatError], ApiError]:
        """How an engine failure is told: 503 when no model is loaded (any more), else 500
        (a crashed engine restarts with the model on the next request, so a retry works)."""

        def fail(exc: DeskchatError) -> ApiError:
            progress.error = str(exc)
            if self.engine.model is None:
                return ApiError(503, "No model is loaded in deskchat; load one and try again.")
            code = "engine_crashed" if isinstance(exc, EngineCrashedError) else None
            return ApiError(500, str(exc), code=code)

        return fail

    @contextmanager
    def _engine_errors(self, progress: Progress) -> Iterator[None]:
        """Engine failures inside the block become API errors."""
        try:
            yield
        except DeskchatError as exc:
            raise self._failure(progress)(exc) from exc


def _stream(
    shape: Shape, run: Run, include_usage: bool, fail: Callable[[DeskchatError], ApiError]
) -> Iterator[dict[str, Any]]:
    if shape.kind == "chat":
        yield shape.chunk("", with_usage=include_usage, first=True)
    try:
        for text in run.pieces():
            yield shape.chunk(text, with_usage=include_usage)
    except DeskchatError as exc:
        yield fail(exc).body()  # the status is already sent: the error goes in the stream
        return
    assert run.done is not None
    yield shape.chunk("", with_usage=include_usage, done=run.done)
    if include_usage:
        yield shape.usage_chunk(run.done)
