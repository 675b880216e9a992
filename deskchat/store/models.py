"""Models deskchat has loaded: recent list and per-model chat template overrides."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from deskchat.store.db import Database


@dataclass(frozen=True)
class ModelRecord:
    id: int
    path: str
    name: str
    architecture: str
    size_bytes: int
    chat_template_override: str | None
    metadata: dict[str, Any]
    last_used_at: float | None


class ModelRepo:
    def __init__(self, db: Database) -> None:
        self.db = db

    def touch(
        self, path: str, *, name: str, architecture: str, size_bytes: int, metadata: dict[str, Any]
    ) -> ModelRecord:
        """Record that ``path`` was loaded now (insert or update)."""
        now = time.time()
        self.db.write(
            "INSERT INTO models(path, name, architecture, size_bytes, metadata_json, added_at, "
            "last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE SET "
            "name = excluded.name, architecture = excluded.architecture, "
            "size_bytes = excluded.size_bytes, metadata_json = excluded.metadata_json, "
            "last_used_at = excluded.last_used_at",
            (path, name, architecture, size_bytes, json.dumps(metadata), now, now),
        )
        found = self.get(path)
        assert found is not None
        return found

    def get(self, path: str) -> ModelRecord | None:
        row = self.db.execute("SELECT * FROM models WHERE path = ?", (path,)).fetchone()
        if row is None:
            return None
        return ModelRecord(
            id=row["id"],
            path=row["path"],
            name=row["name"],
            architecture=row["architecture"],
            size_bytes=row["size_bytes"],
            chat_template_override=row["chat_template_override"],
            metadata=json.loads(row["metadata_json"] or "{}"),
            last_used_at=row["last_used_at"],
        )

    def recent(self, limit: int = 10) -> list[ModelRecord]:
        rows = self.db.execute(
            "SELECT path FROM models ORDER BY last_used_at DESC LIMIT ?", (limit,)
        ).fetchall()
        return [m for r in rows if (m := self.get(r[0])) is not None]

    def set_template_override(self, path: str, template: str | None) -> None:
        self.db.write(
            "UPDATE models SET chat_template_override = ? WHERE path = ?", (template, path)
        )
