"""The units a prompt is built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from deskchat.chat.tools import ToolCall

Role = Literal["system", "user", "assistant", "tool"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant", "tool")


@dataclass(frozen=True)
class Turn:
    """One message as the model sees it. ``id`` links back to the stored message, if any.

    An assistant turn may carry the ``tool_calls`` it made (its content the text beside
    them, often empty); a ``tool`` turn is what a tool answered to the call ``tool_call_id``
    (``name``: the tool's, which some templates write beside the result)."""

    role: Role
    content: str
    id: int | None = None
    reasoning: str = ""  # an earlier answer's thought, apart from its content
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str = ""
    name: str = ""

    def as_dict(self, *, object_arguments: bool = False) -> dict[str, Any]:
        """The message as chat templates (and OpenAI's API) read it: a thought goes beside
        the content as ``reasoning_content`` (the templates that show earlier thoughts read
        it there); calls as ``tool_calls`` entries, their arguments as JSON text or
        (``object_arguments``, for templates that write them with ``| tojson``) the object."""
        message: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.reasoning:
            message["reasoning_content"] = self.reasoning
        if self.tool_calls:
            message["tool_calls"] = [
                call.to_openai(object_arguments=object_arguments) for call in self.tool_calls
            ]
        if self.role == "tool":
            message["tool_call_id"] = self.tool_call_id
            if self.name:
                message["name"] = self.name
        return message
