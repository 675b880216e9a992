"""`deskchat chat` (interactive) and `deskchat ask` (one question, one answer)."""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from deskchat.chat.prompt import OVERFLOW_POLICIES
from deskchat.chat.template_options import THINKING_SWITCHES, option
from deskchat.cli.options import (
    add_model_options,
    add_remote_options,
    add_sampling_options,
    add_tool_options,
    checked_load_options,
    resolve_model,
    sampling_overrides,
)
from deskchat.cli.render import print_summary, stats_line
from deskchat.cli.tool_steps import ask_at_prompt, print_step, unattended, use_tools
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.agent_loop import ChatEvent
from deskchat.services.app import AppContext, open_app
from deskchat.services.conversation_sink import AnswerDelta, AnswerFinished, ThoughtDelta
from deskchat.services.summary_memory import SummaryDelta, SummaryFinished, SummaryStarted
from deskchat.store.answer_sources import AnswerSource
from deskchat.store.records import Conversation
from deskchat.units import counted

HELP = """Commands:
  /new              start a new conversation
  /persona [NAME]   list personas, or switch this chat to NAME
  /system [TEXT]    show this chat's system prompt, or set it (/system reset: persona's)
  /prompt           show the exact prompt the model receives, with its token count
  /think [on|off]   show or switch the model's thinking (where its template has the switch)
  /effort [LEVEL]   show or set its reasoning effort: low, medium or high (gpt-oss)
  /restart          end the engine (hung or slow); the model loads again with the next message
  /exit             leave (Ctrl-D works too)
Ctrl-C stops an answer; it does not leave deskchat."""
EFFORTS = ("low", "medium", "high")


def register(sub: Any) -> None:
    chat = sub.add_parser("chat", help="chat with a model in the terminal")
    add_model_options(chat)
    add_remote_options(chat)
    add_sampling_options(chat)
    chat.add_argument("--persona", "-p", metavar="NAME", help="persona to use")
    chat.add_argument("--system", metavar="TEXT", help="this chat's own system prompt")
    chat.add_argument(
        "--continue", dest="resume", type=int, metavar="ID", help="continue conversation ID"
    )
    chat.add_argument(
        "--policy",
        choices=OVERFLOW_POLICIES,
        help="when the context is full: drop the oldest turns, refuse, or let the model "
        "summarise the oldest turns",
    )
    _add_reasoning_option(chat)
    _add_template_options(chat)
    add_tool_options(chat)
    _add_docs_option(chat)
    chat.set_defaults(handler=chat_command)

    ask = sub.add_parser("ask", help="ask one question and print the answer")
    add_model_options(ask)
    add_remote_options(ask)
    add_sampling_options(ask)
    ask.add_argument("--persona", "-p", metavar="NAME", help="persona to use")
    ask.add_argument("--system", metavar="TEXT", help="system prompt for this question")
    ask.add_argument("--policy", choices=OVERFLOW_POLICIES, help=argparse.SUPPRESS)
    ask.add_argument("question", help="the question")
    _add_reasoning_option(ask)
    _add_template_options(ask)
    add_tool_options(ask, unattended=True)
    _add_docs_option(ask)
    ask.set_defaults(handler=ask_command)


def _add_docs_option(parser: Any) -> None:
    parser.add_argument(
        "--docs",
        action="append",
        metavar="COLLECTION",
        help="answer from this document collection too (see `deskchat docs`); repeatable",
    )


def _add_reasoning_option(parser: Any) -> None:
    parser.add_argument(
        "--hide-reasoning",
        action="store_true",
        help="print a reasoning model's thinking nowhere (by default it goes to stderr, dimmed)",
    )


def _add_template_options(parser: Any) -> None:
    parser.add_argument(
        "--think",
        choices=("on", "off"),
        help="switch the model's thinking on or off (where its template has the switch)",
    )
    parser.add_argument(
        "--effort",
        choices=EFFORTS,
        help="the model's reasoning effort (where its template reads it, as gpt-oss's does)",
    )


@contextlib.contextmanager
def ctrl_c_stops(app: AppContext) -> Iterator[None]:
    """While an answer streams, Ctrl-C asks the engine to stop instead of raising."""

    def handler(_sig: int, _frame: Any) -> None:
        app.session.stop()

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def stream_answer(
    app: AppContext,
    events: Iterator[ChatEvent],
    *,
    stats_to: Any,
    show_reasoning: bool = True,
) -> AnswerFinished:
    """Print the answer as it streams to stdout; a reasoning model's thought goes to stderr,
    dimmed on a terminal (so `ask … > answer.txt` keeps the answer only), or nowhere. Tool
    calls, their results and the answers after them are printed as they come."""
    finished: AnswerFinished | None = None
    thought = _Thought(sys.stderr) if show_reasoning else None
    wrote = False
    with ctrl_c_stops(app):
        for event in events:
            if isinstance(event, AnswerDelta):
                if thought is not None:
                    thought.end()
                sys.stdout.write(event.text)
                sys.stdout.flush()
                wrote = wrote or bool(event.text)
            elif isinstance(event, ThoughtDelta) and thought is not None:
                thought.write(event.text)
            elif isinstance(event, AnswerFinished):
                finished = event
                if event.message.calls and wrote:  # the calls and the next answer follow
                    sys.stdout.write("\n")
                wrote = False
            elif isinstance(event, SummaryStarted | SummaryDelta | SummaryFinished):
                print_summary(event, stats_to)
            else:
                print_step(event)
    assert finished is not None
    if thought is not None:
        thought.end()
    sys.stdout.write("\n")
    message = finished.message
    if message.status in ("interrupted", "error") and message.error:
        print(f"deskchat: {message.error}", file=sys.stderr)
    print_sources(app.session.documents.sources_of(message.id), stats_to)
    print(f"[{stats_line(finished)}]", file=stats_to)
    return finished


def print_sources(sources: Sequence[AnswerSource], out: Any) -> None:
    """The passages the answer was given, numbered as the model saw them, and how many
    more were found but left out for room."""
    given = [s for s in sources if s.given]
    if given:
        print("Sources:", file=out)
    for s in given:
        pin = " (pinned)" if s.pinned else ""
        print(f"  [{s.ordinal}] {s.name} · {s.location.describe()}{pin}", file=out)
    left_out = len(sources) - len(given)
    if left_out:
        more = counted(left_out, "more passage", "more passages")
        print(f"  ({more} left out for room)", file=out)


class _Thought:
    """A thought printed as it streams: dimmed on a terminal, ended by a newline."""

    DIM, RESET = "\x1b[2m", "\x1b[0m"

    def __init__(self, out: Any) -> None:
        self._out = out
        self._open = False
        self._dim = bool(getattr(out, "isatty", lambda: False)())

    def write(self, text: str) -> None:
        if not self._open:
            self._open = True
            self._out.write(self.DIM if self._dim else "")
        self._out.write(text)
        self._out.flush()

    def end(self) -> None:
        if self._open:
            self._out.write((self.RESET if self._dim else "") + "\n")
            self._out.flush()
            self._open = False


def _open(args: argparse.Namespace) -> AppContext:
    app = open_app()
    app.settings.on_unsaved = lambda why: print(f"deskchat: {why}", file=sys.stderr)
    for notice in app.notices:
        print(f"deskchat: {notice}", file=sys.stderr)
    if args.policy:
        app.session.default_policy = args.policy
    try:
        _check_names(app, args)
    except BaseException:
        app.close()
        raise
    if args.endpoint or args.remote_model:
        return _open_remote(app, args)
    path = resolve_model(args.model, app.settings.current.last_model)
    try:
        options = checked_load_options(path, app.settings.current.load, args)
    except BaseException:
        app.close()
        raise
    print(f"Loading {path} …", file=sys.stderr)
    info, meta = app.load_model(path, options)
    template = app.session.template()
    print(
        f"Loaded {info.name} ({meta.architecture}, {meta.quantization}, context {info.n_ctx:,}, "
        f"template: {template.name}) in {info.load_seconds:.1f} s.",
        file=sys.stderr,
    )
    app.settings.update(last_model=info.path)
    return app


def _check_names(app: AppContext, args: argparse.Namespace) -> None:
    """The persona and the conversation the person named must exist: one sentence now,
    not after a model took its time to load."""
    session = app.session
    resume = getattr(args, "resume", None)
    if resume is not None:  # a continued chat keeps its own persona
        session.conversation(resume)
        for name in args.docs or ():
            session.documents.documents.find_collection(name)
        return
    for name in args.docs or ():
        session.documents.documents.find_collection(name)
    persona = args.persona or app.settings.current.default_persona
    if persona:
        session.find_persona(persona)


def _open_remote(app: AppContext, args: argparse.Namespace) -> AppContext:
    """Answer with a model on a remote server; the local engine is never started."""
    if not args.endpoint:
        app.close()
        raise DeskchatError("--remote-model needs --endpoint NAME (see `deskchat endpoints list`).")
    if args.model:
        app.close()
        raise DeskchatError("Use either --model (a local GGUF) or --endpoint (a remote server).")
    try:
        engine = app.use_remote(args.endpoint, args.remote_model, context_length=args.ctx)
    except BaseException:
        app.close()
        raise
    source = {
        "server": "as the server says",
        "setting": "as you asked",
        "default": "the default; the server does not say",
    }.get(engine.context_source, engine.context_source)
    print(
        f"Using {engine.model_id} on “{engine.endpoint.name}” at {engine.base_url} "
        f"(context {engine.model.n_ctx:,}, {source}; token counts are estimates unless the "
        "server reports them).",
        file=sys.stderr,
    )
    return app


def _resume_with(
    app: AppContext, conversation: Conversation, args: argparse.Namespace
) -> Conversation:
    """A continued chat with the tools, documents and template options asked for now."""
    if args.tools is not None:
        use_tools(app.session, conversation.id, args.tools)
    for name in args.docs or ():
        app.session.documents.turn_on(conversation.id, name)
    return _apply_template_flags(app, conversation, args)


def _start_conversation(app: AppContext, args: argparse.Namespace) -> Conversation:
    session = app.session
    persona = (
        session.find_persona(args.persona or app.settings.current.default_persona)
        if (args.persona or app.settings.current.default_persona)
        else None
    )
    conversation = session.new_conversation(persona)
    if args.system is not None:
        conversation = session.set_system_prompt(conversation.id, args.system)
    if args.tools is not None:
        use_tools(session, conversation.id, args.tools)
    for name in args.docs or ():
        session.documents.turn_on(conversation.id, name)
    return _apply_template_flags(app, conversation, args)


def _apply_template_flags(
    app: AppContext, conversation: Conversation, args: argparse.Namespace
) -> Conversation:
    """--think and --effort for this chat; a model whose template has no such option
    answers anyway, after one sentence saying so."""
    try:
        if args.think:
            conversation = _set_thinking(app, conversation, args.think == "on")
        if args.effort:
            conversation = _set_effort(app, conversation, args.effort)
    except DeskchatError as exc:
        print(f"deskchat: {exc}", file=sys.stderr)
    return conversation


def _offered(app: AppContext) -> set[str]:
    return {o.name for o in app.session.offered_options()}


def _thinking_switch(app: AppContext) -> str:
    """The variable the model's template reads as its thinking switch."""
    offered = _offered(app)
    name = next((n for n in THINKING_SWITCHES if n in offered), None)
    if name is None:
        raise DeskchatError(Sentence("This model's template has no thinking switch."))
    return name


def _set_thinking(app: AppContext, conversation: Conversation, on: bool) -> Conversation:
    return app.session.set_template_option(conversation.id, _thinking_switch(app), on)


def _set_effort(app: AppContext, conversation: Conversation, level: str) -> Conversation:
    if "reasoning_effort" not in _offered(app):
        raise DeskchatError(Sentence("This model's template has no reasoning effort setting."))
    return app.session.set_template_option(conversation.id, "reasoning_effort", level)


def _template_command(
    app: AppContext, conversation: Conversation, name: str, rest: str
) -> Conversation | None:
    """/think and /effort: show or set this chat's option; None for any other command."""
    if name not in ("/think", "/effort"):
        return None
    thinking = name == "/think"
    words = ("on", "off") if thinking else EFFORTS
    variable = _thinking_switch(app) if thinking else "reasoning_effort"
    if not thinking and variable not in _offered(app):
        raise DeskchatError(Sentence("This model's template has no reasoning effort setting."))
    if rest and rest not in words:
        print(f"Use {name} " + " or ".join(words) + ".")
        return conversation
    if rest:
        value: bool | str = rest == "on" if thinking else rest
        conversation = app.session.set_template_option(conversation.id, variable, value)
    current = app.session.template_options(conversation).get(variable, option(variable).default)
    if thinking:
        print(f"Thinking is {'on' if current else 'off'}.")
    else:
        print(f"Reasoning effort: {current}.")
    return conversation


def ask_command(args: argparse.Namespace) -> int:
    app = _open(args)
    try:
        conversation = _start_conversation(app, args)
        events = app.session.send(
            conversation.id,
            args.question,
            approve=unattended(args.allow_tools),
            tool_choice=args.tool_choice,
            **sampling_overrides(args),
        )
        finished = stream_answer(
            app, events, stats_to=sys.stderr, show_reasoning=not args.hide_reasoning
        )
        return 0 if finished.message.status == "complete" else 1
    finally:
        app.close()


def chat_command(args: argparse.Namespace) -> int:
    app = _open(args)
    try:
        return _repl(app, args)
    finally:
        app.close()


def _repl(app: AppContext, args: argparse.Namespace) -> int:
    session = app.session
    overrides = sampling_overrides(args)
    if args.resume is not None:
        conversation = session.conversation(args.resume)
        for m in session.branch(conversation)[-6:]:
            who = {"user": "You", "tool": f"Tool {m.tool_name}"}.get(m.role, "Assistant")
            print(f"{who}: {m.content}")
        conversation = _resume_with(app, conversation, args)
    else:
        conversation = _start_conversation(app, args)
    persona = session.persona_of(conversation)
    print(
        f"Conversation {conversation.id} · persona: {persona.name if persona else 'none'} "
        "· /help for commands"
    )
    while True:
        try:
            line = input("> ")
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print("\n(Ctrl-C stops an answer; type /exit or press Ctrl-D to leave.)")
            continue
        text = line.strip()
        if not text:
            continue
        try:
            if text.startswith("/"):
                result = _command(app, conversation, text)
                if result is None:
                    return 0
                conversation = result
                continue
            events = session.send(
                conversation.id,
                line,
                approve=ask_at_prompt(),
                tool_choice=args.tool_choice,
                **overrides,
            )
            stream_answer(app, events, stats_to=sys.stdout, show_reasoning=not args.hide_reasoning)
            conversation = session.conversation(conversation.id)
        except DeskchatError as exc:
            print(f"deskchat: {exc}", file=sys.stderr)
        except KeyboardInterrupt:  # Ctrl-C before the answer began streaming
            print("\n(stopped)")


def _plain_command(app: AppContext, name: str) -> bool:
    """/help and /restart, which need no conversation; False for any other name."""
    if name == "/help":
        print(HELP)
    elif name == "/restart":
        app.restart_engine()
        print("The engine was ended; it starts again, with the model, for the next message.")
    else:
        return False
    return True


def _persona_command(app: AppContext, conversation: Conversation, rest: str) -> Conversation:
    """/persona: list them, or switch this chat to the one named."""
    session = app.session
    if not rest:
        current = conversation.persona_id
        for p in session.list_personas():
            mark = "*" if p.id == current else " "
            print(f"{mark} {p.name} / {p.name_zh}: {p.description}")
        return conversation
    persona = session.find_persona(rest)
    conversation = session.set_persona(conversation.id, persona.id)
    print(f"Persona: {persona.name}.")
    return conversation


def _command(app: AppContext, conversation: Conversation, text: str) -> Conversation | None:
    """Run a /command; the conversation to continue with, or None to leave."""
    session = app.session
    name, _, rest = text.partition(" ")
    rest = rest.strip()
    if name in ("/exit", "/quit"):
        return None
    if _plain_command(app, name):
        pass
    elif name == "/new":
        conversation = session.new_conversation(session.persona_of(conversation))
        print(f"New conversation {conversation.id}.")
    elif name == "/persona":
        conversation = _persona_command(app, conversation, rest)
    elif name == "/system":
        if not rest:
            print(session.system_prompt_of(conversation) or "(no system prompt)")
        else:
            value = None if rest == "reset" else rest
            conversation = session.set_system_prompt(conversation.id, value)
            print(
                "System prompt reset to the persona's." if value is None else "System prompt set."
            )
    elif name == "/prompt":
        plan = session.preview(conversation.id)
        print(plan.text)
        about = "about " if plan.estimated else ""
        print(
            f"[{about}{plan.prompt_tokens:,} tokens with the template '{plan.template_name}'; "
            f"{plan.available:,} of {plan.n_ctx:,} left; "
            f"{counted(len(plan.dropped), 'message', 'messages')} outside the window]"
        )
    elif (changed := _template_command(app, conversation, name, rest)) is not None:
        conversation = changed
    else:
        print(f"Unknown command {name}. {HELP}")
    return conversation
