"""The "Remote servers" section's link to the services and the window: add and remove
servers, list a server's models off the GUI thread, move the chat to one of them (or back
to the local model), and offer a reopened chat's server again."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox

from deskchat.chat.generation import ModelInfo
from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.model_panel import ModelPanel
from deskchat.gui.remote_dialog import AddServerDialog
from deskchat.gui.remote_panel import RemotePanel
from deskchat.gui.words import say
from deskchat.services.remote_access import (
    Endpoint,
    RemoteEngine,
    RemoteModel,
    parse_remote_ref,
)
from deskchat.store.records import Conversation


class RemoteTab(QObject):
    """``status(sentence)`` shows a sentence in the window's status bar."""

    def __init__(
        self, controller: ChatController, model_panel: ModelPanel, status: Callable[[str], None]
    ) -> None:
        super().__init__(model_panel)
        self.controller = controller
        self.access = controller.app.remote
        self._status = status
        self.panel = RemotePanel()
        model_panel.add_section(self.panel)
        self.dialog: AddServerDialog | None = None
        self._wanted: str | None = None  # the server whose models are shown or asked for
        self._listing = False  # its model list is on the way
        self._suggested: str | None = None  # the model a reopened chat was held with
        panel = self.panel
        panel.add_button.clicked.connect(self.add_server)
        panel.remove_button.clicked.connect(self.remove_server)
        panel.servers.currentRowChanged.connect(self._server_chosen)
        panel.servers.itemClicked.connect(self._clicked)
        panel.use_button.clicked.connect(self.use_model)
        panel.local_button.clicked.connect(self.controller.use_local)
        self.controller.remote_ready.connect(self._ready)
        self.controller.remote_failed.connect(self._failed)
        self.controller.engine_changed.connect(self._engine_changed)
        self.controller.conversation_opened.connect(self._offer)
        self.refresh()

    # -- the list of servers ---------------------------------------------------------------

    def _key_source(self, endpoint: Endpoint) -> str:
        source = self.access.keys.source(endpoint)
        names = {
            "this session only": self.tr("used for this session only"),
            "the system keyring": self.tr("saved in the system keyring"),
            "none": self.tr("none"),
        }
        return names.get(source, source)

    def refresh(self, select: str | None = None, *, fetch: bool = False) -> None:
        """Show the servers, ``select`` (else the current one) chosen; a server that became
        the current one, or any with ``fetch``, is asked for its models."""
        before = self.panel.current_name()
        endpoints = self.access.endpoints()
        listed = [(endpoint, self._key_source(endpoint)) for endpoint in endpoints]
        self.panel.set_servers(listed, select or before)
        now = self.panel.current_name()
        if now is None:
            self._wanted, self._listing = None, False
            self.panel.set_models([], None)
        elif now != before or fetch:
            self._list_models(now)

    def add_server(self) -> AddServerDialog:
        if self.dialog is None:
            self.dialog = AddServerDialog(self.access, self.controller.background, self.panel)
            self.dialog.saved.connect(self._saved)
        self.dialog.reset()
        self.dialog.open()
        return self.dialog

    def _saved(self, name: str, said: str) -> None:
        saved = self.tr("Saved the server “{name}”.").format(name=name)
        self._status(f"{saved} {said}")
        self.refresh(name, fetch=True)

    def remove_server(self) -> None:
        name = self.panel.current_name()
        if name is None:
            return
        answer = QMessageBox.question(
            self.panel,
            self.tr("Remove server"),
            self.tr("Remove “{name}” and forget its API key?").format(name=name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        remote = self.controller.remote
        if remote is not None and remote.endpoint.name == name and not self.controller.use_local():
            return  # an answer is being written by it
        try:
            self.access.remove(name)
        except (DeskchatError, OSError) as exc:
            self.panel.say(say(exc), problem=True)
            return
        self.refresh()
        self.panel.say(self.tr("Removed “{name}”.").format(name=name))

    # -- its models --------------------------------------------------------------------------

    def _server_chosen(self, _row: int) -> None:
        name = self.panel.current_name()
        self.panel.remove_button.setEnabled(name is not None)
        if name is not None:
            self._list_models(name)

    def _clicked(self, _item: object) -> None:
        """Clicking the chosen server again asks again when its list did not come."""
        name = self.panel.current_name()
        if name is not None and not self._listing and self.panel.models.count() == 0:
            self._list_models(name)

    def _list_models(self, name: str) -> None:
        self._wanted, self._listing = name, True
        self.panel.set_models([], None)
        self.panel.say(self.tr("Asking “{name}” for its models…").format(name=name))
        access = self.access
        job = self.controller.background(lambda: (name, access.models(name)))
        job.item.connect(self._listed)
        job.failed.connect(lambda message: self._list_failed(name, message))

    def _listed(self, result: tuple[str, list[RemoteModel]]) -> None:
        name, models = result
        if name != self._wanted:  # another server was chosen meanwhile
            return
        self._listing = False
        remote = self.controller.remote
        select = self._suggested
        if select is None and remote is not None and remote.endpoint.name == name:
            select = remote.model_id
        self.panel.set_models(models, select)
        if not models:
            self.panel.say(self.tr("The server offers no models."), problem=True)
        elif self._suggested is not None and self.controller.model is None:
            self.panel.say(
                self.tr(
                    "This chat was held with {model} on “{name}”; “Use this model” goes on with it."
                ).format(model=self._suggested, name=name)
            )
        else:
            self._describe()

    def _list_failed(self, name: str, message: str) -> None:
        if name == self._wanted:
            self._listing = False
            self.panel.say(message, problem=True)

    # -- moving the chat -----------------------------------------------------------------------

    def use_model(self) -> None:
        name, model_id = self.panel.current_name(), self.panel.chosen_model()
        if name is None or model_id is None:
            return
        self._suggested = None
        self.panel.use_button.setEnabled(False)
        self.panel.say(self.tr("Connecting to “{name}”…").format(name=name))
        self.controller.use_remote(name, model_id)

    def _ready(self, _engine: RemoteEngine) -> None:
        self.panel.use_button.setEnabled(self.panel.chosen_model() is not None)

    def _failed(self, message: str) -> None:
        self.panel.use_button.setEnabled(self.panel.chosen_model() is not None)
        self.panel.say(message, problem=True)
        self._status(message)

    def _engine_changed(self, _info: ModelInfo | None) -> None:
        """Another model answers now (the window shows it, as it shows a loaded one)."""
        self._describe()

    def _describe(self) -> None:
        """Say which remote model answers, if one does."""
        remote = self.controller.remote
        local = self.controller.app.engine.model
        self.panel.local_button.setVisible(remote is not None and local is not None)
        if remote is None:
            self.panel.say("")
            return
        text = self.tr("Chats go to {model} on “{name}” (context {ctx}).").format(
            model=remote.model_id, name=remote.endpoint.name, ctx=f"{remote.model.n_ctx:,}"
        )
        if remote.context_source == "default":
            text += " " + self.tr("The server does not say its context length: this is a guess.")
        self.panel.say(text)

    def _offer(self, conversation: Conversation) -> None:
        """A chat held with a remote model, opened while no model answers: choose its
        server and model, ready for “Use this model”."""
        self._suggested = None
        if self.controller.model is not None or self.controller.is_loading():
            return
        ref = parse_remote_ref(conversation.model_path)
        if ref is None or ref[0] not in {e.name for e in self.access.endpoints()}:
            return
        name, self._suggested = ref
        self.refresh(name, fetch=True)
