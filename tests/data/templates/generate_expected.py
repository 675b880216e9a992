"""Write expected.json: every template here rendered by Hugging Face transformers itself.

Run by hand, never in CI (transformers is not a dependency of deskchat), after adding or
changing a template or a conversation, in a virtualenv that has transformers and jinja2:

    /tmp/tf/bin/python tests/data/templates/generate_expected.py

Each template (``<name>.jinja``, listed in sources.json with where it came from and the
model's bos/eos tokens) is rendered with each conversation of conversations.json, the way
``apply_chat_template(..., add_generation_prompt=True)`` renders it: by transformers'
``render_jinja_template`` with the special tokens as keyword arguments. A message's
``reasoning`` is passed as ``reasoning_content``, as deskchat passes an earlier thought.

Where a template refuses a conversation with a system message (Gemma 2, Mistral v0.1),
deskchat deliberately renders the conversation with the system text folded into the first
user message instead (deskchat/chat/templates.py, ``_fold_system``); the expected text is then
transformers' rendering of that folded conversation, and ``folded`` records the refusal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from transformers import __version__ as transformers_version
from transformers.utils.chat_template_utils import render_jinja_template

HERE = Path(__file__).resolve().parent

# The template options a template reads, tried beside the default (no options).
OPTION_VARIANTS: dict[str, list[dict[str, Any]]] = {
    "qwen3": [{"enable_thinking": False}, {"enable_thinking": True}],
    "llama3_1": [{"date_string": "02 Dec 2026"}],
    "granite": [{"thinking": True}],
}


def as_messages(conversation: list[dict[str, str]]) -> list[dict[str, str]]:
    messages = []
    for turn in conversation:
        message = {"role": turn["role"], "content": turn["content"]}
        if turn.get("reasoning"):
            message["reasoning_content"] = turn["reasoning"]
        messages.append(message)
    return messages


def fold_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """As deskchat's _fold_system: the system texts, joined, open the first user message."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    for m in rest:
        if m["role"] == "user":
            m["content"] = f"{system}\n\n{m['content']}"
            break
    return rest


def render(template: str, messages: list[dict[str, str]], **kwargs: Any) -> str:
    rendered, _ = render_jinja_template(
        conversations=[messages], chat_template=template, add_generation_prompt=True, **kwargs
    )
    return rendered[0]


def main() -> int:
    sources = json.loads((HERE / "sources.json").read_text(encoding="utf-8"))
    conversations = json.loads((HERE / "conversations.json").read_text(encoding="utf-8"))
    cases = []
    for name, source in sources.items():
        template = (HERE / f"{name}.jinja").read_text(encoding="utf-8")
        tokens = {"bos_token": source["bos_token"], "eos_token": source["eos_token"]}
        for options in [{}, *OPTION_VARIANTS.get(name, [])]:
            for conversation_name, conversation in conversations.items():
                messages = as_messages(conversation)
                folded = None
                try:
                    text = render(template, messages, **tokens, **options)
                except Exception as exc:  # recorded, then folded as deskchat does
                    if not any(m["role"] == "system" for m in messages):
                        raise
                    folded = f"{type(exc).__name__}: {exc}"
                    text = render(template, fold_system(messages), **tokens, **options)
                cases.append(
                    {
                        "template": name,
                        "conversation": conversation_name,
                        "options": options,
                        "folded": folded,
                        "text": text,
                    }
                )
    out = {"transformers": transformers_version, "cases": cases}
    path = HERE / "expected.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(cases)} renderings by transformers {transformers_version} -> {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
