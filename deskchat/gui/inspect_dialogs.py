"""'Show prompt' (the exact text the model receives) and 'Tokens' (how text splits)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.generation import Tokens
from deskchat.chat.prompt import PromptPlan
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
        self.summary = QLabel(
            self.tr(
                "{n} tokens with the template “{t}” · {free} of {ctx} left for the answer"
                " · {d} message(s) outside the window"
            ).format(
                n=f"{ESTIMATED if remote else ''}{plan.prompt_tokens:,}",
                t=plan.template_name,
                free=f"{plan.available:,}",
                ctx=f"{plan.n_ctx:,}",
                d=len(plan.dropped),
            )
        )
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.text = QPlainTextEdit(plan.text)
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class TokensDialog(QDialog):
    def __init__(self, text: str, tokens: Tokens, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tokens"))
        self.resize(560, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel(
            self.tr("{n} tokens for {c} characters").format(n=len(tokens.ids), c=len(text))
        )
        layout.addWidget(self.summary)
        self.pieces = QLabel(" | ".join(p.replace("▁", "·") for p in tokens.pieces))
        self.pieces.setWordWrap(True)
        layout.addWidget(self.pieces)
        self.table = QTableWidget(len(tokens.ids), 2)
        self.table.setHorizontalHeaderLabels([self.tr("Piece"), self.tr("Token id")])
        for row, (piece, token) in enumerate(zip(tokens.pieces, tokens.ids, strict=False)):
            self.table.setItem(row, 0, QTableWidgetItem(repr(piece)[1:-1]))
            self.table.setItem(row, 1, QTableWidgetItem(str(token)))
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
