"""The main window's menus (each entry a shortcut that works with the menu bar hidden too)
and the dialogs they open: preferences, personas, keyboard shortcuts, About."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from deskchat.errors import DeskchatError
from deskchat.gui.dialogs import PreferencesDialog, ShortcutsDialog, about_text
from deskchat.gui.persona_dialog import PersonaDialog
from deskchat.gui.tool_servers_dialog import ToolServersDialog
from deskchat.gui.words import say
from deskchat.services.app import AppContext
from deskchat.store.personas import PersonaRepo

CONTEXT = "MainWindow"  # the translations' context (these strings were the window's)

# each menu's title and its entries: the slot's name, the text, the shortcut (the texts
# are marked for translation, and translated when the menus are made)
MENUS: list[tuple[object, list[tuple[str, object, str]]]] = [
    (
        QT_TRANSLATE_NOOP("MainWindow", "&File"),
        [
            ("new_chat", QT_TRANSLATE_NOOP("MainWindow", "New chat"), "Ctrl+N"),
            ("open_model", QT_TRANSLATE_NOOP("MainWindow", "Open model…"), "Ctrl+O"),
            ("quit", QT_TRANSLATE_NOOP("MainWindow", "Quit"), "Ctrl+Q"),
        ],
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Chat"),
        [
            ("regenerate", QT_TRANSLATE_NOOP("MainWindow", "Regenerate last answer"), "Ctrl+R"),
            ("show_prompt", QT_TRANSLATE_NOOP("MainWindow", "Show prompt"), "Ctrl+P"),
            ("show_tokens", QT_TRANSLATE_NOOP("MainWindow", "Tokens"), "Ctrl+T"),
            ("search", QT_TRANSLATE_NOOP("MainWindow", "Search"), "Ctrl+F"),
            ("rename", QT_TRANSLATE_NOOP("MainWindow", "Rename chat"), "F2"),
            ("documents", QT_TRANSLATE_NOOP("MainWindow", "Documents…"), "Ctrl+Shift+D"),
        ],
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Model"),
        [
            ("choose_model", QT_TRANSLATE_NOOP("MainWindow", "Choose a model…"), "Ctrl+L"),
            ("unload_model", QT_TRANSLATE_NOOP("MainWindow", "Unload the model"), ""),
            ("models", QT_TRANSLATE_NOOP("MainWindow", "Models…"), "Ctrl+Shift+M"),
        ],
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&View"),
        [
            ("toggle_sidebar", QT_TRANSLATE_NOOP("MainWindow", "Chats sidebar"), "Ctrl+B"),
            ("toggle_drawer", QT_TRANSLATE_NOOP("MainWindow", "Settings drawer"), "Ctrl+."),
        ],
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Settings"),
        [
            ("personas", QT_TRANSLATE_NOOP("MainWindow", "Personas…"), ""),
            ("tool_servers", QT_TRANSLATE_NOOP("MainWindow", "Tool servers…"), ""),
            ("hub_token", QT_TRANSLATE_NOOP("MainWindow", "Hugging Face token…"), ""),
            ("api_server", QT_TRANSLATE_NOOP("MainWindow", "Local API server…"), ""),
            ("preferences", QT_TRANSLATE_NOOP("MainWindow", "Preferences…"), "Ctrl+,"),
        ],
    ),
    (
        QT_TRANSLATE_NOOP("MainWindow", "&Help"),
        [
            ("shortcuts", QT_TRANSLATE_NOOP("MainWindow", "Keyboard shortcuts"), "F1"),
            ("about", QT_TRANSLATE_NOOP("MainWindow", "About deskchat"), ""),
        ],
    ),
]


def install_menus(
    window: QMainWindow, slots: Mapping[str, Callable[[], object]]
) -> dict[str, QAction]:
    """The menu bar from ``MENUS``, each entry calling ``slots[its name]``; the actions by
    name."""
    actions: dict[str, QAction] = {}
    for title, entries in MENUS:
        menu = window.menuBar().addMenu(QCoreApplication.translate(CONTEXT, str(title)))
        for name, text, shortcut in entries:
            action = QAction(QCoreApplication.translate(CONTEXT, str(text)), window)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slots[name])
            window.addAction(action)  # the shortcut works even with the menu bar hidden
            menu.addAction(action)
            actions[name] = action
    return actions


class WindowDialogs(QObject):
    """The dialogs of the Settings and Help menus. ``show_error(sentence)`` says a problem;
    ``personas_changed()`` is called after the personas dialog closes."""

    def __init__(
        self,
        app: AppContext,
        parent: QWidget,
        language: str,
        *,
        show_error: Callable[[str], None],
        personas_changed: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self.app = app
        self.parent_widget = parent
        self.language = language
        self._show_error = show_error
        self._personas_changed = personas_changed

    def manage_personas(self) -> None:
        dialog = PersonaDialog(
            PersonaRepo(self.app.db),
            self.parent_widget,
            language=self.language,
            defaults=self.app.settings.current.sampling,
            tool_servers=self.app.session.mcp_servers(),
        )
        dialog.exec()
        self._personas_changed()

    def tool_servers(self) -> None:
        hub = self.app.mcp_hub
        ToolServersDialog(
            hub.store, hub.list_tools, self.parent_widget, settings=self.app.settings
        ).exec()

    def preferences(self) -> None:
        settings = self.app.settings.current
        dialog = PreferencesDialog(settings.theme, settings.language, self.parent_widget)
        if dialog.exec():
            try:
                self.app.settings.update(
                    theme=dialog.theme.currentData(), language=dialog.language.currentData()
                )
            except DeskchatError as exc:
                self._show_error(say(exc))

    def shortcuts(self) -> None:
        ShortcutsDialog(self.parent_widget).exec()

    def about(self) -> None:
        QMessageBox.about(
            self.parent_widget,
            QCoreApplication.translate(CONTEXT, "About deskchat"),
            about_text(),
        )
