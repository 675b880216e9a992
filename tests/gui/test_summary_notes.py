"""Summary memory in the window: a chat set to "summarise" that outgrows the context shows
the model's summary as a note after the messages it covers, the meter and Show prompt say
how many messages it stands for, Edit changes what the next prompt holds, Remove takes it
away (the next turn summarises again)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from deskchat.chat.generation import Done, Piece, SamplingParams
from deskchat.gui.main_window import MainWindow
from deskchat.gui.summary_note import SummaryNoteWidget
from tests.helpers.fake_engine import FakeEngine

PAD = "pad " * 12
SUMMARY = "They counted their messages."


class SummarisingEngine(FakeEngine):
    """Answers "short answer", and a request for a summary with the next of ``summaries``."""

    def __init__(self, summaries: list[str]) -> None:
        super().__init__(n_ctx=160)
        self.summaries = summaries

    def generate(
        self, prompt: str, sampling: SamplingParams | None = None
    ) -> Iterator[Piece | Done]:
        asked = "short summary" in prompt and self.summaries
        self.answers = [self.summaries.pop(0) if asked else "short answer"]
        return super().generate(prompt, sampling)


def use(win: MainWindow, engine: FakeEngine) -> None:
    win.app.session.use_engine(engine)
    win.controller.engine_changed.emit(engine.model)


def ask(qtbot: QtBot, win: MainWindow, text: str) -> None:
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=30_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)


def summarised_chat(qtbot: QtBot, win: MainWindow, engine: FakeEngine) -> SummaryNoteWidget:
    """A chat set to summarise, sent to until its first note is drawn."""
    use(win, engine)
    win.controller.new_conversation()
    win.controller.set_sampling({"max_tokens": 20})
    policy = win.chat_panel.policy
    policy.setCurrentIndex(policy.findData("summary"))
    policy.activated.emit(policy.currentIndex())  # chosen in the Chat tab
    conversation = win.controller.conversation
    assert conversation is not None
    qtbot.waitUntil(
        lambda: win.app.session.conversation(conversation.id).overflow_policy == "summary"
    )
    for i in range(30):
        ask(qtbot, win, f"message {i} {PAD}")
        if win.notes.notes:
            break
    assert win.notes.notes, "a note is drawn once the chat outgrows the context"
    return win.notes.notes[-1]


def test_a_note_is_drawn_after_the_messages_it_covers(window: MainWindow, qtbot: QtBot) -> None:
    engine = SummarisingEngine([SUMMARY])
    note = summarised_chat(qtbot, window, engine)
    assert note.isVisible() and SUMMARY in note.body.text()
    assert note.note is not None
    assert f"{note.note.covers} messages above" in note.heading.text()
    covered = window.chat.widgets[note.note.through_message_id]
    layout = window.chat._layout
    assert layout.indexOf(note) == layout.indexOf(covered) + 1  # right after what it covers
    window.views._measure()  # the meter says how many messages the summary stands for
    qtbot.waitUntil(lambda: "summarised" in window.meter.label.text(), timeout=10_000)
    window.show_prompt()
    qtbot.waitUntil(lambda: window.prompt_dialog is not None, timeout=10_000)
    dialog = window.prompt_dialog
    assert dialog is not None
    assert "messages summarised" in dialog.summary.text()
    assert SUMMARY in dialog.text.toPlainText()
    dialog.close()


def test_edit_changes_what_the_next_prompt_holds(window: MainWindow, qtbot: QtBot) -> None:
    engine = SummarisingEngine([SUMMARY])
    note = summarised_chat(qtbot, window, engine)
    qtbot.mouseClick(note.edit_button, Qt.MouseButton.LeftButton)
    dialog = window.notes.dialog
    assert dialog is not None and dialog.text.toPlainText() == SUMMARY
    dialog.text.setPlainText("The person likes padding.")
    dialog.done(QDialog.DialogCode.Accepted)
    qtbot.waitUntil(lambda: "The person likes padding." in window.notes.notes[-1].body.text())
    assert "edited" in window.notes.notes[-1].heading.text()
    ask(qtbot, window, f"one more {PAD}")
    assert "The person likes padding." in engine.prompts[-1]
    assert SUMMARY not in engine.prompts[-1]


def test_remove_takes_the_note_away_and_the_next_turn_summarises_again(
    window: MainWindow, qtbot: QtBot
) -> None:
    engine = SummarisingEngine([SUMMARY, "Written again."])
    note = summarised_chat(qtbot, window, engine)
    qtbot.mouseClick(note.remove_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.notes.notes)
    conversation = window.controller.conversation
    assert conversation is not None
    assert window.app.session.summary_notes(conversation) == []
    assert window.app.session.branch(conversation)[0].content.startswith("message 0")
    ask(qtbot, window, f"one more {PAD}")
    qtbot.waitUntil(lambda: bool(window.notes.notes))
    assert "Written again." in window.notes.notes[-1].body.text()
