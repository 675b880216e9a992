"""Speeds and times as the model manager shows them; sizes and counts are deskchat.units'
(decimal units, as the hub and file managers count them)."""

from __future__ import annotations

from deskchat.units import count_text, size_text

__all__ = ["count_text", "eta_text", "size_text", "speed_text"]


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
