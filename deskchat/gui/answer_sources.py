"""An answer's sources under it: one chip per passage, numbered as the model saw them (file
and where in it; the passage itself on hover), the ones given to the model apart from
those found but left out for room, pinned ones marked. A click opens the passage, where the
person can pin it to the chat (always given), exclude it (never given) and regenerate."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui import icons
from deskchat.gui.flow_layout import FlowLayout
from deskchat.gui.words import say
from deskchat.store.answer_sources import AnswerSource, PassageChoice

TIP_CHARS = 600  # the passage shown on hover, at most


def source_label(source: AnswerSource) -> str:
    return f"{source.ordinal} · {source.name} · {say(source.location.describe())}"


def _tip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= TIP_CHARS else flat[: TIP_CHARS - 1] + "…"


class SourcesRow(QFrame):
    """The sources of the answer ``answer_id``; ``opened(source)`` when one is clicked."""

    opened = Signal(object)  # AnswerSource

    def __init__(self, answer_id: int, sources: Sequence[AnswerSource]) -> None:
        super().__init__()
        self.setObjectName("answerSources")
        self.answer_id = answer_id
        self.sources = list(sources)
        layout = FlowLayout(self, spacing=4, line_spacing=4)
        layout.setContentsMargins(0, 0, 0, 4)
        heading = QLabel(self.tr("Sources"))
        heading.setObjectName("sourcesHeading")
        layout.addWidget(heading)
        self.chips: list[QPushButton] = []
        for source in self.sources:
            chip = QPushButton(source_label(source))
            chip.setObjectName("sourceChip" if source.given else "sourceLeftOut")
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setFlat(True)
            if source.pinned:
                icons.attach(chip, "pin")
            note = "" if source.given else self.tr("Found, but left out: no room in the context.")
            chip.setToolTip("\n\n".join(t for t in (_tip(source.text), note) if t))
            chip.setAccessibleName(source_label(source))
            chip.clicked.connect(lambda _=False, s=source: self.opened.emit(s))
            layout.addWidget(chip)
            self.chips.append(chip)


class PassageDialog(QDialog):
    """One passage in full, with what the person can do with it in this chat.
    ``chosen(choice)``: pinned, excluded, or None (as retrieval finds it);
    ``regenerate()``: answer again with the chat's passages as they now are."""

    chosen = Signal(object)  # PassageChoice | None
    regenerate = Signal()

    def __init__(
        self,
        source: AnswerSource,
        choice: PassageChoice | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.setWindowTitle(source.name)
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        where = QLabel(f"{source.path} · {say(source.location.describe())}")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        given = QLabel(
            self.tr("The model was given this passage.")
            if source.given
            else self.tr("Found, but left out of the prompt: there was no room in the context.")
        )
        given.setObjectName("explanation")
        given.setWordWrap(True)
        layout.addWidget(given)
        self.text = QPlainTextEdit(source.text)
        self.text.setReadOnly(True)
        layout.addWidget(self.text, 1)
        self.state = QLabel()
        self.state.setObjectName("explanation")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        row = QHBoxLayout()
        self.pin_button = QPushButton(self.tr("Pin to this chat"))
        self.pin_button.setToolTip(self.tr("Give the model this passage with every message"))
        self.exclude_button = QPushButton(self.tr("Exclude from this chat"))
        self.exclude_button.setToolTip(self.tr("Never give the model this passage in this chat"))
        self.clear_button = QPushButton(self.tr("As found"))
        self.clear_button.setToolTip(self.tr("Give it when it is among the best for a message"))
        self.regenerate_button = QPushButton(self.tr("Regenerate"))
        self.regenerate_button.setToolTip(
            self.tr("Answer again, with the passages as they are now")
        )
        for button in (self.pin_button, self.exclude_button, self.clear_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.regenerate_button)
        layout.addLayout(row)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self.pin_button.clicked.connect(lambda: self._choose("pinned"))
        self.exclude_button.clicked.connect(lambda: self._choose("excluded"))
        self.clear_button.clicked.connect(lambda: self._choose(None))
        self.regenerate_button.clicked.connect(self._regenerate)
        self.show_choice(choice)

    def show_choice(self, choice: PassageChoice | None) -> None:
        linked = self.source.chunk_id is not None
        for button in (self.pin_button, self.exclude_button, self.clear_button):
            button.setEnabled(linked)
        self.pin_button.setEnabled(linked and choice != "pinned")
        self.exclude_button.setEnabled(linked and choice != "excluded")
        self.clear_button.setEnabled(linked and choice is not None)
        if not linked:
            text = self.tr("The document was removed or changed since; this copy is kept.")
        elif choice == "pinned":
            text = self.tr("Pinned: every message in this chat gets this passage.")
        elif choice == "excluded":
            text = self.tr("Excluded: no message in this chat gets this passage.")
        else:
            text = self.tr("Given when it is among the best passages for a message.")
        self.state.setText(text)

    def _choose(self, choice: PassageChoice | None) -> None:
        self.show_choice(choice)
        self.chosen.emit(choice)

    def _regenerate(self) -> None:
        self.regenerate.emit()
        self.accept()
