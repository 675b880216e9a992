"""GGUF file names: the quantization they carry and split files (``-00001-of-00003``) seen
as one model. Pure string work, shared by the hub listing and the local library."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPLIT = re.compile(r"^(?P<stem>.+)-(?P<part>\d{5})-of-(?P<total>\d{5})\.gguf$", re.IGNORECASE)

# Longest names first so "Q4_K_M" wins over "Q4_K" and "IQ4_XS" over "Q4".
_QUANTS = sorted(
    [
        "IQ1_S", "IQ1_M", "IQ2_XXS", "IQ2_XS", "IQ2_S", "IQ2_M", "IQ3_XXS", "IQ3_XS", "IQ3_S",
        "IQ3_M", "IQ4_XS", "IQ4_NL", "Q2_K_S", "Q2_K_L", "Q2_K", "Q3_K_S", "Q3_K_M", "Q3_K_L",
        "Q3_K_XL", "Q4_K_S", "Q4_K_M", "Q4_K_L", "Q4_K_XL", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8",
        "Q4_0", "Q4_1", "Q4_K", "Q5_K_S", "Q5_K_M", "Q5_K_L", "Q5_K_XL", "Q5_0", "Q5_1", "Q5_K",
        "Q6_K_L", "Q6_K_XL", "Q6_K", "Q8_0", "Q8_K_XL", "MXFP4", "TQ1_0", "TQ2_0", "BF16", "F16",
        "FP16", "F32", "FP32",
    ],
    key=len,
    reverse=True,
)  # fmt: skip
_QUANT_RE = re.compile(
    r"(?<![A-Za-z0-9])(" + "|".join(re.escape(q) for q in _QUANTS) + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)

# Rough quality order (higher is closer to the original weights) for choosing a file.
QUALITY = {
    q: i
    for i, q in enumerate(
        [
            "IQ1_S", "IQ1_M", "TQ1_0", "IQ2_XXS", "IQ2_XS", "IQ2_S", "TQ2_0", "Q2_K_S", "IQ2_M",
            "Q2_K", "Q2_K_L", "IQ3_XXS", "IQ3_XS", "Q3_K_S", "IQ3_S", "IQ3_M", "Q3_K_M", "Q3_K_L",
            "Q3_K_XL", "IQ4_XS", "IQ4_NL", "Q4_0", "Q4_0_4_4", "Q4_0_4_8", "Q4_0_8_8", "Q4_1",
            "Q4_K_S", "Q4_K", "MXFP4", "Q4_K_M", "Q4_K_L", "Q4_K_XL", "Q5_0", "Q5_1", "Q5_K_S",
            "Q5_K", "Q5_K_M", "Q5_K_L", "Q5_K_XL", "Q6_K", "Q6_K_L", "Q6_K_XL", "Q8_0",
            "Q8_K_XL", "BF16", "F16", "F32",
        ]
    )
}  # fmt: skip


@dataclass(frozen=True)
class SplitName:
    stem: str  # the name without "-0000k-of-0000n.gguf"
    part: int  # 1-based
    total: int


def split_name(filename: str) -> SplitName | None:
    """``model-00002-of-00003.gguf`` -> SplitName("model", 2, 3); None for a single file."""
    base = filename.rsplit("/", 1)[-1]
    m = _SPLIT.match(base)
    if m is None or int(m["total"]) < 2:
        return None
    return SplitName(m["stem"], int(m["part"]), int(m["total"]))


def quantization(filename: str) -> str:
    """The quantization a file name announces ("Q4_K_M", "F16"…), or "" when it names none."""
    base = filename.rsplit("/", 1)[-1]
    found = _QUANT_RE.findall(base)
    if not found:
        return ""
    q = str(found[-1]).upper()  # the last match: "llama-3-8b-q8_0.Q4_K_M.gguf" is Q4_K_M
    return {"FP16": "F16", "FP32": "F32"}.get(q, q)


def quality_rank(quant: str) -> int:
    """Higher is better quality; unknown labels rank lowest."""
    return QUALITY.get(quant.upper(), -1)


def is_gguf(filename: str) -> bool:
    return filename.lower().endswith(".gguf")


def is_auxiliary(filename: str) -> bool:
    """Files in GGUF repos that are not chat models on their own (vision projectors,
    imatrix data)."""
    base = filename.rsplit("/", 1)[-1].lower()
    return base.startswith(("mmproj", "imatrix")) or "mmproj" in base
