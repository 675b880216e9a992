"""A chat session: the conversations in the history, and their turns.

    user turn persisted -> the turn pipeline (``deskchat.services.turn``) builds the prompt
    within the budget and streams the answer into a conversation sink, which saves it as it
    grows -> stats finalized.

The GUI and the CLI consume ``send``/``regenerate``/``edit`` as iterators of chat events
and never repeat this logic; the API server answers through the same pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from deskchat.chat.generation import SamplingParams
from deskchat.chat.passages import newest_question
from deskchat.chat.personas import Persona
from deskchat.chat.prompt import OverflowPolicy, PromptPlan
from deskchat.chat.template_options import TemplateOption, offered, option_problem
from deskchat.chat.templates import ChatTemplate, TemplateError
from deskchat.chat.tools import ToolSpec
from deskchat.chat.turns import Turn
from deskchat.errors import DeskchatError
from deskchat.mcp_servers.hub import McpHub, McpToolset
from deskchat.sentences import Sentence
from deskchat.services.agent_loop import (
    DEFAULT_CALL_TIMEOUT_S,
    DEFAULT_MAX_CALLS,
    AgentLoop,
    Approve,
    ChatEvent,
    ToolConversationSink,
    ToolRun,
)
from deskchat.services.answer_rows import AnswerRows
from deskchat.services.conversation_sink import ConversationSink
from deskchat.services.doc_context import DocContext
from deskchat.services.engine_port import ChatEngine
from deskchat.services.history_turns import persona_of, system_prompt_of, title_of, turns_of
from deskchat.services.output_format import output_grammar
from deskchat.services.summary_memory import SummaryMemory
from deskchat.services.tool_turns import ToolChoice
from deskchat.services.turn import (
    NO_MODEL,
    Ending,
    NoModelError,
    TurnPipeline,
    TurnRequest,
    merge_sampling,
)
from deskchat.store.conversations import ConversationRepo
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRecord, ModelRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.records import Conversation, Message, SummaryNote
from deskchat.store.search import SearchHit, search_messages
from deskchat.store.summary_notes import SummaryNoteRepo


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
        mcp_hub: Callable[[], McpHub] | None = None,
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
        self._memory = SummaryMemory(SummaryNoteRepo(db), self.pipeline)
        self._stop_requested = False
        self._answers = AnswerRows(self._messages)  # the answers streaming now
        # the MCP servers' hub (made on first use by whoever owns it: the app context)
        self.mcp_hub = mcp_hub
        self.tool_call_timeout_s = DEFAULT_CALL_TIMEOUT_S
        self.max_tool_calls = DEFAULT_MAX_CALLS
        self.parallel_tool_calls = True  # an answer may call several tools at once
        # the chats' documents (the app context gives it the embedding model and settings)
        self.documents = DocContext(db)

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

    # -- summary memory (policy "summary") ---------------------------------------------------

    def summary_notes(self, conversation: Conversation) -> list[SummaryNote]:
        """The summaries written on the branch shown, oldest first (the last is in use)."""
        ids = [m.id for m in self.branch(conversation)]
        return self._memory.notes.on_branch(conversation.id, ids)

    def edit_summary(self, note_id: int, text: str) -> SummaryNote:
        """The person's own text for a summary; the next prompts use it."""
        if not text.strip():
            raise DeskchatError(
                Sentence("A summary cannot be empty; remove it instead if it is not wanted.")
            )
        return self._memory.notes.edit(note_id, text.strip())

    def remove_summary(self, note_id: int) -> None:
        """Forget a summary (the turns it covered are in the history still); the next turn
        summarises again if the chat does not fit without it."""
        self._memory.notes.delete(note_id)

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

    # -- tools -------------------------------------------------------------------------------

    def mcp_servers(self) -> list[str]:
        """The names of the MCP servers in mcp.json (none without a hub)."""
        return [s.name for s in self.mcp_hub().servers()] if self.mcp_hub else []

    def tool_servers(self, conversation_id: int) -> tuple[str, ...]:
        """The MCP servers whose tools this chat may use (none: no tools offered)."""
        return self._conversations.get(conversation_id).tool_servers

    def set_tool_servers(self, conversation_id: int, servers: Sequence[str]) -> Conversation:
        names = json.dumps(list(dict.fromkeys(servers)), ensure_ascii=False)
        return self._conversations.update(conversation_id, tool_servers_json=names)

    def allowed_tools(self, conversation_id: int) -> tuple[str, ...]:
        """The tools this chat runs without asking ("allow in this chat")."""
        return self._conversations.get(conversation_id).allowed_tools

    def set_allowed_tools(self, conversation_id: int, tools: Sequence[str]) -> Conversation:
        names = json.dumps(list(dict.fromkeys(tools)), ensure_ascii=False)
        return self._conversations.update(conversation_id, allowed_tools_json=names)

    def persona_tool_servers(self, persona_id: int) -> tuple[str, ...]:
        """The MCP servers a new chat with this persona may use."""
        return self._personas.tool_servers(persona_id)

    def set_persona_tool_servers(self, persona_id: int, servers: Sequence[str]) -> None:
        self._personas.set_tool_servers(persona_id, servers)

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
        servers = self._personas.tool_servers(persona.id) if persona and persona.id else ()
        if servers:
            conversation = self.set_tool_servers(conversation.id, servers)
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
        return self.pipeline.plan(self.engine, self._request(conversation, history, sampling))

    def _request(
        self,
        conversation: Conversation,
        history: list[Turn],
        sampling: SamplingParams,
        tools: Sequence[ToolSpec] = (),
        choice: ToolChoice | None = None,
    ) -> TurnRequest:
        persona = self.persona_of(conversation)
        memory = self._memory.memory(conversation.id, history)
        at = newest_question(history)
        question = history[at].content if at is not None else ""
        return TurnRequest(
            history=history,
            sampling=sampling,
            system_prompt=self.system_prompt_of(conversation),
            examples=persona.examples if persona else (),
            policy=conversation.overflow_policy,
            template_options=self.template_options(conversation),
            tools=tuple(tools),
            tool_choice=choice or ToolChoice(),
            memory=memory if conversation.overflow_policy == "summary" else None,
            sources=self.documents.sources_for(conversation.id, question),
        )

    def preview(self, conversation_id: int, text: str = "") -> PromptPlan:
        """The exact prompt the next message would produce (for "show prompt"): with
        ``text`` as that message; without, the history as it stands, ready for the answer."""
        conversation = self._conversations.get(conversation_id)
        history = turns_of(self.branch(conversation))
        if text:
            history.append(Turn("user", text))
        sampling = self.sampling_for(conversation)
        try:
            return self.plan(conversation, history, sampling)
        except TemplateError:
            if history:
                raise
            # a template that cannot render without a user message (Qwen3's) shows an empty one
            return self.plan(conversation, [Turn("user", "")], sampling)

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
        """Settings < persona < chat < ``overrides``; with the grammar of the persona's
        required output (JSON, or a schema), if it has one."""
        persona = self.persona_of(conversation)
        params = merge_sampling(
            self.default_sampling,
            persona.sampling if persona else {},
            json.loads(conversation.sampling_json or "{}"),
            overrides,
        )
        if persona is not None and persona.output:
            params = replace(params, grammar=output_grammar(persona.output))
        return params

    # -- turns -----------------------------------------------------------------------------

    def send(
        self,
        conversation_id: int,
        text: str,
        *,
        approve: Approve | None = None,
        tool_choice: Literal["auto", "required"] = "auto",
        **sampling: Any,
    ) -> Iterator[ChatEvent]:
        """Add a user message after the current branch's last message and answer it. In a
        chat with tool servers, the answer may call their tools: each call is asked of
        ``approve`` (on the thread reading the events; None: every call is denied), and
        ``tool_choice`` "required" makes the first answer call one."""
        conversation = self._conversations.get(conversation_id)
        parent = conversation.current_leaf_id
        return self._ask(conversation, parent, text, sampling, _Tools(approve, tool_choice))

    def edit(
        self,
        user_message_id: int,
        text: str,
        *,
        approve: Approve | None = None,
        tool_choice: Literal["auto", "required"] = "auto",
        **sampling: Any,
    ) -> Iterator[ChatEvent]:
        """Resend an edited user message as a new branch beside the old one (kept)."""
        original = self._messages.get(user_message_id)
        if original.role != "user":
            raise DeskchatError("Only your own messages can be edited and resent.")
        conversation = self._conversations.get(original.conversation_id)
        tools = _Tools(approve, tool_choice)
        return self._ask(conversation, original.parent_id, text, sampling, tools)

    def regenerate(
        self,
        message_id: int,
        *,
        approve: Approve | None = None,
        tool_choice: Literal["auto", "required"] = "auto",
        **sampling: Any,
    ) -> Iterator[ChatEvent]:
        """A new answer to the same user message; the earlier answer (with any tool calls
        and results after it) stays as a branch."""
        user = self._messages.get(message_id)
        while user.role in ("assistant", "tool") and user.parent_id is not None:
            user = self._messages.get(user.parent_id)
        if user.role != "user":
            raise DeskchatError("There is no user message to answer again.")
        conversation = self._conversations.get(user.conversation_id)
        self._stop_requested = False
        params = self.sampling_for(conversation, **sampling)
        if conversation.tool_servers:
            return self._with_tools(conversation, user, params, _Tools(approve, tool_choice))
        history = turns_of(self._messages.path_to(user.id))
        plan = self.plan(conversation, history, params)
        if plan.summary_due:
            return self._summarise_then_answer(conversation, user, history, params)
        return self._answer(conversation, user, plan, params)

    def stop(self) -> None:
        """Stop the answer being generated (takes effect between two tokens). A stop that
        arrives while the prompt is still being prepared applies as soon as it starts."""
        self._stop_requested = True
        self.engine.cancel()

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete a chat with all its messages. An answer streaming into it stops and
        writes nothing more."""
        if self._answers.discard_chat(conversation_id):
            self.engine.cancel()
        self._conversations.delete(conversation_id)
        self.documents.forget_chat(conversation_id)

    def _ask(
        self,
        conversation: Conversation,
        parent_id: int | None,
        text: str,
        sampling: dict[str, Any],
        tools: _Tools,
    ) -> Iterator[ChatEvent]:
        if not text.strip():
            raise DeskchatError("The message is empty.")
        self._stop_requested = False
        params = self.sampling_for(conversation, **sampling)
        if conversation.tool_servers:
            return self._ask_with_tools(conversation, parent_id, text, params, tools)
        history = [*turns_of(self._messages.path_to(parent_id)), Turn("user", text)]
        plan = self.plan(conversation, history, params)  # refuse before saving anything
        user = self._messages.add(conversation.id, "user", text, parent_id=parent_id)
        if not conversation.title:
            self._conversations.update(conversation.id, title=title_of(text))
        if plan.summary_due:
            history[-1] = replace(history[-1], id=user.id)
            return self._summarise_then_answer(conversation, user, history, params)
        # the new user turn is inside the window by construction; record its id
        plan = replace(plan, included=(*plan.included, user.id))
        return self._answer(conversation, user, plan, params)

    def _summarise_then_answer(
        self,
        conversation: Conversation,
        user: Message,
        history: list[Turn],
        params: SamplingParams,
    ) -> Iterator[ChatEvent]:
        outcome = yield from self._catch_up(conversation, history, params)
        if isinstance(outcome, Ending):
            yield from self._unanswered(conversation, user, outcome, ConversationSink)
            return
        yield from self._answer(conversation, user, outcome, params)

    def _catch_up(
        self,
        conversation: Conversation,
        history: list[Turn],
        params: SamplingParams,
        tools: Sequence[ToolSpec] = (),
        choice: ToolChoice | None = None,
    ) -> Generator[ChatEvent, None, PromptPlan | Ending]:
        """The summaries the chat needs before its prompt fits (policy "summary"), then its
        plan; or how the turn ends when a summary was stopped or failed."""

        def plan_now() -> PromptPlan:
            request = self._request(conversation, history, params, tools, choice)
            return self.pipeline.plan(self.engine, request)

        stop = lambda: self._stop_requested  # noqa: E731 - read at each token
        return (
            yield from self._memory.catch_up(
                self.engine, conversation.id, history, plan_now, params, stop
            )
        )

    def _unanswered(
        self,
        conversation: Conversation,
        parent: Message,
        ending: Ending,
        kind: type[ConversationSink],
    ) -> Iterator[ChatEvent]:
        """The answer of a turn whose summary was stopped or failed: empty, ended as that
        summary ended (the person's message stays, as under any stopped answer)."""
        sink = self._open_answer(conversation, parent, kind)
        try:
            yield from sink.started(ending.plan)
            yield from sink.finished(
                Ending(ending.status, ending.finish_reason, "", ending.plan, None, ending.note)
            )
        finally:
            self._answers.close(sink)

    def _ask_with_tools(
        self,
        conversation: Conversation,
        parent_id: int | None,
        text: str,
        params: SamplingParams,
        tools: _Tools,
    ) -> Iterator[ChatEvent]:
        """The user message answered with the chat's tools on offer (a generator: listing
        the servers' tools, which may start them, runs on the thread reading the events)."""
        toolset = self._toolset(conversation)
        history = [*turns_of(self._messages.path_to(parent_id)), Turn("user", text)]
        mode = tools.choice if toolset.specs else "auto"
        choice = ToolChoice(mode, parallel=self.parallel_tool_calls)
        request = self._request(conversation, history, params, toolset.specs, choice)
        self.pipeline.plan(self.engine, request)  # refuse before saving anything
        user = self._messages.add(conversation.id, "user", text, parent_id=parent_id)
        if not conversation.title:
            self._conversations.update(conversation.id, title=title_of(text))
        yield from self._loop(conversation, user, params, tools, toolset)

    def _with_tools(
        self, conversation: Conversation, user: Message, params: SamplingParams, tools: _Tools
    ) -> Iterator[ChatEvent]:
        yield from self._loop(conversation, user, params, tools, self._toolset(conversation))

    def _toolset(self, conversation: Conversation) -> McpToolset:
        if self.mcp_hub is None:
            raise DeskchatError(Sentence("This copy of deskchat was started without tools."))
        stop = lambda: self._stop_requested  # noqa: E731 - read at each poll
        return self.mcp_hub().toolset(conversation.tool_servers, stop_requested=stop)

    def _loop(
        self,
        conversation: Conversation,
        user: Message,
        params: SamplingParams,
        tools: _Tools,
        toolset: McpToolset,
    ) -> Iterator[ChatEvent]:
        run = ToolRun(
            toolset,
            approve=tools.approve,
            first_choice=tools.choice,
            max_calls=self.max_tool_calls,
            timeout=self.tool_call_timeout_s,
            parallel=self.parallel_tool_calls,
        )
        steps = _Steps(self, conversation.id, params)
        loop = AgentLoop(
            steps, self._messages, self._conversations, run, lambda: self._stop_requested
        )
        yield from loop.answer(user)

    def _step(
        self,
        conversation_id: int,
        parent: Message,
        params: SamplingParams,
        tools: Sequence[ToolSpec],
        choice: ToolChoice,
    ) -> Iterator[ChatEvent]:
        """One answer of the agent loop, to the branch ending at ``parent``."""
        conversation = self._conversations.get(conversation_id)
        history = turns_of(self._messages.path_to(parent.id))
        request = self._request(conversation, history, params, tools, choice)
        plan = self.pipeline.plan(self.engine, request)
        if plan.summary_due:
            outcome = yield from self._catch_up(conversation, history, params, tools, choice)
            if isinstance(outcome, Ending):
                yield from self._unanswered(conversation, parent, outcome, ToolConversationSink)
                return
            plan = outcome
        use = self.pipeline.tools(self.engine, request)
        final = self.pipeline.final_sampling(plan, params, tools=use)
        sink = self._open_answer(conversation, parent, ToolConversationSink)
        self.documents.record(sink.answer.id, plan)
        try:
            yield from self.pipeline.stream(
                self.engine,
                plan,
                final,
                sink,
                stop_requested=lambda: self._stop_requested,
                tools=use,
            )
        finally:
            self._answers.close(sink)

    def _answer(
        self,
        conversation: Conversation,
        user: Message,
        plan: PromptPlan,
        params: SamplingParams,
    ) -> Iterator[ChatEvent]:
        sink = self._open_answer(conversation, user, ConversationSink)
        self.documents.record(sink.answer.id, plan)
        return self._stream(sink, plan, self.pipeline.final_sampling(plan, params))

    def _open_answer(
        self, conversation: Conversation, parent: Message, kind: type[ConversationSink]
    ) -> ConversationSink:
        """The answer's row (streaming) under ``parent``, and the sink that saves it."""
        model = self.engine.model
        if conversation.model_path is None and model is not None:
            self._conversations.update(conversation.id, model_path=model.path)
        persona = self.persona_of(conversation)
        return self._answers.open(
            conversation.id,
            parent.id,
            kind,
            model=model.name if model else None,
            persona=persona.name if persona else None,
        )

    def _stream(
        self, sink: ConversationSink, plan: PromptPlan, params: SamplingParams
    ) -> Iterator[ChatEvent]:
        try:
            yield from self.pipeline.stream(
                self.engine, plan, params, sink, stop_requested=lambda: self._stop_requested
            )
        finally:
            self._answers.close(sink)


@dataclass(frozen=True)
class _Tools:
    """How one message of the person's may use tools (in a chat with tool servers)."""

    approve: Approve | None
    choice: Literal["auto", "required"]


class _Steps:
    """The agent loop's answers, streamed by the session."""

    def __init__(self, session: ChatSession, conversation_id: int, params: SamplingParams):
        self._session = session
        self._conversation_id = conversation_id
        self._params = params

    def step(
        self, parent: Message, tools: Sequence[ToolSpec], choice: ToolChoice
    ) -> Iterator[ChatEvent]:
        return self._session._step(self._conversation_id, parent, self._params, tools, choice)
