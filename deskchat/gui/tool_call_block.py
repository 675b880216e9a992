"""One tool call inside the answer that made it: the tool's name and how the call went on a
line (waiting, running, the time it took, failed, denied), its arguments as indented JSON,
and the result, folded (a long one cut, with "Show all"). While the call waits for the
person's say, an approval bar in the block asks: Allow once, Allow in this chat, Deny (each
a button the keyboard reaches); ``decided`` carries the answer ("once", "chat", "deny")."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from deskchat.chat.tools import ToolCall
from deskchat.gui import icons
from deskchat.gui.words import say
from deskchat.services.agent_loop import denied_sentence
from deskchat.services.stats import seconds_text
from deskchat.store.records import Message

RESULT_PREVIEW_CHARS = 600  # a longer result shows its start and a "Show all" button
DECISIONS = ("once", "chat", "deny")


def pretty_arguments(arguments: str) -> str:
    """The call's JSON arguments indented; text that is not JSON as it came."""
    try:
        return json.dumps(json.loads(arguments), indent=2, ensure_ascii=False)
    except ValueError:
        return arguments


def _mono(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


class ToolCallBlock(QFrame):
    """The block of ``call``. ``ask()`` shows the approval bar; ``running()``,
    ``finished(...)`` and ``denied(...)`` follow the call; ``show_result`` shows a stored
    tool message's outcome."""

    decided = Signal(str)  # "once", "chat" or "deny"

    def __init__(self, call: ToolCall, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.call = call
        self.state = "waiting"  # waiting, asking, running, done, failed, denied
        self.result_text = ""
        self.setObjectName("toolCallBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(self.tr("Tool call {name}").format(name=call.name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        head = QHBoxLayout()
        head.setSpacing(6)
        self.icon = QToolButton()
        self.icon.setObjectName("toolCallIcon")
        self.icon.setAutoRaise(True)
        self.icon.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        icons.attach(self.icon, "code")
        head.addWidget(self.icon)
        self.name = QLabel(call.name)
        self.name.setObjectName("toolCallName")
        head.addWidget(self.name)
        self.line = QLabel()
        self.line.setObjectName("toolCallLine")
        head.addWidget(self.line, 1)
        layout.addLayout(head)
        self.arguments = _mono(pretty_arguments(call.arguments), "toolCallArguments")
        self.arguments.setAccessibleName(self.tr("Arguments"))
        layout.addWidget(self.arguments)
        layout.addWidget(self._approval_bar())
        self.result_toggle = QToolButton()
        self.result_toggle.setObjectName("toolResultToggle")
        self.result_toggle.setCheckable(True)
        self.result_toggle.setAutoRaise(True)
        self.result_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.result_toggle.setText(self.tr("Result"))
        self.result_toggle.toggled.connect(self._set_expanded)
        self.result_toggle.hide()
        layout.addWidget(self.result_toggle)
        self.result = _mono("", "toolCallResult")
        self.result.setAccessibleName(self.tr("Result"))
        self.result.hide()
        layout.addWidget(self.result)
        self.show_all = QPushButton(self.tr("Show all"))
        self.show_all.setObjectName("toolResultShowAll")
        self.show_all.clicked.connect(self._show_all)
        self.show_all.hide()
        layout.addWidget(self.show_all, 0, Qt.AlignmentFlag.AlignLeft)
        self._set_line(self.tr("waiting"))
        self._set_expanded(False)

    def _approval_bar(self) -> QWidget:
        self.approval = QFrame()
        self.approval.setObjectName("toolApproval")
        row = QHBoxLayout(self.approval)
        row.setContentsMargins(0, 2, 0, 2)
        question = QLabel(self.tr("Run this tool?"))
        row.addWidget(question)
        row.addStretch(1)
        self.allow_once = QPushButton(self.tr("Allow once"))
        self.allow_in_chat = QPushButton(self.tr("Allow in this chat"))
        self.allow_in_chat.setToolTip(
            self.tr("Run this tool in this chat from now on without asking.")
        )
        self.deny = QPushButton(self.tr("Deny"))
        self.deny.setObjectName("toolDeny")
        self.deny.setToolTip(self.tr("Do not run it; the model is told it was denied."))
        for button, decision in zip(
            (self.allow_once, self.allow_in_chat, self.deny), DECISIONS, strict=True
        ):
            button.setAccessibleName(
                f"{button.text()}: {self.call.name}"  # which call the button answers
            )
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.clicked.connect(lambda _=False, d=decision: self._decide(d))
            row.addWidget(button)
        self.approval.hide()
        return self.approval

    # -- the call's course ---------------------------------------------------------------------

    def ask(self) -> None:
        """The call waits for the person: the bar asks, the keyboard lands on Allow once."""
        self.state = "asking"
        self._set_line(self.tr("asks to run"))
        self.approval.show()
        self.allow_once.setFocus()

    def is_asking(self) -> bool:
        return self.state == "asking"

    def _decide(self, decision: str) -> None:
        if self.state != "asking":
            return
        self.approval.hide()
        self.state = "waiting"
        if decision == "deny":
            self._set_line(self.tr("denied"), problem=True)
        self.decided.emit(decision)

    def cancel_question(self) -> None:
        """Stop came while the bar asked: it goes, and the call is not run."""
        if self.state == "asking":
            self.approval.hide()
            self.state = "waiting"
            self._set_line(self.tr("stopped"), problem=True)

    def running(self) -> None:
        self.state = "running"
        self.approval.hide()
        self._set_line(self.tr("running…"))

    def finished(
        self, content: str, *, is_error: bool, seconds: float | None, note: str | None = None
    ) -> None:
        """The call ended: its result (or the error's text) and how long it took."""
        self.state = "failed" if is_error else "done"
        self.approval.hide()
        took = (
            self.tr("{seconds} s").format(seconds=seconds_text(seconds))
            if seconds is not None
            else ""
        )
        if is_error:
            line = self.tr("failed after {seconds}").format(seconds=took) if took else ""
            self._set_line(line or self.tr("failed"), problem=True)
        else:
            self._set_line(took)
        self._show_result(say(note) if note else content, expanded=is_error)

    def denied(self, content: str) -> None:
        self.state = "denied"
        self.approval.hide()
        self._set_line(self.tr("denied"), problem=True)
        self._show_result(say(content), expanded=False)

    def show_result(self, content: str, *, is_error: bool, ms: float | None) -> None:
        """A stored tool message's outcome (a reopened chat)."""
        self.finished(content, is_error=is_error, seconds=None if ms is None else ms / 1000)

    # -- the line and the result ----------------------------------------------------------------

    def _set_line(self, text: str, problem: bool = False) -> None:
        self.line.setText(text)
        for widget in (self, self.line):
            if widget.property("problem") != problem:
                widget.setProperty("problem", problem)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
        icons.attach(self.icon, "warning" if problem else "code")
        self.setAccessibleDescription(f"{self.call.name}: {text}")

    def _show_result(self, content: str, *, expanded: bool) -> None:
        self.result_text = content
        long = len(content) > RESULT_PREVIEW_CHARS
        self.result.setText(content[:RESULT_PREVIEW_CHARS] + " …" if long else content)
        self.show_all.setProperty("wanted", long)
        self.result_toggle.show()
        self.result_toggle.setChecked(expanded)
        self._set_expanded(expanded)

    def _show_all(self) -> None:
        self.result.setText(self.result_text)
        self.show_all.setProperty("wanted", False)
        self.show_all.hide()

    def is_expanded(self) -> bool:
        return self.result.isVisibleTo(self)

    def _set_expanded(self, expanded: bool) -> None:
        self.result_toggle.setArrowType(
            Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow
        )
        self.result_toggle.setToolTip(
            self.tr("Hide the result") if expanded else self.tr("Show the result")
        )
        self.result.setVisible(expanded and bool(self.result_text))
        self.show_all.setVisible(expanded and bool(self.show_all.property("wanted")))


class ToolCalls(QWidget):
    """The tool-call blocks of one answer, in the order it made the calls (hidden while
    it made none). ``show_calls`` keeps the blocks it already has: a live block keeps its
    state when the finished answer is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolCalls")
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self.blocks: dict[str, ToolCallBlock] = {}  # by call id
        self.writing_line = QLabel()  # while the answer writes a call, before it is asked
        self.writing_line.setObjectName("toolCallLine")
        self.writing_line.hide()
        self._layout.addWidget(self.writing_line)
        self.hide()

    def writing(self, name: str) -> None:
        """The answer streaming now began writing a call to ``name``."""
        self.writing_line.setText(self.tr("Writing a call to {name}…").format(name=name))
        self.writing_line.show()
        self.show()

    def block(self, call: ToolCall) -> ToolCallBlock:
        """The block of ``call``, made at the end if it is new."""
        block = self.blocks.get(call.id)
        if block is None:
            block = ToolCallBlock(call)
            self.blocks[call.id] = block
            self._layout.insertWidget(self._layout.indexOf(self.writing_line), block)
            self.show()
        return block

    def show_calls(self, calls: tuple[ToolCall, ...]) -> None:
        for call in calls:
            self.block(call)
        self.writing_line.hide()  # the answer is over: its calls are blocks now
        self.setVisible(bool(self.blocks))

    def show_tool_message(self, message: Message) -> None:
        """A stored result (role ``tool``) in the block of the call it answers."""
        block = self.blocks.get(message.tool_call_id)
        if block is None:
            block = self.block(ToolCall(message.tool_call_id, message.tool_name or "tool", "{}"))
        if message.tool_error and message.content == str(denied_sentence(block.call.name)):
            block.denied(say(message.content))
        else:
            content = say(message.content) if message.tool_error else message.content
            block.show_result(content, is_error=message.tool_error, ms=message.tool_ms)
