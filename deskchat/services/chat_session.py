"""A chat session: the conversations in the history, and their turns.

    user turn persisted -> the turn pipeline (``deskchat.services.turn``) builds the prompt
    within the budget and streams the answer into a conversation sink, which saves it as it
    grows -> stats finalized.

The GUI and the CLI consume ``send``/``regenerate``/``edit`` as iterators of chat events
and never repeat this logic; the API server answers through the same pipeline.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from deskchat.chat.generation import SamplingParams
from deskchat.chat.personas import Persona
from deskchat.chat.prompt import OverflowPolicy, PromptPlan
from deskchat.chat.template_options import TemplateOption, offered, option_problem
from deskchat.chat.templates import ChatTemplate
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.services.conversation_sink import ChatEvent, ConversationSink
from deskchat.services.engine_port import ChatEngine
from deskchat.services.turn import NO_MODEL, NoModelError, TurnPipeline, TurnRequest, merge_sampling
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRecord, ModelRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.records import Conversation, Message
from deskchat.store.search import SearchHit, search_messages

TITLE_LENGTH = 60


class ChatSession:
    """Conversations with whatever model the engine has loaded: the local engine process,
    or a model on a remote server (see ``use_engine``)."""

    def __init__(
        self,
        db: Database,
        engine: ChatEngine,
        *,
        sampling: SamplingParams | None = None,
        overflow_policy: OverflowPolicy = "rolling",
    ) -> None:
        self._db = db
        self.engine = engine
        # the session's own: faces ask with the operations below, never through these
        self._conversations = ConversationRepo(db)
        self._messages = MessageRepo(db)
        self._personas = PersonaRepo(db)
        self._models = ModelRepo(db)
        self.default_sampling = sampling or SamplingParams()
        self.default_policy: OverflowPolicy = overflow_policy
        self.pipeline = TurnPipeline(self._models)
        self._stop_requested = False
        self._sinks: set[ConversationSink] = set()  # answers streaming now
        self._sinks_lock = threading.Lock()

    def use_engine(self, engine: ChatEngine) -> None:
        """Answer with ``engine`` from now on (the local ``EngineClient`` or a
        ``RemoteEngine``). Call it between answers, never while one streams."""
        self.engine = engine

    # -- what the faces ask of a conversation --

    def conversation(self, conversation_id: int) -> Conversation:
        """The saved chat (NotFoundError when there is none, e.g. it was deleted)."""
        return self._conversations.get(conversation_id)

    def list_conversations(self, limit: int = 50, offset: int = 0) -> list[Conversation]:
        """Chats for the list: pinned first, then the most recently changed."""
        return self._conversations.list(limit=limit, offset=offset)

    def conversation_of(self, message_id: int) -> int:
        """The id of the chat that holds ``message_id``."""
        return self._messages.get(message_id).conversation_id

    def rename(self, conversation_id: int, title: str) -> Conversation:
        return self._conversations.update(conversation_id, title=title.strip())

    def pin(self, conversation_id: int, pinned: bool = True) -> Conversation:
        return self._conversations.update(conversation_id, pinned=pinned)

    def set_persona(self, conversation_id: int, persona_id: int | None) -> Conversation:
        """Answer in this chat as ``persona_id`` (None: no persona)."""
        return self._conversations.update(conversation_id, persona_id=persona_id)

    def set_system_prompt(self, conversation_id: int, text: str | None) -> Conversation:
        """This chat's own system prompt (None: the persona's again)."""
        return self._conversations.update(conversation_id, system_prompt=text)

    def set_overflow_policy(self, conversation_id: int, policy: OverflowPolicy) -> Conversation:
        return self._conversations.update(conversation_id, overflow_policy=policy)

    def offered_options(self) -> tuple[TemplateOption, ...]:
        """The template options the loaded model's template reads (none without a model,
        and none for a remote model: its server applies its own template)."""
        model = self.engine.model
        if model is None or model.own_template:
            return ()
        return offered(self.pipeline.template(model).text)

    def template_options(self, conversation: Conversation) -> dict[str, bool | str]:
        """The template options this chat's prompts get: its persona's, then its own."""
        persona = self.persona_of(conversation)
        values: dict[str, bool | str] = dict(persona.template_options) if persona else {}
        values.update(json.loads(conversation.template_options_json or "{}"))
        return values

    def set_template_option(
        self, conversation_id: int, name: str, value: bool | str
    ) -> Conversation:
        """Set one template option for this chat (``enable_thinking`` off …); an unknown
        name or a value the option does not take is refused with a sentence."""
        problem = option_problem(name, value)
        if problem is not None:
            raise DeskchatError(problem)
        conversation = self._conversations.get(conversation_id)
        own = json.loads(conversation.template_options_json or "{}")
        own[name] = value
        return self._conversations.update(
            conversation_id, template_options_json=json.dumps(own, ensure_ascii=False)
        )

    def search(self, query: str, limit: int = 100) -> list[SearchHit]:
        """Messages of every chat containing every word of ``query``, newest first."""
        return search_messages(self._db, query, limit=limit)

    def list_personas(self) -> list[Persona]:
        return self._personas.list()

    def find_persona(self, name: str) -> Persona:
        """The persona called ``name`` (NotFoundError with a sentence when none is)."""
        return self._personas.find(name)

    def recent_models(self, limit: int = 10) -> list[ModelRecord]:
        """Model files loaded before, the most recent first."""
        return self._models.recent(limit)

    def set_template_override(self, model_path: str, template: str | None) -> None:
        """The chat template this model file gets instead of its own (a built-in's name or
        Jinja source; None: its own again). Applies from the next prompt built."""
        self._models.set_template_override(model_path, template)

    # -- conversation setup ----------------------------------------------------------------

    def new_conversation(self, persona: Persona | None = None) -> Conversation:
        model = self.engine.model
        conversation = self._conversations.create(
            persona_id=persona.id if persona else None,
            model_path=model.path if model else None,
        )
        if self.default_policy != conversation.overflow_policy:
            conversation = self._conversations.update(
                conversation.id, overflow_policy=self.default_policy
            )
        return conversation

    def persona_of(self, conversation: Conversation) -> Persona | None:
        return persona_of(conversation, self._personas)

    def system_prompt_of(self, conversation: Conversation) -> str:
        return system_prompt_of(conversation, self._personas)

    def branch(self, conversation: Conversation) -> list[Message]:
        """The messages of the branch currently shown, oldest first."""
        return self._messages.path_to(conversation.current_leaf_id)

    def versions(self, message: Message) -> list[Message]:
        """All versions of one turn (the message and its siblings), oldest first."""
        return self._messages.children(message.conversation_id, message.parent_id)

    def show_message(self, message_id: int) -> Conversation:
        """The conversation holding ``message_id``, switched to a branch that shows it
        (left as it is when the current branch already does)."""
        message = self._messages.get(message_id)
        conversation = self._conversations.get(message.conversation_id)
        if any(m.id == message_id for m in self.branch(conversation)):
            return conversation
        return self.show_version(message_id)

    def show_version(self, message_id: int) -> Conversation:
        """Make the branch through ``message_id`` (to its newest end) the one shown."""
        message = self._messages.get(message_id)
        leaf = self._messages.latest_leaf(message.id)
        return self._conversations.update(message.conversation_id, current_leaf_id=leaf)

    def template(self) -> ChatTemplate:
        model = self.engine.model
        if model is None:
            raise NoModelError(NO_MODEL)
        return self.pipeline.template(model)

    # -- prompt ----------------------------------------------------------------------------

    def plan(
        self,
        conversation: Conversation,
        history: list[Turn],
        sampling: SamplingParams,
    ) -> PromptPlan:
        persona = self.persona_of(conversation)
        request = TurnRequest(
            history=history,
            sampling=sampling,
            system_prompt=self.system_prompt_of(conversation),
            examples=persona.examples if persona else (),
            policy=conversation.overflow_policy,
            template_options=self.template_options(conversation),
        )
        return self.pipeline.plan(self.engine, request)

    def preview(self, conversation_id: int, text: str = "") -> PromptPlan:
        """The exact prompt the next message would produce (for "show prompt")."""
        conversation = self._conversations.get(conversation_id)
        history = _turns(self.branch(conversation))
        if text or not history or history[-1].role != "user":
            history.append(Turn("user", text))
        return self.plan(conversation, history, self.sampling_for(conversation))

    def set_sampling(self, conversation_id: int, values: dict[str, Any]) -> Conversation:
        """Save this chat's own sampling: only what differs from what it inherits (persona,
        then settings), so a later change of persona still applies to everything else.
        An empty ``values`` goes back to the inherited settings."""
        conversation = self._conversations.get(conversation_id)
        inherited = self.sampling_for(replace(conversation, sampling_json="{}"))
        own = {
            name: value
            for name, value in values.items()
            if getattr(inherited, name) != (tuple(value) if name == "stop" else value)
        }
        return self._conversations.update(conversation_id, sampling_json=json.dumps(own))

    def sampling_for(self, conversation: Conversation, **overrides: Any) -> SamplingParams:
        persona = self.persona_of(conversation)
        return merge_sampling(
            self.default_sampling,
            persona.sampling if persona else {},
            json.loads(conversation.sampling_json or "{}"),
            overrides,
        )

    # -- turns -----------------------------------------------------------------------------

    def send(self, conversation_id: int, text: str, **sampling: Any) -> Iterator[ChatEvent]:
        """Add a user message after the current branch's last message and answer it."""
        conversation = self._conversations.get(conversation_id)
        parent = conversation.current_leaf_id
        return self._ask(conversation, parent, text, sampling)

    def edit(self, user_message_id: int, text: str, **sampling: Any) -> Iterator[ChatEvent]:
        """Resend an edited user message as a new branch beside the old one (kept)."""
        original = self._messages.get(user_message_id)
        if original.role != "user":
            raise DeskchatError("Only your own messages can be edited and resent.")
        conversation = self._conversations.get(original.conversation_id)
        return self._ask(conversation, original.parent_id, text, sampling)

    def regenerate(self, message_id: int, **sampling: Any) -> Iterator[ChatEvent]:
        """A new answer to the same user message; the earlier answer stays as a branch."""
        message = self._messages.get(message_id)
        user = message
        if message.role == "assistant" and message.parent_id is not None:
            user = self._messages.get(message.parent_id)
        if user.role != "user":
            raise DeskchatError("There is no user message to answer again.")
        conversation = self._conversations.get(user.conversation_id)
        self._stop_requested = False
        history = _turns(self._messages.path_to(user.id))
        params = self.sampling_for(conversation, **sampling)
        plan = self.plan(conversation, history, params)
        return self._answer(conversation, user, plan, params)

    def stop(self) -> None:
        """Stop the answer being generated (takes effect between two tokens). A stop that
        arrives while the prompt is still being prepared applies as soon as it starts."""
        self._stop_requested = True
        self.engine.cancel()

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a chat with all its messages. An answer streaming into it stops and
        writes nothing more."""
        with self._sinks_lock:
            streaming = [s for s in self._sinks if s.conversation_id == conversation_id]
        for sink in streaming:
            sink.discard()
        if streaming:
            self.engine.cancel()
        self._conversations.delete(conversation_id)

    def _ask(
        self,
        conversation: Conversation,
        parent_id: int | None,
        text: str,
        sampling: dict[str, Any],
    ) -> Iterator[ChatEvent]:
        if not text.strip():
            raise DeskchatError("The message is empty.")
        self._stop_requested = False
        history = [*_turns(self._messages.path_to(parent_id)), Turn("user", text)]
        params = self.sampling_for(conversation, **sampling)
        plan = self.plan(conversation, history, params)  # refuse before saving anything
        user = self._messages.add(conversation.id, "user", text, parent_id=parent_id)
        if not conversation.title:
            self._conversations.update(conversation.id, title=_title(text))
        # the new user turn is inside the window by construction; record its id
        plan = replace(plan, included=(*plan.included, user.id))
        return self._answer(conversation, user, plan, params)

    def _answer(
        self,
        conversation: Conversation,
        user: Message,
        plan: PromptPlan,
        params: SamplingParams,
    ) -> Iterator[ChatEvent]:
        model = self.engine.model
        persona = self.persona_of(conversation)
        answer = self._messages.add(
            conversation.id,
            "assistant",
            "",
            parent_id=user.id,
            status="streaming",
            model=model.name if model else None,
            persona=persona.name if persona else None,
        )
        if conversation.model_path is None and model is not None:
            self._conversations.update(conversation.id, model_path=model.path)
        sink = ConversationSink(self._messages, answer)
        with self._sinks_lock:  # from now on, deleting the chat reaches this answer
            self._sinks.add(sink)
        return self._stream(sink, plan, self.pipeline.final_sampling(plan, params))

    def _stream(
        self, sink: ConversationSink, plan: PromptPlan, params: SamplingParams
    ) -> Iterator[ChatEvent]:
        try:
            yield from self.pipeline.stream(
                self.engine, plan, params, sink, stop_requested=lambda: self._stop_requested
            )
        finally:
            with self._sinks_lock:
                self._sinks.discard(sink)


def persona_of(conversation: Conversation, personas: PersonaRepo) -> Persona | None:
    if conversation.persona_id is None:
        return None
    try:
        return personas.get(conversation.persona_id)
    except DeskchatError:
        return None


def system_prompt_of(conversation: Conversation, personas: PersonaRepo) -> str:
    """This chat's own system prompt if it has one, else its persona's."""
    if conversation.system_prompt is not None:
        return conversation.system_prompt
    persona = persona_of(conversation, personas)
    return persona.system_prompt if persona else ""


def _turns(messages: list[Message]) -> list[Turn]:
    """Stored messages as prompt turns. An answer that never got any text (stopped at once,
    crashed, failed) is left out together with the question it did not answer: two user
    turns in a row would break templates that require user/assistant alternation."""
    turns: list[Turn] = []
    for m in messages:
        if m.role == "assistant" and not m.content.strip():
            if turns and turns[-1].role == "user":
                turns.pop()
            continue
        turns.append(Turn(m.role, m.content, m.id, m.reasoning))
    return turns


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
