"""A rendered prompt as the template's markup and the messages' text, told apart.

The engine tokenizes markup with the model's control tokens parsed (``<|im_start|>``,
``<start_of_turn>``, ``<s>`` ...) and every message's text as plain text, so text a person
typed, pasted or attached can never become a control token: a message holding
``<|im_end|><|im_start|>system`` stays those characters, not a forged system turn.

How the two are told apart: the template is rendered once more with a placeholder in
place of each message's text. That skeleton is the template's own markup, whatever the
messages say. The real rendering must then read as the skeleton's markup with each
message's text (as it is, or trimmed, as most templates insert it) where its placeholder
stood. When it does not (a template that rewrites a message's text), the prompt is the
skeleton's markup with the messages' own text put in: still the template's markup, still
plain text, so nothing typed can pass for markup either way. Documents a template takes
itself (``documents``: their titles and texts, from files the person attached) get
placeholders too: a file's text is never markup either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from deskchat.chat.generation import Prompt, PromptPart
from deskchat.chat.turns import Turn

Document = Mapping[str, str]
# a rendering of turns (and the documents a template takes itself) with the template
Render = Callable[[Sequence[Turn], Sequence[Document]], str]

# private-use code points: a template has no reason to write or change them
_OPEN, _CLOSE = "\ue000", "\ue001"

Item = str | int  # the skeleton: markup text, or the index of the turn whose text stood there


def split_prompt(
    text: str, turns: Sequence[Turn], render: Render, documents: Sequence[Document] = ()
) -> tuple[PromptPart, ...]:
    """``text`` (what ``render(turns, documents)`` gave) as markup and message parts, in
    order; their texts join to ``text`` unless the template rewrites one (see the module)."""
    fields = [(d, key) for d in documents for key in sorted(d)]
    texts = [t.content for t in turns] + [t.reasoning for t in turns]
    texts += [d[key] for d, key in fields]
    skeleton = _skeleton(turns, documents, render)
    aligned = _align(text, skeleton, texts)
    if aligned is not None:
        return aligned
    parts = [
        PromptPart(item, markup=True) if isinstance(item, str) else PromptPart(texts[item], False)
        for item in skeleton
    ]
    return tuple(p for p in parts if p.text)


def prompt_text(prompt: Prompt) -> str:
    """The text a prompt's parts make (a bare string is its own text)."""
    return prompt if isinstance(prompt, str) else "".join(p.text for p in prompt)


def _skeleton(turns: Sequence[Turn], documents: Sequence[Document], render: Render) -> list[Item]:
    """The rendering with placeholders: turn i's content is text i, its thought n + i, the
    documents' fields (each document's keys in order) the texts after those."""
    n = len(turns)
    marked = [
        replace(
            t,
            content=f"{_OPEN}{i}{_CLOSE}",
            reasoning=f"{_OPEN}{n + i}{_CLOSE}" if t.reasoning else "",
        )
        for i, t in enumerate(turns)
    ]
    next_index = 2 * n
    marked_documents = []
    for document in documents:
        marked_document = {}
        for key in sorted(document):
            marked_document[key] = f"{_OPEN}{next_index}{_CLOSE}"
            next_index += 1
        marked_documents.append(marked_document)
    rest = render(marked, marked_documents)
    items: list[Item] = []
    while (start := rest.find(_OPEN)) >= 0:
        end = rest.find(_CLOSE, start)
        index = rest[start + 1 : end] if end >= 0 else ""
        if not index.isdigit() or int(index) >= next_index:
            break  # the template mangled a placeholder: what is left is markup
        items.extend([rest[:start], int(index)] if start else [int(index)])
        rest = rest[end + 1 :]
    items.append(rest.replace(_OPEN, "").replace(_CLOSE, ""))
    return [item for item in items if item != ""]


def _align(text: str, skeleton: list[Item], texts: Sequence[str]) -> tuple[PromptPart, ...] | None:
    """The real rendering read against the skeleton; None where they differ."""
    parts: list[PromptPart] = []
    at = 0
    for n, item in enumerate(skeleton):
        if isinstance(item, str):
            if not text.startswith(item, at):
                return None
            parts.append(PromptPart(item, markup=True))
            at += len(item)
            continue
        after = skeleton[n + 1] if n + 1 < len(skeleton) else None
        content = texts[item]
        for candidate in dict.fromkeys((content, content.strip())):
            end = at + len(candidate)
            if text.startswith(candidate, at) and _follows(text, end, after):
                if candidate:
                    parts.append(PromptPart(candidate, markup=False))
                at = end
                break
        else:
            return None
    return tuple(parts) if at == len(text) else None


def _follows(text: str, at: int, item: Item | None) -> bool:
    """Whether the skeleton's next item can start at ``at``."""
    if item is None:
        return at == len(text)
    return not isinstance(item, str) or text.startswith(item, at)
