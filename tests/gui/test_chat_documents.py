"""Documents in the window, end to end: drop files on the window, watch them index, ask,
see the sources under the answer, exclude one, regenerate; the prompt holds exactly the
passages shown as given."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat.chat.passages import CLOSE_TAG, OPEN_TAG
from deskchat.gui.answer_sources import SourcesRow
from deskchat.gui.main_window import MainWindow
from deskchat.gui.message_widget import MessageWidget
from deskchat.services.indexing import IndexReport
from tests.gui.test_window_layout import drag_event
from tests.helpers.fake_engine import FakeEngine

FILES = {
    "llamas.md": "# Llamas\n\nA llama eats grass and hay; it needs little water.",
    "etna.txt": "Mount Etna in Sicily is one of the most active volcanoes in the world.",
    "tea.txt": "Green tea is steamed soon after picking, so it does not oxidise.",
}


def write_files(folder: Path) -> Path:
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    return folder


def use(win: MainWindow, engine: FakeEngine) -> None:
    win.app.session.use_engine(engine)
    win.controller.engine_changed.emit(engine.model)


def drop(qtbot: QtBot, win: MainWindow, path: Path) -> IndexReport:
    enter = drag_event(QDragEnterEvent, path)
    QApplication.sendEvent(win, enter)  # a drag comes in first, as from a file manager
    assert enter.isAccepted()
    with qtbot.waitSignal(win.documents.indexed, timeout=60_000) as indexed:
        QApplication.sendEvent(win, drag_event(QDropEvent, path))
        assert win.column.indexing.isVisible()  # the bar shows at once
    qtbot.waitUntil(lambda: not win.documents.is_indexing(), timeout=10_000)
    report: IndexReport = indexed.args[0]
    return report


def ask(qtbot: QtBot, win: MainWindow, text: str) -> MessageWidget:
    win.composer.edit.setPlainText(text)
    with qtbot.waitSignal(win.controller.answer_finished, timeout=30_000):
        qtbot.keyClick(win.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not win.controller.is_generating(), timeout=10_000)
    return [w for w in win.chat.widgets.values() if w.message.role == "assistant"][-1]


def sources_under(qtbot: QtBot, win: MainWindow, answer: MessageWidget) -> SourcesRow:
    """The answer's sources, once they show right under it."""
    layout = win.chat._layout

    def row() -> SourcesRow | None:
        rows = [r for r in win.documents.rows if r.answer_id == answer.message.id]
        under = rows and layout.indexOf(rows[0]) == layout.indexOf(answer) + 1
        return rows[0] if under and rows[0].isVisible() else None

    qtbot.waitUntil(lambda: row() is not None, timeout=10_000)
    found = row()
    assert found is not None
    return found


def given_in_prompt(prompt: str) -> list[str]:
    """The passages' labels in the block the model was given, in order."""
    block = prompt[prompt.index(OPEN_TAG) : prompt.index(CLOSE_TAG)]
    return [line.split("] ", 1)[1] for line in block.splitlines() if line.startswith("[")]


def test_drop_index_ask_see_sources_exclude_and_regenerate(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    engine = FakeEngine(["Hay.", "Grass.", "Water."])
    use(window, engine)
    window.tabs.setCurrentWidget(window.chat_panel)
    report = drop(qtbot, window, write_files(tmp_path / "notes"))
    assert report.count("indexed") == 3 and report.count("failed") == 1
    files = window.chat_panel.documents.files
    rows = [files.item(i).text() for i in range(files.count())]
    assert any(r.startswith("broken.pdf — broken.pdf cannot be read as a PDF") for r in rows)
    assert any(r.startswith("llamas.md — 1 passage") for r in rows)
    assert "3 indexed" in window.chat_panel.documents.outcome.text()
    assert not window.column.indexing.isVisible()

    answer = ask(qtbot, window, "What does a llama eat?")
    row = sources_under(qtbot, window, answer)
    shown = [c.text() for c in row.chips if c.objectName() == "sourceChip"]
    assert shown[0].startswith("1 · llamas.md")
    labels = given_in_prompt(engine.prompts[-1])
    assert len(labels) == len(shown)  # the prompt holds exactly the passages shown
    assert labels[0].startswith("llamas.md")
    assert "grass and hay" in row.chips[0].toolTip()
    assert "passages from documents" in window.meter.label.text() or (
        "passage from documents" in window.meter.label.text()
    )

    # open the first source, exclude it, regenerate from the dialog
    qtbot.mouseClick(row.chips[0], Qt.MouseButton.LeftButton)
    dialog = window.documents.dialog
    assert dialog is not None and "grass and hay" in dialog.text.toPlainText()
    qtbot.mouseClick(dialog.exclude_button, Qt.MouseButton.LeftButton)
    assert "Excluded" in dialog.state.text()
    with qtbot.waitSignal(window.controller.answer_finished, timeout=30_000):
        qtbot.mouseClick(dialog.regenerate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=10_000)
    again = [w for w in window.chat.widgets.values() if w.message.role == "assistant"][-1]
    assert again.message.id != answer.message.id
    prompt = engine.prompts[-1]
    assert "grass and hay" not in prompt
    # nothing else in the notes is about llamas: the new answer has no sources at all
    assert OPEN_TAG not in prompt
    qtbot.waitUntil(lambda: not any(r.answer_id == again.message.id for r in window.documents.rows))
    assert window.app.session.documents.sources_of(again.message.id) == []


def test_cancelled_indexing_can_be_finished_later(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note{i:02}.txt").write_text(f"Note {i}: " + "words " * 400, encoding="utf-8")
    documents = window.documents
    # Cancel pressed as the run starts (not on a progress report: 40 small files may all be
    # done before the first report reaches the window)
    cancel_at_once = documents.run.started.connect(documents.cancel)
    report = drop(qtbot, window, folder)
    assert report.cancelled and report.count("indexed") < 40
    choice = window.chat_panel.documents
    assert choice.resume_button.isVisible() or not window.chat_panel.isVisible()
    assert "Finish indexing" in choice.resume_button.text()
    assert "cancelled" in choice.outcome.text()
    documents.run.started.disconnect(cancel_at_once)
    with qtbot.waitSignal(documents.indexed, timeout=60_000) as finished:
        choice.resume_button.click()
    qtbot.waitUntil(lambda: not documents.is_indexing(), timeout=10_000)
    assert not finished.args[0].cancelled
    conversation = window.controller.conversation
    assert conversation is not None
    attached = window.app.session.documents.attached(conversation.id)
    assert len(attached) == 40 and all(d.status == "ready" for d in attached)
    assert not choice.resume_button.isVisibleTo(choice)


def test_a_shared_collection_can_be_turned_on_for_a_chat(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from deskchat.services.indexing import Indexer

    (tmp_path / "etna.txt").write_text(FILES["etna.txt"], encoding="utf-8")
    session = window.app.session
    repo = session.documents.documents
    Indexer(repo).add(repo.collection("geology"), [tmp_path / "etna.txt"])
    engine = FakeEngine(["Etna."])
    use(window, engine)
    window.controller.new_conversation()
    shared = window.chat_panel.documents.shared
    assert shared.count() == 1 and shared.item(0).text().startswith("geology")
    shared.item(0).setCheckState(Qt.CheckState.Checked)
    answer = ask(qtbot, window, "Which volcano is active in Sicily?")
    assert "Mount Etna" in engine.prompts[-1]
    row = sources_under(qtbot, window, answer)
    assert row.chips[0].text().startswith("1 · etna.txt")


def test_the_embedding_model_is_checked_before_it_is_saved(
    window: MainWindow, qtbot: QtBot, tiny_model: Path, tmp_path: Path
) -> None:
    from deskchat.hub.tiny_embed_gguf import write_tiny_embed_gguf

    section = window.documents_settings
    panel = section.panel
    assert panel.model_label.text() == "Embedding model: none (passages are found by their words)"
    section.use(str(tiny_model))  # a chat model
    qtbot.waitUntil(lambda: panel.problem.isVisible(), timeout=30_000)
    assert "is a chat model, not an embedding model" in panel.problem.text()
    assert window.app.settings.current.embedding_model == ""
    embed = write_tiny_embed_gguf(tmp_path / "tiny-embed.gguf")
    section.use(str(embed))
    qtbot.waitUntil(
        lambda: window.app.settings.current.embedding_model == str(embed), timeout=30_000
    )
    assert panel.model_label.text() == "Embedding model: tiny-embed.gguf"
    assert not panel.problem.isVisible()
    panel.passages.setValue(3)
    assert window.app.settings.current.doc_passages == 3
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert window.app.settings.current.embedding_model == ""


def test_a_collection_is_made_in_the_documents_window_and_used_by_a_chat(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = write_files(tmp_path / "handbook")
    action = next(a for a in window.actions() if a.text() == "Documents…")
    assert action.shortcut().toString() == "Ctrl+Shift+D"
    action.trigger()
    dialog = window.documents_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.add_files.isEnabled()  # no collection yet
    assert dialog.make("chat 7") is None and "kept for a chat's own files" in dialog.status.text()
    handbook = dialog.make("  Team   handbook ")
    assert handbook is not None and handbook.name == "Team handbook"
    assert dialog.make("Team handbook") is None and "already" in dialog.status.text()
    with qtbot.waitSignal(window.documents.run.ended, timeout=60_000):
        assert dialog.add([str(folder)])
        assert window.column.indexing.isVisible()  # the same bar as a chat's files
    rows = [dialog.files.item(i).text() for i in range(dialog.files.count())]
    assert len(rows) == 4 and any("cannot be read as a PDF" in r for r in rows)
    assert "3 indexed" in dialog.status.text()
    dialog.close()

    # any chat turns it on in its Chat tab and answers from it
    engine = FakeEngine(["Etna."])
    use(window, engine)
    window.controller.new_conversation()
    shared = window.chat_panel.documents.shared
    assert [shared.item(i).text() for i in range(shared.count())] == ["Team handbook (4 documents)"]
    shared.item(0).setCheckState(Qt.CheckState.Checked)
    ask(qtbot, window, "Which volcano is active in Sicily?")
    assert "Mount Etna" in engine.prompts[-1]

    # removing a file there takes it out of every chat's answers
    dialog = window.open_documents()
    etna = next(i for i in range(dialog.files.count()) if "etna" in dialog.files.item(i).text())
    dialog.files.item(etna).setSelected(True)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert all("etna" not in dialog.files.item(i).text() for i in range(dialog.files.count()))
    conversation = window.controller.conversation
    assert conversation is not None
    assert all(
        s.title != "etna.txt"
        for s in window.app.session.documents.sources_for(conversation.id, "volcano Sicily")
    )
