"""The "Tool servers…" dialog against the real stdio MCP server of the tests
(tests/helpers/mcp_server.py): a server added with a secret (masked, kept in the keyring, not
in mcp.json), Check listing its tools off the GUI thread, a broken server's one sentence,
editing, removing, and importing another app's mcp.json."""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from deskchat.gui.main_window import MainWindow
from deskchat.gui.tool_server_editor import ServerEditor
from deskchat.gui.tool_servers_dialog import ToolServersDialog
from deskchat.gui.workers import running_jobs
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.hub import McpHub
from deskchat.mcp_servers.store import McpServerStore
from tests.helpers.keyrings import MemoryKeyring

SERVER = str(Path(__file__).resolve().parents[1] / "helpers" / "mcp_server.py")
Fill = Callable[[ServerEditor], None]


@pytest.fixture
def store(tmp_path: Path, memory_keyring: MemoryKeyring) -> McpServerStore:
    return McpServerStore(tmp_path / "mcp.json")


@pytest.fixture
def hub(store: McpServerStore, tmp_path: Path) -> Iterator[McpHub]:
    with McpHub(store, call_timeout=20, start_timeout=3, log_dir=tmp_path / "logs") as hub:
        yield hub


class Editors:
    """Stands in for the person at the add/edit dialog: each ``fill`` queued fills the
    editor's fields and presses Save once; with none left, the editor is cancelled."""

    def __init__(self) -> None:
        self.fills: list[Fill] = []
        self.shown: list[ServerEditor] = []

    def __call__(self, existing: ServerConfig | None, parent: QWidget) -> ServerEditor:
        editor = ServerEditor(existing, parent)
        self.shown.append(editor)
        fills = self.fills

        def exec_() -> int:
            if not fills:
                return 0
            fills.pop(0)(editor)
            editor.save()
            return 1 if editor.result_server is not None and editor.result() else 0

        editor.exec = exec_  # type: ignore[method-assign]
        return editor


@pytest.fixture
def editors() -> Editors:
    return Editors()


@pytest.fixture
def dialog(
    qtbot: QtBot, store: McpServerStore, hub: McpHub, editors: Editors
) -> Iterator[ToolServersDialog]:
    dlg = ToolServersDialog(store, hub.list_tools, editor=editors)
    qtbot.addWidget(dlg)
    dlg.show()
    yield dlg
    qtbot.waitUntil(lambda: running_jobs() == 0, timeout=30_000)


def stdio(name: str, mode: str = "normal", secret: str | None = None) -> Fill:
    def fill(editor: ServerEditor) -> None:
        editor.name.setText(name)
        editor.kind.setCurrentIndex(0)
        editor.command.setText(sys.executable)
        editor.args.setText(shlex.join([SERVER, "--mode", mode]))
        if secret is not None:
            key, value = editor.env.add_row()
            key.setText("TOKEN")
            value.setText(secret)

    return fill


def check(qtbot: QtBot, dialog: ToolServersDialog, name: str) -> str:
    dialog.servers.setCurrentRow(dialog.names().index(name))
    dialog.check_button.click()
    assert not dialog.check_button.isEnabled()  # one check at a time, the window alive
    qtbot.waitUntil(lambda: not dialog.is_checking(), timeout=30_000)
    return dialog.status.text()


def test_a_server_added_with_a_secret_keeps_it_in_the_keyring_and_check_lists_its_tools(
    qtbot: QtBot,
    dialog: ToolServersDialog,
    editors: Editors,
    store: McpServerStore,
    memory_keyring: MemoryKeyring,
) -> None:
    assert "No tool servers yet" in dialog.status.text()
    editors.fills.append(stdio("files", secret="s3cret-token"))
    dialog.add_button.click()
    assert dialog.names() == ["files"]
    assert "“files” is added." in dialog.status.text()
    assert "s3cret-token" not in store.path.read_text(encoding="utf-8")
    assert "s3cret-token" in memory_keyring.values.values()
    said = check(qtbot, dialog, "files")
    assert said.startswith("“files” offers")
    assert "echo" in said and "add" in said
    assert not dialog.status.problem


def test_an_edited_server_shows_its_secret_masked_and_keeps_its_name(
    qtbot: QtBot, dialog: ToolServersDialog, editors: Editors, store: McpServerStore
) -> None:
    editors.fills.append(stdio("files", secret="s3cret-token"))
    dialog.add_button.click()

    def change(editor: ServerEditor) -> None:
        name, value, _row = editor.env.rows[0]
        assert name.text() == "TOKEN"
        assert value.echoMode() == QLineEdit.EchoMode.Password
        assert editor.name.isReadOnly()
        editor.args.setText(shlex.join([SERVER, "--mode", "garbage"]))

    editors.fills.append(change)
    dialog.edit_button.click()
    assert "“files” is changed." in dialog.status.text()
    assert store.get("files").args[-1] == "garbage"
    assert store.resolved(store.get("files")).env == {"TOKEN": "s3cret-token"}


@pytest.mark.parametrize(
    ("mode", "sentence"),
    [
        ("garbage", 'The MCP server "broken" sent something that is not MCP'),
        ("die", 'The MCP server "broken" stopped before it was ready'),
        ("hang", 'The MCP server "broken" did not answer within 3 s of starting'),
    ],
)
def test_a_server_that_will_not_work_is_one_sentence(
    qtbot: QtBot, dialog: ToolServersDialog, editors: Editors, mode: str, sentence: str
) -> None:
    editors.fills.append(stdio("broken", mode))
    dialog.add_button.click()
    said = check(qtbot, dialog, "broken")
    assert said.startswith(sentence)
    assert "Traceback" not in said
    assert dialog.status.problem


def test_fields_that_make_no_server_are_a_sentence_in_the_editor(
    dialog: ToolServersDialog, editors: Editors
) -> None:
    def http_without_host(editor: ServerEditor) -> None:
        editor.name.setText("web")
        editor.kind.setCurrentIndex(1)
        editor.url.setText("ftp://nowhere")

    editors.fills.append(http_without_host)
    dialog.add_button.click()
    assert dialog.names() == []
    editor = editors.shown[-1]
    assert "must start with http:// or https://" in editor.status.text()
    assert editor.status.problem


def test_an_http_server_with_a_header_and_removing_it(
    dialog: ToolServersDialog, editors: Editors, store: McpServerStore
) -> None:
    def web(editor: ServerEditor) -> None:
        editor.name.setText("web")
        editor.kind.setCurrentIndex(1)
        editor.url.setText("https://example.com/mcp")
        key, value = editor.headers.add_row()
        key.setText("Authorization")
        value.setText("Bearer abc")

    editors.fills.append(web)
    dialog.add_button.click()
    assert dialog.servers.item(0).text() == "web — https://example.com/mcp"
    assert "Bearer abc" not in store.path.read_text(encoding="utf-8")
    dialog.remove_button.click()
    assert dialog.names() == []
    assert "“web” is removed." in dialog.status.text()


def test_claude_desktops_mcp_json_imports_and_a_broken_file_is_a_sentence(
    dialog: ToolServersDialog, tmp_path: Path
) -> None:
    claude = tmp_path / "claude_desktop_config.json"
    claude.write_text(
        json.dumps(
            {
                "mcpServers": {
                    "files": {"command": "npx", "args": ["-y", "server-filesystem", "/tmp"]},
                    "bad": {"command": 42},
                }
            }
        ),
        encoding="utf-8",
    )
    dialog.import_file(claude)
    assert dialog.names() == ["files"]
    said = dialog.status.text()
    assert said.startswith("Imported: files.")
    assert 'The command of the MCP server "bad" must be text.' in said
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    dialog.import_file(broken)
    assert "is not valid JSON" in dialog.status.text()
    assert dialog.status.problem
    assert dialog.names() == ["files"]


def test_the_limits_of_each_answer_are_saved_as_they_change(window: MainWindow) -> None:
    hub = window.app.mcp_hub
    dialog = ToolServersDialog(hub.store, hub.list_tools, window, settings=window.app.settings)
    assert dialog.max_calls.value() == 8 and dialog.parallel.isChecked()
    dialog.max_calls.setValue(3)
    dialog.call_timeout.setValue(20)
    dialog.parallel.setChecked(False)
    current = window.app.settings.current
    assert (current.max_tool_calls, current.tool_call_timeout_s) == (3, 20.0)
    assert current.parallel_tool_calls is False
    assert window.app.session.max_tool_calls == 3
    assert window.app.session.parallel_tool_calls is False  # the next answer's
    dialog.close()
