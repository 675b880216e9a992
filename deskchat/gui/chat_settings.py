"""The Chat and Sampling tabs' link to the controller: they show the open chat's persona,
system prompt, overflow policy, template options and sampling, and a change there goes
to the open chat (a new one when none is open)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from deskchat.errors import DeskchatError
from deskchat.gui.chat_panel import ChatPanel
from deskchat.gui.controller import ChatController
from deskchat.gui.sampling_panel import SamplingPanel
from deskchat.gui.words import say
from deskchat.store.records import Conversation


class ChatSettings(QObject):
    """``changed()`` is called after each change (the prompt it makes is measured again);
    ``show_error(sentence)`` says a problem."""

    def __init__(
        self,
        controller: ChatController,
        chat_panel: ChatPanel,
        sampling_panel: SamplingPanel,
        *,
        changed: Callable[[], None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(chat_panel)
        self.controller = controller
        self.chat_panel, self.sampling_panel = chat_panel, sampling_panel
        self._changed, self._show_error = changed, show_error
        self._sampling_values: dict[str, Any] = {}  # the Sampling tab, waiting to be saved
        self._sampling_timer = QTimer(self)
        self._sampling_timer.setSingleShot(True)
        self._sampling_timer.setInterval(300)
        self._sampling_timer.timeout.connect(self._save_sampling)
        c, panel = controller, chat_panel
        panel.persona_chosen.connect(lambda pid: self._update(c.set_persona, pid))
        panel.system_prompt_changed.connect(lambda t: self._update(c.set_system_prompt, t))
        panel.policy_changed.connect(lambda p: self._update(c.set_overflow_policy, p, False))
        panel.template_option_changed.connect(self._template_option_changed)
        sampling_panel.changed.connect(self._sampling_changed)

    def show(self, conversation: Conversation, sampling: bool = True) -> None:
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
        self.show_template_options()

    def show_defaults(self) -> None:
        """No chat is open: the settings' sampling."""
        self.sampling_panel.show_params(self.controller.app.settings.current.sampling)
        self.show_template_options()

    def show_template_options(self) -> None:
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
        self.show_template_options()
        self._changed()

    def _update(self, change: Callable[[Any], None], value: Any, shown: bool = True) -> None:
        """Change the open chat (a new one when none is open); ``shown``: the change is
        one the Chat and Sampling tabs show (a persona's prompt and sampling)."""
        change(value)
        conversation = self.controller.conversation
        if conversation is not None and shown:
            self.show(conversation)
        self._changed()

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
        self._changed()

    def flush(self) -> None:
        """The window closes: a sampling value typed just now is kept."""
        if self._sampling_timer.isActive():
            self._sampling_timer.stop()
            self._save_sampling()
