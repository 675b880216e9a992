"""Tool calls in the history: a database from before them migrates with its messages and
search intact; an answer's calls and a tool's result are stored, found and exported."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from deskchat.chat.tools import ToolCall
from deskchat.services.export import to_json, to_markdown
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.migrations import MIGRATIONS, m005_tool_messages
from deskchat.store.records import calls_json
from deskchat.store.search import search_messages

CALL = ToolCall("call_1", "get_weather", '{"city": "Reykjavik"}')


def tool_chat(db: Database) -> tuple[int, list[int]]:
    conversations, messages = ConversationRepo(db), MessageRepo(db)
    chat = conversations.create("Weather")
    user = messages.add(chat.id, "user", "What is the weather?", parent_id=None)
    answer = messages.add(chat.id, "assistant", "", parent_id=user.id, status="streaming")
    answer = messages.finish(
        answer.id, content="", status="complete", tool_calls=calls_json([CALL])
    )
    result = messages.add(
        chat.id,
        "tool",
        "Snow and 2 degrees",
        parent_id=answer.id,
        tool_call_id=CALL.id,
        tool_name=CALL.name,
        tool_ms=12.5,
    )
    final = messages.add(chat.id, "assistant", "It snows.", parent_id=result.id)
    return chat.id, [user.id, answer.id, result.id, final.id]


def test_a_history_from_before_tools_keeps_its_messages_and_search(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    before = MIGRATIONS[: MIGRATIONS.index(m005_tool_messages)]
    old = sqlite3.connect(path)
    for migration in before:
        migration(old)
    old.execute(
        "INSERT INTO conversations(id, title, created_at, updated_at) VALUES (1, 't', 0, 0)"
    )
    old.execute(
        "INSERT INTO messages(id, conversation_id, role, content, created_at, updated_at) "
        "VALUES (1, 1, 'user', 'hello lighthouse', 0, 0)"
    )
    old.execute(
        "INSERT INTO messages(id, conversation_id, parent_id, role, content, created_at, "
        "updated_at, reasoning) VALUES (2, 1, 1, 'assistant', 'a beacon', 0, 0, 'hmm')"
    )
    old.execute(f"PRAGMA user_version = {len(before)}")
    old.commit()
    old.close()
    db = Database(path)
    assert "m005_tool_messages" in db.migrations_applied()
    kept = MessageRepo(db).path_to(2)
    assert [(m.role, m.content, m.reasoning) for m in kept] == [
        ("user", "hello lighthouse", ""),
        ("assistant", "a beacon", "hmm"),
    ]
    assert [h.message_id for h in search_messages(db, "lighthouse")] == [1]
    ConversationRepo(db).delete(1)  # the rebuilt table still cascades and unindexes
    assert search_messages(db, "lighthouse") == []
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_calls_and_results_are_stored_in_the_tree(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.sqlite3")
    _chat, ids = tool_chat(db)
    branch = MessageRepo(db).path_to(ids[-1])
    assert [m.role for m in branch] == ["user", "assistant", "tool", "assistant"]
    assert branch[1].calls == (CALL,)
    tool = branch[2]
    assert (tool.tool_call_id, tool.tool_name, tool.content, tool.tool_error, tool.tool_ms) == (
        "call_1",
        "get_weather",
        "Snow and 2 degrees",
        False,
        12.5,
    )


def test_search_finds_a_result_and_a_calls_arguments(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.sqlite3")
    _chat, ids = tool_chat(db)
    assert [h.message_id for h in search_messages(db, "Snow degrees")] == [ids[2]]
    hit = search_messages(db, "Reykjavik")
    assert [h.message_id for h in hit] == [ids[1]]
    assert "Reykjavik" in hit[0].snippet
    assert [h.message_id for h in search_messages(db, "2 degrees")] == [ids[2]]  # a short word


def test_export_writes_the_calls_and_results(tmp_path: Path) -> None:
    db = Database(tmp_path / "h.sqlite3")
    chat_id, ids = tool_chat(db)
    chat = ConversationRepo(db).get(chat_id)
    branch = MessageRepo(db).path_to(ids[-1])
    markdown = to_markdown(chat, branch, "")
    assert 'get_weather({"city": "Reykjavik"})' in markdown
    assert "Snow and 2 degrees" in markdown
    assert "12 ms" in markdown
    data = json.loads(to_json(chat, branch, ""))
    assert data["messages"][1]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert data["messages"][2]["role"] == "tool"
    assert data["messages"][2]["tool_call_id"] == "call_1"
