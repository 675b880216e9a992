"""Sentences the core hands a person, kept translatable: an English template with named
fields (numbers, names, other sentences), worded by whichever face shows it.

``str(Sentence(...))`` is the English sentence the CLI prints and the history stores; the
window looks the template up in its translation catalogue (context "core") and fills in
the same fields. Templates are string literals so that the catalogue can be extracted from
the source (``packaging/update_translations.py``). Field formatting, in every language:
an int without a format spec gets thousands separators (``12,345``); a spec such as
``{rate:.1f}`` works as in ``str.format``; a Sentence field is worded like its parent.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Translate = Callable[[str], str]


class Sentence:
    """An English template with named fields; ``str()`` is the English sentence.

    Plain data (a string and a dict of built-in values or sentences): it pickles, so it
    can cross the engine's pipe, and it compares by value."""

    __slots__ = ("fields", "template")

    def __init__(self, template: str, /, **fields: str | int | float | Sentence) -> None:
        self.template = template
        self.fields: dict[str, str | int | float | Sentence] = fields

    def __str__(self) -> str:
        return _fill(self.template, self.fields, None)

    def worded(self, translate: Translate) -> str:
        """The sentence in another language: ``translate`` maps an English template to its
        translation (nested sentences go through it too). A translation whose fields do not
        match the template's falls back to English rather than fail."""
        try:
            return _fill(translate(self.template), self.fields, translate)
        except (KeyError, IndexError, ValueError):
            return _fill(self.template, self.fields, translate)

    def __repr__(self) -> str:
        fields = "".join(f", {k}={v!r}" for k, v in self.fields.items())
        return f"Sentence({self.template!r}{fields})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sentence):
            return NotImplemented
        return self.template == other.template and self.fields == other.fields

    def __hash__(self) -> int:
        return hash(self.template)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, self.fields))


def _rebuild(template: str, fields: dict[str, str | int | float | Sentence]) -> Sentence:
    return Sentence(template, **fields)


class Shown(str):
    """A field read back from a sentence already worded: its text stands as it is,
    whatever format spec the template gives the field."""

    __slots__ = ()

    def __format__(self, spec: str) -> str:
        return str(self)


class _Filler(string.Formatter):
    def __init__(self, translate: Translate | None) -> None:
        super().__init__()
        self.translate = translate

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Sentence):
            return str(value) if self.translate is None else value.worded(self.translate)
        if not format_spec and isinstance(value, int) and not isinstance(value, bool):
            return f"{value:,}"
        return format(value, format_spec)


def _fill(template: str, fields: Mapping[str, object], translate: Translate | None) -> str:
    return _Filler(translate).vformat(template, (), fields)


def field_names(template: str) -> list[str]:
    """The fields a template names, in order (a repeated one once)."""
    names: list[str] = []
    for _literal, name, _spec, _conversion in string.Formatter().parse(template):
        if name is not None and name not in names:
            names.append(name)
    return names


# Where one sentence ends and the next begins; a field read back never spans one (it may
# end with one, as "{error} Your chat is saved." does after its first sentence).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WITHIN = r"(?:(?![.!?]\s+[A-Z]).)*?[.!?]?"


class Reader:
    """Reads English text back into a Sentence of known templates: for sentences that were
    stored or passed on as plain text (an answer's error in the history database)."""

    def __init__(self, templates: Iterable[str]) -> None:
        # the most literal text first: a longer template is the more specific match
        # (a template of fields alone would read any text, so it is never read back)
        ordered = sorted(
            (t for t in set(templates) if _literal(t).strip()), key=lambda t: -len(_literal(t))
        )
        self._patterns = [(t, re.compile(_pattern(t), re.DOTALL)) for t in ordered]

    def read(self, text: str) -> Sentence | None:
        for template, pattern in self._patterns:
            found = pattern.fullmatch(text)
            if found is not None:
                fields = {k: self._field(v) for k, v in found.groupdict().items()}
                return Sentence(template, **fields)
        return None

    def read_all(self, text: str) -> list[Sentence | str]:
        """``text`` as one sentence, or else sentence by sentence: each one read back, or
        kept as it is when no template fits it."""
        whole = self.read(text)
        if whole is not None:
            return [whole]
        return [self.read(part) or part for part in _SENTENCE_END.split(text)]

    def _field(self, text: str) -> Sentence | Shown:
        """A field is a sentence of its own (what the engine was doing) or text as shown."""
        inner = self.read(text) if text else None
        return Shown(text) if inner is None else inner


def _literal(template: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(template))


def _pattern(template: str) -> str:
    parts: list[str] = []
    seen: set[str] = set()
    for literal, name, _spec, _conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is None:
            continue
        parts.append(f"(?P={name})" if name in seen else f"(?P<{name}>{_WITHIN})")
        seen.add(name)
    return "".join(parts)
