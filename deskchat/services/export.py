"""A conversation as Markdown or JSON (the branch currently shown, with stats)."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime

from deskchat.store.records import Conversation, Message


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def to_markdown(conversation: Conversation, messages: list[Message], system_prompt: str) -> str:
    lines = [f"# {conversation.title or 'Untitled chat'}", ""]
    lines.append(f"_Started {_when(conversation.created_at)}_")
    lines.append("")
    if system_prompt:
        lines += ["**System:** " + system_prompt, ""]
    for m in messages:
        if m.role == "tool":
            lines += [_result_block(m), ""]
            continue
        who = {"user": "You", "assistant": "Assistant", "system": "System"}[m.role]
        lines.append(f"## {who}")
        lines.append("")
        if m.reasoning:
            lines += [_thought_block(m), ""]
        if m.content:
            lines += [m.content, ""]
        for call in m.calls:
            lines += [f"**Tool call:** `{call.name}({call.arguments})`", ""]
        if m.role == "assistant":
            facts = [m.model or ""]
            if m.total_tokens is not None:
                facts.append(
                    ("≈" if m.tokens_estimated else "")
                    + f"{m.prompt_tokens} prompt + {m.completion_tokens} completion = "
                    f"{m.total_tokens} tokens"
                )
            if m.status != "complete":
                facts.append(m.status + (f": {m.error}" if m.error else ""))
            lines += [f"_{' · '.join(f for f in facts if f)}_", ""]
    return "\n".join(lines)


def _thought_block(m: Message) -> str:
    """A reasoning model's thought as a collapsed block above its answer."""
    took = []
    if m.reasoning_ms is not None:
        took.append(f"{m.reasoning_ms / 1000:.0f} s")
    if m.reasoning_tokens:
        took.append(f"{m.reasoning_tokens} tokens")
    summary = "Thinking" + (f" ({', '.join(took)})" if took else "")
    return f"<details>\n<summary>{summary}</summary>\n\n{m.reasoning.strip()}\n\n</details>"


def _result_block(m: Message) -> str:
    """What a tool answered, collapsed: its name, how long it took, whether it failed."""
    facts = [f"{m.tool_ms:.0f} ms"] if m.tool_ms is not None else []
    if m.tool_error:
        facts.append("failed")
    summary = f"Result of {m.tool_name or 'a tool'}" + (f" ({', '.join(facts)})" if facts else "")
    return f"<details>\n<summary>{summary}</summary>\n\n```\n{m.content}\n```\n\n</details>"


def _message_json(m: Message) -> dict[str, object]:
    """Every field, the total, and the calls as objects (OpenAI's ``tool_calls``)."""
    data: dict[str, object] = asdict(m) | {"total_tokens": m.total_tokens}
    data["tool_calls"] = json.loads(m.tool_calls) if m.tool_calls else []
    return data


def to_json(conversation: Conversation, messages: list[Message], system_prompt: str) -> str:
    return json.dumps(
        {
            "conversation": asdict(conversation),
            "system_prompt": system_prompt,
            "messages": [_message_json(m) for m in messages],
        },
        ensure_ascii=False,
        indent=2,
    )
