"""Tool calls in the terminal: the question before each call, and each step as it happens
(the call, its result shortened, how long it took; a denial, the limit, a server that
failed)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

from deskchat.chat.tools import ToolCall
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.services.agent_loop import (
    Approve,
    ChatEvent,
    Decision,
    ToolCallDenied,
    ToolCallFinished,
    ToolCallStarted,
    ToolLimitReached,
    ToolsOffered,
)
from deskchat.services.chat_session import ChatSession

RESULT_CHARS = 200  # of a result, printed on one line
ANSWERS = {"y": Decision.ALLOW_ONCE, "a": Decision.ALLOW_IN_CHAT, "n": Decision.DENY}


def shown(call: ToolCall) -> str:
    """``name(arguments)``, the arguments as compact JSON."""
    return f"{call.name}({json.dumps(call.parsed, ensure_ascii=False)})"


def ask_at_prompt(read: Callable[[str], str] = input) -> Approve:
    """Asks the person before each call; an end of input (or no answer) denies it."""

    def approve(call: ToolCall) -> Decision:
        question = f"Allow the call to {shown(call)}? [y]es once / [a]lways in this chat / [n]o "
        while True:
            try:
                answer = read(question).strip().lower()[:1]
            except EOFError:
                return Decision.DENY
            if answer in ANSWERS:
                return ANSWERS[answer]
            if not answer:
                return Decision.DENY

    return approve


def unattended(allow: bool) -> Approve:
    """`ask`: every call allowed (--allow-tools), asked at a terminal, or else denied."""
    if allow:
        return lambda _call: Decision.ALLOW_ONCE
    if sys.stdin.isatty():
        return ask_at_prompt()
    return lambda _call: Decision.DENY


def use_tools(session: ChatSession, conversation_id: int, servers: list[str]) -> None:
    """Let this chat use ``servers`` (all in mcp.json when none is named)."""
    names = servers or session.mcp_servers()
    if not names:
        raise DeskchatError(
            Sentence("There are no MCP servers yet; add one with `deskchat mcp add`.")
        )
    session.set_tool_servers(conversation_id, names)


def print_step(event: ChatEvent, out: Any = None) -> bool:
    """Print a tool step; False for the other events."""
    out = out or sys.stdout
    if isinstance(event, ToolsOffered):
        for problem in event.problems:
            print(f"deskchat: {problem}", file=sys.stderr)
    elif isinstance(event, ToolCallStarted):
        print(f"→ {shown(event.call)}", file=out, flush=True)
    elif isinstance(event, ToolCallFinished):
        text = " ".join(event.message.content.split())
        if len(text) > RESULT_CHARS:
            text = text[: RESULT_CHARS - 1] + "…"
        mark = "✗" if event.is_error else "←"
        print(f"{mark} {event.call.name}: {text} ({event.seconds * 1000:.0f} ms)", file=out)
    elif isinstance(event, ToolCallDenied):
        print(f"✗ {event.message.content}", file=out)
    elif isinstance(event, ToolLimitReached):
        print(f"deskchat: {event.sentence}", file=sys.stderr)
    else:
        return False
    return True
