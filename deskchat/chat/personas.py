"""Personas: a system prompt, optional example turns, and default sampling."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskchat.chat.turns import Turn


@dataclass(frozen=True)
class Persona:
    name: str
    system_prompt: str
    name_zh: str = ""
    description: str = ""
    examples: tuple[Turn, ...] = ()
    sampling: dict[str, Any] = field(default_factory=dict)  # overrides of SamplingParams
    # template options (chat/template_options: enable_thinking …); a chat's own win
    template_options: dict[str, bool | str] = field(default_factory=dict)
    key: str | None = None  # stable id of a built-in persona
    id: int | None = None
    # what its answers must be: None text; {"type": "json_object"} any JSON object;
    # {"type": "json_schema", "schema": {...}} JSON that follows the schema (a grammar holds
    # generation to it: services/output_format)
    output: dict[str, Any] | None = None

    def display_name(self, language: str = "en") -> str:
        return self.name_zh if language.startswith("zh") and self.name_zh else self.name


def examples_to_json(examples: tuple[Turn, ...]) -> str:
    return json.dumps([t.as_dict() for t in examples], ensure_ascii=False)


def examples_from_json(text: str | None) -> tuple[Turn, ...]:
    if not text:
        return ()
    return tuple(Turn(item["role"], item["content"]) for item in json.loads(text))


def load_builtin_personas(path: Path) -> list[Persona]:
    """The personas shipped in resources/personas/builtin.json."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Persona(
            key=item["key"],
            name=item["name"],
            name_zh=item.get("name_zh", ""),
            description=item.get("description", ""),
            system_prompt=item["system_prompt"],
            examples=tuple(Turn(e["role"], e["content"]) for e in item.get("examples", [])),
            sampling=dict(item.get("sampling", {})),
            template_options=dict(item.get("template_options", {})),
        )
        for item in data["personas"]
    ]
