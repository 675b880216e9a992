"""One turn pipeline: the same question asked in the window, with `deskchat ask` and through
the API with its requests kept in the history saves the same answer row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openai
from pytestqt.qtbot import QtBot

from deskchat import paths
from deskchat.server import OpenAIServer
from deskchat.services.app import open_app
from deskchat.store.records import Message
from tests.conftest import run_cli
from tests.gui.conftest import load_model, send

QUESTION = "What is a token?"
# greedy and short, no persona: the three faces then build the same prompt and answer
SETTINGS = {
    "sampling": {"temperature": 0.0, "top_k": 1, "max_tokens": 6},
    "load": {"n_ctx": 1024, "n_threads": 2, "n_batch": 64},
    "default_persona": "",
}


def row(message: Message) -> dict[str, Any]:
    """What a person sees of an answer: its text, state, counts and labels."""
    return {
        "content": message.content,
        "status": message.status,
        "error": message.error,
        "model": message.model,
        "persona": message.persona,
        "prompt_tokens": message.prompt_tokens,
        "prompt_evaluated": message.prompt_evaluated,
        "completion_tokens": message.completion_tokens,
        "finish_reason": message.finish_reason,
        "tokens_estimated": message.tokens_estimated,
    }


def answers() -> list[tuple[str, str, dict[str, Any]]]:
    """(title, question, answer row) of each conversation, oldest first."""
    app = open_app()
    try:
        found = []
        for conversation in sorted(app.session.list_conversations(), key=lambda c: c.id):
            user, answer = app.session.branch(conversation)
            found.append((conversation.title or "", user.content, row(answer)))
        return found
    finally:
        app.close()


def test_the_window_the_terminal_and_the_api_save_the_same_answer(
    qapp: object, qtbot: QtBot, tiny_model: Path
) -> None:
    paths.settings_path().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_path().write_text(json.dumps(SETTINGS), encoding="utf-8")

    from deskchat.gui.app import create_window

    win = create_window(qapp, serve=OpenAIServer)  # type: ignore[arg-type]
    qtbot.addWidget(win)
    win.show()
    try:
        load_model(qtbot, win, tiny_model)
        send(qtbot, win, QUESTION)
    finally:
        win.close()
        win.app.close()

    asked = run_cli("ask", "--model", str(tiny_model), QUESTION)
    assert asked.returncode == 0, asked.stderr

    app = open_app(serve=OpenAIServer)
    try:
        settings = app.settings.current
        app.load_model(str(tiny_model), settings.load)
        server = app.api_server(
            host="127.0.0.1", port=0, api_key=None, cors_origin="", log_history=True
        )
        with server:
            client = openai.OpenAI(base_url=server.url, api_key="unused", max_retries=0)
            reply = client.chat.completions.create(
                model=tiny_model.stem,
                messages=[{"role": "user", "content": QUESTION}],
                max_tokens=settings.sampling.max_tokens,
            )
            client.close()
    finally:
        app.close()

    window, terminal, api = answers()
    assert [window[0], terminal[0], api[0]] == [QUESTION, QUESTION, f"API: {QUESTION}"]
    assert window[1] == terminal[1] == api[1] == QUESTION
    assert window[2]["status"] == "complete" and window[2]["completion_tokens"]
    assert window[2] == terminal[2] == api[2]
    assert api[2]["content"] == reply.choices[0].message.content
