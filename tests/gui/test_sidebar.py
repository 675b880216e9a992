"""The sidebar as a person sees it: titles that shorten instead of scrolling sideways, pins
drawn as icons, and search results grouped by chat with the hit highlighted and in view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from deskchat.gui import icons
from deskchat.gui.look import apply_theme, tokens
from deskchat.gui.sidebar import MESSAGE, Sidebar
from deskchat.gui.sidebar_rows import ICON, ICON_SIZE, KIND, SNIPPET_LINES, Row, fit_snippet
from deskchat.services.app import AppContext, open_app
from deskchat.store.conversations import ConversationRepo
from deskchat.store.messages import MessageRepo

LONG_TITLE = "A question about " + "zebras and their stripes " * 12  # 300 characters


@pytest.fixture
def context(qapp: QApplication) -> Iterator[AppContext]:
    apply_theme(qapp, "light")
    app = open_app()
    yield app
    app.close()
    apply_theme(qapp, "light")


def make_sidebar(qtbot: QtBot, context: AppContext, width: int = 180) -> Sidebar:
    sidebar = Sidebar(context.session)
    qtbot.addWidget(sidebar)
    sidebar.resize(width, 480)
    sidebar.show()
    qtbot.waitExposed(sidebar)
    sidebar.reload()
    return sidebar


def _near(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return (
        abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance
    )


def _difference(a: QImage, b: QImage) -> float:
    """Mean difference of two images of one size, per pixel and channel (0-255)."""
    total = 0
    for y in range(a.height()):
        for x in range(a.width()):
            p, q = a.pixelColor(x, y), b.pixelColor(x, y)
            total += abs(p.red() - q.red()) + abs(p.green() - q.green()) + abs(p.blue() - q.blue())
    return total / (3 * a.width() * a.height())


def _count(image: QImage, rect: QRect, colour: QColor) -> int:
    return sum(
        _near(image.pixelColor(x, y), colour)
        for y in range(max(rect.top(), 0), min(rect.bottom(), image.height()))
        for x in range(max(rect.left(), 0), min(rect.right(), image.width()))
    )


def test_a_300_character_title_elides_at_180_px_and_nothing_scrolls_sideways(
    qtbot: QtBot, context: AppContext
) -> None:
    assert len(LONG_TITLE) == 317
    ConversationRepo(context.db).create(LONG_TITLE)
    sidebar = make_sidebar(qtbot, context, 180)
    assert sidebar.minimumSizeHint().width() <= 180
    (chat,) = sidebar.items(Row.CHAT)
    shown = sidebar.shown_text(chat)
    assert shown.endswith("…") and LONG_TITLE.startswith(shown[:-1])
    metrics = QFontMetrics(sidebar.list.font())
    assert metrics.horizontalAdvance(shown) <= sidebar.list.viewport().width()
    assert chat.toolTip() == LONG_TITLE and chat.text() == LONG_TITLE
    bar = sidebar.list.horizontalScrollBar()
    assert bar.maximum() == 0 and not bar.isVisible()
    # and it grows back when there is room
    sidebar.resize(900, 480)
    qtbot.waitUntil(lambda: len(sidebar.shown_text(chat)) > len(shown))


def test_pinned_chats_show_the_pin_icon_and_no_emoji(qtbot: QtBot, context: AppContext) -> None:
    conversations = ConversationRepo(context.db)
    plain = conversations.create("Plain chat")
    pinned = conversations.create("Pinned chat")
    conversations.update(pinned.id, pinned=1)
    sidebar = make_sidebar(qtbot, context, 240)
    rows = {item.text(): item for item in sidebar.items(Row.CHAT)}
    assert set(rows) == {"Plain chat", "Pinned chat"}
    assert rows["Pinned chat"].data(ICON) == "pin" and rows["Plain chat"].data(ICON) is None
    assert "📌" not in "".join(item.text() for item in sidebar.items())
    assert [h.text() for h in sidebar.items(Row.HEADER)] == ["Pinned", "Today"]
    # the pin is drawn where the row begins, and the plain row has none there
    image = sidebar.list.viewport().grab().toImage()
    drawn = []
    for title in ("Pinned chat", "Plain chat"):
        rect = sidebar.list.visualItemRect(rows[title])
        x = rect.left() + 12  # space_xs + space_s
        y = rect.top() + (rect.height() - ICON_SIZE) // 2
        drawn.append(image.copy(x, y, ICON_SIZE, ICON_SIZE))
    background = image.pixelColor(
        image.width() - 3, sidebar.list.visualItemRect(rows["Pinned chat"]).center().y()
    )
    pin = QImage(ICON_SIZE, ICON_SIZE, QImage.Format.Format_ARGB32)
    pin.fill(background)
    painter = QPainter(pin)
    painter.drawPixmap(0, 0, icons.icon("pin").pixmap(QSize(ICON_SIZE, ICON_SIZE)))
    painter.end()
    same, other = _difference(drawn[0], pin), _difference(drawn[1], pin)
    assert same < 2 and other > 5 * same + 5, (same, other)
    assert plain.id != pinned.id


def test_new_chat_and_the_search_box_carry_icons_and_a_clear_button(
    qtbot: QtBot, context: AppContext
) -> None:
    ConversationRepo(context.db).create("Some chat")
    sidebar = make_sidebar(qtbot, context)
    assert icons.icon_name(sidebar.new_button) == "new_chat"
    assert sidebar.search_icon.data() == "search" and not sidebar.search_icon.icon().isNull()
    assert not sidebar.clear_action.isVisible()
    qtbot.keyClicks(sidebar.search, "nothing like this")
    assert sidebar.clear_action.isVisible() and sidebar.clear_action.toolTip()
    qtbot.waitUntil(lambda: [i.data(KIND) for i in sidebar.items()] == [Row.NOTE])
    sidebar.clear_action.trigger()
    assert sidebar.search.text() == "" and not sidebar.clear_action.isVisible()
    qtbot.waitUntil(lambda: [i.text() for i in sidebar.items(Row.CHAT)] == ["Some chat"])


def _zebra_history(context: AppContext) -> tuple[int, int, list[int]]:
    conversations, messages = ConversationRepo(context.db), MessageRepo(context.db)
    first = conversations.create("Stripes")
    q = messages.add(first.id, "user", "Why does a zebra have stripes?", parent_id=None)
    a = messages.add(
        first.id,
        "assistant",
        "Nobody is sure. " * 8 + "One idea: the zebra's stripes keep flies away. " + "More. " * 20,
        parent_id=q.id,
    )
    second = conversations.create("Animals")
    b = messages.add(second.id, "user", "Name an animal like a zebra.", parent_id=None)
    return first.id, second.id, [q.id, a.id, b.id]


def test_search_results_are_grouped_by_chat_with_the_hit_highlighted(
    qtbot: QtBot, context: AppContext
) -> None:
    first, second, (question, answer, other) = _zebra_history(context)
    sidebar = make_sidebar(qtbot, context, 260)
    qtbot.keyClicks(sidebar.search, "zebra")
    qtbot.waitUntil(lambda: len(sidebar.items(Row.HIT)) == 3)
    kinds = [
        (i.data(KIND), i.text() if i.data(KIND) == Row.GROUP else i.data(MESSAGE))
        for i in sidebar.items()
    ]
    assert kinds == [
        (Row.GROUP, "Animals"),
        (Row.HIT, other),
        (Row.GROUP, "Stripes"),
        (Row.HIT, answer),
        (Row.HIT, question),
    ]
    for hit in sidebar.items(Row.HIT):
        assert "[" not in hit.text()
        shown = sidebar.shown_text(hit)
        assert "zebra" in shown
    long_hit = next(h for h in sidebar.items(Row.HIT) if h.data(MESSAGE) == answer)
    assert long_hit.text().startswith("…") and long_hit.text().endswith("…")
    # the hit is painted on the accent; the group titles are not
    image = sidebar.list.viewport().grab().toImage()
    accent = QColor(tokens(False).accent)
    for item in sidebar.items():
        painted = _count(image, sidebar.list.visualItemRect(item), accent)
        if item.data(KIND) == Row.HIT:
            assert painted > 40, item.text()
        else:
            assert painted == 0, item.text()
    assert first != second


def test_a_narrow_sidebar_keeps_the_hit_in_view(qtbot: QtBot, context: AppContext) -> None:
    _zebra_history(context)
    sidebar = make_sidebar(qtbot, context, 150)
    qtbot.keyClicks(sidebar.search, "flies")
    qtbot.waitUntil(lambda: len(sidebar.items(Row.HIT)) == 1)
    (hit,) = sidebar.items(Row.HIT)
    shown = sidebar.shown_text(hit)
    assert "flies" in shown and shown.startswith("…") and shown.endswith("…")
    assert len(shown) < len(hit.text())  # cut to the lines there are, around the hit
    rect = sidebar.list.visualItemRect(hit)
    assert rect.height() <= SNIPPET_LINES * QFontMetrics(sidebar.list.font()).lineSpacing() + 16
    assert sidebar.list.horizontalScrollBar().maximum() == 0


def test_fit_snippet_cuts_around_the_hit() -> None:
    text = "word " * 60 + "zebra" + " word" * 60
    start = text.index("zebra")
    shown, spans = fit_snippet(text, [(start, start + 5)], QFont(), 120, lines=2)
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[s:e] for s, e in spans] == ["zebra"]
    assert fit_snippet("short zebra", [(6, 11)], QFont(), 400) == ("short zebra", [(6, 11)])


def test_opening_a_result_names_the_chat_and_the_message(qtbot: QtBot, context: AppContext) -> None:
    first, _second, (_question, answer, _other) = _zebra_history(context)
    sidebar = make_sidebar(qtbot, context, 260)
    qtbot.keyClicks(sidebar.search, "flies")
    qtbot.waitUntil(lambda: len(sidebar.items(Row.HIT)) == 1)
    group, hit = sidebar.items()
    with qtbot.waitSignal(sidebar.search_hit_selected) as opened:
        rect = sidebar.list.visualItemRect(hit)
        qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [first, answer]
    with qtbot.waitSignal(sidebar.conversation_selected) as chat:
        rect = sidebar.list.visualItemRect(group)
        qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chat.args == [first]


def test_a_theme_change_repaints_the_sidebar(
    qapp: QApplication, qtbot: QtBot, context: AppContext
) -> None:
    ConversationRepo(context.db).create("Some chat")
    sidebar = make_sidebar(qtbot, context)
    for theme, dark in (("dark", True), ("light", False)):
        apply_theme(qapp, theme)
        t = tokens(dark)

        def painted(t: object = t) -> bool:
            image = sidebar.grab().toImage()
            return _near(image.pixelColor(2, image.height() - 3), QColor(t.window), 6)  # type: ignore[attr-defined]

        qtbot.waitUntil(painted)
