"""Loading a model: check the file and the memory it needs first, then hand it to the engine."""

from __future__ import annotations

from dataclasses import replace

import psutil

from deskchat.chat.generation import LoadOptions, ModelInfo
from deskchat.engine.client import EngineClient
from deskchat.errors import ModelFileError
from deskchat.hub.gguf_meta import GGUFInfo, read_gguf_info
from deskchat.sentences import Sentence
from deskchat.store.models import ModelRepo
from deskchat.units import memory_text


def fit_context(info: GGUFInfo, options: LoadOptions) -> LoadOptions:
    """Never ask for more context than the model was trained on (llama.cpp would allow it,
    and the model would answer garbage past that point)."""
    if info.context_length and options.n_ctx > info.context_length:
        return replace(options, n_ctx=info.context_length)
    if options.n_ctx <= 0:
        return replace(options, n_ctx=info.context_length or 4096)
    return options


def check_memory(info: GGUFInfo, n_ctx: int, available: int | None = None) -> None:
    """Refuse, with the numbers, a model + context that cannot fit in this machine's memory."""
    available = psutil.virtual_memory().available if available is None else available
    needed = info.memory_needed(n_ctx)
    if needed > available:
        kv = info.kv_cache_bytes(n_ctx)
        raise ModelFileError(
            Sentence(
                "{name} with a {n_ctx}-token context needs about {needed} of memory ({weights} "
                "of weights + {cache} of context cache) but only {free} is free; choose a "
                "smaller context or a smaller model.",
                name=info.path.name,
                n_ctx=n_ctx,
                needed=memory_text(needed),
                weights=memory_text(info.size_bytes),
                cache=memory_text(kv),
                free=memory_text(available),
            )
        )


def check_metadata(info: GGUFInfo) -> None:
    """Refuse a file whose metadata llama.cpp needs has values of the wrong type (a context
    length that is text or NaN, an architecture that is a number)."""
    if info.bad_fields:
        raise ModelFileError(
            Sentence(
                "{name} cannot be loaded: its metadata has values of the wrong type or out of "
                "range ({keys}); the file was written wrongly, so get it from another source.",
                name=info.path.name,
                keys=", ".join(info.bad_fields),
            )
        )


def load_model(
    engine: EngineClient,
    path: str,
    options: LoadOptions,
    models: ModelRepo | None = None,
) -> tuple[ModelInfo, GGUFInfo]:
    info = read_gguf_info(path)
    check_metadata(info)
    options = fit_context(info, options)
    check_memory(info, options.n_ctx)
    loaded = engine.load(str(info.path), options, template_is_text=info.chat_template is not None)
    if models is not None:
        models.touch(
            str(info.path),
            name=info.name,
            architecture=info.architecture,
            size_bytes=info.size_bytes,
            metadata={
                "quantization": info.quantization,
                "parameters": info.parameters,
                "context_length": info.context_length,
                "has_chat_template": info.has_chat_template,
            },
        )
    return loaded, info


def restart_engine(engine: EngineClient) -> None:
    """End a hung or stopped engine at once; the next message starts a fresh one with the
    same model (the one action the faces offer after a stall)."""
    engine.restart()


__all__ = [
    "ModelFileError",
    "check_memory",
    "check_metadata",
    "fit_context",
    "load_model",
    "restart_engine",
]
