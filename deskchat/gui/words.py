"""The core's sentences in the reader's language.

The core speaks in ``Sentence`` values (an English template with fields); the window looks
each template up in the Qt catalogue under the context ``core`` and fills in the fields.
Text that arrives as plain English (an answer's error read back from the history database,
a sentence that crossed a thread as a string) is read back against the catalogue's
templates first, so it is translated too. Anything else is shown as it is."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from deskchat import paths
from deskchat.errors import DeskchatError
from deskchat.sentences import Reader, Sentence

CONTEXT = "core"  # the catalogue's context for every core template
CATALOGUE = "deskchat_zh_CN.ts"  # lists the core templates (any language's file would do)


def translate(template: str) -> str:
    return QCoreApplication.translate(CONTEXT, template)


def say(said: Exception | Sentence | str) -> str:
    """What the core said (an error, a sentence, or English text), worded for the reader."""
    if isinstance(said, Sentence):
        return said.worded(translate)
    if isinstance(said, DeskchatError) and said.sentence is not None:
        return said.sentence.worded(translate)
    text = ""
    for part in _reader().read_all(str(said)):
        worded = part if isinstance(part, str) else part.worded(translate)
        # Chinese sentences follow each other without a space; English ones with one
        text += worded if not text or not text[-1].isascii() else f" {worded}"
    return text


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


# the templates the core names in words (a built-in's own name, "chatml", stays as it is)
TEMPLATE_NAMES = (
    QT_TRANSLATE_NOOP("TemplateName", "from the model file"),
    QT_TRANSLATE_NOOP("TemplateName", "custom"),
    QT_TRANSLATE_NOOP("TemplateName", "transcript (base model)"),
    QT_TRANSLATE_NOOP("TemplateName", "the server's own (sent as messages)"),
)


def template_name(name: str) -> str:
    """A chat template's name as the window shows it, in the reader's language."""
    return QCoreApplication.translate("TemplateName", name) if name in TEMPLATE_NAMES else name
