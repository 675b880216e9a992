"""SQLite history: schema, migrations, repositories and full-text search."""

from deskchat.store.db import Database

__all__ = ["Database"]
