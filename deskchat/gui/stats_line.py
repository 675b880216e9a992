"""An answer's quiet line: who answered as small badges (model, persona), then its numbers
(tokens, time to first token, speed, why it ended), wrapping at any width. While the
answer streams it shows the live count and speed instead."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from deskchat.gui.flow_layout import FlowLayout
from deskchat.gui.words import say
from deskchat.services.stats import finish_sentence, token_sentences
from deskchat.store.records import Message

BADGE_MAX_PX = 220  # a long model name is elided in its badge (the tooltip has it whole)
SEPARATOR = " · "


def stats_text(m: Message) -> str:
    """'model · persona · 12 prompt + 30 completion = 42 tokens · TTFT 85 ms · 41.3 tok/s'"""
    return SEPARATOR.join([p for p in (m.model, m.persona) if p] + facts(m))


def facts(m: Message) -> list[str]:
    """The answer's numbers and why it ended, in the reader's language."""
    parts = [say(s) for s in token_sentences(m)]
    note = finish_sentence(m)
    if note is not None:
        parts.append(say(note))
    return parts


class Badge(QLabel):
    """A pill with a name in it, elided to ``BADGE_MAX_PX``."""

    def __init__(self, name: str, kind: str) -> None:
        super().__init__()
        self.setObjectName("badge")
        self.setProperty("kind", kind)
        self.full = name
        self.setToolTip(name)
        self.setAccessibleName(name)
        self.setTextFormat(Qt.TextFormat.PlainText)

    def polish_text(self) -> None:
        """Elide for the current font (after the style sheet set it)."""
        self.setText(
            self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideMiddle, BADGE_MAX_PX)
        )


class StatsLine(QWidget):
    """``text()`` reads the whole line as one string ('model · persona · numbers')."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("statsLine")
        self._flow = FlowLayout(self, spacing=6, line_spacing=4)
        self._badges: list[Badge] = []
        self._facts: list[QLabel] = []

    def text(self) -> str:
        return SEPARATOR.join([b.full for b in self._badges] + self.fact_texts())

    def show_message(self, m: Message) -> None:
        """A finished (or stored) answer: its badges and its numbers."""
        self.set_badges(m.model, m.persona)
        self.set_facts(facts(m))

    def set_badges(self, model: str | None, persona: str | None) -> None:
        wanted = [(name, kind) for name, kind in ((model, "model"), (persona, "persona")) if name]
        if [(b.full, b.property("kind")) for b in self._badges] == wanted:
            return
        for badge in self._badges:
            self._flow.removeWidget(badge)
            badge.deleteLater()
        self._badges = []
        for index, (name, kind) in enumerate(wanted):
            badge = Badge(name, kind)
            self._flow.insertWidget(index, badge)
            badge.ensurePolished()
            badge.polish_text()
            self._badges.append(badge)

    def set_facts(self, parts: list[str]) -> None:
        """The numbers, each its own piece so the line wraps between them, not inside."""
        while len(self._facts) > len(parts):
            label = self._facts.pop()
            self._flow.removeWidget(label)
            label.deleteLater()
        while len(self._facts) < len(parts):
            label = QLabel()
            label.setObjectName("messageStats")
            label.setTextFormat(Qt.TextFormat.PlainText)
            self._flow.addWidget(label)
            self._facts.append(label)
        for label, part in zip(self._facts, parts, strict=True):
            # the separator leads every piece but the first: it wraps with its number
            label.setText(part if label is self._facts[0] else f"·  {part}")
            label.setProperty("fact", part)
        self._flow.invalidate()

    def fact_texts(self) -> list[str]:
        return [str(f.property("fact")) for f in self._facts]

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return self._flow.heightForWidth(width)
