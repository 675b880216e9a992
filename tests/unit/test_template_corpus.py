"""Real chat templates rendered exactly as Hugging Face transformers renders them.

tests/data/templates/ holds templates of popular model families (sources.json says where each
came from), conversations (single turn, system, multi-turn, Chinese, few-shot, earlier
thoughts) and expected.json: every template x conversation rendered by transformers'
``render_jinja_template`` (generate_expected.py, run by hand; transformers is not a
dependency). deskchat must produce the same text, character for character.

One deliberate difference: a template that refuses a system message (Gemma 2, Mistral v0.1)
is rendered by deskchat with the system text folded into the first user message instead of
failing the chat; for those cases transformers raised, and the expected text is transformers'
rendering of the folded conversation (the case's ``folded`` records the refusal).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from deskchat.chat.templates import BUILTIN_TEMPLATES, ChatTemplate
from deskchat.chat.turns import Turn

CORPUS = Path(__file__).resolve().parents[1] / "data" / "templates"
SOURCES: dict[str, dict[str, str]] = json.loads((CORPUS / "sources.json").read_text("utf-8"))
CONVERSATIONS: dict[str, list[dict[str, str]]] = json.loads(
    (CORPUS / "conversations.json").read_text("utf-8")
)
CASES: list[dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))["cases"]


def turns(conversation: str) -> list[Turn]:
    return [
        Turn(m["role"], m["content"], reasoning=m.get("reasoning", ""))  # type: ignore[arg-type]
        for m in CONVERSATIONS[conversation]
    ]


def render(text: str, template: str, conversation: str, options: dict[str, Any]) -> str:
    tokens = SOURCES[template]
    return ChatTemplate("gguf", template, text).render(
        turns(conversation),
        bos_token=tokens["bos_token"],
        eos_token=tokens["eos_token"],
        options=options,
    )


def case_id(case: dict[str, Any]) -> str:
    options = ",".join(f"{k}={v}" for k, v in case["options"].items())
    return f"{case['template']}-{case['conversation']}" + (f"-{options}" if options else "")


def test_the_corpus_covers_every_template_and_conversation() -> None:
    rendered = {(c["template"], c["conversation"]) for c in CASES}
    assert rendered == {(t, c) for t in SOURCES for c in CONVERSATIONS}
    assert all((CORPUS / f"{name}.jinja").is_file() for name in SOURCES)
    assert all(source["source"] for source in SOURCES.values())


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_a_real_template_renders_as_transformers_renders_it(case: dict[str, Any]) -> None:
    text = (CORPUS / f"{case['template']}.jinja").read_text("utf-8")
    rendered = render(text, case["template"], case["conversation"], case["options"])
    assert rendered == case["text"]


def test_folding_is_only_where_transformers_refused_a_system_message() -> None:
    folded = {(c["template"], c["conversation"]) for c in CASES if c["folded"]}
    with_system = {n for n, c in CONVERSATIONS.items() if c[0]["role"] == "system"}
    refusing = {"gemma2", "mistral_instruct_llama_cpp", "mixtral_instruct_llama_cpp"}
    assert folded == {(t, c) for t in refusing for c in with_system}


# Each built-in fallback stands for a real template: the same conversation, the same text.
BUILTIN_STANDS_FOR = {
    "chatml": ("chatml_llama_cpp", {}),
    "llama3": ("llama3_instruct_llama_cpp", {}),
    "llama3.1": ("llama3_1", {"date_string": "02 Dec 2026"}),
    "qwen2.5": ("qwen2_5", {}),
    "gemma": ("gemma3", {}),
    "mistral": ("mixtral_instruct_llama_cpp", {}),
    "mistral-nemo": ("mistral_nemo", {}),
    "phi3": ("phi3", {}),
}


def expected(template: str, conversation: str, options: dict[str, Any]) -> str:
    for case in CASES:
        if (case["template"], case["conversation"], case["options"]) == (
            template,
            conversation,
            options,
        ):
            return str(case["text"])
    raise AssertionError(f"no expected text for {template} {conversation} {options}")


@pytest.mark.parametrize("builtin", sorted(BUILTIN_STANDS_FOR))
@pytest.mark.parametrize("conversation", sorted(CONVERSATIONS))
def test_a_builtin_fallback_writes_what_the_real_template_writes(
    builtin: str, conversation: str
) -> None:
    template, options = BUILTIN_STANDS_FOR[builtin]
    rendered = render(BUILTIN_TEMPLATES[builtin], template, conversation, options)
    assert rendered == expected(template, conversation, options)


def test_llama31_fallback_says_today_when_no_date_is_given() -> None:
    before = date.today()
    rendered = render(BUILTIN_TEMPLATES["llama3.1"], "llama3_1", "system", {})
    days = {before, date.today()}
    assert any(f"Today Date: {day:%d %b %Y}\n\n" in rendered for day in days)
    assert rendered.count("Cutting Knowledge Date: December 2023\n") == 1
