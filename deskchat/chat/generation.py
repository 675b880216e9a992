"""The vocabulary every layer speaks about generation: how a model is loaded, how an answer
is sampled, what a loaded model says about itself, and the pieces and ending of a stream.

Qt-free and engine-free: the engine's pipe protocol, the remote servers, the settings file,
the turn pipeline and the three faces all use these types. Keep them plain frozen
dataclasses of built-in types: the engine pickles them over its pipe once per piece.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

GPU_LAYERS_AUTO = -2  # let deskchat choose (all layers when the build can offload, else 0)
GPU_LAYERS_ALL = -1  # llama.cpp's own "every layer"
CONTEXT_MIN = 256  # the shortest context deskchat loads a model with (every face)


@dataclass(frozen=True)
class PromptPart:
    """A piece of a rendered prompt: the template's own markup, whose control tokens the
    engine parses (``markup``), or a message's text, always read as plain text."""

    text: str
    markup: bool


Prompt = str | Sequence[PromptPart]  # a bare string is markup through and through (raw)


@dataclass(frozen=True)
class LoadOptions:
    n_ctx: int = 4096
    n_threads: int | None = None  # None: physical cores
    n_gpu_layers: int = GPU_LAYERS_AUTO
    n_batch: int = 512
    flash_attn: bool = False
    use_mmap: bool = True
    seed: int = 0xFFFFFFFF  # llama.cpp's "random"


@dataclass(frozen=True)
class SamplingParams:
    temperature: float = 0.8
    top_p: float = 0.95
    top_k: int = 40
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    presence_penalty: float = 0.0
    frequency_penalty: float = 0.0
    max_tokens: int = 512
    seed: int | None = None
    stop: tuple[str, ...] = ()
    logit_bias: tuple[tuple[int, float], ...] = ()  # (token id, bias); -inf-like bans a token
    ignore_eos: bool = False  # keep going past end-of-text (benchmarks, fixed-length runs)
    grammar: str = ""  # a GBNF grammar the answer must follow ("" for none)


@dataclass(frozen=True)
class ModelInfo:
    """What the loaded model says about itself (from its GGUF metadata)."""

    path: str
    name: str
    architecture: str
    n_ctx: int
    n_ctx_train: int
    n_vocab: int
    bos_token: str
    eos_token: str
    bos_id: int
    eos_id: int
    add_bos: bool
    chat_template: str | None
    n_gpu_layers: int
    load_seconds: float
    # a remote server's model: the server applies its own chat template to role/content
    # messages, and deskchat's token counts for it are estimates
    own_template: bool = False


@dataclass(frozen=True)
class Tokens:
    ids: tuple[int, ...]
    pieces: tuple[str, ...] = ()


@dataclass(frozen=True)
class Piece:
    """A piece of the answer: its text and the token ids that produced it."""

    request_id: int
    text: str
    token_ids: tuple[int, ...]


FinishReason = Literal["stop", "length", "cancelled", "context"]


@dataclass(frozen=True)
class Done:
    request_id: int
    finish_reason: FinishReason
    prompt_tokens: int
    prompt_evaluated: int  # the rest came from the KV cache
    completion_tokens: int
    ttft_s: float  # request received -> first token sampled
    decode_tokens_per_s: float
    prompt_eval_s: float
    # the counts are estimates (a remote server that sent no usage), shown with "≈"
    estimated: bool = False

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class BackendInfo:
    backend: str  # "CPU", "CUDA", "Metal", "Vulkan", ...
    gpu_offload: bool
    cpu_features: tuple[str, ...]
    system_info: str
    llama_cpp_version: str
