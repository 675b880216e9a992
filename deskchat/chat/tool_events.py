"""The events a streaming tool-call parser hands on (``deskchat.chat.tool_stream`` says when
each happens), and the verdicts its format programs reach about a call."""

from __future__ import annotations

from dataclasses import dataclass

from deskchat.chat.tools import ToolCall
from deskchat.sentences import Sentence


@dataclass(frozen=True)
class TextDelta:
    text: str


@dataclass(frozen=True)
class CallStart:
    index: int
    id: str
    name: str


@dataclass(frozen=True)
class ArgsDelta:
    index: int
    text: str


@dataclass(frozen=True)
class CallEnd:
    index: int
    call: ToolCall


@dataclass(frozen=True)
class CallDropped:
    index: int
    reason: Sentence


ToolEvent = TextDelta | CallStart | ArgsDelta | CallEnd | CallDropped


@dataclass(frozen=True)
class CallKeys:
    """Which keys of a call object hold its name, its arguments and its id."""

    name: tuple[str, ...] = ("name",)
    args: tuple[str, ...] = ("arguments", "parameters")
    id: tuple[str, ...] = ("id",)
    # where a JSON object may be an answer rather than a call (Llama 3.x), the keys a call's
    # object may open with; any other first key means it is text
    first: tuple[str, ...] = ()


JSON_CALL = CallKeys()  # {"name": …, "arguments": {…}}


class NotACall(Exception):  # noqa: N818 - a verdict, not an error
    """What looked like the start of a call is text after all (no warning)."""


class MalformedError(Exception):
    """A call whose text breaks its format; the reason is for the log and the sentence."""


class Unfinished(Exception):  # noqa: N818 - a verdict, not an error
    """The answer ended inside a call."""


UNFINISHED = Sentence("The answer ended in the middle of a tool call; it is kept as text.")


def malformed_sentence(name: str, reason: str) -> Sentence:
    if name:
        return Sentence(
            'The model\'s call to the tool "{name}" was not valid ({reason}); it is kept as text.',
            name=name,
            reason=reason,
        )
    return Sentence(
        "The model's tool call was not valid ({reason}); it is kept as text.", reason=reason
    )
