"""Write a tiny random-weight llama GGUF (a few hundred KB) that llama.cpp loads for real.

Its vocabulary is a SentencePiece-style one with byte fallback, so any text tokenizes; it
carries a ChatML chat template in its metadata like most instruction-tuned GGUFs.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import gguf
import numpy as np

CHATML_TEMPLATE = (
    "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content']"
    " + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}"
    "{{ '<|im_start|>assistant\n' }}{% endif %}"
)

N_EMBD = 64
N_HEAD = 4
N_HEAD_KV = 2
N_FF = 128
N_LAYER = 2
CONTEXT = 4096

WORDS = ["hello", "world", "the", "and", "lol", "lip", "op", "ipop", "oll", "you", "are", "is"]


def _vocab(extra_control: Sequence[str] = ()) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    for b in range(256):
        tokens.append(f"<0x{b:02X}>")
        types.append(gguf.TokenType.BYTE)
    for special in ("<|im_start|>", "<|im_end|>", *extra_control):
        tokens.append(special)
        types.append(gguf.TokenType.CONTROL)
    pieces = ["▁", *string.ascii_letters, *string.digits, *".,!?:'\"-"]
    pieces += [f"▁{c}" for c in string.ascii_letters]
    pieces += [f"▁{w}" for w in WORDS] + WORDS
    for piece in pieces:
        tokens.append(piece)
        types.append(gguf.TokenType.NORMAL)
    scores = [0.0] * len(tokens)
    for i, (tok, kind) in enumerate(zip(tokens, types, strict=True)):
        if kind == gguf.TokenType.NORMAL:
            scores[i] = -1000.0 / len(tok)  # longer pieces win, as in a trained SPM model
    return tokens, scores, [int(t) for t in types]


def write_tiny_gguf(
    path: Path,
    *,
    name: str = "tiny-test-chat",
    chat_template: str | None = CHATML_TEMPLATE,
    seed: int = 1234,
    metadata: Mapping[str, tuple[gguf.GGUFValueType, Any] | None] | None = None,
    extra_control: Sequence[str] = (),
) -> Path:
    """Write the model to ``path``. ``metadata`` replaces keys (a value with its GGUF type,
    any type for any key, as a hostile file would) or, with None, leaves them out.
    ``extra_control``: more control tokens after ChatML's (a reasoning model's ``<think>``)."""
    rng = np.random.default_rng(seed)
    tokens, scores, types = _vocab(extra_control)
    n_vocab = len(tokens)
    head_dim = N_EMBD // N_HEAD
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name(name)
    writer.add_context_length(CONTEXT)
    writer.add_embedding_length(N_EMBD)
    writer.add_block_count(N_LAYER)
    writer.add_feed_forward_length(N_FF)
    writer.add_head_count(N_HEAD)
    writer.add_head_count_kv(N_HEAD_KV)
    writer.add_rope_dimension_count(head_dim)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_unk_token_id(0)
    writer.add_bos_token_id(1)
    writer.add_eos_token_id(2)
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(False)
    if chat_template is not None:
        writer.add_chat_template(chat_template)
    for key, typed in (metadata or {}).items():
        if typed is None:
            writer.kv_data[0].pop(key, None)
        else:
            writer.kv_data[0][key] = gguf.GGUFValue(value=typed[1], type=typed[0])

    def weight(*shape: int, scale: float = 0.2) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(np.float32)

    writer.add_tensor("token_embd.weight", weight(n_vocab, N_EMBD))
    writer.add_tensor("output_norm.weight", np.ones(N_EMBD, dtype=np.float32))
    writer.add_tensor("output.weight", weight(n_vocab, N_EMBD))
    for i in range(N_LAYER):
        writer.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.attn_q.weight", weight(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_k.weight", weight(N_HEAD_KV * head_dim, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_v.weight", weight(N_HEAD_KV * head_dim, N_EMBD))
        writer.add_tensor(f"blk.{i}.attn_output.weight", weight(N_EMBD, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(N_EMBD, dtype=np.float32))
        writer.add_tensor(f"blk.{i}.ffn_gate.weight", weight(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_up.weight", weight(N_FF, N_EMBD))
        writer.add_tensor(f"blk.{i}.ffn_down.weight", weight(N_EMBD, N_FF))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path


def eos_id() -> int:
    return 2
