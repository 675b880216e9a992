"""Ordered, named schema migrations. Append only: never edit one that has shipped.

The count of applied migrations is also kept in ``PRAGMA user_version`` so a database
written by a newer deskchat is recognised and refused before anything touches it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Run several statements inside the caller's transaction (``executescript`` would
    commit it first). Statements are split where SQLite says one is complete, so the
    semicolons inside a trigger body stay with it."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n\t;"):
                db.execute(pending)
            pending = ""
    if pending.strip(" \n\t;"):
        raise ValueError(f"incomplete SQL statement in migration: {pending[:80]!r}")


def m001_initial(db: sqlite3.Connection) -> None:
    run_script(
        db,
        """
        CREATE TABLE personas (
            id INTEGER PRIMARY KEY,
            key TEXT UNIQUE,                 -- stable id of a built-in persona, NULL if user-made
            name TEXT NOT NULL,
            name_zh TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '',
            system_prompt TEXT NOT NULL,
            examples_json TEXT NOT NULL DEFAULT '[]',
            sampling_json TEXT NOT NULL DEFAULT '{}',
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        -- built-in personas already offered once: deleting one must not bring it back
        CREATE TABLE seeded_personas (key TEXT PRIMARY KEY);
        CREATE TABLE models (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            architecture TEXT NOT NULL DEFAULT '',
            size_bytes INTEGER NOT NULL DEFAULT 0,
            chat_template_override TEXT,
            metadata_json TEXT NOT NULL DEFAULT '{}',
            added_at REAL NOT NULL,
            last_used_at REAL
        );
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL DEFAULT '',
            persona_id INTEGER REFERENCES personas(id) ON DELETE SET NULL,
            system_prompt TEXT,              -- this chat's own system prompt, NULL = persona's
            model_path TEXT,
            current_leaf_id INTEGER,         -- the branch being shown
            overflow_policy TEXT NOT NULL DEFAULT 'rolling'
                CHECK (overflow_policy IN ('rolling', 'stop')),
            sampling_json TEXT NOT NULL DEFAULT '{}',
            pinned INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX conversations_updated ON conversations(updated_at DESC);
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
            content TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'complete'
                CHECK (status IN ('streaming', 'complete', 'interrupted', 'error')),
            error TEXT,
            model TEXT,
            persona TEXT,
            prompt_tokens INTEGER,
            prompt_evaluated INTEGER,
            completion_tokens INTEGER,
            ttft_ms REAL,
            tokens_per_s REAL,
            finish_reason TEXT,
            writer_pid INTEGER,              -- the process writing a streaming answer
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_parent ON messages(parent_id);
        CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, content='messages', content_rowid='id', tokenize='trigram'
        );
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content)
                VALUES ('delete', old.id, old.content);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content)
                VALUES ('delete', old.id, old.content);
            INSERT INTO messages_fts(rowid, content) VALUES (new.id, new.content);
        END;
        """,
    )


def m002_token_estimates(db: sqlite3.Connection) -> None:
    """Whether an answer's token counts are estimates (a remote server that reported no
    usage; its tokenizer is not available here), so the UI can show them with "≈"."""
    db.execute("ALTER TABLE messages ADD COLUMN tokens_estimated INTEGER NOT NULL DEFAULT 0")


def m003_reasoning(db: sqlite3.Connection) -> None:
    """A reasoning model's thought, kept apart from its answer: its text (not searched),
    its tokens and how long it took."""
    db.execute("ALTER TABLE messages ADD COLUMN reasoning TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE messages ADD COLUMN reasoning_tokens INTEGER")
    db.execute("ALTER TABLE messages ADD COLUMN reasoning_ms REAL")


def m004_template_options(db: sqlite3.Connection) -> None:
    """The template options a chat and a persona set (``enable_thinking``,
    ``reasoning_effort`` …), as JSON: a template gets those it reads."""
    db.execute(
        "ALTER TABLE conversations ADD COLUMN template_options_json TEXT NOT NULL DEFAULT '{}'"
    )
    db.execute("ALTER TABLE personas ADD COLUMN template_options_json TEXT NOT NULL DEFAULT '{}'")


MIGRATIONS: tuple[Migration, ...] = (
    m001_initial,
    m002_token_estimates,
    m003_reasoning,
    m004_template_options,
)
