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


def m005_tool_messages(db: sqlite3.Connection) -> None:
    """Tool calls in the history: an assistant message keeps the calls it made
    (``tool_calls``, JSON), a ``tool`` message what a tool answered (its call's id, the
    tool's name, the result as its content, whether it failed, how long it took). A chat
    (and a persona, as the default of new chats) keeps the MCP servers it may use and the
    tools allowed without asking. The role CHECK changes, so the messages table is rebuilt
    (renamed aside first: dropping it while a new one references it would cascade), and the
    full-text index now holds the calls' arguments beside the text."""
    run_script(
        db,
        """
        DROP TRIGGER messages_ai;
        DROP TRIGGER messages_ad;
        DROP TRIGGER messages_au;
        DROP TABLE messages_fts;
        DROP INDEX messages_conversation;
        DROP INDEX messages_parent;
        DROP INDEX messages_streaming;
        ALTER TABLE messages RENAME TO messages_old;
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
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
            writer_pid INTEGER,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            tokens_estimated INTEGER NOT NULL DEFAULT 0,
            reasoning TEXT NOT NULL DEFAULT '',
            reasoning_tokens INTEGER,
            reasoning_ms REAL,
            tool_calls TEXT NOT NULL DEFAULT '',  -- an answer's calls: OpenAI tool_calls JSON
            tool_call_id TEXT NOT NULL DEFAULT '', -- a tool message: the call it answers
            tool_name TEXT NOT NULL DEFAULT '',
            tool_error INTEGER NOT NULL DEFAULT 0,
            tool_ms REAL
        );
        INSERT INTO messages(id, conversation_id, parent_id, role, content, status, error,
            model, persona, prompt_tokens, prompt_evaluated, completion_tokens, ttft_ms,
            tokens_per_s, finish_reason, writer_pid, created_at, updated_at, tokens_estimated,
            reasoning, reasoning_tokens, reasoning_ms)
        SELECT id, conversation_id, parent_id, role, content, status, error,
            model, persona, prompt_tokens, prompt_evaluated, completion_tokens, ttft_ms,
            tokens_per_s, finish_reason, writer_pid, created_at, updated_at, tokens_estimated,
            reasoning, reasoning_tokens, reasoning_ms
        FROM messages_old;
        DROP TABLE messages_old;
        CREATE INDEX messages_conversation ON messages(conversation_id, id);
        CREATE INDEX messages_parent ON messages(parent_id);
        CREATE INDEX messages_streaming ON messages(status) WHERE status = 'streaming';

        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, tool_calls, content='messages', content_rowid='id', tokenize='trigram'
        );
        INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
        CREATE TRIGGER messages_ai AFTER INSERT ON messages BEGIN
            INSERT INTO messages_fts(rowid, content, tool_calls)
                VALUES (new.id, new.content, new.tool_calls);
        END;
        CREATE TRIGGER messages_ad AFTER DELETE ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, tool_calls)
                VALUES ('delete', old.id, old.content, old.tool_calls);
        END;
        CREATE TRIGGER messages_au AFTER UPDATE OF content, tool_calls ON messages BEGIN
            INSERT INTO messages_fts(messages_fts, rowid, content, tool_calls)
                VALUES ('delete', old.id, old.content, old.tool_calls);
            INSERT INTO messages_fts(rowid, content, tool_calls)
                VALUES (new.id, new.content, new.tool_calls);
        END;

        ALTER TABLE conversations ADD COLUMN tool_servers_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE conversations ADD COLUMN allowed_tools_json TEXT NOT NULL DEFAULT '[]';
        ALTER TABLE personas ADD COLUMN tool_servers_json TEXT NOT NULL DEFAULT '[]';
        """,
    )


def m006_documents(db: sqlite3.Connection) -> None:
    """Documents a chat can draw on: named collections of files, each file's chunks with
    where they are (page, heading path, line or row range), a full-text index of the chunks
    (trigram, so Chinese is found too; ranked by BM25) and the chunks' vectors (normalised
    float32, little-endian: sqlite-vec's own layout) per embedding model, with a generation
    per model that every vector written or removed bumps (a trigger), so that a matrix
    cached in memory knows in one lookup whether it is current. A chat turns collections
    on through a link table; deleting the chat keeps them."""
    run_script(
        db,
        """
        CREATE TABLE doc_collections (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            created_at REAL NOT NULL
        );
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            collection_id INTEGER NOT NULL REFERENCES doc_collections(id) ON DELETE CASCADE,
            path TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL DEFAULT '',   -- sha256 of the bytes indexed
            size_bytes INTEGER NOT NULL DEFAULT 0,
            mtime REAL NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'ready', 'failed')),
            error TEXT NOT NULL DEFAULT '',          -- why a failed file cannot be read
            pages INTEGER NOT NULL DEFAULT 0,
            chunk_count INTEGER NOT NULL DEFAULT 0,
            indexed_at REAL,
            created_at REAL NOT NULL,
            UNIQUE (collection_id, path)
        );
        CREATE INDEX documents_pending ON documents(collection_id) WHERE status = 'pending';
        CREATE TABLE doc_chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            text TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT '{}',     -- JSON: pages, heading, lines, rows
            token_count INTEGER NOT NULL
        );
        CREATE INDEX doc_chunks_document ON doc_chunks(document_id, ordinal);
        CREATE VIRTUAL TABLE doc_chunks_fts USING fts5(
            text, content='doc_chunks', content_rowid='id', tokenize='trigram'
        );
        -- how many chunks hold each trigram: a question's very common words are left out
        CREATE VIRTUAL TABLE doc_chunks_vocab USING fts5vocab(doc_chunks_fts, 'row');
        CREATE TRIGGER doc_chunks_ai AFTER INSERT ON doc_chunks BEGIN
            INSERT INTO doc_chunks_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER doc_chunks_ad AFTER DELETE ON doc_chunks BEGIN
            INSERT INTO doc_chunks_fts(doc_chunks_fts, rowid, text)
                VALUES ('delete', old.id, old.text);
        END;
        CREATE TABLE doc_vectors (
            chunk_id INTEGER NOT NULL REFERENCES doc_chunks(id) ON DELETE CASCADE,
            model_key TEXT NOT NULL,                 -- the embedding model that made it
            dim INTEGER NOT NULL,
            vector BLOB NOT NULL,
            PRIMARY KEY (model_key, chunk_id)
        ) WITHOUT ROWID;
        CREATE INDEX doc_vectors_chunk ON doc_vectors(chunk_id);
        -- bumped by every vector written or removed: a cached matrix knows it is current
        CREATE TABLE doc_vector_state (
            model_key TEXT PRIMARY KEY,
            generation INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TRIGGER doc_vectors_ai AFTER INSERT ON doc_vectors BEGIN
            INSERT INTO doc_vector_state(model_key, generation) VALUES (new.model_key, 1)
                ON CONFLICT(model_key) DO UPDATE SET generation = generation + 1;
        END;
        CREATE TRIGGER doc_vectors_ad AFTER DELETE ON doc_vectors BEGIN
            UPDATE doc_vector_state SET generation = generation + 1
                WHERE model_key = old.model_key;
        END;
        CREATE TABLE conversation_collections (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            collection_id INTEGER NOT NULL REFERENCES doc_collections(id) ON DELETE CASCADE,
            PRIMARY KEY (conversation_id, collection_id)
        ) WITHOUT ROWID;
        CREATE INDEX conversation_collections_collection
            ON conversation_collections(collection_id);
        """,
    )


def m007_summary_notes(db: sqlite3.Connection) -> None:
    """Summary memory: a chat's summaries of its oldest turns, each covering the branch's
    messages up to and including ``through_message_id`` (deleted with the chat, or with
    that message), with what writing it took and whether the person edited it; and
    "summary" as a chat's overflow policy. SQLite cannot alter a CHECK, and rebuilding the
    conversations table would cascade into every message (foreign keys are on inside the
    migrations' transaction), so the constraint is widened in the schema text itself, as
    SQLite documents for loosening a constraint (nothing stored changes meaning)."""
    version = int(db.execute("PRAGMA schema_version").fetchone()[0])
    db.execute("PRAGMA writable_schema=ON")
    db.execute(
        "UPDATE sqlite_master SET sql = replace(sql, "
        "\"CHECK (overflow_policy IN ('rolling', 'stop'))\", "
        "\"CHECK (overflow_policy IN ('rolling', 'stop', 'summary'))\") "
        "WHERE type = 'table' AND name = 'conversations'"
    )
    db.execute(f"PRAGMA schema_version={version + 1}")
    db.execute("PRAGMA writable_schema=OFF")
    run_script(
        db,
        """
        CREATE TABLE summary_notes (
            id INTEGER PRIMARY KEY,
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            through_message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            content TEXT NOT NULL,
            covers INTEGER NOT NULL DEFAULT 0,   -- messages it stands in for
            model TEXT,
            prompt_tokens INTEGER,
            completion_tokens INTEGER,
            ms REAL,                             -- how long writing it took
            edited INTEGER NOT NULL DEFAULT 0,
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL
        );
        CREATE INDEX summary_notes_conversation ON summary_notes(conversation_id, id);
        CREATE INDEX summary_notes_through ON summary_notes(through_message_id);
        """,
    )


def m008_answer_sources(db: sqlite3.Connection) -> None:
    """The passages an answer drew on: each answer's sources, best first, as they were
    when it was written (file, location, text: the answer keeps them after the document is
    removed or re-indexed, its ``chunk_id`` then becomes NULL), and whether the model was
    given it or it was left out for room; and the passages a person pinned to a chat (always
    given) or excluded from it (never given)."""
    run_script(
        db,
        """
        CREATE TABLE answer_sources (
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            chunk_id INTEGER REFERENCES doc_chunks(id) ON DELETE SET NULL,
            path TEXT NOT NULL,
            location TEXT NOT NULL DEFAULT '{}',
            text TEXT NOT NULL,
            given INTEGER NOT NULL DEFAULT 1,
            pinned INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (message_id, ordinal)
        ) WITHOUT ROWID;
        CREATE INDEX answer_sources_chunk ON answer_sources(chunk_id);
        CREATE TABLE conversation_passages (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            chunk_id INTEGER NOT NULL REFERENCES doc_chunks(id) ON DELETE CASCADE,
            choice TEXT NOT NULL CHECK (choice IN ('pinned', 'excluded')),
            PRIMARY KEY (conversation_id, chunk_id)
        ) WITHOUT ROWID;
        CREATE INDEX conversation_passages_chunk ON conversation_passages(chunk_id);
        """,
    )


def m009_persona_output(db: sqlite3.Connection) -> None:
    """What a persona's answers must be: NULL for text, else OpenAI's response_format
    shape ({"type": "json_object"}, or {"type": "json_schema", "schema": …}) as JSON."""
    db.execute("ALTER TABLE personas ADD COLUMN output_json TEXT")


MIGRATIONS: tuple[Migration, ...] = (
    m001_initial,
    m002_token_estimates,
    m003_reasoning,
    m004_template_options,
    m005_tool_messages,
    m006_documents,
    m007_summary_notes,
    m008_answer_sources,
    m009_persona_output,
)
