"""How full the context window is, and which messages would fall outside it."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from deskchat.chat.prompt import PromptPlan
from deskchat.services.stats import ESTIMATED


class ContextMeter(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 0, 8, 0)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.bar.setMaximumHeight(16)
        self.label = QLabel()
        self.label.setObjectName("contextLabel")
        layout.addWidget(QLabel(self.tr("Context")))
        layout.addWidget(self.bar, 1)
        layout.addWidget(self.label)
        self.clear()

    def clear(self) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("no model"))
        self.label.setText("")

    def show_plan(self, plan: PromptPlan) -> None:
        """Tokens the next request uses (prompt + room kept for the answer) of the window;
        "≈" when they are estimated (a remote server's tokenizer is not at hand)."""
        used = plan.prompt_tokens
        about = ESTIMATED if plan.estimated else ""
        self.bar.setRange(0, plan.n_ctx)
        self.bar.setValue(min(used, plan.n_ctx))
        self.bar.setFormat(f"{about}{used:,} / {plan.n_ctx:,}")
        text = self.tr("{free} tokens free").format(free=f"{about}{plan.available:,}")
        if plan.dropped:
            outside = (
                self.tr("1 earlier message outside the window")
                if len(plan.dropped) == 1
                else self.tr("{n} earlier messages outside the window")
            )
            text += " · " + outside.format(n=len(plan.dropped))
        if plan.summarised:
            summarised = (
                self.tr("1 earlier message summarised")
                if len(plan.summarised) == 1
                else self.tr("{n} earlier messages summarised")
            )
            text += " · " + summarised.format(n=len(plan.summarised))
        if plan.summary_due:
            text += " · " + self.tr("the next message summarises the oldest first")
        if plan.sources or plan.sources_left_out:
            text += " · " + self.passages(plan)
        self.label.setText(text)
        self.label.setToolTip(
            self.tr(
                "Passages from documents go with your newest message. When they do not all "
                "fit, the lowest ranked are left out before any earlier message is; the best "
                "one always stays."
            )
            if plan.sources or plan.sources_left_out
            else ""
        )

    def passages(self, plan: PromptPlan) -> str:
        """How many passages from documents the prompt holds, their tokens, and how many
        more were found but left out for room."""
        given = (
            self.tr("1 passage from documents, {t} tokens")
            if len(plan.sources) == 1
            else self.tr("{n} passages from documents, {t} tokens")
        ).format(n=len(plan.sources), t=f"{plan.source_tokens:,}")
        if plan.sources_left_out:
            given += " " + self.tr("({n} left out for room)").format(n=len(plan.sources_left_out))
        return given
