"""Summary memory: the oldest turns of a long chat, summarised by the model, in the prompt.

When a chat with the "summary" overflow policy outgrows the context, the model writes a
short summary of its oldest turns (and of the summary before it, if any); the summary
then stands in for those turns. It goes into the system turn ("Summary of the earlier
conversation: …") rather than as a made-up user/assistant pair: every template deskchat
renders takes a system prompt (the ones without a system role, such as Gemma's, fold it
into the first user turn), while an extra pair would break the alternation that Gemma's
and Mistral's templates require and would sit between the persona's examples and the chat.

This module is pure: what a summary covers, the prompt that asks for one, and how the
system turn carries it. The stored notes are in store/summary_notes, the turn that writes
them in services/summary_memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from deskchat.chat.turns import Turn

SUMMARY_TOKENS = 256  # the longest summary asked for (the prompt keeps this much room)
SUMMARY_HEADING = "Summary of the earlier conversation:"
INSTRUCTION = (
    "You write short, faithful summaries of conversations. Keep the facts, names, numbers, "
    "decisions and open questions that a later reply may need; leave out greetings and "
    "repetition. Write plain sentences, at most about 120 words, in the language of the "
    "conversation. Write only the summary."
)


@dataclass(frozen=True)
class Memory:
    """A summary in use: its text, and the id of the last message it covers (the turns up
    to and including that one are replaced by it); ``id``: the stored note's."""

    text: str
    through: int
    id: int | None = None


def summary_room(budget: int) -> int:
    """The tokens a summary may take in a prompt of ``budget`` tokens: ``SUMMARY_TOKENS``,
    or a quarter of a small context's budget."""
    return max(16, min(SUMMARY_TOKENS, budget // 4))


def covered(history: Sequence[Turn], memory: Memory | None) -> int:
    """How many of the oldest turns of ``history`` the summary stands in for: those up to
    and including its ``through`` message; 0 when there is no summary or that message is not
    on this branch (a summary is only used on the branch it was written on)."""
    if memory is None:
        return 0
    for index, turn in enumerate(history):
        if turn.id == memory.through:
            return index + 1
    return 0


def with_memory(system_prompt: str, memory: Memory | None) -> str:
    """The system prompt with the summary after it (the summary alone when there is none)."""
    if memory is None or not memory.text.strip():
        return system_prompt
    note = f"{SUMMARY_HEADING} {memory.text.strip()}"
    return f"{system_prompt.rstrip()}\n\n{note}" if system_prompt.strip() else note


def transcript(turns: Sequence[Turn]) -> str:
    """The turns as plain lines for the summariser to read (tool results as such)."""
    names = {"user": "User", "assistant": "Assistant", "tool": "Tool result", "system": "System"}
    lines = []
    for turn in turns:
        text = turn.content.strip()
        calls = ", ".join(f"{c.name}({c.arguments})" for c in turn.tool_calls)
        if calls:
            text = f"{text} [called {calls}]".strip()
        if text:
            lines.append(f"{names[turn.role]}: {text}")
    return "\n\n".join(lines)


def summary_request(turns: Sequence[Turn], earlier: Memory | None) -> list[Turn]:
    """The turns that ask the model for a summary of ``turns``, folding in the ``earlier``
    summary (which covered the turns before them), to be rendered by the model's template
    (a base model's transcript form too)."""
    parts = []
    if earlier is not None and earlier.text.strip():
        parts.append(f"Summary so far:\n{earlier.text.strip()}")
    parts.append(f"Conversation:\n{transcript(turns)}")
    parts.append(
        "Write a short summary of everything above (the summary so far included), so the "
        "conversation can go on without it."
    )
    return [Turn("system", INSTRUCTION), Turn("user", "\n\n".join(parts))]


def clean_summary(text: str) -> str:
    """The model's summary without a heading it may have echoed and without edge space."""
    text = text.strip()
    for heading in (SUMMARY_HEADING, "Summary:", "**Summary:**"):
        if text.lower().startswith(heading.lower()):
            text = text[len(heading) :].strip()
    return text
