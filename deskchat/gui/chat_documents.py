"""Documents in the window: files attached to the open chat (the Chat tab's buttons, or
dropped on the window) are indexed off the GUI thread with the bar above the composer
showing how far it is, cancellable; each answer that drew on them shows its sources under
it, and a source opens its passage to pin, exclude and regenerate."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from deskchat.errors import DeskchatError
from deskchat.gui.answer_sources import PassageDialog, SourcesRow
from deskchat.gui.chat_view import ChatView
from deskchat.gui.controller import ChatController
from deskchat.gui.document_choice import DocumentChoice
from deskchat.gui.indexing_bar import IndexingBar
from deskchat.gui.indexing_run import IndexingRun
from deskchat.gui.words import say
from deskchat.services.doc_context import DocContext
from deskchat.services.indexing import IndexProgress, IndexReport
from deskchat.store.answer_sources import AnswerSource, PassageChoice
from deskchat.store.records import Conversation


class ChatDocuments(QObject):
    """Joins the open chat's documents to the Chat tab (``choice``), the indexing bar
    (``bar``) and the chat view's answers; ``changed()`` when what the next prompt gets
    changed. ``indexed(report)`` when a run ends."""

    indexed = Signal(object)  # IndexReport: a chat's files were indexed

    def __init__(
        self,
        controller: ChatController,
        chat: ChatView,
        choice: DocumentChoice,
        bar: IndexingBar,
        changed: Callable[[], None],
    ) -> None:
        super().__init__(controller)
        self.controller, self.chat, self.choice, self.bar = controller, chat, choice, bar
        self._changed = changed  # the chat's passages changed: measure the prompt again
        self.rows: list[SourcesRow] = []  # the shown answers' sources
        self.dialog: PassageDialog | None = None
        self.run = IndexingRun(controller)  # the window's one indexing run
        self._indexing: int | None = None  # the chat whose files are being indexed
        controller.conversation_opened.connect(self.show_chat)
        # an answer's sources are known when it starts: they show under it as it streams
        controller.answer_started.connect(self._answered)
        controller.answer_finished.connect(self._answered)
        chat.shown.connect(self.show_sources)
        chat.paged.connect(self._place)
        choice.attach.connect(self.attach)
        choice.resume.connect(lambda: self.attach([]))
        choice.remove.connect(self._remove)
        choice.collection_toggled.connect(self._toggle)
        bar.cancel.connect(self.cancel)
        self.run.started.connect(self._started)
        self.run.progress.connect(bar.show_progress)
        self.run.done.connect(self._done)
        self.run.failed.connect(self._failed)
        self.run.ended.connect(self._run_ended)

    @property
    def documents(self) -> DocContext:
        return self.controller.session.documents

    def is_indexing(self) -> bool:
        return self.run.is_running()

    # -- the Chat tab --------------------------------------------------------------------------

    def show_chat(self, conversation: Conversation | None = None) -> None:
        conversation = conversation or self.controller.conversation
        if conversation is None:
            self.choice.show_documents([], [], set(), pending=0)
            return
        try:
            attached = self.documents.attached(conversation.id)
            shared = self.documents.shared_collections()
            used = {c.id for c in self.documents.collections(conversation.id)}
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
            return
        pending = sum(1 for d in attached if d.status == "pending")
        if self._indexing == conversation.id:
            pending = 0  # being indexed now
        self.choice.show_documents(attached, shared, used, pending=pending)
        self.choice.set_indexing(self.is_indexing())

    def _toggle(self, collection_id: int, on: bool) -> None:
        conversation = self.controller.screen.ensure_open()
        repo = self.documents.documents
        if on:
            repo.turn_on(conversation.id, collection_id)
        else:
            repo.turn_off(conversation.id, collection_id)
        self._changed()

    def _remove(self, document_id: int) -> None:
        self.documents.documents.remove(document_id)
        self.show_chat()
        self._changed()

    # -- indexing ------------------------------------------------------------------------------

    def attach(self, paths: list[str]) -> None:
        """Index ``paths`` (files and folders; none: finish an interrupted run) into the
        open chat (a new one when none is open)."""
        if self.controller.is_closing():
            return
        if self.run.is_running():
            self.controller.error.emit(
                self.tr("Wait until the documents being indexed are done, or cancel them.")
            )
            return
        conversation = self.controller.screen.ensure_open()
        documents = self.documents
        targets = [Path(p) for p in paths]

        def work(
            on_progress: Callable[[IndexProgress], None], should_stop: Callable[[], bool]
        ) -> IndexReport:
            return documents.attach(
                conversation.id, targets, on_progress=on_progress, should_stop=should_stop
            )

        self._indexing = conversation.id
        self.run.start(work)

    def cancel(self) -> None:
        """Stop indexing at the next step; what is done stays, the rest stays pending."""
        self.run.cancel()

    def _started(self) -> None:
        self.bar.start()
        self.choice.set_indexing(True)

    def _done(self, report: IndexReport) -> None:
        if self._indexing is None:
            return  # a collection's run (the Documents window says how it went)
        self.choice.outcome.setText(self.run.summary(report))
        self.indexed.emit(report)

    def _failed(self, message: str) -> None:
        if self._indexing is None:
            return
        self.choice.outcome.setText(message)
        self.controller.error.emit(message)

    def _run_ended(self) -> None:
        """Any run ended (this chat's, or a collection's in the Documents window)."""
        self._indexing = None
        self.bar.hide()
        if self.controller.is_closing():
            return
        self.show_chat()
        if self.controller.conversation is not None:
            self._changed()  # the meter and the prompt view

    # -- sources under answers -------------------------------------------------------------

    def show_sources(self) -> None:
        """The shown answers' sources, each row under its answer."""
        if self.controller.is_closing():
            return
        for row in self.rows:
            row.hide()
            row.deleteLater()
        self.rows = []
        answers = [i for i, w in self.chat.widgets.items() if w.message.role == "assistant"]
        try:
            with_sources = self.documents.answers_with_sources(answers)
            for answer_id in sorted(with_sources):
                row = SourcesRow(answer_id, self.documents.sources_of(answer_id))
                row.opened.connect(self.open_source)
                self.rows.append(row)
        except DeskchatError as exc:
            self.controller.error.emit(say(exc))
        self._place()

    def _place(self) -> None:
        for row in self.rows:
            self.chat.place_after(row.answer_id, row)

    def _answered(self, _event: object) -> None:
        QTimer.singleShot(0, self, self.show_sources)  # after the chat view has drawn it

    def open_source(self, source: AnswerSource) -> None:
        conversation = self.controller.conversation
        if conversation is None:
            return
        choice = None
        if source.chunk_id is not None:
            choice = self.documents.choices(conversation.id).get(source.chunk_id)
        self.dialog = PassageDialog(source, choice, self.chat.window())
        self.dialog.chosen.connect(lambda c: self._choose(source, c))
        self.dialog.regenerate.connect(lambda: self._regenerate(source))
        self.dialog.open()

    def _choose(self, source: AnswerSource, choice: PassageChoice | None) -> None:
        conversation = self.controller.conversation
        if conversation is None or source.chunk_id is None:
            return
        self.documents.choose(conversation.id, source.chunk_id, choice)
        self._changed()

    def _regenerate(self, source: AnswerSource) -> None:
        if self.controller.is_generating():
            self.controller.error.emit(self.tr("Wait until the answer is written."))
            return
        self.chat.regenerate_requested.emit(source.message_id)
