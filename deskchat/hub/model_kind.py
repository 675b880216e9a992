"""What a GGUF is for, read from its header: chatting, embedding text, or ranking passages.

LM Studio, Jan and GPT4All keep embedding models (nomic-embed-text, bge, e5) among their
chat models; listed as chat models, they would only fail or babble when loaded to chat.
llama.cpp's converter marks them: an encoder architecture, non-causal attention, or a
pooling type (mean, cls, last; rank for a reranker). A file without those marks is told by
its name when it has no chat template (an "embed" model converted by hand).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

ModelKind = Literal["chat", "embedding", "reranker"]

# llama.cpp's encoder-only architectures: they make embeddings, never text
ENCODER_ARCHITECTURES = frozenset(
    {
        "bert",
        "nomic-bert",
        "nomic-bert-moe",
        "jina-bert-v2",
        "jina-bert-v3",
        "neo-bert",
        "modern-bert",
        "eurobert",
        "t5encoder",
        "gemma-embedding",
    }
)
_POOLING_RANK = 4
_NAME_MARKS = ("embed", "bge-", "e5-", "gte-", "minilm", "mxbai")


def model_kind(
    architecture: str, fields: Mapping[str, Any], has_chat_template: bool, name: str = ""
) -> ModelKind:
    """The model's use, from its header ``fields`` (key -> value)."""
    pooling = fields.get(f"{architecture}.pooling_type")
    if isinstance(pooling, int) and not isinstance(pooling, bool):
        if pooling == _POOLING_RANK:
            return "reranker"
        if pooling > 0:
            return "embedding"
    if architecture in ENCODER_ARCHITECTURES:
        return "embedding"
    if fields.get(f"{architecture}.attention.causal") is False:
        return "embedding"
    if not has_chat_template and any(mark in name.lower() for mark in _NAME_MARKS):
        return "embedding"
    return "chat"
