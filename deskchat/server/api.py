"""The three endpoints, without HTTP: a parsed body in, a JSON reply or a stream of chunk
objects out. Every request answers through the app's one turn pipeline
(``deskchat.services.api_turns``) with its own engine handle, so cancelling it (its
client hung up) never touches the window's answer or another request's."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskchat.chat.generation import ModelInfo
from deskchat.chat.templates import TemplateError
from deskchat.engine.json_grammar import JsonSchemaError
from deskchat.errors import DeskchatError, EngineCrashedError
from deskchat.server.api_sink import ChunkSink, WholeSink
from deskchat.server.embeddings_api import embeddings_reply
from deskchat.server.errors import ApiError, bad_request
from deskchat.server.records import Progress
from deskchat.server.requests import (
    ChatRequest,
    CompletionRequest,
    GenerationRequest,
    parse_chat,
    parse_completion,
)
from deskchat.server.responses import Shape, model_id, model_list
from deskchat.services.api_turns import ApiTurns
from deskchat.services.engine_port import CallerEngine
from deskchat.services.tool_turns import ToolsUnavailableError, ToolUse
from deskchat.services.turn import PromptPlan, PromptTooLongError

NO_MODEL = "No model is loaded in deskchat; load one and try again."


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

    def __init__(self, turns: ApiTurns) -> None:
        self.turns = turns

    def list_models(self) -> JsonReply:
        return JsonReply(200, model_list(self.turns.model))

    def embeddings(self, body: dict[str, Any], progress: Progress) -> JsonReply:
        """POST /v1/embeddings, from the embedding model (not the chat engine)."""
        return JsonReply(200, embeddings_reply(self.turns.embeddings, body, progress))

    def chat(self, body: dict[str, Any], caller: CallerEngine, progress: Progress) -> Reply:
        request = parse_chat(body)
        model = self._model(request, progress)
        with self._engine_errors(progress):
            plan, tools = self._plan_chat(caller, request)
        shape = Shape("chat", model_id(model))
        return self._answer(shape, request, model, plan, caller, progress, tools)

    def completions(self, body: dict[str, Any], caller: CallerEngine, progress: Progress) -> Reply:
        request = parse_completion(body)
        model = self._model(request, progress)
        with self._engine_errors(progress):
            plan = self._plan_text(caller, request)
        if plan.prompt_tokens == 0:
            raise bad_request("The prompt is empty; send some text to continue.", "prompt")
        return self._answer(Shape("text", model_id(model)), request, model, plan, caller, progress)

    # -- helpers ---------------------------------------------------------------------------

    def _plan_chat(
        self, caller: CallerEngine, request: ChatRequest
    ) -> tuple[PromptPlan, ToolUse | None]:
        try:
            # at least one answer token must fit
            return self.turns.plan_chat(
                caller,
                request.system,
                request.turns,
                request.max_tokens or 1,
                request.template_options,
                request.tools,
                request.tool_choice,
            )
        except PromptTooLongError as exc:
            raise too_long(exc.prompt_tokens, request.max_tokens, exc.n_ctx) from None
        except TemplateError as exc:  # the model's own template refused these messages
            raise bad_request(str(exc), "messages") from None
        except ToolsUnavailableError as exc:
            raise bad_request(str(exc), "tool_choice") from None

    def _plan_text(self, caller: CallerEngine, request: CompletionRequest) -> PromptPlan:
        try:
            return self.turns.plan_text(caller, request.prompt, request.max_tokens or 1)
        except PromptTooLongError as exc:
            raise too_long(exc.prompt_tokens, request.max_tokens, exc.n_ctx) from None

    def _model(self, request: GenerationRequest, progress: Progress) -> ModelInfo:
        """The loaded model, if it is the one asked for."""
        progress.stream = request.stream
        model = self.turns.model
        if model is None:
            raise ApiError(503, NO_MODEL)
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
        model: ModelInfo,
        plan: PromptPlan,
        caller: CallerEngine,
        progress: Progress,
        tools: ToolUse | None = None,
    ) -> Reply:
        values = dict(request.sampling)
        if any(token >= model.n_vocab for token, _ in values.get("logit_bias", ())):
            raise bad_request(
                f"logit_bias names a token id beyond the vocabulary ({model.n_vocab:,} tokens).",
                "logit_bias",
            )
        if request.max_tokens is not None:
            values["max_tokens"] = request.max_tokens
        try:
            sampling = self.turns.sampling(
                plan, values, open_ended=request.max_tokens is None, tools=tools
            )
        except JsonSchemaError as exc:  # a tool's parameters that no grammar can hold
            raise bad_request(str(exc), "tools") from None
        progress.prompt_tokens = plan.prompt_tokens

        def history_error(sentence: str) -> None:
            progress.error = sentence

        if request.stream:
            sink = ChunkSink(shape, progress, self._failure(progress), request.include_usage)
            chunks = self.turns.stream(
                caller, plan, sampling, sink, on_history_error=history_error, tools=tools
            )
            return StreamReply(chunks, chunks.close)
        whole = WholeSink(shape, progress)
        answer = self.turns.stream(
            caller, plan, sampling, whole, on_history_error=history_error, tools=tools
        )
        for _ in answer:
            pass
        if whole.failure is not None:
            raise self._failure(progress)(whole.failure)
        assert whole.body is not None
        return JsonReply(200, whole.body)

    def _failure(self, progress: Progress) -> Callable[[DeskchatError], ApiError]:
        """How an engine failure is told: 503 when no model is loaded (any more), else 500
        (a crashed engine restarts with the model on the next request, so a retry works)."""

        def fail(exc: DeskchatError) -> ApiError:
            progress.error = str(exc)
            if self.turns.model is None:
                return ApiError(503, NO_MODEL)
            code = "engine_crashed" if isinstance(exc, EngineCrashedError) else None
            return ApiError(500, str(exc), code=code)

        return fail

    @contextmanager
    def _engine_errors(self, progress: Progress) -> Iterator[None]:
        """Engine failures inside the block (counting tokens) become API errors."""
        try:
            yield
        except DeskchatError as exc:
            raise self._failure(progress)(exc) from exc


def too_long(prompt_tokens: int, max_tokens: int | None, n_ctx: int) -> ApiError:
    """OpenAI's context_length_exceeded, with the numbers."""
    if max_tokens:
        need = (
            f"this request needs {prompt_tokens + max_tokens:,} tokens ({prompt_tokens:,} in "
            f"the prompt, {max_tokens:,} for the answer)"
        )
    else:
        need = f"the prompt alone takes {prompt_tokens:,} tokens"
    return ApiError(
        400,
        f"This model's context window holds {n_ctx:,} tokens, but {need}; shorten the "
        "messages or lower max_tokens.",
        param="messages",
        code="context_length_exceeded",
    )
