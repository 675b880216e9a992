"""Personas in the database: the built-ins are seeded once, then belong to the user."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from typing import Any

from deskchat.chat.personas import Persona, examples_from_json, examples_to_json
from deskchat.errors import DeskchatError, NotFoundError
from deskchat.sentences import Sentence
from deskchat.store.db import Database


def _columns(p: Persona) -> tuple[object, ...]:
    """name, name_zh, description, system_prompt, examples_json, sampling_json,
    template_options_json"""
    return (
        p.name,
        p.name_zh,
        p.description,
        p.system_prompt,
        examples_to_json(p.examples),
        json.dumps(p.sampling),
        json.dumps(p.template_options),
    )


def _output_json(p: Persona) -> str | None:
    return json.dumps(p.output, ensure_ascii=False) if p.output else None


def _persona(row: sqlite3.Row) -> Persona:
    return Persona(
        id=row["id"],
        key=row["key"],
        name=row["name"],
        name_zh=row["name_zh"],
        description=row["description"],
        system_prompt=row["system_prompt"],
        examples=examples_from_json(row["examples_json"]),
        sampling=json.loads(row["sampling_json"] or "{}"),
        template_options=json.loads(row["template_options_json"] or "{}"),
        output=_output(row["output_json"]),
    )


def _output(text: str | None) -> dict[str, Any] | None:
    value = json.loads(text) if text else None
    return value if isinstance(value, dict) else None


class PersonaRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def seed(self, personas: Iterable[Persona]) -> int:
        """Insert built-ins not seen before (by key). Edited or deleted ones stay as the
        user left them: a seeded key is remembered even after its row is deleted."""
        added = 0
        now = time.time()
        with self.db.transaction() as conn:
            for p in personas:
                seen = conn.execute(
                    "SELECT 1 FROM seeded_personas WHERE key = ?", (p.key,)
                ).fetchone()
                if seen:
                    continue
                conn.execute("INSERT INTO seeded_personas(key) VALUES (?)", (p.key,))
                conn.execute(
                    "INSERT INTO personas(key, name, name_zh, description, system_prompt, "
                    "examples_json, sampling_json, template_options_json, created_at, "
                    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (p.key, *_columns(p), now, now),
                )
                added += 1
        return added

    def list(self) -> list[Persona]:
        return [_persona(r) for r in self.db.execute("SELECT * FROM personas ORDER BY id")]

    def get(self, persona_id: int) -> Persona:
        row = self.db.execute("SELECT * FROM personas WHERE id = ?", (persona_id,)).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no persona {id:d}.", id=persona_id))
        return _persona(row)

    def find(self, name: str) -> Persona:
        """By id, key, English or Chinese name (case-insensitive)."""
        wanted = name.strip()
        if wanted.isdigit():
            return self.get(int(wanted))
        row = self.db.execute(
            "SELECT * FROM personas WHERE lower(key) = lower(?) OR lower(name) = lower(?) "
            "OR name_zh = ? ORDER BY id LIMIT 1",
            (wanted, wanted, wanted),
        ).fetchone()
        if row is None:
            names = ", ".join(p.name for p in self.list())
            raise NotFoundError(
                Sentence(
                    "There is no persona called {name}; choose one of: {names}.",
                    name=repr(name),
                    names=names,
                )
            )
        return _persona(row)

    def add(self, persona: Persona) -> Persona:
        now = time.time()
        try:
            pid = self.db.write(
                "INSERT INTO personas(name, name_zh, description, system_prompt, examples_json, "
                "sampling_json, template_options_json, output_json, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*_columns(persona), _output_json(persona), now, now),
            )
        except sqlite3.IntegrityError as exc:
            raise DeskchatError(
                Sentence(
                    "The persona {name} could not be saved: {reason}.",
                    name=repr(persona.name),
                    reason=str(exc),
                )
            ) from exc
        return self.get(pid)

    def update(self, persona: Persona) -> Persona:
        if persona.id is None:
            raise ValueError("persona has no id")
        self.db.write(
            "UPDATE personas SET name = ?, name_zh = ?, description = ?, system_prompt = ?, "
            "examples_json = ?, sampling_json = ?, template_options_json = ?, output_json = ?, "
            "updated_at = ? WHERE id = ?",
            (*_columns(persona), _output_json(persona), time.time(), persona.id),
        )
        return self.get(persona.id)

    def tool_servers(self, persona_id: int) -> tuple[str, ...]:
        """The MCP servers a new chat with this persona may use (copied into the chat)."""
        row = self.db.execute(
            "SELECT tool_servers_json FROM personas WHERE id = ?", (persona_id,)
        ).fetchone()
        if row is None:
            raise NotFoundError(Sentence("There is no persona {id:d}.", id=persona_id))
        value = json.loads(row[0] or "[]")
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    def set_tool_servers(self, persona_id: int, servers: Iterable[str]) -> None:
        self.get(persona_id)
        names = list(dict.fromkeys(servers))
        self.db.write(
            "UPDATE personas SET tool_servers_json = ?, updated_at = ? WHERE id = ?",
            (json.dumps(names, ensure_ascii=False), time.time(), persona_id),
        )

    def delete(self, persona_id: int) -> None:
        self.get(persona_id)
        self.db.write("DELETE FROM personas WHERE id = ?", (persona_id,))
