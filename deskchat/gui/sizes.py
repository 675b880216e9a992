"""Bytes, speeds and times as the model manager shows them (decimal units, as the hub and
file managers count them)."""

from __future__ import annotations


def size_text(n: float) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.2f} GB"
    if n >= 1e6:
        return f"{n / 1e6:.1f} MB"
    if n >= 1e3:
        return f"{n / 1e3:.1f} KB"
    return f"{int(n)} B"


def speed_text(bytes_per_s: float) -> str:
    return f"{size_text(bytes_per_s)}/s" if bytes_per_s > 0 else ""


def eta_text(seconds: float | None) -> str:
    """'4:05' or '1:02:03'; empty when unknown."""
    if seconds is None:
        return ""
    s = round(seconds)
    hours, rest = divmod(s, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def count_text(n: int) -> str:
    """Parameters or downloads: 1.2 B, 350 M, 12 K, 7."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} B"
    if n >= 1e6:
        return f"{n / 1e6:.1f} M"
    if n >= 1e3:
        return f"{n / 1e3:.1f} K"
    return str(n)
