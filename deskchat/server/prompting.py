"""From an API request to the exact prompt and sampling the engine gets.

Chat messages are flattened the way the app's own chats are: the template is chosen as
``ChatSession.template`` chooses it (the user's per-model override, the GGUF's template, a
built-in, or the base-model transcript) and rendered by ``build_prompt``, system text first.
One difference on purpose: an API request that does not fit the context window is refused
with the numbers (OpenAI's ``context_length_exceeded``) instead of having its oldest turns
dropped, because the client, not deskchat, owns that conversation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from deskchat.chat.generation import ModelInfo, SamplingParams
from deskchat.chat.prompt import build_prompt
from deskchat.chat.templates import ChatTemplate, TemplateError, choose_template
from deskchat.errors import ContextOverflowError
from deskchat.server.errors import ApiError, bad_request
from deskchat.server.requests import ChatRequest, CompletionRequest, GenerationRequest
from deskchat.store.models import ModelRepo


class TokenCounter(Protocol):
    def count_tokens(self, text: str) -> int: ...


@dataclass(frozen=True)
class Prepared:
    """A request ready for the engine."""

    prompt: str
    prompt_tokens: int
    sampling: SamplingParams


def model_id(model: ModelInfo) -> str:
    """The id clients use: the GGUF file's name without ``.gguf``."""
    return Path(model.path).stem


def model_template(model: ModelInfo, models: ModelRepo | None) -> ChatTemplate:
    """The template the app's chats use for this model (see ``ChatSession.template``)."""
    record = models.get(model.path) if models is not None else None
    return choose_template(
        override=record.chat_template_override if record else None,
        gguf_template=model.chat_template,
        architecture=model.architecture,
        model_name=f"{model.name} {model.path.rsplit('/', 1)[-1]}",
    )


def prepare_chat(
    engine: TokenCounter,
    model: ModelInfo,
    request: ChatRequest,
    defaults: SamplingParams,
    models: ModelRepo | None = None,
) -> Prepared:
    counted: list[int] = []

    def count(text: str) -> int:
        counted.append(engine.count_tokens(text))
        return counted[-1]

    try:
        plan = build_prompt(
            template=model_template(model, models),
            system_prompt=request.system,
            examples=(),
            history=request.turns,
            count_tokens=count,
            n_ctx=model.n_ctx,
            max_tokens=request.max_tokens or 1,  # at least one answer token must fit
            policy="stop",
            bos_token=model.bos_token,
            eos_token=model.eos_token,
        )
    except ContextOverflowError:
        raise too_long(counted[-1], request.max_tokens, model.n_ctx) from None
    except TemplateError as exc:  # the model's own template refused these messages
        raise bad_request(str(exc), "messages") from None
    sampling = _sampling(request, defaults, model, plan.prompt_tokens, plan.stops)
    return Prepared(plan.text, plan.prompt_tokens, sampling)


def prepare_completion(
    engine: TokenCounter, model: ModelInfo, request: CompletionRequest, defaults: SamplingParams
) -> Prepared:
    """A raw prompt, continued as it is (base models, or a template applied by the client)."""
    tokens = engine.count_tokens(request.prompt)
    if tokens == 0:
        raise bad_request("The prompt is empty; send some text to continue.", "prompt")
    if tokens + (request.max_tokens or 1) > model.n_ctx:
        raise too_long(tokens, request.max_tokens, model.n_ctx)
    return Prepared(request.prompt, tokens, _sampling(request, defaults, model, tokens, ()))


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


def _sampling(
    request: GenerationRequest,
    defaults: SamplingParams,
    model: ModelInfo,
    prompt_tokens: int,
    template_stops: tuple[str, ...],
) -> SamplingParams:
    """The server's defaults (the app's sampling settings, minus its stop strings, seed and
    answer length), then what the client set. Without max_tokens the answer may use the
    rest of the context window, as with OpenAI."""
    values = dict(request.sampling)
    bias = values.get("logit_bias", ())
    if any(token >= model.n_vocab for token, _ in bias):
        raise bad_request(
            f"logit_bias names a token id beyond the vocabulary ({model.n_vocab:,} tokens).",
            "logit_bias",
        )
    stops = (*template_stops, *values.pop("stop", ()))
    base = replace(defaults, stop=(), seed=None, logit_bias=(), ignore_eos=False)
    return replace(
        base,
        **values,
        stop=tuple(dict.fromkeys(stops)),
        max_tokens=request.max_tokens or model.n_ctx - prompt_tokens,
    )
