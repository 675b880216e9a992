"""A chat's history as the prompt reads it: stored messages as turns, the chat's persona
and system prompt, and the title a first message gives it."""

from __future__ import annotations

from deskchat.chat.personas import Persona
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.store.personas import PersonaRepo
from deskchat.store.records import Conversation, Message

TITLE_LENGTH = 60


def persona_of(conversation: Conversation, personas: PersonaRepo) -> Persona | None:
    if conversation.persona_id is None:
        return None
    try:
        return personas.get(conversation.persona_id)
    except DeskchatError:
        return None


def system_prompt_of(conversation: Conversation, personas: PersonaRepo) -> str:
    """This chat's own system prompt if it has one, else its persona's."""
    if conversation.system_prompt is not None:
        return conversation.system_prompt
    persona = persona_of(conversation, personas)
    return persona.system_prompt if persona else ""


def turns_of(messages: list[Message]) -> list[Turn]:
    """Stored messages as prompt turns: an answer with the tool calls it made, a tool
    message as the result of its call. An answer that never got any text nor calls (stopped
    at once, crashed, failed) is left out together with the question it did not answer: two
    user turns in a row would break templates that require user/assistant alternation."""
    turns: list[Turn] = []
    for m in messages:
        calls = m.calls if m.role == "assistant" else ()
        if m.role == "assistant" and not m.content.strip() and not calls:
            if turns and turns[-1].role == "user":
                turns.pop()
            continue
        if m.role == "tool":
            turns.append(
                Turn("tool", m.content, m.id, tool_call_id=m.tool_call_id, name=m.tool_name)
            )
            continue
        turns.append(Turn(m.role, m.content, m.id, m.reasoning, tool_calls=calls))
    return turns


def title_of(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
