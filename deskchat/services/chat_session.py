"""A chat session: the one place that turns "the user said X" into a saved, streamed answer.

    user turn persisted -> prompt built through the model's template within the context
    budget -> answer streamed from the engine and saved as it grows -> stats finalized.

The GUI and the CLI consume ``send``/``regenerate``/``edit`` as iterators of events and
never repeat this logic.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from deskchat.chat.generation import Done, Piece, SamplingParams
from deskchat.chat.personas import Persona
from deskchat.chat.prompt import OverflowPolicy, PromptPlan, build_prompt
from deskchat.chat.templates import MESSAGES_TEMPLATE, ChatTemplate, choose_template
from deskchat.chat.turns import Turn
from deskchat.errors import AnswerInterruptedError, DeskchatError, EngineCrashedError
from deskchat.services.engine_port import ChatEngine, takes_messages
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRecord, ModelRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.records import Conversation, Message
from deskchat.store.search import SearchHit, search_messages

SAVE_INTERVAL_S = 0.5  # a crash loses at most this much of a streaming answer
TITLE_LENGTH = 60


@dataclass(frozen=True)
class AnswerStarted:
    message: Message  # the assistant message, status "streaming"
    plan: PromptPlan


@dataclass(frozen=True)
class AnswerDelta:
    message_id: int
    text: str
    token_ids: tuple[int, ...]


@dataclass(frozen=True)
class AnswerFinished:
    message: Message  # final record: status, counts, timings, error sentence if any
    plan: PromptPlan

    @property
    def context_used(self) -> int:
        return (self.message.prompt_tokens or 0) + (self.message.completion_tokens or 0)


ChatEvent = AnswerStarted | AnswerDelta | AnswerFinished


def merge_sampling(base: SamplingParams, *overrides: dict[str, Any]) -> SamplingParams:
    names = {f.name for f in fields(SamplingParams)}
    result = base
    for override in overrides:
        values = {k: v for k, v in override.items() if k in names and v is not None}
        if "stop" in values:
            values["stop"] = tuple(values["stop"])
        result = replace(result, **values)
    return result


class ChatSession:
    """Conversations with whatever model the engine has loaded: the local engine process,
    or a model on a remote server (an engine that takes messages, see ``use_engine``)."""

    def __init__(
        self,
        db: Database,
        engine: ChatEngine,
        *,
        sampling: SamplingParams | None = None,
        overflow_policy: OverflowPolicy = "rolling",
    ) -> None:
        self.db = db
        self.engine = engine
        self.conversations = ConversationRepo(db)
        self.messages = MessageRepo(db)
        self.personas = PersonaRepo(db)
        self.models = ModelRepo(db)
        self.default_sampling = sampling or SamplingParams()
        self.default_policy: OverflowPolicy = overflow_policy
        self._stop_requested = False

    def use_engine(self, engine: ChatEngine) -> None:
        """Answer with ``engine`` from now on (the local ``EngineClient`` or a
        ``RemoteEngine``). Call it between answers, never while one streams."""
        self.engine = engine

    # -- what the faces ask of a conversation --

    def conversation(self, conversation_id: int) -> Conversation:
        """The saved chat (NotFoundError when there is none, e.g. it was deleted)."""
        return self.conversations.get(conversation_id)

    def list_conversations(self, limit: int = 50, offset: int = 0) -> list[Conversation]:
        """Chats for the list: pinned first, then the most recently changed."""
        return self.conversations.list(limit=limit, offset=offset)

    def conversation_of(self, message_id: int) -> int:
        """The id of the chat that holds ``message_id``."""
        return self.messages.get(message_id).conversation_id

    def rename(self, conversation_id: int, title: str) -> Conversation:
        return self.conversations.update(conversation_id, title=title.strip())

    def pin(self, conversation_id: int, pinned: bool = True) -> Conversation:
        return self.conversations.update(conversation_id, pinned=pinned)

    def set_persona(self, conversation_id: int, persona_id: int | None) -> Conversation:
        """Answer in this chat as ``persona_id`` (None: no persona)."""
        return self.conversations.update(conversation_id, persona_id=persona_id)

    def set_system_prompt(self, conversation_id: int, text: str) -> Conversation:
        """This chat's own system prompt ("" uses the persona's)."""
        return self.conversations.update(conversation_id, system_prompt=text)

    def set_overflow_policy(self, conversation_id: int, policy: OverflowPolicy) -> Conversation:
        return self.conversations.update(conversation_id, overflow_policy=policy)

    def search(self, query: str, limit: int = 100) -> list[SearchHit]:
        """Messages of every chat containing every word of ``query``, newest first."""
        return search_messages(self.db, query, limit=limit)

    def list_personas(self) -> list[Persona]:
        return self.personas.list()

    def find_persona(self, name: str) -> Persona:
        """The persona called ``name`` (NotFoundError with a sentence when none is)."""
        return self.personas.find(name)

    def recent_models(self, limit: int = 10) -> list[ModelRecord]:
        """Model files loaded before, the most recent first."""
        return self.models.recent(limit)

    # -- conversation setup ----------------------------------------------------------------

    def new_conversation(self, persona: Persona | None = None) -> Conversation:
        model = self.engine.model
        conversation = self.conversations.create(
            persona_id=persona.id if persona else None,
            model_path=model.path if model else None,
        )
        if self.default_policy != conversation.overflow_policy:
            conversation = self.conversations.update(
                conversation.id, overflow_policy=self.default_policy
            )
        return conversation

    def persona_of(self, conversation: Conversation) -> Persona | None:
        return persona_of(conversation, self.personas)

    def system_prompt_of(self, conversation: Conversation) -> str:
        return system_prompt_of(conversation, self.personas)

    def branch(self, conversation: Conversation) -> list[Message]:
        """The messages of the branch currently shown, oldest first."""
        return self.messages.path_to(conversation.current_leaf_id)

    def versions(self, message: Message) -> list[Message]:
        """All versions of one turn (the message and its siblings), oldest first."""
        return self.messages.children(message.conversation_id, message.parent_id)

    def show_message(self, message_id: int) -> Conversation:
        """The conversation holding ``message_id``, switched to a branch that shows it
        (left as it is when the current branch already does)."""
        message = self.messages.get(message_id)
        conversation = self.conversations.get(message.conversation_id)
        if any(m.id == message_id for m in self.branch(conversation)):
            return conversation
        return self.show_version(message_id)

    def show_version(self, message_id: int) -> Conversation:
        """Make the branch through ``message_id`` (to its newest end) the one shown."""
        message = self.messages.get(message_id)
        leaf = self.messages.latest_leaf(message.id)
        return self.conversations.update(message.conversation_id, current_leaf_id=leaf)

    def template(self) -> ChatTemplate:
        model = self.engine.model
        if model is None:
            raise DeskchatError("No model is loaded; load a GGUF model first.")
        if takes_messages(self.engine):  # the server applies its own template
            return MESSAGES_TEMPLATE
        record = self.models.get(model.path)
        return choose_template(
            override=record.chat_template_override if record else None,
            gguf_template=model.chat_template,
            architecture=model.architecture,
            model_name=f"{model.name} {model.path.rsplit('/', 1)[-1]}",
        )

    # -- prompt ----------------------------------------------------------------------------

    def plan(
        self,
        conversation: Conversation,
        history: list[Turn],
        sampling: SamplingParams,
    ) -> PromptPlan:
        model = self.engine.model
        if model is None:
            raise DeskchatError("No model is loaded; load a GGUF model first.")
        persona = self.persona_of(conversation)
        plan = build_prompt(
            template=self.template(),
            system_prompt=self.system_prompt_of(conversation),
            examples=persona.examples if persona else (),
            history=history,
            count_tokens=self.engine.count_tokens,
            n_ctx=model.n_ctx,
            # reserve room for the answer, but never more than half the window: a long
            # max_tokens must not push the whole history out (the answer still stops when
            # the context is full)
            max_tokens=min(sampling.max_tokens, model.n_ctx // 2),
            policy=conversation.overflow_policy,
            bos_token=model.bos_token,
            eos_token=model.eos_token,
        )
        # a message engine's counts come from an estimate, not the model's tokenizer
        return replace(plan, estimated=True) if takes_messages(self.engine) else plan

    def preview(self, conversation_id: int, text: str = "") -> PromptPlan:
        """The exact prompt the next message would produce (for "show prompt")."""
        conversation = self.conversations.get(conversation_id)
        history = _turns(self.branch(conversation))
        if text or not history or history[-1].role != "user":
            history.append(Turn("user", text))
        return self.plan(conversation, history, self.sampling_for(conversation))

    def set_sampling(self, conversation_id: int, values: dict[str, Any]) -> Conversation:
        """Save this chat's own sampling: only what differs from what it inherits (persona,
        then settings), so a later change of persona still applies to everything else.
        An empty ``values`` goes back to the inherited settings."""
        conversation = self.conversations.get(conversation_id)
        inherited = self.sampling_for(replace(conversation, sampling_json="{}"))
        own = {
            name: value
            for name, value in values.items()
            if getattr(inherited, name) != (tuple(value) if name == "stop" else value)
        }
        return self.conversations.update(conversation_id, sampling_json=json.dumps(own))

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
        conversation = self.conversations.get(conversation_id)
        parent = conversation.current_leaf_id
        return self._ask(conversation, parent, text, sampling)

    def edit(self, user_message_id: int, text: str, **sampling: Any) -> Iterator[ChatEvent]:
        """Resend an edited user message as a new branch beside the old one (kept)."""
        original = self.messages.get(user_message_id)
        if original.role != "user":
            raise DeskchatError("Only your own messages can be edited and resent.")
        conversation = self.conversations.get(original.conversation_id)
        return self._ask(conversation, original.parent_id, text, sampling)

    def regenerate(self, message_id: int, **sampling: Any) -> Iterator[ChatEvent]:
        """A new answer to the same user message; the earlier answer stays as a branch."""
        message = self.messages.get(message_id)
        user = message
        if message.role == "assistant" and message.parent_id is not None:
            user = self.messages.get(message.parent_id)
        if user.role != "user":
            raise DeskchatError("There is no user message to answer again.")
        conversation = self.conversations.get(user.conversation_id)
        self._stop_requested = False
        history = _turns(self.messages.path_to(user.id))
        params = self.sampling_for(conversation, **sampling)
        plan = self.plan(conversation, history, params)
        return self._answer(conversation, user, plan, params)

    def _exists(self, message_id: int) -> bool:
        row = self.db.execute("SELECT 1 FROM messages WHERE id = ?", (message_id,)).fetchone()
        return row is not None

    def stop(self) -> None:
        """Stop the answer being generated (takes effect between two tokens). A stop that
        arrives while the prompt is still being prepared applies as soon as it starts."""
        self._stop_requested = True
        self.engine.cancel()

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
        history = [*_turns(self.messages.path_to(parent_id)), Turn("user", text)]
        params = self.sampling_for(conversation, **sampling)
        plan = self.plan(conversation, history, params)  # refuse before saving anything
        user = self.messages.add(conversation.id, "user", text, parent_id=parent_id)
        if not conversation.title:
            self.conversations.update(conversation.id, title=_title(text))
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
        answer = self.messages.add(
            conversation.id,
            "assistant",
            "",
            parent_id=user.id,
            status="streaming",
            model=model.name if model else None,
            persona=persona.name if persona else None,
        )
        if conversation.model_path is None and model is not None:
            self.conversations.update(conversation.id, model_path=model.path)
        params = replace(params, stop=tuple(dict.fromkeys((*plan.stops, *params.stop))))
        return self._stream(answer, plan, params)

    def _generate(self, plan: PromptPlan, params: SamplingParams) -> Iterator[Piece | Done]:
        """The local engine gets the flattened prompt; a message engine gets the turns."""
        engine = self.engine
        if takes_messages(engine):
            return engine.generate_messages(plan.turns, params)
        return engine.generate(plan.text, params)

    def _stream(
        self, answer: Message, plan: PromptPlan, params: SamplingParams
    ) -> Iterator[ChatEvent]:
        yield AnswerStarted(answer, plan)
        parts: list[str] = []
        saved_at = time.monotonic()
        saved_len = 0
        done: Done | None = None
        try:
            for event in self._generate(plan, params):
                if self._stop_requested:  # a stop pressed before the engine had started
                    self.engine.cancel()
                if isinstance(event, Done):
                    done = event
                    break
                if event.text:
                    parts.append(event.text)
                yield AnswerDelta(answer.id, event.text, event.token_ids)
                now = time.monotonic()
                if now - saved_at >= SAVE_INTERVAL_S and len(parts) != saved_len:
                    self.messages.save_partial(answer.id, "".join(parts))
                    saved_at, saved_len = now, len(parts)
        except EngineCrashedError as exc:
            if not self._exists(answer.id):
                return
            final = self.messages.finish(
                answer.id,
                content="".join(parts),
                status="interrupted",
                error=f"{exc} Your conversation is saved; the engine restarts on the next message.",
                prompt_tokens=plan.prompt_tokens,
                completion_tokens=None,
                finish_reason="crash",
            )
            yield AnswerFinished(final, plan)
            return
        except AnswerInterruptedError as exc:  # e.g. a remote stream dropped: keep the text
            if not self._exists(answer.id):
                return
            final = self.messages.finish(
                answer.id,
                content="".join(parts),
                status="interrupted",
                error=str(exc),
                prompt_tokens=plan.prompt_tokens,
                completion_tokens=None,
                finish_reason="dropped",
                tokens_estimated=plan.estimated,
            )
            yield AnswerFinished(final, plan)
            return
        except DeskchatError as exc:
            if not self._exists(answer.id):
                return
            final = self.messages.finish(
                answer.id,
                content="".join(parts),
                status="error",
                error=str(exc),
                finish_reason="error",
            )
            yield AnswerFinished(final, plan)
            return
        except BaseException:
            # the consumer went away (GeneratorExit), Ctrl-C, or a bug: keep what we have
            self.engine.cancel()
            if not self._exists(answer.id):
                raise
            self.messages.finish(
                answer.id,
                content="".join(parts),
                status="interrupted",
                error="The answer was interrupted.",
                finish_reason="cancelled",
            )
            raise
        if not self._exists(answer.id):  # its conversation was deleted meanwhile
            return
        if done is None:  # the stream ended without its closing event
            final = self.messages.finish(
                answer.id,
                content="".join(parts),
                status="interrupted",
                error="The engine ended the answer early.",
                finish_reason="error",
            )
            yield AnswerFinished(final, plan)
            return
        final = self.messages.finish(
            answer.id,
            content="".join(parts),
            status="complete",
            prompt_tokens=done.prompt_tokens,
            prompt_evaluated=done.prompt_evaluated,
            completion_tokens=done.completion_tokens,
            ttft_ms=done.ttft_s * 1000.0,
            tokens_per_s=done.decode_tokens_per_s,
            finish_reason=done.finish_reason,
            tokens_estimated=done.estimated,
        )
        yield AnswerFinished(final, plan)


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
        turns.append(Turn(m.role, m.content, m.id))
    return turns


def _title(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
