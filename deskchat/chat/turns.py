"""The units a prompt is built from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Role = Literal["system", "user", "assistant"]
ROLES: tuple[Role, ...] = ("system", "user", "assistant")


@dataclass(frozen=True)
class Turn:
    """One message as the model sees it. ``id`` links back to the stored message, if any."""

    role: Role
    content: str
    id: int | None = None
    reasoning: str = ""  # an earlier answer's thought, apart from its content

    def as_dict(self) -> dict[str, str]:
        """The message as chat templates read it: a thought goes beside the content as
        ``reasoning_content`` (the templates that show earlier thoughts read it there)."""
        message = {"role": self.role, "content": self.content}
        if self.reasoning:
            message["reasoning_content"] = self.reasoning
        return message
