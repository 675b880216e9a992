"""Telling chat models from embedding models and rerankers by their GGUF header, on real
header files (no weights needed: only the header is read)."""

from __future__ import annotations

from pathlib import Path

import gguf
import pytest

from deskchat.hub.gguf_meta import read_gguf_info


def header(
    path: Path,
    arch: str,
    *,
    name: str = "model",
    pooling: int | None = None,
    causal: bool | None = None,
    template: str | None = None,
) -> Path:
    writer = gguf.GGUFWriter(str(path), arch)
    writer.add_name(name)
    writer.add_context_length(512)
    if pooling is not None:
        writer.add_pooling_type(gguf.PoolingType(pooling))
    if causal is not None:
        writer.add_causal_attention(causal)
    if template is not None:
        writer.add_chat_template(template)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.close()
    return path


@pytest.mark.parametrize(
    ("arch", "fields", "kind"),
    [
        ("llama", {}, "chat"),
        ("nomic-bert", {}, "embedding"),
        ("qwen3", {"pooling": 3}, "embedding"),  # Qwen3-Embedding: last-token pooling
        ("qwen3", {"pooling": 4}, "reranker"),  # Qwen3-Reranker
        ("bert", {"pooling": 4}, "reranker"),  # bge-reranker
        ("llama", {"causal": False}, "embedding"),
        ("llama", {"pooling": 0, "template": "{{ x }}"}, "chat"),
        ("qwen2", {"name": "gte-Qwen2-1.5B-instruct"}, "embedding"),  # by name, no template
        ("qwen2", {"name": "embedder-chat", "template": "{{ x }}"}, "chat"),
    ],
)
def test_the_header_says_what_a_model_is_for(
    tmp_path: Path, arch: str, fields: dict[str, object], kind: str
) -> None:
    path = header(tmp_path / "model.gguf", arch, **fields)  # type: ignore[arg-type]
    assert read_gguf_info(path).kind == kind
