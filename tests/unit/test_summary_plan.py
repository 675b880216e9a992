"""Summary memory in the prompt (pure): a summary stands in for the turns it covers, only on
its own branch, in the system turn of every built-in template (and the base models'
transcript); when the rest no longer fits, the plan says a summary is due and of what. And
the migration that stores summaries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from deskchat.chat.generation import Prompt
from deskchat.chat.prompt import build_prompt
from deskchat.chat.prompt_parts import prompt_text
from deskchat.chat.summary import Memory, clean_summary, summary_request, transcript
from deskchat.chat.templates import BUILTIN_TEMPLATES, TRANSCRIPT_STOPS, ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import ContextOverflowError
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.migrations import MIGRATIONS, m007_summary_notes
from deskchat.store.summary_notes import SummaryNoteRepo

CHATML = ChatTemplate("builtin", "chatml", BUILTIN_TEMPLATES["chatml"])
TRANSCRIPT = ChatTemplate("transcript", "transcript (base model)", "", TRANSCRIPT_STOPS)


def words(prompt: Prompt) -> int:
    return len(prompt_text(prompt).split())


def history(n_pairs: int) -> list[Turn]:
    turns: list[Turn] = []
    for i in range(n_pairs):
        turns.append(Turn("user", f"question{i} " + "word " * 8, id=2 * i + 1))
        turns.append(Turn("assistant", f"answer{i} " + "word " * 8, id=2 * i + 2))
    turns.append(Turn("user", "the newest question", id=2 * n_pairs + 1))
    return turns


def plan(turns: list[Turn], memory: Memory | None, n_ctx: int = 10_000, **kw: object):  # type: ignore[no-untyped-def]
    return build_prompt(
        template=kw.pop("template", CHATML),  # type: ignore[arg-type]
        system_prompt=str(kw.pop("system_prompt", "Be brief.")),
        examples=(),
        history=turns,
        count_tokens=words,
        n_ctx=n_ctx,
        max_tokens=50,
        policy=kw.pop("policy", "summary"),  # type: ignore[arg-type]
        memory=memory,
    )


def test_a_summary_stands_in_for_the_turns_it_covers_in_the_system_turn() -> None:
    turns = history(5)
    p = plan(turns, Memory("They talked about words.", through=4, id=7))
    assert p.summary_id == 7 and p.summarised == (1, 2, 3, 4)
    assert p.included == (5, 6, 7, 8, 9, 10, 11) and p.dropped == ()
    assert "<|im_start|>system\nBe brief.\n\nSummary of the earlier conversation: They" in p.text
    assert "question0" not in p.text and "question1" not in p.text and "question2" in p.text
    assert not p.summary_due


def test_without_a_system_prompt_the_summary_is_the_system_turn() -> None:
    p = plan(history(3), Memory("Earlier things.", through=2), system_prompt="")
    assert "<|im_start|>system\nSummary of the earlier conversation: Earlier things." in p.text


def test_a_summary_whose_last_message_is_not_on_the_branch_is_not_used() -> None:
    p = plan(history(3), Memory("From another branch.", through=99, id=3))
    assert p.summary_id is None and p.summarised == ()
    assert "From another branch." not in p.text and "question0" in p.text


def test_other_policies_ignore_the_summary() -> None:
    p = plan(history(3), Memory("Unused.", through=2), policy="rolling")
    assert "Unused." not in p.text and p.summarised == ()


def test_every_builtin_template_and_the_transcript_carry_the_summary() -> None:
    memory = Memory("The person is called Ada.", through=2)
    for name, text in BUILTIN_TEMPLATES.items():
        p = plan(history(2), memory, template=ChatTemplate("builtin", name, text))
        assert "The person is called Ada." in p.text, name
        assert "question0" not in p.text and "question1" in p.text, name
    p = plan(history(2), memory, template=TRANSCRIPT)
    assert "The person is called Ada." in p.text and "question1" in p.text


def test_when_the_rest_does_not_fit_a_summary_is_due_of_the_oldest_turns() -> None:
    turns = history(10)
    full = plan(turns, None)
    p = plan(turns, None, n_ctx=full.prompt_tokens // 2 + 50)
    assert p.summary_due and p.dropped and p.dropped[0] == 1
    assert turns[len(p.dropped)].role == "user"  # the kept part starts with a user turn
    assert p.prompt_tokens + 50 <= full.prompt_tokens // 2 + 50
    # the rolling policy drops the same turns without asking for a summary
    rolling = plan(turns, None, n_ctx=full.prompt_tokens // 2 + 50, policy="rolling")
    assert not rolling.summary_due and rolling.dropped


def test_after_a_summary_the_turns_due_are_those_after_it() -> None:
    turns = history(12)
    full = plan(turns, None)
    p = plan(turns, Memory("short", through=4), n_ctx=full.prompt_tokens // 2 + 50)
    assert p.summary_due and p.summarised == (1, 2, 3, 4)
    assert p.dropped[0] == 5


def test_the_newest_turn_too_long_beside_the_summary_is_one_sentence() -> None:
    turns = [*history(2)[:-1], Turn("user", "word " * 400, id=5)]
    with pytest.raises(ContextOverflowError, match="the summary of the earlier conversation"):
        plan(turns, Memory("short", through=2), n_ctx=300)


def test_the_summary_request_reads_the_earlier_summary_and_the_turns() -> None:
    request = summary_request(history(1)[:2], Memory("Before: a greeting.", through=0))
    assert [t.role for t in request] == ["system", "user"]
    assert "Before: a greeting." in request[1].content
    assert "User: question0" in request[1].content and "Assistant: answer0" in request[1].content
    assert transcript([Turn("tool", "42", 3)]) == "Tool result: 42"
    assert clean_summary("Summary: They met.  ") == "They met."


def test_the_migration_keeps_chats_and_allows_the_summary_policy(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    before = MIGRATIONS[: MIGRATIONS.index(m007_summary_notes)]
    old = sqlite3.connect(path)
    old.execute("PRAGMA foreign_keys=ON")
    for migration in before:
        migration(old)
    old.execute(
        "INSERT INTO conversations(id, title, overflow_policy, created_at, updated_at) "
        "VALUES (1, 'kept', 'stop', 0, 0)"
    )
    old.execute(
        "INSERT INTO messages(id, conversation_id, role, content, created_at, updated_at) "
        "VALUES (1, 1, 'user', 'hello lighthouse', 0, 0)"
    )
    old.execute(f"PRAGMA user_version = {len(before)}")
    old.commit()
    old.close()
    db = Database(path)
    assert "m007_summary_notes" in db.migrations_applied()
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conversations = ConversationRepo(db)
    assert conversations.get(1).overflow_policy == "stop"
    assert conversations.update(1, overflow_policy="summary").overflow_policy == "summary"
    with pytest.raises(sqlite3.IntegrityError):
        conversations.update(1, overflow_policy="forget")
    notes = SummaryNoteRepo(db)
    note = notes.add(1, 1, "A greeting.", covers=1, completion_tokens=3, ms=40.0)
    assert notes.on_branch(1, [1]) == [note] and notes.on_branch(1, [2]) == []
    assert MessageRepo(db).path_to(1)[0].content == "hello lighthouse"
    conversations.delete(1)  # the chat's summaries go with it
    assert db.execute("SELECT count(*) FROM summary_notes").fetchone()[0] == 0
