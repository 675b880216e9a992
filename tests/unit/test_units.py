"""One byte formatter and one count formatter, in decimal units as the hub shows them."""

from __future__ import annotations

import pytest

from deskchat.units import GIB, count_text, memory_text, size_text


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (4_920_000_000, "4.92 GB"),  # a Q4_K_M 8B model: the hub's figure, not "4.6 GB"
        (253_100_000, "253.1 MB"),
        (1_200_000, "1.2 MB"),
        (12_345, "12.3 KB"),
        (512, "512 B"),
        (0, "0 B"),
        (1_500_000_000_000, "1.50 TB"),
    ],
)
def test_sizes_are_decimal(n: int, text: str) -> None:
    assert size_text(n) == text


@pytest.mark.parametrize(
    ("n", "text"),
    [(8_030_000_000, "8.0 B"), (268_100_000, "268.1 M"), (12_345, "12.3 K"), (7, "7")],
)
def test_counts_are_decimal(n: int, text: str) -> None:
    assert count_text(n) == text


def test_memory_is_written_as_the_operating_system_shows_it() -> None:
    assert memory_text(16 * GIB) == "16.0 GB"
