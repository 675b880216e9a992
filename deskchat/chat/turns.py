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

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "content": self.content}
