"""Tools in the window, end to end: real llama.cpp on the tiny GGUF with Qwen 2.5's
tool-calling template, and a stdio MCP server the test starts with one tool (so the random
model, held to the call grammar by tool_choice "required", calls that one). The chat's
server is ticked in the Chat tab; the call shows in the answer as a block whose approval bar
asks; Allow runs it and its result shows, Deny tells the model, Stop ends the turn while the
bar asks or the tool runs; the answer after the result streams in."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from deskchat.gui.main_window import MainWindow
from deskchat.gui.persona_dialog import PersonaDialog
from deskchat.gui.tool_call_block import ToolCallBlock
from deskchat.gui.workers import running_jobs
from deskchat.hub.tiny_gguf import write_tiny_gguf
from deskchat.mcp_servers.config import ServerConfig
from deskchat.store.personas import PersonaRepo
from tests.gui.conftest import load_model
from tests.helpers.keyrings import MemoryKeyring
from tests.unit.test_tool_turns import QWEN25_TEMPLATE

SERVER = str(Path(__file__).resolve().parents[1] / "helpers" / "mcp_agent_server.py")
ANSWER = {"max_tokens": 160, "seed": 7, "temperature": 1.0, "tool_choice": "required"}
MODEL_WAIT_MS = 180_000  # a real model on shared CPUs


@pytest.fixture
def tools_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, memory_keyring: MemoryKeyring
) -> Iterator[MainWindow]:
    store = window.app.mcp_hub.store
    for name, tool in (("pinger", "ping"), ("waiter", "wait")):
        store.put(ServerConfig(name=name, command=sys.executable, args=(SERVER, "--tool", tool)))
    path = tmp_path / "tiny-qwen-tools.gguf"
    write_tiny_gguf(path, name="tiny-qwen-tools", chat_template=QWEN25_TEMPLATE)
    load_model(qtbot, window, path)
    yield window
    if window.controller.is_generating():
        window.controller.stop()
        qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=60_000)


def use_server(qtbot: QtBot, win: MainWindow, name: str) -> None:
    """A new chat, and its box for ``name`` ticked in the Chat tab."""
    win.controller.new_conversation()
    choice = win.chat_panel.tool_servers
    assert set(choice.boxes) == {"pinger", "waiter"}
    choice.boxes[name].click()  # the Chat tab, in the drawer
    assert choice.boxes[name].isChecked()
    conversation = win.controller.conversation
    assert conversation is not None
    assert win.controller.session.tool_servers(conversation.id) == (name,)


def blocks(win: MainWindow) -> list[ToolCallBlock]:
    return [b for w in win.chat.widgets.values() for b in w.tools.blocks.values()]


def question(qtbot: QtBot, win: MainWindow) -> ToolCallBlock | None:
    """The next call whose approval bar asks (None: the turn ended first)."""

    def found() -> ToolCallBlock | None:
        return next((b for b in blocks(win) if b.is_asking() and b.isVisible()), None)

    ended = lambda: not win.controller.is_generating()  # noqa: E731
    qtbot.waitUntil(lambda: found() is not None or ended(), timeout=MODEL_WAIT_MS)
    block = found()
    if block is not None:
        assert block.approval.isVisible()
        assert [b for b in blocks(win) if b.is_asking()] == [block]  # one bar at a time
    return block


def asking(qtbot: QtBot, win: MainWindow, text: str) -> ToolCallBlock:
    """Send ``text``; wait until a call's approval bar asks."""
    assert win.controller.send(text, **ANSWER)
    block = question(qtbot, win)
    assert block is not None, "the answer ended without a call"
    return block


def finish(qtbot: QtBot, win: MainWindow, answer: str = "") -> int:
    """Answer every further question with the button ``answer`` (none: expect none)
    until the turn ends; how many were asked."""
    asked = 0
    while (block := question(qtbot, win)) is not None:
        assert answer, f"{block.call.name} asked unexpectedly"
        getattr(block, answer).click()
        asked += 1
    return asked


def roles(win: MainWindow) -> list[str]:
    return [m.role for m in win.controller.branch()]


def calls_then_answer(win: MainWindow) -> None:
    """The branch: your message, an answer with calls, their results, ..., an answer."""
    shape = roles(win)
    assert shape[:3] == ["user", "assistant", "tool"]
    assert shape[-1] == "assistant"
    last = win.controller.branch()[-1]
    assert last.status == "complete"
    assert win.chat.widgets[last.id].body.text == last.content


def test_an_allowed_call_runs_its_result_shows_and_the_answer_streams(
    qtbot: QtBot, tools_window: MainWindow
) -> None:
    win = tools_window
    use_server(qtbot, win, "pinger")
    block = asking(qtbot, win, "Ping the server.")
    assert block.name.text() == "ping"
    qtbot.mouseClick(block.allow_once, Qt.MouseButton.LeftButton)
    finish(qtbot, win, "allow_once")  # the answer may have made more calls: allow them too
    calls_then_answer(win)
    shown = blocks(win)  # the chat as drawn after the answer: from the history
    assert shown and all(b.result_text == "pong from the test server" for b in shown)
    assert all(b.line.text().endswith(" s") and b.property("problem") is False for b in shown)


def test_a_denied_call_is_marked_and_the_model_answers(
    qtbot: QtBot, tools_window: MainWindow
) -> None:
    win = tools_window
    use_server(qtbot, win, "pinger")
    block = asking(qtbot, win, "Ping the server.")
    qtbot.keyClick(block.deny, Qt.Key.Key_Space)
    finish(qtbot, win, "deny")
    calls_then_answer(win)
    shown = blocks(win)
    assert all(b.state == "denied" and b.property("problem") is True for b in shown)
    assert "did not allow the call" in shown[0].result_text


def test_stop_while_the_bar_asks_ends_the_turn(qtbot: QtBot, tools_window: MainWindow) -> None:
    win = tools_window
    use_server(qtbot, win, "pinger")
    block = asking(qtbot, win, "Ping the server.")
    win.controller.stop()
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=30_000)
    assert block.approval.isHidden()
    shape = roles(win)
    assert shape[:2] == ["user", "assistant"]
    assert set(shape[2:]) == {"tool"}  # none was run, and no answer after Stop
    assert blocks(win)[0].state == "denied"
    assert not any(b.state in ("running", "asking") for b in blocks(win))


def test_stop_while_the_tool_runs_ends_the_turn_at_once(
    qtbot: QtBot, tools_window: MainWindow
) -> None:
    win = tools_window
    use_server(qtbot, win, "waiter")
    block = asking(qtbot, win, "Wait.")
    block.allow_once.click()
    qtbot.waitUntil(lambda: not win.controller.tool_questions.waiting(), timeout=10_000)
    started = time.monotonic()
    win.controller.stop()
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=30_000)
    assert time.monotonic() - started < 15  # the tool takes 30 s: Stop did not wait for it
    first = blocks(win)[0]
    assert first.property("problem") is True
    assert first.state == "failed"


def test_a_personas_tool_servers_are_ticked_in_its_new_chats(
    qtbot: QtBot, window: MainWindow, memory_keyring: MemoryKeyring
) -> None:
    store = window.app.mcp_hub.store
    store.put(ServerConfig(name="pinger", command=sys.executable, args=(SERVER,)))
    repo = PersonaRepo(window.app.db)
    dialog = PersonaDialog(repo, window, tool_servers=window.app.session.mcp_servers())
    qtbot.addWidget(dialog)
    dialog.list.setCurrentRow(0)
    persona_id = dialog.current().id  # type: ignore[union-attr]
    assert persona_id is not None
    assert not dialog.tools.boxes["pinger"].isChecked()
    dialog.tools.boxes["pinger"].click()
    dialog.save_button.click()
    assert repo.tool_servers(persona_id) == ("pinger",)
    window.controller.new_conversation()
    window.controller.set_persona(persona_id)
    window.controller.new_conversation()  # a new chat keeps the persona, and its servers
    conversation = window.controller.conversation
    assert conversation is not None and conversation.persona_id == persona_id
    assert window.chat_panel.tool_servers.chosen() == ["pinger"]


def test_allowed_in_this_chat_runs_without_asking_until_ask_again(
    qtbot: QtBot, tools_window: MainWindow
) -> None:
    win = tools_window
    use_server(qtbot, win, "pinger")
    choice = win.chat_panel.tool_servers
    assert choice.ask_again_button.isHidden()
    block = asking(qtbot, win, "Ping the server.")
    block.allow_in_chat.click()
    finish(qtbot, win)  # the same tool is not asked about again
    assert choice.allowed.text() == "Run without asking in this chat: ping"
    assert not choice.ask_again_button.isHidden()
    ran = len(blocks(win))
    assert win.controller.send("Again.", **ANSWER)
    finish(qtbot, win)  # never asked: it ran
    assert len(blocks(win)) > ran
    assert {b.result_text for b in blocks(win)} == {"pong from the test server"}
    choice.ask_again_button.click()
    conversation = win.controller.conversation
    assert conversation is not None
    assert win.controller.session.allowed_tools(conversation.id) == ()
    assert choice.ask_again_button.isHidden()
    asking(qtbot, win, "Once more.").deny.click()  # asked again
    finish(qtbot, win, "deny")


def test_closing_the_window_while_the_bar_asks_ends_at_once(
    qtbot: QtBot, tools_window: MainWindow
) -> None:
    win = tools_window
    use_server(qtbot, win, "pinger")
    asking(qtbot, win, "Ping the server.")
    started = time.monotonic()
    win.close()  # the question is answered Deny for it: no thread is left waiting
    assert time.monotonic() - started < 8
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=5_000)
