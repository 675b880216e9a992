"""`deskchat history list|show|search|export|recover|reset`."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from deskchat.services.app import open_database, recover_damaged_history, start_fresh_history
from deskchat.services.export import to_json, to_markdown
from deskchat.services.history_turns import system_prompt_of
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.search import search_messages


def register(sub: Any) -> None:
    history = sub.add_parser("history", help="list, show, search and export past conversations")
    actions = history.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="recent conversations")
    listing.add_argument("--limit", type=int, default=30)
    listing.set_defaults(handler=list_conversations)
    show = actions.add_parser("show", help="one conversation")
    show.add_argument("id", type=int)
    show.set_defaults(handler=show_conversation)
    search = actions.add_parser("search", help="full-text search over every message")
    search.add_argument("text")
    search.add_argument("--limit", type=int, default=20)
    search.set_defaults(handler=search_history)
    export = actions.add_parser("export", help="write a conversation as Markdown or JSON")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("md", "json"), default="md")
    export.add_argument("--output", "-o", metavar="FILE", help="default: standard output")
    export.set_defaults(handler=export_conversation)
    recover = actions.add_parser(
        "recover",
        help="copy what can be read of a damaged history into a fresh one (the old file is kept)",
    )
    recover.set_defaults(handler=recover_command)
    reset = actions.add_parser(
        "reset", help="start a fresh, empty history (the old file is kept beside it)"
    )
    reset.set_defaults(handler=reset_command)


def _when(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M")


def list_conversations(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    conversations = ConversationRepo(db).list(limit=args.limit)
    if not conversations:
        print("No conversations yet. Start one with: deskchat chat")
        return 0
    for c in conversations:
        count = db.execute(
            "SELECT count(*) FROM messages WHERE conversation_id = ?", (c.id,)
        ).fetchone()[0]
        print(f"{c.id:>6}  {_when(c.updated_at)}  {count:>4} msgs  {c.title or '(untitled)'}")
    return 0


def show_conversation(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    conversation = ConversationRepo(db).get(args.id)
    messages = MessageRepo(db).path_to(conversation.current_leaf_id)
    print(f"# {conversation.title or '(untitled)'}  (conversation {conversation.id})")
    for m in messages:
        label = {"user": "You", "assistant": "Assistant", "system": "System"}.get(
            m.role, f"Tool {m.tool_name}"
        )
        calls = "".join(f"\n→ {c.name}({c.arguments})" for c in m.calls)
        status = "" if m.status == "complete" else f"  [{m.status}]"
        print(f"\n{label} (message {m.id}){status}:\n{m.content}{calls}")
        if m.error:
            print(f"  ({m.error})")
    return 0


def search_history(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    hits = search_messages(db, args.text, limit=args.limit)
    if not hits:
        print(f"Nothing found for {args.text!r}.")
        return 0
    for h in hits:
        print(f"conversation {h.conversation_id} · message {h.message_id} · {h.role}: {h.marked()}")
    return 0


def export_conversation(args: argparse.Namespace) -> int:
    db, _ = open_database(maintain=False)
    conversation = ConversationRepo(db).get(args.id)
    messages = MessageRepo(db).path_to(conversation.current_leaf_id)
    system = system_prompt_of(conversation, PersonaRepo(db))
    render = to_json if args.format == "json" else to_markdown
    text = render(conversation, messages, system)
    if args.output:
        try:
            Path(args.output).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"deskchat: {args.output} cannot be written: {exc.strerror}.", file=sys.stderr)
            return 1
        print(f"Wrote {args.output}")
    else:
        print(text)
    return 0


def recover_command(_args: argparse.Namespace) -> int:
    print(recover_damaged_history())
    return 0


def reset_command(_args: argparse.Namespace) -> int:
    print(start_fresh_history())
    return 0
