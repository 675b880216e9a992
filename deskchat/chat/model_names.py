"""A model's name for people: its GGUF ``general.name`` when that is a real name, else
the one its file name gives. The engine names a loaded model by it, and the library and
the model panel show it, so one model reads the same everywhere."""

from __future__ import annotations

import re

__all__ = ["display_name", "name_from_file"]


# the tail a quantized file's name ends in: "-Q4_K_M", ".IQ2_XXS", "-UD-Q4_K_XL", "-f16",
# and a shard's "-00001-of-00003"
_QUANT_TAIL = re.compile(
    r"[-_.](?:UD-)?(?:I?Q\d+(?:_[A-Z0-9]+)*|TQ\d_\d|[BF]F?16|FP?32|FP16|MXFP4(?:_MOE)?)$", re.I
)
_SHARD_TAIL = re.compile(r"-\d{5}-of-\d{5}$")
# names converters write when they know none
_GENERIC_NAMES = {"model", "models", "gguf", "ggml-model", "ggml model", "hf", "base", "output"}
# a word Python's str.title() made of a lowercase one: a capital after a digit in a word
# that begins with a letter ("lc100k" -> "Lc100K"), which people do not write
_TITLED_WORD = re.compile(r"^[A-Z][a-z]+\d+[A-Z][a-z]*$")


def name_from_file(file_name: str) -> str:
    """A model's name read from its file name, its capitals kept: "SmolLM2-135M-Instruct-
    Q8_0.gguf" -> "SmolLM2 135M Instruct"."""
    stem = file_name[:-5] if file_name.lower().endswith(".gguf") else file_name
    stem = _SHARD_TAIL.sub("", stem)
    stem = _QUANT_TAIL.sub("", stem) or stem
    return " ".join(stem.replace("_", " ").replace("-", " ").split())


def _is_name(text: str) -> bool:
    return (
        bool(text.strip())
        and text.strip().lower() not in _GENERIC_NAMES
        and "/" not in text
        and "\\" not in text
        and len(text) <= 100
    )


def _converter_titled(name: str) -> bool:
    """Whether ``name`` is a lowercase checkpoint id title-cased by llama.cpp's converter
    ("smollm2-135M-8k-lc100k-mix1-ep2" -> "Smollm2 135M 8k Lc100K Mix1 Ep2")."""
    return any(_TITLED_WORD.match(word) for word in name.split())


def display_name(general_name: str | None, file_name: str) -> str:
    """The name to show for a model: its ``general.name`` when that is a real name, else
    the one its file name gives (a missing, generic, path-like or converter-titled
    ``general.name`` says less than the file name does)."""
    given = " ".join((general_name or "").split())
    from_file = name_from_file(file_name)
    if _is_name(given) and not (_converter_titled(given) and _is_name(from_file)):
        return given
    return from_file if _is_name(from_file) else given or file_name
