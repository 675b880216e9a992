"""The settings drawer on the right (the Model, Chat and Sampling tabs) and which side
panels a window of a given width shows: the person opens and closes the sidebar and the
drawer (remembered in window.ini); when the window is too narrow for all of them, the
drawer gives way first, then the sidebar, and the chat column keeps the width its
messages can wrap to. The panel the person opened last is the one that stays."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.icons import icon_button

CHAT_MIN = 380  # the narrowest the chat column gets: a message still wraps readably there
SIDEBAR_MIN = 180
SIDEBAR_WIDTH = 250
DRAWER_WIDTH = 400


def arrange(room: int, panels: list[tuple[str, bool, int]]) -> set[str]:
    """The panels shown in ``room`` pixels beside the chat column: each ``(name, wanted,
    width)`` in order of precedence gets its width while it fits."""
    room -= CHAT_MIN
    shown: set[str] = set()
    for name, wanted, width in panels:
        if wanted and width <= room:
            shown.add(name)
            room -= width
    return shown


class DrawerTabs(QTabWidget):
    """The drawer's tabs; a panel is brought to the front by itself or by its page."""

    def setCurrentWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        for index in range(self.count()):
            page = self.widget(index)
            if page is widget or (isinstance(page, QScrollArea) and page.widget() is widget):
                self.setCurrentIndex(index)
                return
        raise LookupError(widget)


class SettingsDrawer(QFrame):
    """The tabs, each scrolling upright in the drawer's width (never sideways)."""

    close_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("settingsDrawer")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        head = QHBoxLayout()
        head.setContentsMargins(12, 6, 6, 0)
        title = QLabel(self.tr("Settings"))
        title.setObjectName("drawerTitle")
        head.addWidget(title, 1)
        self.close_button = icon_button("close", self.tr("Close the settings"))
        self.close_button.clicked.connect(self.close_requested)
        head.addWidget(self.close_button)
        layout.addLayout(head)
        self.tabs = DrawerTabs()
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)

    def add(self, panel: QWidget, title: str, *, scroll: bool = True) -> None:
        """A tab holding ``panel``; ``scroll``: in a scroll area of its own (a panel that
        scrolls itself says False)."""
        if not scroll:
            self.tabs.addTab(panel, title)
            return
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        area.setWidget(panel)
        # as wide as the panel needs, so nothing is cut off on the right
        bar = area.verticalScrollBar().sizeHint().width()
        area.setMinimumWidth(panel.minimumSizeHint().width() + bar)
        self.tabs.addTab(area, title)

    def needed_width(self) -> int:
        return max(self.minimumSizeHint().width(), 300)


class Panels(QObject):
    """Shows and hides the sidebar and the drawer in the splitter, as the person wants them
    and as far as the width allows; their toggle buttons show what is open."""

    def __init__(
        self,
        splitter: QSplitter,
        sidebar: QWidget,
        drawer: SettingsDrawer,
        state: QSettings,
        toggles: tuple[QAbstractButton, QAbstractButton],
    ) -> None:
        super().__init__(splitter)
        self.splitter, self.sidebar, self.drawer, self.state = splitter, sidebar, drawer, state
        self.sidebar_toggle, self.drawer_toggle = toggles
        self.wanted = {
            "sidebar": _flag(state.value("sidebar_open", True)),
            "drawer": _flag(state.value("drawer_open", True)),
        }
        self.widths = {
            "sidebar": _number(state.value("sidebar_width"), SIDEBAR_WIDTH),
            "drawer": _number(state.value("drawer_width"), DRAWER_WIDTH),
        }
        self.first = "sidebar"  # which one keeps its place when both do not fit
        for toggle in toggles:
            toggle.setCheckable(True)
        self.sidebar_toggle.clicked.connect(lambda on: self.want("sidebar", on))
        self.drawer_toggle.clicked.connect(lambda on: self.want("drawer", on))
        drawer.close_requested.connect(lambda: self.want("drawer", False))
        splitter.splitterMoved.connect(self._moved)
        splitter.setChildrenCollapsible(False)
        self._room = 0

    def want(self, name: str, wanted: bool) -> None:
        """The person opens or closes a panel: it is remembered, and one opened wins the
        room over the other."""
        self.wanted[name] = wanted
        self.state.setValue(f"{name}_open", wanted)
        if wanted:
            self.first = name
        self.fit(self._room)
        window = self.splitter.window()
        if wanted and self._widget(name).isHidden() and window.isWindow():
            # too narrow for it even alone: the window grows to hold it beside the chat
            handles = 2 * self.splitter.handleWidth()
            window.resize(
                max(window.width(), CHAT_MIN + self._needs()[name] + handles), window.height()
            )

    def fit(self, room: int) -> None:
        """Show what fits in ``room`` pixels (the window's width)."""
        self._room = room
        room -= 2 * self.splitter.handleWidth()
        needs = self._needs()
        order = [self.first, "drawer" if self.first == "sidebar" else "sidebar"]
        shown = arrange(room, [(n, self.wanted[n], needs[n]) for n in order])
        changed = False
        for name, widget, toggle in (
            ("sidebar", self.sidebar, self.sidebar_toggle),
            ("drawer", self.drawer, self.drawer_toggle),
        ):
            toggle.setChecked(name in shown)
            if widget.isHidden() == (name in shown):
                widget.setVisible(name in shown)
                changed = True
        if changed:
            self.splitter.refresh()  # the hidden panel's handle goes with it, now
        squeezed = bool(shown) and self.splitter.sizes()[1] < CHAT_MIN
        if changed or squeezed:  # the chat column keeps its width; the panels give way
            self._size(room, shown, needs)

    def _needs(self) -> dict[str, int]:
        """The narrowest each panel can be."""
        return {
            "sidebar": max(SIDEBAR_MIN, self.sidebar.minimumSizeHint().width()),
            "drawer": self.drawer.needed_width(),
        }

    def _size(self, room: int, shown: set[str], needs: dict[str, int]) -> None:
        """Give the shown panels their remembered widths, as far as the chat keeps its own."""
        spare = room - CHAT_MIN - sum(needs[n] for n in shown)
        widths = {}
        for name in ("sidebar", "drawer"):
            if name in shown:
                extra = min(max(0, self.widths[name] - needs[name]), spare)
                widths[name] = needs[name] + extra
                spare -= extra
            else:
                widths[name] = 0
        centre = max(CHAT_MIN, room - widths["sidebar"] - widths["drawer"])
        self.splitter.setSizes([widths["sidebar"], centre, widths["drawer"]])

    def open(self, name: str) -> None:
        if not self.wanted[name] or self._widget(name).isHidden():
            self.want(name, True)

    def toggle(self, name: str) -> None:
        """Close the panel when it shows, else open it."""
        self.want(name, self._widget(name).isHidden())

    def _widget(self, name: str) -> QWidget:
        return self.drawer if name == "drawer" else self.sidebar

    def _moved(self, _pos: int, _index: int) -> None:
        sizes = self.splitter.sizes()
        for name, size in (("sidebar", sizes[0]), ("drawer", sizes[2])):
            if size > 0:
                self.widths[name] = size

    def save(self) -> None:
        self._moved(0, 0)
        for name, width in self.widths.items():
            self.state.setValue(f"{name}_width", width)


def _flag(value: object) -> bool:
    """A boolean from an ini file (where it comes back as "true"/"false")."""
    return value in (True, "true", "1", 1)


def _number(value: object, default: int) -> int:
    try:
        return int(str(value)) if value is not None else default
    except ValueError:
        return default
