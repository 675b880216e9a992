"""Write a tiny random-weight BERT embedding GGUF (a few hundred KB) that llama.cpp loads.

It is built like the sentence-transformers models llama.cpp's converter writes (bge,
all-MiniLM): a BERT encoder, non-causal attention, a WordPiece vocabulary and mean pooling
declared in the header, no chat template. The weights are random, so its vectors mean
nothing, but their shape, normalisation, batching and truncation are real llama.cpp's.
"""

from __future__ import annotations

import string
from pathlib import Path

import gguf
import numpy as np

N_EMBD = 32
N_HEAD = 4
N_LAYER = 2
CONTEXT = 64  # short, so the tests can overrun it with a sentence

WORDS = ["hello", "world", "the", "and", "cat", "dog", "sat", "on", "mat", "you", "are", "is"]
POOLING_MEAN = 1  # llama.cpp's LLAMA_POOLING_TYPE_MEAN


def _vocab() -> tuple[list[str], list[int]]:
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    types = [gguf.TokenType.CONTROL] * len(tokens)
    types[1] = gguf.TokenType.UNKNOWN
    # WordPiece: "▁" marks a word's start in llama.cpp's reading of BERT's vocabulary
    pieces = [f"▁{c}" for c in string.ascii_lowercase + string.digits + ".,!?:'\"-"]
    pieces += list(string.ascii_lowercase + string.digits)
    pieces += [f"▁{w}" for w in WORDS]
    tokens += pieces
    types += [gguf.TokenType.NORMAL] * len(pieces)
    return tokens, [int(t) for t in types]


def write_tiny_embed_gguf(
    path: Path,
    *,
    name: str = "tiny-test-embed",
    pooling: int = POOLING_MEAN,
    seed: int = 4321,
    n_embd: int = N_EMBD,
    n_layer: int = N_LAYER,
    context: int = CONTEXT,
) -> Path:
    """Write the model to ``path``; ``pooling``: the pooling type its header declares.
    ``n_embd``, ``n_layer``, ``context``: a bigger shape (all-MiniLM-L6-v2's is 384, 6,
    512), for a benchmark that costs what a real model costs."""
    n_ff = 4 * n_embd
    rng = np.random.default_rng(seed)
    tokens, types = _vocab()
    writer = gguf.GGUFWriter(str(path), "bert")
    writer.add_name(name)
    writer.add_context_length(context)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(N_HEAD)
    writer.add_layer_norm_eps(1e-12)
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType(pooling))
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("bert")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_type_count(2)
    writer.add_pad_token_id(0)
    writer.add_unk_token_id(1)
    writer.add_bos_token_id(2)  # [CLS]
    writer.add_sep_token_id(3)
    writer.add_eos_token_id(3)
    writer.add_mask_token_id(4)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)

    def weight(*shape: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    def ones() -> np.ndarray:
        return np.ones(n_embd, dtype=np.float32)

    def zeros(n: int = n_embd) -> np.ndarray:
        return np.zeros(n, dtype=np.float32)

    writer.add_tensor("token_embd.weight", weight(len(tokens), n_embd))
    writer.add_tensor("token_types.weight", weight(2, n_embd))
    writer.add_tensor("position_embd.weight", weight(context, n_embd))
    writer.add_tensor("token_embd_norm.weight", ones())
    writer.add_tensor("token_embd_norm.bias", zeros())
    for i in range(n_layer):
        for part in ("attn_q", "attn_k", "attn_v", "attn_output"):
            writer.add_tensor(f"blk.{i}.{part}.weight", weight(n_embd, n_embd))
            writer.add_tensor(f"blk.{i}.{part}.bias", zeros())
        for norm in ("attn_output_norm", "layer_output_norm"):
            writer.add_tensor(f"blk.{i}.{norm}.weight", ones())
            writer.add_tensor(f"blk.{i}.{norm}.bias", zeros())
        writer.add_tensor(f"blk.{i}.ffn_up.weight", weight(n_ff, n_embd))
        writer.add_tensor(f"blk.{i}.ffn_up.bias", zeros(n_ff))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", weight(n_embd, n_ff))
        writer.add_tensor(f"blk.{i}.ffn_down.bias", zeros())
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
