"""Summary notes in the window: the summary the model writes when a chat outgrows the
context (policy "summary"), drawn live as it streams, then as a note after the last message
it covers, with Edit (a dialog; the next prompts use the new text) and Remove (the next
turn summarises again if the chat does not fit without it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from deskchat.errors import DeskchatError
from deskchat.gui.chat_view import ChatView
from deskchat.gui.controller import ChatController
from deskchat.gui.summary_note import SummaryEditDialog, SummaryNoteWidget
from deskchat.gui.words import say
from deskchat.services.summary_memory import (
    SummaryDelta,
    SummaryEvent,
    SummaryFinished,
    SummaryStarted,
)
from deskchat.store.records import SummaryNote


class ChatNotes(QObject):
    """Joins the controller's summary events and the open chat's notes to the chat view.
    ``show_branch()`` draws the open chat's branch again (the person's message is saved
    before its summary is written); ``changed()``: a note changed, the prompt with it."""

    def __init__(
        self,
        controller: ChatController,
        chat: ChatView,
        window: QWidget,
        show_branch: Callable[[], None],
        changed: Callable[[], None],
    ) -> None:
        super().__init__(controller)
        self.controller, self.chat, self.window = controller, chat, window
        self._show_branch, self._changed = show_branch, changed
        self.notes: list[SummaryNoteWidget] = []  # the open branch's, oldest first
        self.writing: SummaryNoteWidget | None = None  # the one the model writes now
        self.dialog: SummaryEditDialog | None = None
        controller.summary_event.connect(self._on_event)
        controller.busy_changed.connect(self._busy)
        chat.shown.connect(self.show_notes)
        chat.paged.connect(self._place)

    def show_notes(self) -> None:
        """The open branch's notes, each after the last message it covers."""
        for widget in self.notes:
            widget.hide()  # out of the column now; deleted once the events in hand are done
            widget.deleteLater()
        self.notes = []
        conversation = self.controller.conversation
        if conversation is not None and conversation.id == self.chat.conversation_id:
            for note in self.controller.session.summary_notes(conversation):
                widget = SummaryNoteWidget(note)
                widget.edit_requested.connect(self.edit)
                widget.remove_requested.connect(self.remove)
                self.notes.append(widget)
        self._place()
        self._busy()

    def _place(self) -> None:
        for widget in self.notes:
            through = widget.through
            if through is not None:
                self.chat.place_after(through, widget)
        if self.writing is not None and self.writing.property("through") is not None:
            self.chat.place_after(int(self.writing.property("through")), self.writing)

    def _busy(self, *_busy: object) -> None:
        generating = self.controller.is_generating()
        for widget in self.notes:
            widget.set_busy(generating)

    # -- a note being written ------------------------------------------------------------------

    def _on_event(self, event: SummaryEvent) -> None:
        open_chat = self.controller.conversation
        if open_chat is None or open_chat.id != event.conversation_id:
            return  # drawn from the history when its chat is opened
        if isinstance(event, SummaryStarted):
            self._show_branch()  # the person's message, saved before the summary
            self._drop_writing()
            self.writing = SummaryNoteWidget(None, event.covers)
            self.writing.setProperty("through", event.through_message_id)
            self.chat.place_after(event.through_message_id, self.writing)
        elif isinstance(event, SummaryDelta):
            if self.writing is not None:
                self.writing.append(event.text)
        elif isinstance(event, SummaryFinished):
            self._drop_writing()
            if event.note is not None:
                self.show_notes()
            elif event.error:
                self.controller.error.emit(say(event.error))

    def _drop_writing(self) -> None:
        if self.writing is not None:
            self.writing.hide()
            self.writing.deleteLater()
            self.writing = None

    # -- the person's changes ------------------------------------------------------------------

    def edit(self, note: SummaryNote) -> None:
        """Open the dialog to change ``note``'s text (saved when accepted)."""
        if self._refused():
            return
        self.dialog = SummaryEditDialog(note, self.window)
        self.dialog.finished.connect(lambda result: self._edited(note, result))
        self.dialog.open()

    def _edited(self, note: SummaryNote, result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None or result != QDialog.DialogCode.Accepted:
            return
        try:
            self.controller.session.edit_summary(note.id, dialog.text.toPlainText())
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
            return
        self.show_notes()
        self._changed()

    def remove(self, note: SummaryNote) -> None:
        if self._refused():
            return
        try:
            self.controller.session.remove_summary(note.id)
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
            return
        self.show_notes()
        self._changed()

    def _refused(self) -> bool:
        if self.controller.is_generating():
            self.controller.error.emit(
                self.tr("Wait until the answer is written; then change the summary.")
            )
            return True
        return False
