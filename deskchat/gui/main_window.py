"""The main window: conversations on the left, the chat in the middle with the model
picker above it, the settings drawer on the right. It wires widgets to the controller;
it decides nothing itself."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTranslator
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QWidget

from deskchat import paths
from deskchat.chat.generation import ModelInfo
from deskchat.errors import DeskchatError
from deskchat.gui.chat_column import ChatColumn
from deskchat.gui.chat_documents import ChatDocuments
from deskchat.gui.chat_notes import ChatNotes
from deskchat.gui.chat_panel import ChatPanel
from deskchat.gui.chat_settings import ChatSettings
from deskchat.gui.chat_tools import ChatTools
from deskchat.gui.controller import ChatController
from deskchat.gui.documents_dialog import DocumentsDialog
from deskchat.gui.documents_section import DocumentsSection
from deskchat.gui.first_start import FirstStart
from deskchat.gui.inspect_dialogs import PromptDialog, TokensDialog
from deskchat.gui.kv_states_section import KvStatesSection
from deskchat.gui.look import apply_theme, ui_language
from deskchat.gui.menus import WindowDialogs, install_menus
from deskchat.gui.model_choices import ModelCatalog
from deskchat.gui.model_drop import ModelDrop
from deskchat.gui.model_manager import ModelManager
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.model_picker import PickerLink
from deskchat.gui.model_tab import ModelTab
from deskchat.gui.prompt_views import PromptViews
from deskchat.gui.remote_tab import RemoteTab
from deskchat.gui.sampling_panel import SamplingPanel
from deskchat.gui.server_panel import ServerControl
from deskchat.gui.settings_drawer import Panels, SettingsDrawer
from deskchat.gui.sidebar import Sidebar
from deskchat.gui.words import say, template_name
from deskchat.services.app import AppContext
from deskchat.services.conversation_sink import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    ThoughtDelta,
)
from deskchat.services.hub_access import HubAccess
from deskchat.settings import Settings
from deskchat.store.records import Conversation

# the smallest window: at 800×600 the chat, the sidebar and the picker all fit
MIN_WIDTH, MIN_HEIGHT = 560, 420


class MainWindow(QMainWindow):
    def __init__(
        self, app: AppContext, dark: bool = False, hub_access: HubAccess | None = None
    ) -> None:
        super().__init__()
        self.app = app
        self.dark = dark
        self.setWindowTitle("deskchat")
        self.controller = ChatController(app, self)
        # downloads, library, hub token
        self.models = ModelManager(self.controller, self, self._load_chosen, hub_access)
        self.server = ServerControl(app, self)  # the OpenAI-compatible API, when switched on
        self.state = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
        self.language = ui_language(app.settings.current.language)
        self._pending_text = ""
        self.translators: list[QTranslator] = []  # installed by the app for this window
        self._build()
        self.dialogs = WindowDialogs(
            app, self, self.language, show_error=self._show_error, personas_changed=self._personas
        )
        self.tools = ChatTools(
            self.controller, self.chat, self.chat_panel.tool_servers, self.dialogs.tool_servers
        )
        self.notes = ChatNotes(
            self.controller, self.chat, self, self._show_open_branch, self.views.measure_soon
        )
        self.documents = ChatDocuments(
            self.controller,
            self.chat,
            self.chat_panel.documents,
            self.column.indexing,
            self.views.measure_soon,
        )
        self.documents_dialog: DocumentsDialog | None = None
        self.chat_panel.documents.manage.connect(self.open_documents)
        # a .gguf dropped on the window is opened; other files are attached to the chat
        self.drop = ModelDrop(self, self.inspect_model, self.documents.attach)
        self.menu_actions = install_menus(self, self._menu_slots())
        self._connect()
        self._refresh_personas()
        self._restore()
        self._unsubscribe = app.settings.subscribe(self._settings_changed)
        self.controller.check_backend()
        self.server.attach(self.statusBar())
        for notice in app.notices:
            self.statusBar().showMessage(say(notice), 15_000)

    # -- construction ----------------------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = Sidebar(self.app.session)
        self.column = column = ChatColumn(self.dark)
        self.title, self.picker, self.error_label = column.title, column.picker, column.error_label
        self.chat, self.meter, self.composer = column.chat, column.meter, column.composer
        self.views = PromptViews(
            self.controller, self.composer, self.meter, self.chat, self, self._show_error
        )
        self.show_prompt, self.show_tokens = self.views.show_prompt, self.views.show_tokens
        self.prompt_button, self.tokens_button = column.prompt_button, column.tokens_button
        self.engine_banner, self.engine_message = column.engine_banner, column.engine_message
        self.reload_button, self.restart_button = column.reload_button, column.restart_button
        self._build_drawer()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for part in (self.sidebar, column, self.drawer):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(1, 1)
        self.setCentralWidget(self.splitter)
        self.setMinimumSize(MIN_WIDTH, MIN_HEIGHT)
        toggles = (column.sidebar_toggle, column.drawer_toggle)
        self.panels = Panels(self.splitter, self.sidebar, self.drawer, self.state, toggles)
        self.model_label = QLabel(self.tr("No model loaded"))
        self.model_label.setMinimumWidth(1)  # a long model name never widens the window
        self.statusBar().addPermanentWidget(self.model_label)
        self.first_start = FirstStart(
            self.controller,
            self.chat.empty,
            self.chat.empty_actions,
            find_models=self.models.show,
            use_starter=self.model_tab.use_starter,
            show_error=self._show_error,
        )
        self.starter_button = self.first_start.starter_button
        self.first_start.refresh()
        self.catalog = ModelCatalog(self.controller, self.models.services.library, self)
        self.picker_link = PickerLink(self.picker, self.controller, self.catalog, self._pick)

    def _build_drawer(self) -> None:
        """The Model, Chat and Sampling tabs, in the drawer on the right."""
        self.drawer = SettingsDrawer()
        self.tabs = self.drawer.tabs
        self.model_panel = ModelPanel(self.app.settings.current.load)
        self.chat_panel = ChatPanel()
        self.sampling_panel = SamplingPanel(self.language)
        self.sampling_panel.show_params(self.app.settings.current.sampling)  # no chat open yet
        self.drawer.add(self.model_panel, self.tr("Model"))
        self.model_tab = ModelTab(
            self.model_panel, self.controller, lambda: self._show_tab(self.model_panel)
        )
        self.remote_tab = RemoteTab(self.controller, self.model_panel, self._status)
        self.kv_states = KvStatesSection(self.controller, self.model_panel)
        self.documents_settings = DocumentsSection(self.controller, self.model_panel)
        self.models.services.embedding_chosen.connect(self._use_embedding_model)
        self.drawer.add(self.chat_panel, self.tr("Chat"))
        self.drawer.add(self.sampling_panel, self.tr("Sampling"))
        self.settings_link = ChatSettings(
            self.controller,
            self.chat_panel,
            self.sampling_panel,
            changed=self.views.measure_soon,
            show_error=self._show_error,
        )

    def _show_tab(self, panel: QWidget) -> None:
        self.panels.open("drawer")
        self.tabs.setCurrentWidget(panel)

    def _menu_slots(self) -> dict[str, Callable[[], object]]:
        c, d = self.controller, self.dialogs
        return {
            "new_chat": c.new_conversation,
            "open_model": self.model_panel.choose_file,
            "quit": self.close,
            "regenerate": self.regenerate_last,
            "show_prompt": self.show_prompt,
            "show_tokens": self.show_tokens,
            "search": self._focus_search,
            "rename": self._rename_current,
            "documents": self.open_documents,
            "choose_model": self.picker.open_popup,
            "unload_model": c.unload,
            "models": self.models.show,
            "toggle_sidebar": lambda: self.panels.toggle("sidebar"),
            "toggle_drawer": lambda: self.panels.toggle("drawer"),
            "personas": d.manage_personas,
            "tool_servers": self.tools.manage_servers,
            "hub_token": self.models.show_token_dialog,
            "api_server": self.server.show_dialog,
            "preferences": d.preferences,
            "shortcuts": d.shortcuts,
            "about": d.about,
        }

    def _connect(self) -> None:
        c = self.controller
        self.sidebar.conversation_selected.connect(c.open_conversation)
        self.sidebar.search_hit_selected.connect(self._open_hit)
        self.sidebar.new_requested.connect(c.new_conversation)
        self.sidebar.rename_requested.connect(c.rename)
        self.sidebar.pin_requested.connect(c.pin)
        self.sidebar.delete_requested.connect(c.delete)
        self.composer.send_requested.connect(self.send)
        self.composer.edit_submitted.connect(lambda mid, text: self.send(text, mid))
        self.composer.stop_requested.connect(c.stop)
        self.picker.find_requested.connect(self.models.show)
        self.chat.edit_requested.connect(self.composer.start_edit)
        self.chat.regenerate_requested.connect(c.regenerate)
        self.chat.version_requested.connect(c.show_version)
        self.prompt_button.clicked.connect(self.show_prompt)
        self.tokens_button.clicked.connect(self.show_tokens)
        self.reload_button.clicked.connect(self.model_tab.reload)
        self.restart_button.clicked.connect(self._restart_engine)
        self.model_panel.find_requested.connect(self.models.show)
        c.conversations_changed.connect(self._list_changed)
        c.conversation_opened.connect(self._show_conversation)
        c.conversation_closed.connect(self._conversation_closed)
        c.answer_started.connect(self._answer_started)
        c.prompt_progress.connect(self.composer.show_progress)
        c.answer_delta.connect(self._answer_delta)
        c.thought_delta.connect(self._thought_delta)
        c.answer_finished.connect(self._answer_finished)
        c.busy_changed.connect(self._busy_changed)
        c.error.connect(self._show_error)
        c.model_failed.connect(self._show_error)
        c.answer_failed.connect(self._answer_failed)
        c.model_loaded.connect(self._model_loaded)
        c.engine_changed.connect(self._engine_changed)
        self.chat_panel.manage_personas.connect(self.dialogs.manage_personas)

    # -- conversations -----------------------------------------------------------------------

    def _current_id(self) -> int | None:
        conversation = self.controller.conversation
        return conversation.id if conversation else None

    def _show_branch(self, conversation: Conversation) -> None:
        """The messages of the shown branch (not an answer still streaming), with the
        versions of each turn, the title, and the chat marked in the sidebar."""
        messages = [m for m in self.controller.branch() if m.status != "streaming"]
        versions = {m.id: [v.id for v in self.controller.session.versions(m)] for m in messages}
        self.chat.show_messages(messages, versions, conversation.id)
        self.title.setText(conversation.title or self.tr("New chat"))
        self.sidebar.reload(conversation.id)

    def _show_open_branch(self) -> None:
        current = self.controller.conversation
        if current is not None:
            self._show_branch(current)

    def _show_conversation(self, conversation: Conversation) -> None:
        if self.composer.editing_conversation() not in (None, conversation.id):
            self.composer.cancel_edit()  # an edit belongs to the chat it was started in
        self._show_branch(conversation)
        self.settings_link.show(conversation)
        self.state.setValue("last_conversation", conversation.id)
        self.first_start.refresh()
        self.views.measure_soon()

    def _open_hit(self, _conversation_id: int, message_id: int) -> None:
        """Open the conversation on the branch that holds the hit, scrolled to it."""
        self.controller.open_message(message_id)
        self.chat.reveal(message_id)

    def _list_changed(self) -> None:
        """A chat was added, renamed, pinned, answered or deleted: only the open one's title
        matters to the chat view (an answer streaming into it goes on)."""
        conversation = self.controller.conversation
        if conversation is not None:
            self.title.setText(conversation.title or self.tr("New chat"))
        self.sidebar.reload(self._current_id())

    def _conversation_closed(self) -> None:
        """The open chat was deleted: an empty screen."""
        self.chat.show_messages([], {}, None)
        self.settings_link.show_defaults()
        self.title.setText("")
        self.first_start.refresh()

    def _rename_current(self) -> None:
        if self.controller.conversation is not None:
            self.sidebar.rename(self.controller.conversation.id)

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    # -- sending and streaming ---------------------------------------------------------------

    def send(self, text: str, edited: int | None = None) -> None:
        """Send the composer's text (as a new version of message ``edited``)."""
        self.error_label.hide()
        self._pending_text = text
        c = self.controller
        if c.send(text) if edited is None else c.edit(edited, text):
            self.composer.accept()

    def _answer_failed(self, message: str) -> None:
        """The answer could not start (e.g. the message does not fit): give the text back."""
        self.composer.hide_progress()
        if self._pending_text:
            self.composer.restore(self._pending_text)
            self._pending_text = ""
        self._show_error(message)

    def regenerate_last(self) -> None:
        messages = self.controller.branch()
        answers = [m for m in messages if m.role == "assistant"]
        if answers:
            self.controller.regenerate(answers[-1].id)

    def _answer_started(self, event: AnswerStarted) -> None:
        self._pending_text = ""
        self.engine_banner.hide()
        # the new user turn (or edit) is now saved: show the branch as it stands
        current = self.controller.conversation
        if current is not None and current.id == event.message.conversation_id:
            self._show_branch(current)
            self.chat.begin_answer(event.message)
            self.chat.mark_outside_window(event.plan.dropped)
            self.meter.show_plan(event.plan)
        else:
            self.chat.begin_answer(event.message)  # kept off screen until its chat is open

    def _answer_delta(self, event: AnswerDelta) -> None:
        self.composer.hide_progress()  # the prompt is read: the answer shows itself
        self.chat.append(event.text)

    def _thought_delta(self, event: ThoughtDelta) -> None:
        self.composer.hide_progress()
        self.chat.append_thought(event.text, len(event.token_ids))

    def _answer_finished(self, event: AnswerFinished) -> None:
        self.composer.hide_progress()
        message = event.message
        self.chat.finish_answer(message)
        versions = [v.id for v in self.controller.session.versions(message)]
        current = self.controller.conversation
        if len(versions) > 1 and current is not None and current.id == message.conversation_id:
            self._show_branch(current)  # a regenerated answer: show its ‹ n/m › switcher
        if message.status == "interrupted" and message.finish_reason == "crash":
            self.engine_message.setText(say(message.error) if message.error else "")
            self.engine_banner.show()

    def _restart_engine(self) -> None:
        self.controller.restart_engine()
        self.engine_banner.hide()
        self._status(self.tr("The engine was ended; it starts again with the next message."))

    def _busy_changed(self, busy: bool) -> None:
        generating = self.controller.is_generating()
        self.composer.set_busy(generating)
        self.chat.set_generating(generating)
        if not busy:
            self.views.measure_soon()

    def _status(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)

    def _show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 15_000)
        self.error_label.setText(message)
        self.error_label.show()

    # -- model ---------------------------------------------------------------------------------

    def _load_chosen(self, path: str) -> None:
        """A model chosen in the models window (the Model tab is made after it)."""
        self.model_tab.open_and_load(path)

    def _pick(self, path: str) -> None:
        """A model chosen in the picker: loaded with the Model tab's settings, its
        metadata there for when the drawer opens."""
        with contextlib.suppress(DeskchatError):  # a bad file: the load says why
            self.model_panel.show_info(path, self.controller.inspect(path))
        self.controller.load(path, self.model_panel.options())

    def open_documents(self) -> DocumentsDialog:
        """The Documents window (one at a time); the Chat tab follows what changed there."""
        if self.documents_dialog is None:
            self.documents_dialog = DocumentsDialog(self.controller, self.documents.run, self)
            self.documents_dialog.finished.connect(lambda _result: self.documents.show_chat())
        self.documents_dialog.refresh()
        self.documents_dialog.show()
        self.documents_dialog.activateWindow()
        return self.documents_dialog

    def _use_embedding_model(self, path: str) -> None:
        """The library's embedding model becomes the documents' (the Model tab shows it)."""
        self.documents_settings.use(path)
        self._show_tab(self.model_panel)

    def inspect_model(self, path: str) -> None:
        self.model_tab.inspect(path)

    def _model_loaded(self, info: ModelInfo) -> None:
        template = template_name(self.controller.session.template().name)
        self.model_label.setText(
            self.tr("{name} · context {ctx} · template: {t}").format(
                name=info.name, ctx=f"{info.n_ctx:,}", t=template
            )
        )
        self.engine_banner.hide()
        self.error_label.hide()  # a "wait for the load" from before is over
        self.first_start.refresh()
        self.settings_link.show_template_options()
        self.views.measure_soon()

    def _engine_changed(self, info: ModelInfo | None) -> None:
        """Another model answers now (a remote one, or the local one again)."""
        if info is not None:
            self._model_loaded(info)
        else:
            self.model_label.setText(self.tr("No model loaded"))
            self.meter.clear()
            self.settings_link.show_template_options()
            self.first_start.refresh()

    # -- personas, preferences, help -----------------------------------------------------------

    def _refresh_personas(self) -> None:
        self.chat_panel.set_personas(self.controller.session.list_personas(), self.language)

    def _personas(self) -> None:
        self._refresh_personas()
        if self.controller.conversation is not None:
            self.controller.open_conversation(self.controller.conversation.id)

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        app = QApplication.instance()
        if new.theme != old.theme and isinstance(app, QApplication):
            self.dark = apply_theme(app, new.theme)
            self.chat.set_dark(self.dark)  # code blocks take the new theme's colours

    @property
    def prompt_dialog(self) -> PromptDialog | None:
        return self.views.prompt_dialog

    @property
    def tokens_dialog(self) -> TokensDialog | None:
        return self.views.tokens_dialog

    # -- window state --------------------------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.state.value("geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1280, 800)
        splitter = self.state.value("splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        self.panels.fit(self.width())
        self.model_tab.refresh_recent()
        last_model = self.app.settings.current.last_model
        if last_model and Path(last_model).is_file():
            with contextlib.suppress(DeskchatError):
                self.model_panel.show_info(last_model, self.controller.inspect(last_model))
        last = self.state.value("last_conversation")
        try:
            if last is not None:
                self.controller.open_conversation(int(last))
        except (DeskchatError, ValueError, TypeError):
            pass
        self.sidebar.reload(self._current_id())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.panels.fit(event.size().width())  # the drawer gives way first, then the sidebar

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.state.setValue("geometry", self.saveGeometry())
        self.state.setValue("splitter", self.splitter.saveState())
        self.panels.save()
        self.state.sync()
        self._unsubscribe()
        self.settings_link.flush()
        self.views.stop()  # no prompt preview once the window is going
        self.models.close()  # running downloads go on at the next start
        self.server.stop(remember=False)  # and the API server starts again with the app
        self.documents.cancel()  # files not yet indexed are finished at the next attach
        self.controller.shutdown()
        super().closeEvent(event)
