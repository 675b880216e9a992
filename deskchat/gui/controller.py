"""The window's link to the services: one object that runs the session's iterators on
worker threads and re-emits their events as Qt signals. No decisions are made here."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from deskchat.chat.generation import LoadOptions, ModelInfo, Tokens
from deskchat.chat.prompt import OverflowPolicy
from deskchat.gui.tool_questions import ToolQuestions
from deskchat.gui.workers import Job, run_batched, run_call
from deskchat.hub.gguf_meta import GGUFInfo, read_gguf_info
from deskchat.services.agent_loop import AgentEvent, ToolCallDenied, ToolCallFinished
from deskchat.services.app import AppContext
from deskchat.services.chat_screen import ChatScreen
from deskchat.services.conversation_sink import (
    AnswerDelta,
    AnswerFinished,
    AnswerStarted,
    ReadingPrompt,
    ThoughtDelta,
)
from deskchat.services.remote_access import RemoteEngine
from deskchat.services.summary_memory import SummaryDelta, SummaryFinished, SummaryStarted
from deskchat.store.records import Conversation, Message

# Streamed pieces are handed to the GUI thread in batches at most this often: the engine
# shares the CPU with the window, and every wake-up of the GUI thread costs it speed.
STREAM_BATCH_S = 0.05


def _may_wait_after(event: object) -> bool:
    """Whether the answer may wait after ``event``: an answer ended (its calls are asked
    next) or a tool step (a call runs, or the next answer reads its prompt). The window
    shows what came so far at once, not when the wait ends."""
    return isinstance(event, AnswerFinished | AgentEvent | SummaryStarted | SummaryFinished)


class ChatController(QObject):
    conversations_changed = Signal()
    conversation_opened = Signal(object)  # Conversation
    conversation_closed = Signal()  # the open chat was deleted
    answer_started = Signal(object)  # AnswerStarted
    # the prompt being read before the answer: tokens done, tokens in all, seconds left at
    # the rate so far (-1.0 while unknown); one when reading begins (0 done), one when it
    # ends (all done), at most ~10 a second between; none for a remote model
    prompt_progress = Signal(int, int, float)
    answer_delta = Signal(object)  # AnswerDelta
    thought_delta = Signal(object)  # ThoughtDelta: a piece of a reasoning model's thought
    answer_finished = Signal(object)  # AnswerFinished
    tool_event = Signal(object)  # a step of the agent loop (ToolCallStarted, …)
    summary_event = Signal(object)  # SummaryStarted / SummaryDelta / SummaryFinished
    busy_changed = Signal(bool)
    error = Signal(str)  # one sentence for the user
    answer_failed = Signal(str)  # the answer could not start or failed: the text comes back
    model_loading = Signal(str)  # path
    model_loaded = Signal(object)  # ModelInfo
    model_failed = Signal(str)
    preview_ready = Signal(object)  # PromptPlan
    backend_ready = Signal(object)  # BackendInfo, or the sentence saying why there is none
    remote_ready = Signal(object)  # RemoteEngine: a remote model answers from now on
    remote_failed = Signal(str)  # the remote model could not be used
    engine_changed = Signal(object)  # ModelInfo | None: who answers now (not by a load)

    def __init__(self, app: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app = app
        self.session = app.session
        self.screen = ChatScreen(
            app.session,
            app.settings,
            opened=self.conversation_opened.emit,
            closed=self.conversation_closed.emit,
            listed=self.conversations_changed.emit,
            busy=self.busy_changed.emit,
        )
        self.gguf: GGUFInfo | None = None
        self._answer: Job | None = None
        self._load: Job | None = None
        self._load_cancelled = False
        self._switch: Job | None = None  # moving the chat to a remote model
        self._jobs: set[Job] = set()
        self._closing = False  # shut down: no new background work (the history closes next)
        self.tool_questions = ToolQuestions(self)  # each tool call asks the person first

    # -- state ---------------------------------------------------------------------------

    @property
    def conversation(self) -> Conversation | None:
        """The chat open now."""
        return self.screen.conversation

    @property
    def answering(self) -> int | None:
        """The chat an answer is being written into."""
        return self.screen.answering

    @property
    def model(self) -> ModelInfo | None:
        """The model answering: the local engine's, or a remote server's."""
        return self.session.engine.model

    @property
    def remote(self) -> RemoteEngine | None:
        return self.app.remote_engine

    def is_generating(self) -> bool:
        return self._answer is not None

    def is_closing(self) -> bool:
        """The window is shutting down: the history closes next, nothing may read it."""
        return self._closing

    def is_loading(self) -> bool:
        return self._load is not None or self._switch is not None

    def background(self, work: Callable[[], object]) -> Job:
        """Run ``work`` off the GUI thread; shutdown waits for it like for the others."""
        return self._track(run_call(work, self))

    def _track(self, job: Job) -> Job:
        self._jobs.add(job)
        job.finished.connect(lambda: self._jobs.discard(job))
        return job

    def shutdown(self) -> None:
        """Stop everything and wait for worker threads (window closing)."""
        self._closing = True
        if self._answer is not None:
            self.session.stop()
            self.tool_questions.cancel()
        if self._load is not None:
            self.app.engine.abort()
        for job in list(self._jobs):
            if not job.wait(10_000):  # the engine did not stop in time: end it
                self.app.engine.abort()
                job.wait(10_000)

    # -- conversations -------------------------------------------------------------------

    def open_conversation(self, conversation_id: int) -> None:
        self.screen.open(conversation_id)

    def new_conversation(self) -> None:
        """A new chat, with the persona of the chat open now (else the default one)."""
        kept = self.conversation.persona_id if self.conversation is not None else None
        conversation = self.screen.new()
        if kept is not None and conversation.persona_id != kept:
            self.screen.set_persona(kept)

    def refresh(self) -> Conversation | None:
        """Read the open chat again; ``conversation_closed`` when it is gone."""
        return self.screen.reread()

    def branch(self) -> list[Message]:
        return self.session.branch(self.conversation) if self.conversation else []

    def set_persona(self, persona_id: int | None) -> None:
        self.screen.set_persona(persona_id)

    def set_system_prompt(self, text: str) -> None:
        self.screen.set_system_prompt(text)

    def set_overflow_policy(self, policy: OverflowPolicy) -> None:
        self.screen.set_overflow_policy(policy)

    def set_sampling(self, values: dict[str, Any]) -> Conversation:
        """The open chat's own sampling values (a new chat when none is open)."""
        return self.screen.set_sampling(values)

    def set_template_option(self, name: str, value: bool | str) -> Conversation:
        """One template option of the open chat (a new chat when none is open), for its
        next answer."""
        conversation = self.session.set_template_option(self.screen.ensure_open().id, name, value)
        self.screen.changed(conversation)
        return conversation

    def rename(self, conversation_id: int, title: str) -> None:
        self.screen.rename(conversation_id, title)

    def pin(self, conversation_id: int, pinned: bool) -> None:
        self.screen.pin(conversation_id, pinned)

    def delete(self, conversation_id: int) -> None:
        """Delete a chat (an answer streaming into it stops and saves nothing more)."""
        self.screen.delete(conversation_id)

    def open_message(self, message_id: int) -> None:
        """Open the conversation on a branch that shows ``message_id`` (a search hit)."""
        self.screen.show(self.session.show_message(message_id))

    def show_version(self, message_id: int) -> None:
        self.screen.show(self.session.show_version(message_id))

    # -- generation ----------------------------------------------------------------------

    def send(self, text: str, **sampling: Any) -> bool:
        if not self._can_answer():  # before a chat is made for it: no empty "New chat"
            return False
        cid = self.screen.ensure_open().id
        ask = self.tool_questions.approve
        return self._run_answer(lambda: self.session.send(cid, text, approve=ask, **sampling), cid)

    def regenerate(self, message_id: int, **sampling: Any) -> bool:
        cid = self.session.conversation_of(message_id)
        ask = self.tool_questions.approve
        return self._run_answer(
            lambda: self.session.regenerate(message_id, approve=ask, **sampling), cid
        )

    def edit(self, message_id: int, text: str, **sampling: Any) -> bool:
        cid = self.session.conversation_of(message_id)
        ask = self.tool_questions.approve
        return self._run_answer(
            lambda: self.session.edit(message_id, text, approve=ask, **sampling), cid
        )

    def stop(self) -> None:
        self.session.stop()
        self.tool_questions.cancel()  # a call waiting for its say is denied, and the loop ends

    def restart_engine(self) -> None:
        """End a hung engine at once (returns at once); the next message starts a fresh one
        with the model."""
        self.app.restart_engine()

    def _can_answer(self) -> bool:
        """Whether an answer can start now; a sentence says why not."""
        if self._answer is not None:
            self.error.emit(self.tr("An answer is still being written; stop it first."))
        elif self._switch is not None:
            self.error.emit(self.tr("Wait until the remote model is ready."))
        elif self.model is None:
            self.error.emit(self.tr("No model is loaded; choose one at the top of the chat first."))
        else:
            return True
        return False

    def _run_answer(self, work: Any, conversation_id: int) -> bool:
        if not self._can_answer():
            return False
        self.tool_questions.start()
        job = self._track(run_batched(work, STREAM_BATCH_S, self, urgent=_may_wait_after))
        self._answer = job
        job.batch.connect(self._on_events)
        job.failed.connect(self.answer_failed)
        job.finished.connect(self._on_answer_done)
        self.screen.answer_started(conversation_id)
        return True

    def _on_events(self, events: list[object]) -> None:
        for event in events:
            if isinstance(event, AnswerDelta):
                self.answer_delta.emit(event)
            elif isinstance(event, ThoughtDelta):
                self.thought_delta.emit(event)
            elif isinstance(event, ReadingPrompt):
                self.prompt_progress.emit(event.done, event.total, event.seconds_left)
            elif isinstance(event, AnswerStarted):
                self.screen.answer_saved()
                self.answer_started.emit(event)
            elif isinstance(event, AnswerFinished):
                self.screen.answer_saved()
                self.answer_finished.emit(event)
            elif isinstance(event, SummaryStarted | SummaryDelta | SummaryFinished):
                self.summary_event.emit(event)
            elif isinstance(event, AgentEvent):
                if isinstance(event, ToolCallFinished | ToolCallDenied):
                    self.screen.answer_saved()  # its result is the chat's last message now
                self.tool_event.emit(event)

    def _on_answer_done(self) -> None:
        self._answer = None
        self.screen.answer_ended()

    # -- model -----------------------------------------------------------------------------

    def inspect(self, path: str) -> GGUFInfo:
        """Header metadata of a GGUF (fast: no weights are read). Raises ModelFileError."""
        return read_gguf_info(path)

    def load(self, path: str, options: LoadOptions) -> None:
        if self._load is not None or self._answer is not None or self._switch is not None:
            self.error.emit(self.tr("Wait for the current answer or load to finish first."))
            return
        if self.remote is not None:  # a local model answers again
            self.app.use_local()
            self.engine_changed.emit(self.model)
        self._load_cancelled = False
        app = self.app
        job = self._track(run_call(lambda: app.load_model(path, options), self))
        self._load = job
        job.item.connect(self._on_loaded)
        job.failed.connect(self._on_load_failed)
        job.finished.connect(self._on_load_done)
        self.model_loading.emit(path)
        self.busy_changed.emit(True)

    def cancel_load(self) -> None:
        if self._load is not None:
            self._load_cancelled = True
            self.app.engine.abort()

    def _on_loaded(self, result: tuple[ModelInfo, GGUFInfo]) -> None:
        if self._load_cancelled:  # Cancel came too late to interrupt the load itself
            self.app.engine.unload()
            self.model_failed.emit(self.tr("Loading was cancelled."))
            return
        info, self.gguf = result
        self.model_loaded.emit(info)

    def _on_load_failed(self, message: str) -> None:
        self.model_failed.emit(
            self.tr("Loading was cancelled.") if self._load_cancelled else message
        )

    def _on_load_done(self) -> None:
        self._load = None
        self.busy_changed.emit(False)

    def unload(self) -> None:
        """Let the model that answers go: a remote one (the local engine answers again), or
        the local one, whose process ends off the GUI thread; ``engine_changed`` after."""
        if self._load is not None or self._answer is not None or self._switch is not None:
            self.error.emit(self.tr("Wait for the current answer or load to finish first."))
            return
        if self.remote is not None:
            self.app.use_local()
            self.engine_changed.emit(self.model)
            return
        engine = self.app.engine
        job = self.background(engine.unload)
        self._switch = job
        job.finished.connect(self._on_switch_done)
        job.finished.connect(lambda: self.engine_changed.emit(self.model))
        self.busy_changed.emit(True)

    # -- remote servers ----------------------------------------------------------------------

    def use_remote(self, endpoint: str, model_id: str) -> bool:
        """Answer with ``model_id`` on the remote server ``endpoint`` (connects off the GUI
        thread): ``remote_ready`` then ``engine_changed``, or ``remote_failed``."""
        if self._load is not None or self._answer is not None or self._switch is not None:
            self.remote_failed.emit(self.tr("Wait for the current answer or load to finish first."))
            return False
        app = self.app
        job = self.background(lambda: app.use_remote(endpoint, model_id))
        self._switch = job
        job.item.connect(self._on_remote)
        job.failed.connect(self.remote_failed)
        job.finished.connect(self._on_switch_done)
        self.busy_changed.emit(True)
        return True

    def _on_remote(self, engine: RemoteEngine) -> None:
        self.remote_ready.emit(engine)
        self.engine_changed.emit(engine.model)

    def _on_switch_done(self) -> None:
        self._switch = None
        self.busy_changed.emit(False)

    def use_local(self) -> bool:
        """Answer with the local engine again (whatever it has loaded)."""
        if self.remote is None:
            return True
        if self._answer is not None or self._switch is not None:
            self.error.emit(self.tr("Wait for the current answer to finish first."))
            return False
        self.app.use_local()
        self.engine_changed.emit(self.model)
        return True

    # -- prompt inspection ----------------------------------------------------------------

    def preview(self, text: str) -> None:
        """Compute the prompt the next message would make (context meter, show prompt).
        One at a time: a request made meanwhile runs next, with the latest text."""
        if self.model is None or self._closing:
            return
        cid = self.screen.want_preview(text)
        if cid is None:
            return
        job = self._track(run_call(lambda: self.session.preview(cid, text), self))

        def ready(plan: object) -> None:
            if self.screen.preview_is_current(cid):
                self.preview_ready.emit(plan)  # a result for another chat is dropped

        def done() -> None:
            following = self.screen.preview_done()
            if following is not None:
                self.preview(following)

        job.item.connect(ready)
        job.failed.connect(lambda _message: None)  # the meter just keeps its last reading
        job.finished.connect(done)

    def check_backend(self) -> None:
        """Ask the engine which backend this build has (starts the engine process)."""
        job = self._track(run_call(self.app.engine.backend, self))
        job.item.connect(self.backend_ready)
        job.failed.connect(self.backend_ready.emit)

    def tokenizer(self) -> Callable[[str], Tokens] | None:
        """The loaded model's tokenizer for the Tokens view (call it off the GUI thread);
        None, with the reason said, where there is none."""
        if self.remote is not None:
            self.error.emit(
                self.tr(
                    "The Tokens view needs a local model: a remote server does not share its "
                    "tokenizer."
                )
            )
            return None
        if self.model is None:
            self.error.emit(
                self.tr("No model is loaded; the tokens depend on the model's vocabulary.")
            )
            return None
        engine = self.app.engine
        return lambda text: engine.tokenize(text, add_bos=False, with_pieces=True)
