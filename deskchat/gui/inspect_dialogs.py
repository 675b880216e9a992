"""'Show prompt' (the exact text the model receives) and 'Tokens' (how a text splits:
its own input box, re-read as the person types, the tokens as coloured spans and a table)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import Tokens
from deskchat.chat.prompt import PromptPlan
from deskchat.chat.token_spans import TokenSpan, rows, spans, visible
from deskchat.gui import look
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.words import template_name
from deskchat.gui.workers import Job, run_call
from deskchat.services.stats import ESTIMATED


class PromptDialog(QDialog):
    def __init__(self, plan: PromptPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a remote server gets the messages (shown as [role] blocks) and counts are estimated
        remote = plan.estimated
        self.setWindowTitle(
            self.tr("Messages sent to the server")
            if remote
            else self.tr("Prompt sent to the model")
        )
        self.resize(720, 560)
        layout = QVBoxLayout(self)
        summary = self.tr(
            "{n} tokens with the template “{t}” · {free} of {ctx} left for the answer"
        ).format(
            n=f"{ESTIMATED if remote else ''}{plan.prompt_tokens:,}",
            t=template_name(plan.template_name),
            free=f"{plan.available:,}",
            ctx=f"{plan.n_ctx:,}",
        )
        dropped = len(plan.dropped)
        if dropped:
            outside = (
                self.tr("1 message outside the window")
                if dropped == 1
                else self.tr("{d} messages outside the window").format(d=f"{dropped:,}")
            )
            summary = f"{summary} · {outside}"
        if plan.summarised:
            summarised = (
                self.tr("1 message summarised")
                if len(plan.summarised) == 1
                else self.tr("{d} messages summarised").format(d=f"{len(plan.summarised):,}")
            )
            summary = f"{summary} · {summarised}"
        if plan.sources or plan.sources_left_out:
            passages = self.tr("{n} passages from documents ({t} tokens)").format(
                n=len(plan.sources), t=f"{plan.source_tokens:,}"
            )
            if plan.sources_left_out:
                passages += " · " + self.tr("{n} left out for room").format(
                    n=len(plan.sources_left_out)
                )
            summary = f"{summary} · {passages}"
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.text = QPlainTextEdit(plan.text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


# soft span backgrounds that the theme's text reads on (light, dark), cycled span by span
SPAN_COLOURS = (
    ("#cfe0fc", "#27456f"),
    ("#cdeed5", "#245236"),
    ("#fbe3ad", "#5a4514"),
    ("#f8d0dc", "#5c2646"),
    ("#ddd5fa", "#3e3880"),
)
DEBOUNCE_MS = 250  # typing pauses this long before the text is read again


class TokensDialog(QDialog):
    """How the loaded model splits a text. ``tokenize`` is the model's tokenizer (it runs
    on a worker thread, one text at a time, the latest waiting); ``text``: what the box
    starts with (the composer's text, or nothing)."""

    def __init__(
        self, tokenize: Callable[[str], Tokens], text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._tokenize = tokenize
        self._job: Job | None = None
        self._waiting = False  # the text changed while a reading was running
        self._reading = ""  # the text being read
        self._spans: list[TokenSpan] = []
        self._places: list[tuple[int, int, int]] = []  # each span's end, first row, rows
        self.setWindowTitle(self.tr("Tokens"))
        self.resize(640, 620)
        layout = QVBoxLayout(self)
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText(self.tr("Type or paste text to see how the model splits it"))
        self.input.setPlainText(text)
        self.summary = QLabel()
        self.status = SentenceLabel()
        self.status.hide()
        self.view = QTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Tokens as coloured spans"))
        font = self.view.font()
        font.setPixelSize(look.current().font_body + 3)  # the spans are what one reads here
        self.view.setFont(font)
        self.view.cursorPositionChanged.connect(self._select_rows)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Token id"), self.tr("Piece"), self.tr("Bytes")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        split = QSplitter(Qt.Orientation.Vertical)
        for stretch, part in enumerate((self.input, self.view, self.table)):
            split.addWidget(part)
            split.setStretchFactor(stretch, 2 if stretch else 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._read)
        self.input.textChanged.connect(self._timer.start)
        self._show(text, Tokens(()))
        self._read()

    def is_reading(self) -> bool:
        """Whether a text is waiting to be read or being read."""
        return self._timer.isActive() or self._job is not None

    def _read(self) -> None:
        if self._job is not None:
            self._waiting = True
            return
        text = self.input.toPlainText()
        if not text:
            self._show(text, Tokens(()))
            return
        tokenize = self._tokenize
        self._reading = text
        # bound methods, not lambdas holding the dialog: the job (its child) must never hold
        # the last reference to it
        self._job = run_call(lambda: tokenize(text), self)
        self._job.item.connect(self._read_as)
        self._job.failed.connect(self._failed)
        self._job.finished.connect(self._done)

    def _read_as(self, tokens: Tokens) -> None:
        if self._reading == self.input.toPlainText():  # else a newer text is on its way
            self.status.hide()
            self._show(self._reading, tokens)

    def _failed(self, message: str) -> None:
        self.status.say(message, problem=True)

    def _done(self) -> None:
        self._job = None
        if self._waiting:
            self._waiting = False
            self._read()

    def _show(self, text: str, tokens: Tokens) -> None:
        self.summary.setText(
            self.tr("{n} tokens · {c} characters").format(
                n=f"{len(tokens.ids):,}", c=f"{len(text):,}"
            )
        )
        self._spans = spans(tokens)
        self._paint()
        found = rows(tokens)
        self.table.setRowCount(len(found))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for row, token in enumerate(found):
            cells = (str(token.id), visible(token.piece).replace("\n", ""), token.hex)
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setFont(fixed)
                self.table.setItem(row, column, item)

    def _paint(self) -> None:
        """The spans in the text box, each on the next of the soft colours; whitespace
        marks drawn secondary, bytes that are no character in italics."""
        t = look.current()
        blocker = QSignalBlocker(self.view)  # no row selection while the view is rewritten
        self.view.clear()
        self._places = []
        row = 0
        cursor = QTextCursor(self.view.document())
        for index, span in enumerate(self._spans):
            light, dark = SPAN_COLOURS[index % len(SPAN_COLOURS)]
            ids = ", ".join(str(i) for i in span.ids)
            tip = (
                self.tr("Tokens {ids}").format(ids=ids)
                if len(span.ids) > 1
                else self.tr("Token {ids}").format(ids=ids)
            )
            for kind, text in span.runs():
                form = QTextCharFormat()
                form.setBackground(QColor(dark if t.dark else light))
                form.setForeground(QColor(t.text_secondary if kind == "mark" else t.text))
                form.setFontItalic(kind == "bytes")
                form.setToolTip(tip)
                cursor.insertText(text, form)
            self._places.append((cursor.position(), row, len(span.ids)))
            row += len(span.ids)
        self.view.moveCursor(QTextCursor.MoveOperation.Start)
        blocker.unblock()

    def _select_rows(self) -> None:
        """A click in a span selects its tokens' rows in the table."""
        at = self.view.textCursor().position()
        for end, row, count in self._places:
            if at < end:
                model = self.table.model()
                last = row + count - 1
                rows = QItemSelection(model.index(row, 0), model.index(last, 2))
                flags = QItemSelectionModel.SelectionFlag
                self.table.selectionModel().select(rows, flags.ClearAndSelect | flags.Rows)
                self.table.scrollTo(model.index(row, 0))
                return

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a theme change: the spans' colours too
            self._paint()

    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)
