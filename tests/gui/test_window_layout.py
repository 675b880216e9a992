"""The window's layout and live feedback, as a person sees them: a small minimum size, the
settings drawer and the sidebar giving way in narrow windows (and remembered), the line
while a prompt is read, an obvious Stop, and the chat list kept tidy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from deskchat.gui import look
from deskchat.gui.app import create_window
from deskchat.gui.main_window import MainWindow
from deskchat.gui.settings_drawer import CHAT_MIN
from deskchat.gui.sidebar_rows import Row
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo
from tests.helpers.factories import add_turns
from tests.helpers.fake_engine import FakeEngine


def use(win: MainWindow, engine: FakeEngine) -> None:
    win.app.session.use_engine(engine)
    win.controller.engine_changed.emit(engine.model)  # as when another model answers


def sized(qtbot: QtBot, win: MainWindow, width: int, height: int) -> None:
    win.resize(width, height)
    qtbot.waitUntil(lambda: win.width() == max(width, win.minimumWidth()))
    QApplication.processEvents()


def box(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def shown_panels(win: MainWindow) -> set[str]:
    return {n for n, w in (("sidebar", win.sidebar), ("drawer", win.drawer)) if w.isVisible()}


def test_the_window_can_be_as_small_as_800_by_600_and_smaller(
    window: MainWindow, qtbot: QtBot
) -> None:
    assert window.minimumWidth() <= 800 and window.minimumHeight() <= 600
    window.resize(400, 300)
    QApplication.processEvents()
    assert window.width() <= 800 and window.height() <= 600


def test_at_800_by_600_the_chat_is_usable_and_nothing_overlaps(
    window: MainWindow, qtbot: QtBot
) -> None:
    sized(qtbot, window, 800, 600)
    column = window.column
    assert column.width() >= CHAT_MIN and window.sidebar.isVisible()
    parts = [w for w in (window.sidebar, column, window.drawer) if w.isVisible()]
    for i, a in enumerate(parts):
        assert box(a, window).right() < window.width()
        for b in parts[i + 1 :]:
            assert not box(a, window).intersects(box(b, window)), (a, b)
    bar = [
        column.sidebar_toggle,
        column.title,
        window.picker,
        window.prompt_button,
        window.tokens_button,
        column.drawer_toggle,
    ]
    for i, a in enumerate(bar):
        assert a.isVisible() and box(column, window).contains(box(a, window)), a
        for b in bar[i + 1 :]:
            assert not box(a, window).intersects(box(b, window)), (a, b)
    for widget in (window.composer.edit, window.composer.send_button, window.chat):
        assert widget.isVisible() and box(column, window).contains(box(widget, window))
    assert window.chat.viewport().height() > 200


def test_narrower_windows_give_up_the_drawer_then_the_sidebar(
    window: MainWindow, qtbot: QtBot
) -> None:
    sized(qtbot, window, 1280, 800)
    assert shown_panels(window) == {"sidebar", "drawer"}
    sized(qtbot, window, 800, 600)
    assert shown_panels(window) == {"sidebar"}
    assert not window.column.drawer_toggle.isChecked()
    sized(qtbot, window, window.minimumWidth(), 500)
    assert shown_panels(window) == set()
    assert window.column.width() >= window.minimumWidth() - 8
    sized(qtbot, window, 1280, 800)
    assert shown_panels(window) == {"sidebar", "drawer"}  # both come back with the room


def test_opening_the_drawer_in_a_narrow_window_gives_it_the_sidebars_place(
    window: MainWindow, qtbot: QtBot
) -> None:
    sized(qtbot, window, 800, 600)
    qtbot.mouseClick(window.column.drawer_toggle, Qt.MouseButton.LeftButton)
    assert shown_panels(window) == {"drawer"}
    assert window.column.width() >= CHAT_MIN


def test_the_drawer_is_opened_and_closed_and_remembered(qapp: QApplication, qtbot: QtBot) -> None:
    first = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(first)
    first.show()
    sized(qtbot, first, 1280, 800)
    assert first.drawer.isVisible() and first.column.drawer_toggle.isChecked()
    qtbot.mouseClick(first.column.drawer_toggle, Qt.MouseButton.LeftButton)
    assert not first.drawer.isVisible() and not first.column.drawer_toggle.isChecked()
    first.close()
    first.app.close()

    second = create_window(qapp)  # type: ignore[arg-type]
    qtbot.addWidget(second)
    second.show()
    assert not second.drawer.isVisible() and not second.column.drawer_toggle.isChecked()
    qtbot.mouseClick(second.drawer.close_button, Qt.MouseButton.LeftButton)  # still closed
    second.menu_actions["toggle_drawer"].trigger()
    assert second.drawer.isVisible() and second.column.drawer_toggle.isChecked()
    second.close()
    second.app.close()


def test_a_long_prompt_shows_how_far_it_is_read_until_the_answer_starts(
    window: MainWindow, qtbot: QtBot
) -> None:
    use(window, FakeEngine(["Hello there."], prompt_steps=6, delay_s=0.15))
    progress = window.composer.progress
    window.composer.edit.setPlainText("a long pasted text " * 20)
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(progress.isVisible, timeout=10_000)
    assert "of" in progress.label.text() and "tokens" in progress.label.text()
    qtbot.waitUntil(lambda: "s left" in progress.label.text(), timeout=10_000)
    with qtbot.waitSignal(window.controller.answer_delta, timeout=10_000):
        pass
    assert not progress.isVisible()
    qtbot.waitUntil(lambda: not window.controller.is_generating(), timeout=10_000)
    assert not progress.isVisible()


def test_stop_is_obvious_while_an_answer_streams_and_esc_stops_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    use(window, FakeEngine(["word"], endless=True, delay_s=0.02))
    composer = window.composer
    assert composer.send_button.isVisible() and not composer.stop_button.isVisible()
    assert composer.send_button.objectName() == "primaryButton"
    composer.edit.setPlainText("go on and on")
    with qtbot.waitSignal(window.controller.answer_delta, timeout=10_000):
        qtbot.keyClick(composer.edit, Qt.Key.Key_Return)
    assert composer.stop_button.isVisible() and not composer.send_button.isVisible()
    assert look.current().danger in composer.stop_button.styleSheet()
    with qtbot.waitSignal(window.controller.answer_finished, timeout=10_000) as finished:
        qtbot.keyClick(composer.edit, Qt.Key.Key_Escape)
    assert finished.args[0].message.finish_reason == "cancelled"
    qtbot.waitUntil(composer.send_button.isVisible, timeout=10_000)
    assert not composer.stop_button.isVisible()


def test_esc_stops_the_answer_wherever_the_focus_is(window: MainWindow, qtbot: QtBot) -> None:
    use(window, FakeEngine(["word"], endless=True, delay_s=0.02))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.composer.edit.setPlainText("go on and on")
    with qtbot.waitSignal(window.controller.answer_delta, timeout=10_000):
        qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    window.sidebar.search.setFocus()
    with qtbot.waitSignal(window.controller.answer_finished, timeout=10_000) as finished:
        qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Escape)
    assert finished.args[0].message.finish_reason == "cancelled"


def test_a_new_chat_keeps_the_chosen_persona(window: MainWindow) -> None:
    combo = window.chat_panel.persona
    combo.setCurrentIndex(1)
    chosen = combo.currentData()
    assert chosen is not None
    combo.activated.emit(1)  # as when the person picks it
    first = window.controller.conversation
    assert first is not None and first.persona_id == chosen
    window.menu_actions["new_chat"].trigger()
    second = window.controller.conversation
    assert second is not None and second.id != first.id
    assert second.persona_id == chosen and combo.currentData() == chosen


def test_sending_without_a_model_makes_no_empty_chat(window: MainWindow, qtbot: QtBot) -> None:
    window.composer.edit.setPlainText("hello?")
    qtbot.keyClick(window.composer.edit, Qt.Key.Key_Return)
    assert "No model is loaded" in window.error_label.text()
    assert window.error_label.isVisible()
    assert window.composer.edit.toPlainText() == "hello?"
    assert ConversationRepo(window.app.db).list() == []
    assert window.sidebar.list.count() == 0 and window.controller.conversation is None


def test_a_search_result_opens_its_chat_and_brings_the_message_into_view(
    window: MainWindow, qtbot: QtBot
) -> None:
    other = ConversationRepo(window.app.db).create("other chat")
    add_turns(MessageRepo(window.app.db), other.id, [("user", "nothing here")])
    c = ConversationRepo(window.app.db).create("long chat")
    texts = [f"message number {i}" for i in range(60)]
    texts[30] = "message number 30 mentions zebras"
    add_turns(MessageRepo(window.app.db), c.id, zip(["user", "assistant"] * 30, texts, strict=True))
    window.controller.open_conversation(other.id)
    qtbot.keyClicks(window.sidebar.search, "zebras")
    qtbot.waitUntil(lambda: len(window.sidebar.items(Row.HIT)) == 1, timeout=5_000)
    (hit,) = window.sidebar.items(Row.HIT)
    rect = window.sidebar.list.visualItemRect(hit)
    qtbot.mouseClick(window.sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.title.text() == "long chat"
    (widget,) = [w for w in window.chat.widgets.values() if "zebras" in w.body.text]

    def in_view() -> bool:
        top = widget.mapTo(window.chat.viewport(), widget.rect().topLeft()).y()
        return 0 <= top < window.chat.viewport().height()

    bar = window.chat.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and in_view(), timeout=5_000)
    assert 0 < bar.value() < bar.maximum()  # scrolled up to it from the chat's end


def test_a_live_theme_change_reaches_the_open_chat(window: MainWindow, qtbot: QtBot) -> None:
    window.app.settings.update(theme="dark")
    assert window.chat.dark
    window.app.settings.update(theme="light")
    assert not window.chat.dark


KEPT: list[QMimeData] = []  # an event does not own its data: it must outlive the event


def drag_event(kind: type[QDropEvent], path: Path) -> QDropEvent:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    KEPT.append(mime)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    if kind is QDragEnterEvent:
        return QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)
    return QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, keys)


def test_a_model_dropped_on_the_window_is_opened(window: MainWindow, tiny_model: Path) -> None:
    web = QMimeData()  # a link from a browser is not a file: refused at the door
    web.setUrls([QUrl("https://example.com/model.gguf")])
    KEPT.append(web)
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    refused = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, web, buttons, keys)
    QApplication.sendEvent(window, refused)
    assert not refused.isAccepted()
    welcome = drag_event(QDragEnterEvent, tiny_model)
    QApplication.sendEvent(window, welcome)
    assert welcome.isAccepted()
    QApplication.sendEvent(window, drag_event(QDropEvent, tiny_model))
    assert "tiny-test-chat" in window.model_panel.meta.text()
    assert window.drawer.isVisible()  # the Model tab shows what was dropped


def test_opening_the_drawer_in_the_smallest_window_widens_it(
    window: MainWindow, qtbot: QtBot
) -> None:
    sized(qtbot, window, window.minimumWidth(), 500)
    assert shown_panels(window) == set()
    qtbot.mouseClick(window.column.drawer_toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(window.drawer.isVisible)
    assert window.column.width() >= CHAT_MIN and window.column.drawer_toggle.isChecked()
