"""Loading a model: check the file and the memory it needs first, then hand it to the engine."""

from __future__ import annotations

from dataclasses import replace

import psutil

from deskchat.chat.generation import KV_BLOCK, LoadOptions, ModelInfo, load_problem
from deskchat.engine.client import EngineClient
from deskchat.errors import ModelFileError, ModelLoadError
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


def check_memory(
    info: GGUFInfo, n_ctx: int, available: int | None = None, options: LoadOptions | None = None
) -> None:
    """Refuse, with the numbers, a model + context that cannot fit in this machine's memory
    (its KV cache in the cache types of ``options``)."""
    available = psutil.virtual_memory().available if available is None else available
    k, v = (options.cache_type_k, options.cache_type_v) if options else ("f16", "f16")
    needed = info.memory_needed(n_ctx, k, v)
    if needed > available:
        kv = info.kv_cache_bytes(n_ctx, k, v)
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


def check_cache_types(info: GGUFInfo, options: LoadOptions) -> None:
    """Refuse a quantised KV-cache type the model's attention heads cannot be split into
    (llama.cpp only says it "failed to create llama_context")."""
    for which, name, size in (
        ("K", options.cache_type_k, info.head_dim_k),
        ("V", options.cache_type_v, info.head_dim_v),
    ):
        if name not in ("f16", "f32") and size % KV_BLOCK:
            raise ModelLoadError(
                Sentence(
                    "{model} cannot keep its {which} cache as {type}: its attention heads "
                    "hold {size} values, not a multiple of {block}; choose f16.",
                    model=info.path.name,
                    which=which,
                    type=name,
                    size=size,
                    block=KV_BLOCK,
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


def check_chat_model(info: GGUFInfo) -> None:
    """Refuse to chat with an embedding model or a reranker, saying what it is for."""
    if info.kind == "embedding":
        raise ModelFileError(
            Sentence(
                "{name} is an embedding model: it turns text into vectors for searching"
                " documents and cannot chat. Choose it as the embedding model in Settings"
                " (or with `deskchat serve --embedding-model`), and load a chat model to chat.",
                name=info.path.name,
            )
        )
    if info.kind == "reranker":
        raise ModelFileError(
            Sentence(
                "{name} is a reranker: it scores passages against a question and cannot"
                " chat; load a chat model to chat.",
                name=info.path.name,
            )
        )


def load_model(
    engine: EngineClient,
    path: str,
    options: LoadOptions,
    models: ModelRepo | None = None,
) -> tuple[ModelInfo, GGUFInfo]:
    problem = load_problem(options)
    if problem is not None:
        raise ModelLoadError(problem)
    info = read_gguf_info(path)
    check_metadata(info)
    check_chat_model(info)
    check_cache_types(info, options)
    options = fit_context(info, options)
    check_memory(info, options.n_ctx, options=options)
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
    "check_cache_types",
    "check_memory",
    "check_metadata",
    "fit_context",
    "load_model",
    "restart_engine",
]
