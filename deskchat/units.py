"""Sizes and counts as every face writes them, defined once.

Files and downloads use decimal units, as the Hugging Face Hub and file managers count them
(a 4,920,000,000-byte file is "4.92 GB" in the Model tab, the models window and the
terminal alike). Memory uses binary gigabytes written "GB", as operating systems report RAM
and VRAM (a "16 GB" laptop shows 16.0, not 17.2): ``memory_text``.
"""

from __future__ import annotations

GIB = 1024**3

_DECIMAL = (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3))
_COUNTS = (("B", 1e9), ("M", 1e6), ("K", 1e3))  # billions, millions, thousands


def size_text(n: float) -> str:
    """A file's or a transfer's size: '4.92 GB', '253.1 MB', '12.3 KB', '512 B'."""
    for unit, scale in _DECIMAL:
        if n >= scale:
            return f"{n / scale:.2f} {unit}" if scale >= 1e9 else f"{n / scale:.1f} {unit}"
    return f"{int(n)} B"


def count_text(n: int) -> str:
    """A large count (parameters, downloads, likes): '8.0 B', '268.1 M', '12.3 K', '7'."""
    for unit, scale in _COUNTS:
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return str(n)


def memory_text(n: float) -> str:
    """RAM or VRAM: '7.6 GB' (binary gigabytes, as the operating system shows them)."""
    return f"{n / GIB:.1f} GB"


def counted(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number: '1 message', '12 messages', '1,200
    messages' (English text only; translated text picks between two whole sentences)."""
    return f"{n:,} {one if n == 1 else many}"
