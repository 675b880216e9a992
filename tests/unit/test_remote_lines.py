"""The remote stream's line reader (deskchat.remote.wire.lines), which replaced httpx's
unbounded iter_lines: every line ending server-sent events allow, wherever the network
splits the bytes, and its two bounds."""

from __future__ import annotations

import pytest

from deskchat.remote.errors import RemoteStreamError
from deskchat.remote.wire import lines

URL = "http://127.0.0.1:1/v1"


def read(chunks: list[bytes], line_bytes: int = 1024, total_bytes: int = 1 << 20) -> list[str]:
    return list(lines(chunks, URL, line_bytes=line_bytes, total_bytes=total_bytes))


@pytest.mark.parametrize(
    "chunks",
    [
        [b"data: a\n\ndata: b\n\n"],
        [b"data: a\r\n\r\ndata: b\r\n\r\n"],
        [b"data: a\r\r", b"data: b\r\r"],
        [b"data: a\r", b"\n\r", b"\ndata: b\r\n", b"\r\n"],  # CRLF split between reads
        [b"da", b"ta: a\n", b"\nda", b"ta: b\n\n"],
    ],
)
def test_every_line_ending_wherever_the_bytes_are_split(chunks: list[bytes]) -> None:
    assert read(chunks) == ["data: a", "", "data: b", ""]


def test_the_last_line_without_an_ending_is_kept_and_text_is_utf8() -> None:
    assert read(["data: café\n".encode(), b"data: [DONE]"]) == ["data: café", "data: [DONE]"]


def test_a_line_longer_than_its_bound_is_stopped_before_it_ends() -> None:
    seen: list[str] = []
    with pytest.raises(RemoteStreamError, match="a line longer than 100 bytes"):
        for line in lines(
            [b"data: ok\n", b"y" * 60, b"y" * 60], URL, line_bytes=100, total_bytes=1 << 20
        ):
            seen.append(line)
    assert seen == ["data: ok"], "what came before the bound is still read"


def test_a_line_of_exactly_the_bound_is_fine() -> None:
    assert read([b"x" * 100 + b"\n"], line_bytes=100) == ["x" * 100]


def test_more_bytes_than_the_answer_may_have_are_refused() -> None:
    with pytest.raises(RemoteStreamError, match="more than 1,000 bytes for one answer"):
        read([b"data: x\n\n"] * 200, total_bytes=1000)
