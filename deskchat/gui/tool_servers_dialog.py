"""The tool servers (MCP) a person keeps, in ``mcp.json`` as Claude Desktop, LM Studio and
Cursor write it: the list, add, edit, remove, import another app's file, and Check, which
starts a server off the GUI thread and lists its tools, or says in one sentence why it
could not (it would not start, hung, or talked garbage)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from deskchat.app_state import AppState
from deskchat.errors import DeskchatError
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.tool_server_editor import ServerEditor
from deskchat.gui.words import say
from deskchat.gui.workers import run_call
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.convert import McpTool
from deskchat.mcp_servers.store import McpServerStore

ListTools = Callable[[str], list[McpTool]]  # a server's tools (blocks; starts it if needed)


class ToolServersDialog(QDialog):
    """``store`` keeps the list; ``list_tools(name)`` runs on a worker thread for Check.
    ``editor`` makes the add/edit dialog (a test hands in one it fills)."""

    def __init__(
        self,
        store: McpServerStore,
        list_tools: ListTools,
        parent: QWidget | None = None,
        *,
        editor: Callable[[ServerConfig | None, QWidget], ServerEditor] = ServerEditor,
        settings: AppState | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.store = store
        self._list_tools = list_tools
        self._editor = editor
        self._checking: str | None = None  # the server being checked
        self.setWindowTitle(self.tr("Tool servers"))
        self.setMinimumSize(600, 420)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Tool servers (MCP) give a model tools to call. Each chat chooses which "
                "servers it may use, and every call asks you first."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.servers = QListWidget()
        self.servers.setAccessibleName(self.tr("Tool servers"))
        self.servers.currentItemChanged.connect(self._selection_changed)
        self.servers.itemDoubleClicked.connect(lambda _item: self.edit())
        row.addWidget(self.servers, 1)
        side = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.clicked.connect(self.edit)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        self.import_button = QPushButton(self.tr("Import mcp.json…"))
        self.import_button.setToolTip(
            self.tr("Add the servers of Claude Desktop's, LM Studio's or Cursor's mcp.json.")
        )
        self.import_button.clicked.connect(self.choose_import)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Start the server and list its tools."))
        self.check_button.clicked.connect(self.check)
        for button in (
            self.add_button,
            self.edit_button,
            self.remove_button,
            self.import_button,
            self.check_button,
        ):
            side.addWidget(button)
        side.addStretch(1)
        row.addLayout(side)
        layout.addLayout(row, 1)
        self.status = SentenceLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        layout.addWidget(self.status)
        if settings is not None:
            layout.addWidget(self._limits(settings))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def _limits(self, settings: AppState) -> QGroupBox:
        """How far one answer may go with tools (saved as they change, for the next one)."""
        box = QGroupBox(self.tr("Each answer"))
        form = QFormLayout(box)
        current = settings.current
        self.max_calls = QSpinBox()
        self.max_calls.setRange(1, 64)
        self.max_calls.setValue(current.max_tool_calls)
        self.max_calls.setToolTip(self.tr("After this many calls the answer ends and says so"))
        self.call_timeout = QSpinBox()
        self.call_timeout.setRange(1, 3600)
        self.call_timeout.setSuffix(" s")
        self.call_timeout.setValue(round(current.tool_call_timeout_s))
        self.call_timeout.setToolTip(
            self.tr("A call that takes longer is stopped; the model is told")
        )
        self.parallel = QCheckBox(self.tr("May call several tools at once"))
        self.parallel.setChecked(current.parallel_tool_calls)
        self.parallel.setToolTip(
            self.tr("Off: one call at a time; the model sees each result before the next call")
        )
        form.addRow(self.tr("Calls at most"), self.max_calls)
        form.addRow(self.tr("Time a call may take"), self.call_timeout)
        form.addRow("", self.parallel)
        for box_, name, value in (
            (self.max_calls, "max_tool_calls", self.max_calls.value),
            (self.call_timeout, "tool_call_timeout_s", lambda: float(self.call_timeout.value())),
        ):
            box_.setKeyboardTracking(False)
            box_.valueChanged.connect(lambda _v, n=name, v=value: self._save(n, v()))
        self.parallel.toggled.connect(lambda on: self._save("parallel_tool_calls", on))
        return box

    def _save(self, name: str, value: object) -> None:
        if self.settings is None:
            return
        try:
            self.settings.update(**{name: value})
        except DeskchatError as exc:
            self.status.say(say(exc), problem=True)

    # -- the list ------------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        servers, problem = self.store.load()
        chosen = select or self.current_name()
        self.servers.clear()
        for server in servers:
            item = QListWidgetItem(f"{server.name} — {server.where}")
            item.setData(Qt.ItemDataRole.UserRole, server.name)
            item.setToolTip(server.where)
            self.servers.addItem(item)
            if server.name == chosen:
                self.servers.setCurrentItem(item)
        if self.servers.currentItem() is None and self.servers.count():
            self.servers.setCurrentRow(0)
        if problem is not None:
            self.status.say(say(problem), problem=True)
        elif not servers:
            self.status.say(self.tr("No tool servers yet: add one, or import an mcp.json file."))
        self._selection_changed()

    def current_name(self) -> str | None:
        item = self.servers.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def names(self) -> list[str]:
        return [
            str(self.servers.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.servers.count())
        ]

    def _selection_changed(self, *_args: object) -> None:
        name = self.current_name()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(name is not None)
        self.check_button.setEnabled(name is not None and self._checking is None)

    # -- changes -------------------------------------------------------------------------------

    def add(self) -> None:
        self._edit(None)

    def edit(self) -> None:
        name = self.current_name()
        if name is None:
            return
        try:
            self._edit(self.store.get(name))
        except DeskchatError as exc:
            self.status.say(say(exc), problem=True)

    def _edit(self, existing: ServerConfig | None) -> None:
        editor = self._editor(existing, self)
        while editor.exec():
            server = editor.result_server
            assert server is not None  # set before the editor accepts
            try:
                replaced = self.store.put(server)
            except (DeskchatError, OSError) as exc:
                editor.status.say(say(exc), problem=True)
                continue
            text = self.tr("“{name}” is changed.") if replaced else self.tr("“{name}” is added.")
            self.refresh(select=server.name)
            self.status.say(text.format(name=server.name))
            return

    def remove(self) -> None:
        name = self.current_name()
        if name is None:
            return
        try:
            self.store.remove(name)
        except (DeskchatError, OSError) as exc:
            self.status.say(say(exc), problem=True)
            return
        self.refresh()
        self.status.say(self.tr("“{name}” is removed.").format(name=name))

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import an mcp.json file"), str(Path.home()), "JSON (*.json)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        try:
            names, problems = self.store.import_file(path)
        except (DeskchatError, OSError) as exc:
            self.status.say(say(exc), problem=True)
            return
        self.refresh(select=names[0] if names else None)
        if names:
            text = self.tr("Imported: {names}.").format(names=", ".join(names))
        else:
            text = self.tr("The file lists no servers.")
        said = " ".join([text, *(say(p) for p in problems)])
        self.status.say(said, problem=bool(problems) or not names)

    # -- Check ---------------------------------------------------------------------------------

    def check(self) -> None:
        name = self.current_name()
        if name is None or self._checking is not None:
            return
        self._checking = name
        self._selection_changed()
        self.status.say(self.tr("Starting “{name}”…").format(name=name))
        list_tools = self._list_tools
        # no parent, and bound slots: closing the dialog mid-check leaves the job to end
        # on its own, its answer to nobody
        job = run_call(lambda: list_tools(name))
        job.item.connect(self._checked)
        job.failed.connect(self._check_failed)
        job.finished.connect(self._check_done)

    def is_checking(self) -> bool:
        return self._checking is not None

    def _checked(self, tools: list[McpTool]) -> None:
        name = self._checking or ""
        if not tools:
            self.status.say(self.tr("“{name}” answers but offers no tools.").format(name=name))
            return
        text = self.tr("“{name}” offers {n} tools: {tools}.").format(
            name=name, n=len(tools), tools=", ".join(t.tool for t in tools)
        )
        self.status.say(text)

    def _check_failed(self, message: str) -> None:
        self.status.say(message, problem=True)

    def _check_done(self) -> None:
        self._checking = None
        self._selection_changed()
