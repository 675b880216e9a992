"""Preferences, keyboard shortcuts, and About."""

from __future__ import annotations

import html

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.build_info import version_line
from deskchat.gui.look import LANGUAGES

SHORTCUTS = [
    ("Ctrl+N", QT_TRANSLATE_NOOP("ShortcutsDialog", "New chat")),
    ("Ctrl+O", QT_TRANSLATE_NOOP("ShortcutsDialog", "Open a GGUF model")),
    ("Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "Send the message")),
    ("Shift+Enter", QT_TRANSLATE_NOOP("ShortcutsDialog", "New line in the message")),
    ("Esc", QT_TRANSLATE_NOOP("ShortcutsDialog", "Stop the answer (or cancel an edit)")),
    ("Ctrl+R", QT_TRANSLATE_NOOP("ShortcutsDialog", "Regenerate the last answer")),
    ("Ctrl+F", QT_TRANSLATE_NOOP("ShortcutsDialog", "Search all messages")),
    ("Ctrl+P", QT_TRANSLATE_NOOP("ShortcutsDialog", "Show the prompt sent to the model")),
    ("Ctrl+T", QT_TRANSLATE_NOOP("ShortcutsDialog", "Show how the message splits into tokens")),
    ("Ctrl+L", QT_TRANSLATE_NOOP("ShortcutsDialog", "Choose a model")),
    ("Ctrl+Shift+M", QT_TRANSLATE_NOOP("ShortcutsDialog", "Models window")),
    ("Ctrl+B", QT_TRANSLATE_NOOP("ShortcutsDialog", "Show or hide the chats")),
    ("Ctrl+.", QT_TRANSLATE_NOOP("ShortcutsDialog", "Show or hide the settings")),
    ("F2", QT_TRANSLATE_NOOP("ShortcutsDialog", "Rename the chat")),
    ("Ctrl+Shift+D", QT_TRANSLATE_NOOP("ShortcutsDialog", "Documents window")),
    ("Ctrl+,", QT_TRANSLATE_NOOP("ShortcutsDialog", "Preferences")),
    ("F1", QT_TRANSLATE_NOOP("ShortcutsDialog", "This list")),
    ("Ctrl+Q", QT_TRANSLATE_NOOP("ShortcutsDialog", "Quit")),
]


class PreferencesDialog(QDialog):
    def __init__(self, theme: str, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.theme = QComboBox()
        for value, label in (
            ("system", self.tr("Follow the system")),
            ("light", self.tr("Light")),
            ("dark", self.tr("Dark")),
        ):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(self.theme.findData(theme), 0))
        form.addRow(self.tr("Theme"), self.theme)
        self.language = QComboBox()
        for value, label in LANGUAGES.items():
            self.language.addItem(self.tr("Follow the system") if not value else label, value)
        self.language.setCurrentIndex(max(self.language.findData(language), 0))
        form.addRow(self.tr("Language"), self.language)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("A new language applies the next time deskchat starts.")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(420, 440)
        layout = QVBoxLayout(self)
        table = QTableWidget(len(SHORTCUTS), 2)
        table.setHorizontalHeaderLabels([self.tr("Keys"), self.tr("Action")])
        for row, (keys, action) in enumerate(SHORTCUTS):
            table.setItem(row, 0, QTableWidgetItem(keys))
            table.setItem(
                row, 1, QTableWidgetItem(QCoreApplication.translate("ShortcutsDialog", str(action)))
            )
        table.resizeColumnsToContents()
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table


def about_text() -> str:
    return (
        f"<b>{html.escape(version_line())}</b><br>"
        "Private, offline chat with local language models.<br>"
        "Models run through llama.cpp in a separate engine process; your conversations stay "
        "in a local database."
    )
