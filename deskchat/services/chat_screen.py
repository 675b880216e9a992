"""The chat screen's state, without Qt: which chat is open, which chat an answer is being
written into, the prompt preview (one at a time, the latest text next), and deleting a chat.

A face (the window's controller) runs the long work on its own threads and reports to this
object when an answer or a preview starts and ends; this object decides what that means
and tells the face through the callbacks it was given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from deskchat.app_state import AppState
from deskchat.chat.prompt import OverflowPolicy
from deskchat.errors import NotFoundError
from deskchat.services.chat_session import ChatSession
from deskchat.store.records import Conversation


def _nothing(*_args: Any) -> None:
    return None


class ChatScreen:
    """What the chat screen shows. Callbacks (all optional):

    - ``opened(conversation)``: a chat is shown afresh (opened, new, another branch);
    - ``closed()``: the open chat is gone (it was deleted);
    - ``listed()``: the list of chats changed (new, renamed, deleted, answered);
    - ``busy(answering)``: an answer started or ended.
    """

    def __init__(
        self,
        session: ChatSession,
        settings: AppState,
        *,
        opened: Callable[[Conversation], None] = _nothing,
        closed: Callable[[], None] = _nothing,
        listed: Callable[[], None] = _nothing,
        busy: Callable[[bool], None] = _nothing,
    ) -> None:
        self.session = session
        self.settings = settings
        self._opened = opened
        self._closed = closed
        self._listed = listed
        self._busy = busy
        self._conversation: Conversation | None = None
        self._answering: int | None = None
        self._previewing = False
        self._preview_next: str | None = None

    # -- the open chat ---------------------------------------------------------------------

    @property
    def conversation(self) -> Conversation | None:
        """The chat open now, as last read from the history."""
        return self._conversation

    @property
    def conversation_id(self) -> int | None:
        return self._conversation.id if self._conversation else None

    def open(self, conversation_id: int) -> Conversation:
        """Show the chat ``conversation_id`` (NotFoundError when it does not exist)."""
        self._conversation = self.session.conversation(conversation_id)
        self._opened(self._conversation)
        return self._conversation

    def show(self, conversation: Conversation) -> None:
        """Show ``conversation`` as the session just returned it (another branch of it)."""
        self._conversation = conversation
        self._opened(conversation)

    def new(self) -> Conversation:
        """Open a new chat with the default persona (none when it was deleted)."""
        persona = None
        name = self.settings.current.default_persona
        if name:
            try:
                persona = self.session.find_persona(name)
            except NotFoundError:
                persona = None
        self._conversation = self.session.new_conversation(persona)
        self._listed()
        self._opened(self._conversation)
        return self._conversation

    def ensure_open(self) -> Conversation:
        """The open chat, or a new one when none is."""
        return self._conversation if self._conversation is not None else self.new()

    def reread(self) -> Conversation | None:
        """Read the open chat again (its title, its branch); when it has been deleted
        meanwhile, it is closed. Does not redraw the chat."""
        if self._conversation is None:
            return None
        try:
            self._conversation = self.session.conversation(self._conversation.id)
        except NotFoundError:
            self._conversation = None
            self._closed()
        return self._conversation

    def changed(self, conversation: Conversation) -> None:
        """The session changed the open chat's settings: keep its new record."""
        if self._conversation is not None and self._conversation.id == conversation.id:
            self._conversation = conversation
        self._listed()

    # -- what a person changes -------------------------------------------------------------

    def set_persona(self, persona_id: int | None) -> Conversation:
        return self._change(lambda cid: self.session.set_persona(cid, persona_id))

    def set_system_prompt(self, text: str) -> Conversation:
        return self._change(lambda cid: self.session.set_system_prompt(cid, text))

    def set_overflow_policy(self, policy: OverflowPolicy) -> Conversation:
        return self._change(lambda cid: self.session.set_overflow_policy(cid, policy))

    def set_sampling(self, values: dict[str, Any]) -> Conversation:
        """This chat's own sampling values ({}: back to what it inherits). With no chat
        open, ``values`` are what was shown (the settings') with the person's changes: the
        new chat keeps its persona's values for everything the person did not change."""
        if self._conversation is None and values:
            shown = asdict(self.session.default_sampling)
            changed = {k: v for k, v in values.items() if not _same(shown.get(k), v)}
            fresh = self.new()
            values = {**asdict(self.session.sampling_for(fresh)), **changed}
        return self._change(lambda cid: self.session.set_sampling(cid, values))

    def _change(self, change: Callable[[int], Conversation]) -> Conversation:
        conversation = change(self.ensure_open().id)
        self.changed(conversation)
        return conversation

    def rename(self, conversation_id: int, title: str) -> None:
        self.session.rename(conversation_id, title)
        self.reread()
        self._listed()

    def pin(self, conversation_id: int, pinned: bool) -> None:
        self.session.pin(conversation_id, pinned)
        self.reread()
        self._listed()

    def delete(self, conversation_id: int) -> None:
        """Delete a chat; an answer being written into it stops and saves nothing more.
        The open chat, if it was this one, is closed."""
        self.session.delete_conversation(conversation_id)
        if self.conversation_id == conversation_id:
            self._conversation = None
            self._closed()
        self._listed()

    # -- the answer being written ----------------------------------------------------------

    @property
    def answering(self) -> int | None:
        """The chat an answer is being written into, or None."""
        return self._answering

    def answer_started(self, conversation_id: int) -> None:
        """The face started an answer into ``conversation_id`` on its thread."""
        self._answering = conversation_id
        self._busy(True)

    def answer_saved(self) -> None:
        """The answer's first or last record was saved: read the open chat again."""
        self.reread()

    def answer_ended(self) -> None:
        """The answer's work ended: the open chat is read again (a tool loop may have saved
        results after its last event, such as the calls a Stop left unrun)."""
        self.reread()
        self._answering = None
        self._busy(False)
        self._listed()

    # -- the prompt preview ----------------------------------------------------------------

    def want_preview(self, text: str) -> int | None:
        """A preview of the prompt ``text`` would make is asked for: the chat to compute it
        for now, or None (no chat open, or one is being computed: the latest text waits)."""
        if self._conversation is None:
            return None
        if self._previewing:
            self._preview_next = text
            return None
        self._previewing = True
        return self._conversation.id

    def preview_is_current(self, conversation_id: int) -> bool:
        """Whether a preview computed for ``conversation_id`` belongs on screen."""
        return self.conversation_id == conversation_id

    def preview_done(self) -> str | None:
        """A preview ended: the text that waited meanwhile, to be asked for next."""
        self._previewing = False
        following, self._preview_next = self._preview_next, None
        return following


def _same(a: Any, b: Any) -> bool:
    """Whether two sampling values are equal (a stop list shown as a tuple or a list)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return tuple(a) == tuple(b)
    return bool(a == b)
