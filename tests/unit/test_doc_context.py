"""A chat with documents: each message gets the passages that answer it, the answer keeps
which ones it was given, and the person can pin or exclude a passage and ask again."""

from __future__ import annotations

from pathlib import Path

from deskchat.chat.passages import OPEN_TAG
from deskchat.services.app import open_database
from deskchat.services.chat_session import ChatSession
from deskchat.services.conversation_sink import AnswerFinished
from deskchat.services.indexing import Indexer
from tests.helpers.fake_engine import FakeEngine

FILES = {
    "llamas.md": "# Llamas\n\nA llama eats grass and hay; it needs little water.",
    "etna.txt": "Mount Etna in Sicily is one of the most active volcanoes in the world.",
    "tea.txt": "Green tea is steamed soon after picking, so it does not oxidise.",
}


def chat_with_files(tmp_path: Path, answers: int = 4) -> tuple[ChatSession, FakeEngine, int]:
    for name, text in FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    db, _ = open_database()
    engine = FakeEngine([f"Answer {i}." for i in range(answers)])
    session = ChatSession(db, engine)
    conversation = session.new_conversation()
    collection = session.documents.chat_collection(conversation.id)
    report = Indexer(session.documents.documents).add(collection, [tmp_path])
    assert report.count("indexed") == 3
    return session, engine, conversation.id


def ask(session: ChatSession, conversation_id: int, text: str) -> AnswerFinished:
    events = list(session.send(conversation_id, text))
    return next(e for e in events if isinstance(e, AnswerFinished))


def test_the_model_is_given_the_passage_that_answers_and_the_answer_keeps_it(
    tmp_path: Path,
) -> None:
    session, engine, chat = chat_with_files(tmp_path)
    finished = ask(session, chat, "What does a llama eat?")
    prompt = engine.prompts[-1]
    assert OPEN_TAG in prompt and "grass and hay" in prompt
    assert prompt.index("grass and hay") < prompt.rindex("What does a llama eat?")
    sources = session.documents.sources_of(finished.message.id)
    assert sources[0].name == "llamas.md" and sources[0].given
    assert "grass and hay" in sources[0].text
    assert finished.plan.source_tokens > 0
    # the stored message is what the person wrote: the passages are only in the prompt
    assert session.branch(session.conversation(chat))[-2].content == "What does a llama eat?"
    # a chat without documents is asked as before
    other = session.new_conversation()
    ask(session, other.id, "What does a llama eat?")
    assert OPEN_TAG not in engine.prompts[-1]


def test_a_pinned_passage_is_always_given_and_an_excluded_one_never(tmp_path: Path) -> None:
    session, engine, chat = chat_with_files(tmp_path, answers=6)
    first = ask(session, chat, "Which volcano is active in Sicily?")
    etna = session.documents.sources_of(first.message.id)[0]
    assert etna.name == "etna.txt" and etna.chunk_id is not None
    tea = ask(session, chat, "Why does green tea not oxidise?")
    tea_source = session.documents.sources_of(tea.message.id)[0]
    assert tea_source.name == "tea.txt" and tea_source.chunk_id is not None

    session.documents.choose(chat, etna.chunk_id, "pinned")
    session.documents.choose(chat, tea_source.chunk_id, "excluded")
    again = next(e for e in session.regenerate(tea.message.id) if isinstance(e, AnswerFinished))
    prompt = engine.prompts[-1]
    assert "Mount Etna" in prompt and "does not oxidise" not in prompt.split(OPEN_TAG)[-1]
    given = session.documents.sources_of(again.message.id)
    assert given[0].name == "etna.txt" and given[0].pinned
    assert all(s.name != "tea.txt" for s in given)
    # the earlier answer still says what it was given
    assert session.documents.sources_of(tea.message.id)[0].name == "tea.txt"
    session.documents.choose(chat, tea_source.chunk_id, None)
    assert tea_source.chunk_id not in session.documents.choices(chat)


def test_an_answer_keeps_its_sources_after_the_document_is_removed(tmp_path: Path) -> None:
    session, _engine, chat = chat_with_files(tmp_path)
    finished = ask(session, chat, "What does a llama eat?")
    repo = session.documents.documents
    collection = session.documents.chat_collection(chat)
    for document in repo.documents(collection.id):
        repo.remove(document.id)
    kept = session.documents.sources_of(finished.message.id)
    assert kept[0].name == "llamas.md" and "grass" in kept[0].text
    assert kept[0].chunk_id is None  # it can no longer be pinned
    assert session.documents.sources_for(chat, "What does a llama eat?") == []


def test_show_prompt_shows_the_passages_the_next_message_would_get(tmp_path: Path) -> None:
    session, engine, chat = chat_with_files(tmp_path)
    preview = session.preview(chat, "Which volcano is active in Sicily?")
    assert "Mount Etna" in preview.text and preview.sources[0].title == "etna.txt"
    finished = ask(session, chat, "Which volcano is active in Sicily?")
    assert finished.plan.text == preview.text == engine.prompts[-1]
