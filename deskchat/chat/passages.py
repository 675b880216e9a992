"""Passages from the person's documents, in the prompt.

Retrieval (services/doc_context) finds the passages that may answer the newest message;
this module is how the prompt carries them. Templates that take documents themselves
(Command R's, Granite's: they read ``documents``) get them that way, as transformers passes
them (a list of ``{"title", "text"}``). Every other template gets them in a clearly
delimited block in front of the newest user message: there, and not in the system turn, so
the prompt's beginning (and the engine's cache of it) stays the same from turn to turn
while each question brings its own passages.

How many go in is decided in chat/prompt (``build_prompt``): best first, and when the prompt
does not fit, passages are left out, lowest ranked first, before any earlier turn is; the
best one always stays, the oldest turns making room for it under the chat's overflow policy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from deskchat.chat.template_options import variables_read
from deskchat.chat.turns import Turn

PASSAGES_INTRO = (
    "Passages from my documents that may help. Use them if they are relevant, say which "
    "ones you used by their number, and say so if they do not answer the question."
)
OPEN_TAG, CLOSE_TAG = "<documents>", "</documents>"


@dataclass(frozen=True)
class Source:
    """A passage as the prompt gives it: the file's name, where in it (``where``, e.g.
    "page 3"), its text; ``chunk_id`` links back to the stored chunk; ``pinned``: the
    person asked for it in this chat."""

    title: str
    where: str
    text: str
    chunk_id: int | None = None
    pinned: bool = False

    @property
    def label(self) -> str:
        return f"{self.title}, {self.where}" if self.where else self.title


def reads_documents(template_text: str) -> bool:
    """Whether a chat template takes documents itself (it reads ``documents``)."""
    return "documents" in template_text and "documents" in variables_read(template_text)


def passages_block(sources: Sequence[Source]) -> str:
    """The sources as the numbered, delimited block put before the message ("" for none)."""
    if not sources:
        return ""
    entries = "\n\n".join(f"[{n}] {s.label}\n{s.text.strip()}" for n, s in enumerate(sources, 1))
    return f"{PASSAGES_INTRO}\n{OPEN_TAG}\n{entries}\n{CLOSE_TAG}"


def with_passages(message: str, sources: Sequence[Source]) -> str:
    """The user's message with the passages' block before it."""
    block = passages_block(sources)
    return f"{block}\n\n{message}" if block else message


def template_documents(sources: Sequence[Source]) -> list[Mapping[str, str]]:
    """The sources as a template's ``documents``."""
    return [{"title": s.label, "text": s.text.strip()} for s in sources]


def newest_question(history: Sequence[Turn]) -> int | None:
    """The index of the user turn being answered: the last one (tool steps after it are
    the same answer's), None when there is none."""
    for index in range(len(history) - 1, -1, -1):
        if history[index].role == "user":
            return index
    return None


def place_in_message(history: Sequence[Turn], sources: Sequence[Source]) -> list[Turn]:
    """``history`` with the sources' block in front of the newest user message."""
    turns = list(history)
    at = newest_question(turns)
    if at is not None and sources:
        turns[at] = replace(turns[at], content=with_passages(turns[at].content, sources))
    return turns
