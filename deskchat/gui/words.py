"""The core's sentences in the reader's language.

The core speaks in ``Sentence`` values (an English template with fields); the window looks
each template up in the Qt catalogue under the context ``core`` and fills in the fields.
Text that arrives as plain English (an answer's error read back from the history database,
a sentence that crossed a thread as a string) is read back against the catalogue's
templates first, so it is translated too. Anything else is shown as it is."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import QCoreApplication

from deskchat import paths
from deskchat.errors import DeskchatError
from deskchat.sentences import Reader, Sentence

CONTEXT = "core"  # the catalogue's context for every core template
CATALOGUE = "deskchat_zh_CN.ts"  # lists the core templates (any language's file would do)


def translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def say(said: Exception | Sentence | str) -> str:
    """What the core said (an error, a sentence, or English text), worded for the reader."""
    sentence: Sentence | None
    if isinstance(said, Sentence):
        sentence = said
    elif isinstance(said, DeskchatError) and said.sentence is not None:
        sentence = said.sentence
    else:
        sentence = _reader().read(str(said))
    if sentence is None:
        return str(said)
    return sentence.worded(translate)


@cache
def _reader() -> Reader:
    return Reader(core_templates())


def core_templates() -> list[str]:
    """Every core template the catalogue holds."""
    ts = paths.resources_dir() / "translations" / CATALOGUE
    if not ts.exists():
        return []
    root = ET.parse(ts).getroot()  # noqa: S314 - the app's own file, shipped with it
    return [
        message.findtext("source") or ""
        for context in root.iter("context")
        if context.findtext("name") == CONTEXT
        for message in context.iter("message")
    ]
