"""Tools in the window: which tool servers the open chat may use (the Chat tab's boxes),
each step of the agent loop shown live in the block of its call (asking, running, its
result and time, denied), the approval bar's answer handed back to the loop, and the
sentences of a server that could not list its tools or of the limit on calls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from deskchat.chat.tools import ToolCall
from deskchat.errors import DeskchatError
from deskchat.gui.chat_view import ChatView
from deskchat.gui.controller import ChatController
from deskchat.gui.tool_call_block import ToolCallBlock
from deskchat.gui.tool_server_choice import ToolServerChoice
from deskchat.gui.words import say
from deskchat.services.agent_loop import (
    Decision,
    ToolCallDenied,
    ToolCallFinished,
    ToolCallStarted,
    ToolCallWriting,
    ToolLimitReached,
    ToolsOffered,
)
from deskchat.store.records import Conversation


class ChatTools(QObject):
    """Joins the controller's tool events and questions to the chat view's blocks and
    the Chat tab's server boxes. ``manage()`` opens the Tool servers dialog (blocks)."""

    def __init__(
        self,
        controller: ChatController,
        chat: ChatView,
        choice: ToolServerChoice,
        manage: Callable[[], None],
    ) -> None:
        super().__init__(controller)
        self.controller = controller
        self.chat = chat
        self.choice = choice
        self._manage = manage
        self._running: dict[str, tuple[ToolCall, int]] = {}  # call id -> (call, answer id)
        questions = controller.tool_questions
        questions.asked.connect(self._ask)
        questions.settled.connect(self._settled)
        controller.tool_event.connect(self._on_event)
        controller.conversation_opened.connect(self.show_chat)
        chat.shown.connect(self._reattach)
        choice.changed.connect(self._choose)
        choice.manage.connect(self.manage_servers)
        choice.ask_again.connect(self._ask_again)
        controller.answer_finished.connect(self._show_allowed)  # "Allow in this chat"
        # a question can cross before the answer that made the call is drawn (its events
        # come in batches): once the window has drawn it, the question finds its block
        controller.answer_started.connect(self._reattach_soon)
        controller.answer_finished.connect(self._reattach_soon)

    # -- which servers ----------------------------------------------------------------------

    def manage_servers(self) -> None:
        self._manage()
        self.show_chat(self.controller.conversation)

    def show_chat(self, conversation: Conversation | None) -> None:
        try:
            known = self.controller.session.mcp_servers()
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
            known = []
        self.choice.show_servers(known, conversation.tool_servers if conversation else ())
        self.choice.show_allowed(conversation.allowed_tools if conversation else ())

    def _show_allowed(self, *_event: object) -> None:
        conversation = self.controller.conversation
        allowed = self.controller.session.allowed_tools(conversation.id) if conversation else ()
        self.choice.show_allowed(allowed)

    def _ask_again(self) -> None:
        conversation = self.controller.conversation
        if conversation is not None:
            changed = self.controller.session.set_allowed_tools(conversation.id, ())
            self.controller.screen.changed(changed)
            self.choice.show_allowed(())

    def _choose(self, names: list[str]) -> None:
        screen = self.controller.screen
        conversation = self.controller.session.set_tool_servers(screen.ensure_open().id, names)
        screen.changed(conversation)

    # -- the approval bar ---------------------------------------------------------------------

    def _ask(self, call: ToolCall) -> None:
        block = self.chat.tool_block(call)
        if block is not None:  # else it asks when its chat is shown again
            self._show_question(block)

    def _show_question(self, block: ToolCallBlock) -> None:
        if not block.property("answersQuestion"):  # its bar's answer goes to the loop once
            block.setProperty("answersQuestion", True)
            call_id = block.call.id
            block.decided.connect(lambda decision: self._decided(call_id, decision))
        block.ask()

    def _decided(self, call_id: str, decision: str) -> None:
        self.controller.tool_questions.answer(call_id, Decision(decision))

    def _settled(self, call: ToolCall) -> None:
        block = self.chat.tool_block(call)
        if block is not None:
            block.cancel_question()  # Stop: the bar goes (an answered one went already)

    def _reattach_soon(self, *_event: object) -> None:
        QTimer.singleShot(0, self, self._reattach)  # after the window's own handlers

    def _reattach(self) -> None:
        """The chat was drawn anew: open questions and running calls show again."""
        for call in self.controller.tool_questions.waiting():
            block = self.chat.tool_block(call)
            if block is not None:
                self._show_question(block)
        for call, answer_id in self._running.values():
            block = self.chat.tool_block(call, answer_id)
            if block is not None:
                block.running()

    # -- the loop's steps ---------------------------------------------------------------------

    def _on_event(self, event: object) -> None:
        if isinstance(event, ToolCallWriting):
            widget = self.chat.widgets.get(event.answer_id)
            if widget is not None:
                widget.tools.writing(event.name)
        elif isinstance(event, ToolCallStarted):
            self._running[event.call.id] = (event.call, event.answer_id)
            block = self.chat.tool_block(event.call, event.answer_id)
            if block is not None:
                block.running()
        elif isinstance(event, ToolCallFinished):
            self._running.pop(event.call.id, None)
            block = self.chat.tool_block(event.call)
            if block is not None:
                block.finished(
                    event.message.content,
                    is_error=event.is_error,
                    seconds=event.seconds,
                    note=event.note,
                )
        elif isinstance(event, ToolCallDenied):
            block = self.chat.tool_block(event.call)
            if block is not None:
                block.denied(event.message.content)
        elif isinstance(event, ToolsOffered) and event.problems:
            self.controller.error.emit(" ".join(say(p) for p in event.problems))
        elif isinstance(event, ToolLimitReached):
            self.controller.error.emit(say(event.sentence))
