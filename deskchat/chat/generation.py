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

from deskchat.sentences import Sentence

GPU_LAYERS_AUTO = -2  # let deskchat choose (all layers when the build can offload, else 0)
GPU_LAYERS_ALL = -1  # llama.cpp's own "every layer"
CONTEXT_MIN = 256  # the shortest context deskchat loads a model with (every face)

FlashAttention = Literal["auto", "on", "off"]
FLASH_ATTENTION: tuple[FlashAttention, ...] = ("auto", "on", "off")  # auto: llama.cpp decides
# the KV-cache types llama.cpp takes (its --cache-type-k/-v), with the bytes one value takes:
# quantised types store blocks of 32 values with a scale (q8_0: 34 bytes per 32 values)
KV_CACHE_TYPES: dict[str, float] = {
    "f16": 2.0,
    "f32": 4.0,
    "q8_0": 34 / 32,
    "q5_1": 24 / 32,
    "q5_0": 22 / 32,
    "q4_1": 20 / 32,
    "q4_0": 18 / 32,
    "iq4_nl": 18 / 32,
}
KV_BLOCK = 32  # the values in one block of every quantised KV-cache type


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
    flash_attn: FlashAttention = "auto"
    use_mmap: bool = True
    seed: int = 0xFFFFFFFF  # llama.cpp's "random"
    cache_type_k: str = "f16"  # one of KV_CACHE_TYPES
    cache_type_v: str = "f16"
    # a sliding-window model's (Gemma 3) window layers keep the whole context too. Off, they
    # keep only the window: less memory and a 3,000-token prompt read ~10-15% faster, but the
    # cache can then never step back even one token (regenerate, edit, an answer that reads
    # back as other tokens, a saved chat state): the whole prompt is read again each time
    swa_full: bool = True


def load_problem(options: LoadOptions) -> Sentence | None:
    """The sentence that refuses a combination of load options llama.cpp cannot load, or
    None (asked before anything is loaded, in every face)."""
    for name in (options.cache_type_k, options.cache_type_v):
        if name not in KV_CACHE_TYPES:
            return Sentence(
                "{name} is not a KV-cache type; choose one of {types}.",
                name=repr(name),
                types=", ".join(KV_CACHE_TYPES),
            )
    if options.flash_attn not in FLASH_ATTENTION:
        return Sentence(
            "Flash attention is auto, on or off, not {value}.", value=repr(options.flash_attn)
        )
    if options.flash_attn == "off" and options.cache_type_v not in ("f16", "f32"):
        return Sentence(
            "A quantised V cache ({type}) needs flash attention: set flash attention to auto "
            "or on, or the V cache to f16.",
            type=options.cache_type_v,
        )
    return None


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
    # texts the grammar starts at (a tool call's opening marker, tool_choice "auto"): before
    # the model writes one of them (as one token) the answer is free; none: from the start
    grammar_openers: tuple[str, ...] = ()
    # DRY ("don't repeat yourself"): penalises continuing a sequence already in the text
    dry_multiplier: float = 0.0  # 0: off
    dry_base: float = 1.75
    dry_allowed_length: int = 2
    dry_penalty_last_n: int = -1  # -1: the whole context
    dry_sequence_breakers: tuple[str, ...] = ("\n", ":", '"', "*")
    # XTC ("exclude top choices"): now and then drops the likeliest tokens but one
    xtc_probability: float = 0.0  # 0: off
    xtc_threshold: float = 0.1
    # guess the next tokens from the context and check them in one batch, sooner when the
    # answer repeats the context (engine/lookup_decoder.py). Off until a quiet machine shows
    # it pays on free chat too (tests/benchmarks/prompt_lookup_benchmark.py)
    prompt_lookup: bool = False


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
    """A text's tokens; with pieces asked for, each token's vocabulary entry (``pieces``:
    "Ġhello", "<0xE5>") and the bytes it stands for (``piece_bytes``: b" hello", b"\\xe5")."""

    ids: tuple[int, ...]
    pieces: tuple[str, ...] = ()
    piece_bytes: tuple[bytes, ...] = ()


@dataclass(frozen=True)
class PromptProgress:
    """How far the engine has read a prompt: ``done`` of the ``total`` tokens it evaluates
    (the rest came from its cache), ``elapsed_s`` after it began. One comes when reading
    begins (done 0), one when it ends (done == total), and at most a few a second between."""

    request_id: int
    done: int
    total: int
    elapsed_s: float

    @property
    def seconds_left(self) -> float:
        """The time the rest takes at the rate so far; -1.0 while the rate is unknown."""
        if self.done >= self.total:
            return 0.0
        if self.done <= 0 or self.elapsed_s <= 0:
            return -1.0
        return (self.total - self.done) * self.elapsed_s / self.done


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
    prompt_restored: int = 0  # of the reused tokens, those from a chat's saved KV state

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
