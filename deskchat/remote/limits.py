"""The bounds on reading one remote answer, and the sentence for each one a server breaks.

A remote server is untrusted: it may ignore ``max_tokens``, send one enormous event, a line
that never ends, or go silent mid-answer. Every read is bounded, so an answer always ends
soon, with the text that arrived kept and a sentence that names the bound that was hit:

* tokens: more text pieces than ``max_tokens`` plus a small margin end the answer as a
  normal ``length`` ending (the exchange is cancelled, so the server stops too);
* bytes in one line and in one event (a server's event holds one token's worth of JSON);
* bytes in the whole answer, from ``max_tokens``;
* time without a byte once the answer has begun.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskchat.remote.errors import RemoteStreamError
from deskchat.sentences import Sentence

MIB = 1024 * 1024


@dataclass(frozen=True)
class StreamLimits:
    """How much one answer may send; the defaults suit every server seen in the wild."""

    line_bytes: int = MIB  # one line of the event stream
    event_bytes: int = MIB  # one event (all its data lines)
    base_bytes: int = 8 * MIB  # the whole answer: this, plus ``bytes_per_token`` per token
    bytes_per_token: int = 2048  # a chunk's JSON is a few hundred bytes per token
    stall_s: float = 60.0  # the longest silence once the answer has begun

    def total_bytes(self, max_tokens: int) -> int:
        """The most one answer of ``max_tokens`` tokens may send."""
        return self.base_bytes + max(0, max_tokens) * self.bytes_per_token

    @staticmethod
    def token_cap(max_tokens: int) -> int:
        """Text pieces past which a server is taken to ignore ``max_tokens``: a margin for
        servers that count differently (a piece is usually one token, sometimes less)."""
        return max_tokens + max(8, max_tokens // 20)


def _size(n: int) -> str:
    return f"{n / MIB:,.1f} MiB" if n >= MIB else f"{n:,} bytes"


def line_too_long(base_url: str, limit: int) -> RemoteStreamError:
    return RemoteStreamError(
        Sentence(
            "The server at {url} sent a line longer than {limit} without ending it, so the "
            "answer was stopped there; the text that arrived is kept.",
            url=base_url,
            limit=_size(limit),
        )
    )


def event_too_big(base_url: str, limit: int) -> RemoteStreamError:
    return RemoteStreamError(
        Sentence(
            "The server at {url} sent one event larger than {limit}, so the answer was "
            "stopped there; the text that arrived is kept.",
            url=base_url,
            limit=_size(limit),
        )
    )


def answer_too_big(base_url: str, limit: int) -> RemoteStreamError:
    return RemoteStreamError(
        Sentence(
            "The server at {url} sent more than {limit} for one answer, so the answer was "
            "stopped there; the text that arrived is kept.",
            url=base_url,
            limit=_size(limit),
        )
    )


def stalled(base_url: str, seconds: float) -> RemoteStreamError:
    return RemoteStreamError(
        Sentence(
            "The server at {url} sent nothing for {seconds:g} seconds mid-answer, so the "
            "answer was stopped; the text that arrived is kept.",
            url=base_url,
            seconds=seconds,
        )
    )
