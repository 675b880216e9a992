"""The main window: conversations on the left, the chat in the middle, model and settings
on the right. It wires widgets to the controller; it decides nothing itself."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, QTranslator
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from deskchat import paths
from deskchat.chat.generation import ModelInfo, Tokens
from deskchat.chat.prompt import PromptPlan
from deskchat.errors import DeskchatError
from deskchat.gui.chat_panel import ChatPanel
from deskchat.gui.chat_view import ChatView
from deskchat.gui.composer import Composer
from deskchat.gui.context_meter import ContextMeter
from deskchat.gui.controller import ChatController
from deskchat.gui.dialogs import PreferencesDialog, ShortcutsDialog, about_text
from deskchat.gui.first_start import FirstStart
from deskchat.gui.inspect_dialogs import PromptDialog, TokensDialog
from deskchat.gui.look import apply_theme, ui_language
from deskchat.gui.model_manager import ModelManager
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.model_tab import ModelTab
from deskchat.gui.persona_dialog import PersonaDialog
from deskchat.gui.remote_tab import RemoteTab
from deskchat.gui.sampling_panel import SamplingPanel
from deskchat.gui.server_panel import ServerControl
from deskchat.gui.sidebar import Sidebar
from deskchat.gui.words import say
from deskchat.services.app import AppContext
from deskchat.services.conversation_sink import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    ThoughtDelta,
)
from deskchat.services.hub_access import HubAccess
from deskchat.settings import Settings
from deskchat.store.personas import PersonaRepo
from deskchat.store.records import Conversation


class MainWindow(QMainWindow):
    def __init__(
        self, app: AppContext, dark: bool = False, hub_access: HubAccess | None = None
    ) -> None:
        super().__init__()
        self.app = app
        self.dark = dark
        self.setWindowTitle("deskchat")
        self.setAcceptDrops(True)
        self.controller = ChatController(app, self)
        # downloads, library, hub token
        self.models = ModelManager(self.controller, self, self._load_chosen, hub_access)
        self.server = ServerControl(app, self)  # the OpenAI-compatible API, when switched on
        self.state = QSettings(str(paths.config_dir() / "window.ini"), QSettings.Format.IniFormat)
        self.language = ui_language(app.settings.current.language)
        self._pending_text = ""
        self._jump_to: int | None = None
        self._want_prompt_dialog = False  # the next preview opens the "show prompt" dialog
        self._sampling_values: dict[str, Any] = {}  # the Sampling tab, waiting to be saved
        self._tokens_text = ""
        self.translators: list[QTranslator] = []  # installed by the app for this window
        self._build()
        self._menus()
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
        center = self._build_chat_column()
        self._build_tabs()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([240, 640, 300])
        self.setCentralWidget(self.splitter)
        self.model_label = QLabel(self.tr("No model loaded"))
        self.statusBar().addPermanentWidget(self.model_label)
        self._meter_timer = QTimer(self)
        self._meter_timer.setSingleShot(True)
        self._meter_timer.setInterval(400)
        self._meter_timer.timeout.connect(self._request_preview)
        self.first_start = FirstStart(
            self.controller,
            self.chat.empty,
            self.statusBar(),
            find_models=self.models.show,
            use_starter=self.model_tab.use_starter,
            show_error=self._show_error,
        )
        self.starter_button = self.first_start.starter_button
        self.first_start.refresh()

    def _build_chat_column(self) -> QWidget:
        """The middle column: the chat's title and buttons, the engine banner, the problem
        line, the chat itself, the context meter and the composer."""
        center = QWidget()
        column = QVBoxLayout(center)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self._build_toolbar())
        column.addWidget(self._build_engine_banner())
        self.error_label = QLabel()
        self.error_label.setObjectName("messageProblem")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.chat = ChatView(self.dark)
        column.addWidget(self.chat, 1)
        self.meter = ContextMeter()
        column.addWidget(self.meter)
        self.composer = Composer()
        column.addWidget(self.composer)
        return center

    def _build_toolbar(self) -> QHBoxLayout:
        toolbar = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("chatTitle")
        toolbar.addWidget(self.title, 1)
        self.prompt_button = QPushButton(self.tr("Show prompt"))
        self.tokens_button = QPushButton(self.tr("Tokens"))
        toolbar.addWidget(self.prompt_button)
        toolbar.addWidget(self.tokens_button)
        return toolbar

    def _build_engine_banner(self) -> QWidget:
        """Shown when the engine process has died, with a button to load the model again."""
        self.engine_banner = QWidget()
        self.engine_banner.setObjectName("engineBanner")
        banner_row = QHBoxLayout(self.engine_banner)
        self.engine_message = QLabel()
        self.engine_message.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Reload model"))
        self.restart_button = QPushButton(self.tr("Restart engine"))
        self.restart_button.setToolTip(
            self.tr("End the engine now, even a hung one; the model loads again")
        )
        banner_row.addWidget(self.engine_message, 1)
        banner_row.addWidget(self.restart_button)
        banner_row.addWidget(self.reload_button)
        self.engine_banner.hide()
        return self.engine_banner

    def _build_tabs(self) -> None:
        """The Model, Chat and Sampling tabs on the right."""
        self.tabs = QTabWidget()
        self.model_panel = ModelPanel(self.app.settings.current.load)
        self.chat_panel = ChatPanel()
        self.sampling_panel = SamplingPanel(self.language)
        self.sampling_panel.show_params(self.app.settings.current.sampling)  # no chat open yet
        self.tabs.addTab(self.model_panel, self.tr("Model"))
        self.model_tab = ModelTab(
            self.model_panel, self.controller, lambda: self.tabs.setCurrentWidget(self.model_panel)
        )
        self.remote_tab = RemoteTab(self.controller, self.model_panel, self._status)
        self.tabs.addTab(self.chat_panel, self.tr("Chat"))
        self.tabs.addTab(self.sampling_panel, self.tr("Sampling"))

    def _menus(self) -> None:
        menus: dict[str, list[tuple[str, str, Callable[[], object]]]] = {
            self.tr("&File"): [
                (self.tr("New chat"), "Ctrl+N", self.controller.new_conversation),
                (self.tr("Open model…"), "Ctrl+O", self.model_panel.choose_file),
                (self.tr("Quit"), "Ctrl+Q", self.close),
            ],
            self.tr("&Chat"): [
                (self.tr("Regenerate last answer"), "Ctrl+R", self.regenerate_last),
                (self.tr("Show prompt"), "Ctrl+P", self.show_prompt),
                (self.tr("Tokens"), "Ctrl+T", self.show_tokens),
                (self.tr("Search"), "Ctrl+F", self._focus_search),
                (self.tr("Rename chat"), "F2", self._rename_current),
            ],
            self.tr("&Model"): [(self.tr("Models…"), "Ctrl+Shift+M", self.models.show)],
            self.tr("&Settings"): [
                (self.tr("Personas…"), "", self.manage_personas),
                (self.tr("Hugging Face token…"), "", self.models.show_token_dialog),
                (self.tr("Local API server…"), "", self.server.show_dialog),
                (self.tr("Preferences…"), "Ctrl+,", self.preferences),
            ],
            self.tr("&Help"): [
                (self.tr("Keyboard shortcuts"), "F1", self.shortcuts),
                (self.tr("About deskchat"), "", self.about),
            ],
        }
        for title, entries in menus.items():
            menu = self.menuBar().addMenu(title)
            for text, shortcut, slot in entries:
                action = QAction(text, self)
                action.setShortcut(QKeySequence(shortcut))
                action.triggered.connect(slot)
                self.addAction(action)  # the shortcut works even with the menu bar hidden
                menu.addAction(action)

    def _connect(self) -> None:
        c = self.controller
        self.sidebar.conversation_selected.connect(c.open_conversation)
        self.sidebar.search_hit_selected.connect(self._open_hit)
        self.sidebar.new_requested.connect(c.new_conversation)
        self.sidebar.rename_requested.connect(c.rename)
        self.sidebar.pin_requested.connect(c.pin)
        self.sidebar.delete_requested.connect(c.delete)
        self.composer.send_requested.connect(self.send)
        self.composer.edit_submitted.connect(self._edit_submitted)
        self.composer.stop_requested.connect(c.stop)
        self.composer.text_changed.connect(lambda _t: self._meter_timer.start())
        self.chat.edit_requested.connect(self.composer.start_edit)
        self.chat.regenerate_requested.connect(self._regenerate)
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
        c.answer_delta.connect(self._answer_delta)
        c.thought_delta.connect(self._thought_delta)
        c.answer_finished.connect(self._answer_finished)
        c.busy_changed.connect(self._busy_changed)
        c.error.connect(self._show_error)
        c.answer_failed.connect(self._answer_failed)
        c.model_loaded.connect(self._model_loaded)
        c.engine_changed.connect(self._engine_changed)
        c.preview_ready.connect(self._preview_ready)
        c.tokens_ready.connect(self._tokens_ready)
        panel = self.chat_panel
        panel.persona_chosen.connect(lambda pid: self._chat_update(c.set_persona, pid))
        panel.system_prompt_changed.connect(lambda t: self._chat_update(c.set_system_prompt, t))
        panel.policy_changed.connect(lambda p: self._chat_update(c.set_overflow_policy, p, False))
        self.chat_panel.manage_personas.connect(self.manage_personas)
        panel.template_option_changed.connect(self._template_option_changed)
        self.sampling_panel.changed.connect(self._sampling_changed)
        self._sampling_timer = QTimer(self)
        self._sampling_timer.setSingleShot(True)
        self._sampling_timer.setInterval(300)
        self._sampling_timer.timeout.connect(self._save_sampling)

    # -- conversations -----------------------------------------------------------------------

    def _current_id(self) -> int | None:
        conversation = self.controller.conversation
        return conversation.id if conversation else None

    def _show_branch(self, conversation: Conversation) -> None:
        """The messages of the shown branch (not an answer still streaming), with the
        versions of each turn, the title, and the chat marked in the sidebar."""
        messages = [m for m in self.controller.branch() if m.status != "streaming"]
        versions = {m.id: [v.id for v in self.controller.session.versions(m)] for m in messages}
        self.chat.show_messages(messages, versions, conversation.id, reveal=self._jump_to)
        self.title.setText(conversation.title or self.tr("New chat"))
        self.sidebar.reload(conversation.id)

    def _show_chat_settings(self, conversation: Conversation, sampling: bool = True) -> None:
        session = self.controller.session
        persona = session.persona_of(conversation)
        self.chat_panel.show_chat(
            conversation.persona_id,
            conversation.system_prompt,
            persona.system_prompt if persona else "",
            conversation.overflow_policy,
        )
        if sampling:
            self.sampling_panel.show_params(session.sampling_for(conversation))
        self._show_template_options()

    def _show_template_options(self) -> None:
        """The Think switch and reasoning effort, when the model's template reads them."""
        session, conversation = self.controller.session, self.controller.conversation
        try:
            offered = session.offered_options()
        except DeskchatError:  # no model, or a template that cannot be read: nothing to offer
            offered = ()
        values = session.template_options(conversation) if conversation else {}
        self.chat_panel.show_template_options(offered, values)

    def _template_option_changed(self, name: str, value: bool | str) -> None:
        try:
            self.controller.set_template_option(name, value)
        except DeskchatError as exc:
            self._show_error(say(exc))
        self._show_template_options()
        self._meter_timer.start()

    def _show_conversation(self, conversation: Conversation) -> None:
        if self.composer.editing_conversation() not in (None, conversation.id):
            self.composer.cancel_edit()  # an edit belongs to the chat it was started in
        self._show_branch(conversation)
        self._show_chat_settings(conversation)
        self.state.setValue("last_conversation", conversation.id)
        self.first_start.refresh()
        if self._jump_to is not None and self._jump_to in self.chat.widgets:
            widget = self.chat.widgets[self._jump_to]
            QTimer.singleShot(0, lambda: self.chat.ensureWidgetVisible(widget))
            widget.setFocus()
        self._jump_to = None
        self._meter_timer.start()

    def _open_hit(self, _conversation_id: int, message_id: int) -> None:
        """Open the conversation on the branch that holds the hit, scrolled to it."""
        self._jump_to = message_id
        self.controller.open_message(message_id)

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
        self.sampling_panel.show_params(self.app.settings.current.sampling)
        self._show_template_options()
        self.title.setText("")
        self.first_start.refresh()

    def _rename_current(self) -> None:
        if self.controller.conversation is not None:
            self.sidebar.rename(self.controller.conversation.id)

    def _focus_search(self) -> None:
        self.sidebar.search.setFocus()
        self.sidebar.search.selectAll()

    def _chat_update(self, change: Callable[[Any], None], value: Any, shown: bool = True) -> None:
        """Change the open chat (a new one when none is open); ``shown``: the change is
        one the Chat and Sampling tabs show (a persona's prompt and sampling)."""
        change(value)
        conversation = self.controller.conversation
        if conversation is not None and shown:
            self._show_chat_settings(conversation)
        self._meter_timer.start()

    def _sampling_changed(self, values: dict[str, Any]) -> None:
        self._sampling_values = values
        if not values:  # "use the persona's defaults"
            self._save_sampling()
        else:
            self._sampling_timer.start()  # typing in a box writes once, not per keystroke

    def _save_sampling(self) -> None:
        session = self.controller.session
        conversation = self.controller.set_sampling(self._sampling_values)
        if not self._sampling_values:  # back to the defaults: show what they are
            self.sampling_panel.show_params(session.sampling_for(conversation))
        self._meter_timer.start()

    # -- sending and streaming ---------------------------------------------------------------

    def send(self, text: str) -> None:
        self.error_label.hide()
        self._pending_text = text
        if self.controller.send(text):
            self.composer.accept()

    def _edit_submitted(self, message_id: int, text: str) -> None:
        self.error_label.hide()
        self._pending_text = text
        if self.controller.edit(message_id, text):
            self.composer.accept()

    def _answer_failed(self, message: str) -> None:
        """The answer could not start (e.g. the message does not fit): give the text back."""
        if self._pending_text:
            self.composer.restore(self._pending_text)
            self._pending_text = ""
        self._show_error(message)

    def _regenerate(self, message_id: int) -> None:
        self.controller.regenerate(message_id)

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
        self.chat.append(event.text)

    def _thought_delta(self, event: ThoughtDelta) -> None:
        self.chat.append_thought(event.text, len(event.token_ids))

    def _answer_finished(self, event: AnswerFinished) -> None:
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
        if not busy:
            self._meter_timer.start()

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

    def inspect_model(self, path: str) -> None:
        self.model_tab.inspect(path)

    def _model_loaded(self, info: ModelInfo) -> None:
        template = self.controller.session.template().name
        self.model_label.setText(
            self.tr("{name} · context {ctx} · template: {t}").format(
                name=info.name, ctx=f"{info.n_ctx:,}", t=template
            )
        )
        self.engine_banner.hide()
        self.first_start.refresh()
        self._show_template_options()
        self._meter_timer.start()

    def _engine_changed(self, info: ModelInfo | None) -> None:
        """Another model answers now (a remote one, or the local one again)."""
        if info is not None:
            self._model_loaded(info)
        else:
            self.model_label.setText(self.tr("No model loaded"))
            self.meter.clear()
            self._show_template_options()
            self.first_start.refresh()

    # -- prompt, tokens ------------------------------------------------------------------------

    def _request_preview(self) -> None:
        if self.controller.is_generating() or self.controller.is_loading():
            return
        self.controller.preview(self.composer.edit.toPlainText())

    def _preview_ready(self, plan: PromptPlan) -> None:
        self.meter.show_plan(plan)
        self.chat.mark_outside_window(plan.dropped)
        if self._want_prompt_dialog:
            self._want_prompt_dialog = False
            self.prompt_dialog = PromptDialog(plan, self)
            self.prompt_dialog.show()

    def show_prompt(self) -> None:
        if self.controller.model is None:
            self._show_error(
                self.tr("No model is loaded; the prompt depends on the model's template.")
            )
            return
        if self.controller.conversation is None:
            self.controller.new_conversation()
        self._want_prompt_dialog = True
        self.controller.preview(self.composer.edit.toPlainText())

    def show_tokens(self) -> None:
        text = self.composer.edit.toPlainText()
        if not text.strip():
            messages = self.controller.branch()
            text = messages[-1].content if messages else ""
        if not text.strip():
            self._show_error(self.tr("Type some text first: the tokens view shows how it splits."))
            return
        self._tokens_text = text
        self.controller.tokenize(text)

    def _tokens_ready(self, tokens: Tokens) -> None:
        self.tokens_dialog = TokensDialog(self._tokens_text, tokens, self)
        self.tokens_dialog.show()

    # -- personas, preferences, help -----------------------------------------------------------

    def _refresh_personas(self) -> None:
        self.chat_panel.set_personas(self.controller.session.list_personas(), self.language)

    def manage_personas(self) -> None:
        dialog = PersonaDialog(
            PersonaRepo(self.app.db),
            self,
            language=self.language,
            defaults=self.app.settings.current.sampling,
        )
        dialog.exec()
        self._refresh_personas()
        if self.controller.conversation is not None:
            self.controller.open_conversation(self.controller.conversation.id)

    def preferences(self) -> None:
        settings = self.app.settings.current
        dialog = PreferencesDialog(settings.theme, settings.language, self)
        if dialog.exec():
            try:
                self.app.settings.update(
                    theme=dialog.theme.currentData(), language=dialog.language.currentData()
                )
            except DeskchatError as exc:
                self._show_error(say(exc))

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        app = QApplication.instance()
        if new.theme != old.theme and isinstance(app, QApplication):
            self.dark = apply_theme(app, new.theme)

    def shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About deskchat"), about_text())

    # -- drag and drop ----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        urls = event.mimeData().urls()
        if any(u.toLocalFile().lower().endswith(".gguf") for u in urls):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        for url in event.mimeData().urls():
            path = url.toLocalFile()
            if path.lower().endswith(".gguf"):
                self.inspect_model(path)
                break

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

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.state.setValue("geometry", self.saveGeometry())
        self.state.setValue("splitter", self.splitter.saveState())
        self.state.sync()
        self._unsubscribe()
        if self._sampling_timer.isActive():  # a sampling value typed just now is kept
            self._sampling_timer.stop()
            self._save_sampling()
        self._meter_timer.stop()  # no prompt preview once the window is going
        self.models.close()  # running downloads go on at the next start
        self.server.stop(remember=False)  # and the API server starts again with the app
        self.controller.shutdown()
        super().closeEvent(event)
