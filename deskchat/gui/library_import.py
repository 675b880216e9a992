"""Adding GGUF files to the library (from Import… or dropped on it): copy or link, asked
once; the copy runs off the GUI thread with progress and can be cancelled."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from deskchat.gui.model_services import ModelServices
from deskchat.gui.workers import Job

Mode = Literal["copy", "link"]


class ImportModeBox(QMessageBox):
    """Copy into deskchat's models folder, or use the files where they are."""

    def __init__(self, parent: QWidget, names: list[str]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add to the library"))
        self.setText(self.tr("Add {names} to the library:").format(names=", ".join(names)))
        self.setInformativeText(
            self.tr(
                "Copy puts a copy in deskchat's models folder (the original can then be moved "
                "or deleted). Link uses the file where it is, taking no extra space."
            )
        )
        self.copy = self.addButton(self.tr("Copy"), QMessageBox.ButtonRole.AcceptRole)
        self.link = self.addButton(self.tr("Link"), QMessageBox.ButtonRole.AcceptRole)
        self.addButton(QMessageBox.StandardButton.Cancel)


def ask_import_mode(parent: QWidget, names: list[str]) -> Mode | None:
    """ "copy", "link", or None when the person cancelled (tests replace this)."""
    box = ImportModeBox(parent, names)
    box.exec()
    clicked = box.clickedButton()
    return "copy" if clicked is box.copy else "link" if clicked is box.link else None


class Importer(QObject):
    """One import at a time; ``progress(done, total)`` and ``finished(error or "")``."""

    progress = Signal(object, object)  # bytes done, bytes in all (may exceed an int)
    finished = Signal(str)  # "" or the sentence saying why it stopped

    def __init__(self, services: ModelServices, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self._cancel = threading.Event()
        self.job: Job | None = None

    def busy(self) -> bool:
        return self.job is not None

    def start(self, paths: list[Path], mode: Mode) -> None:
        self._cancel.clear()
        library = self.services.library()
        cancel, progress = self._cancel, self.progress

        def work() -> None:
            for path in paths:
                library.import_file(path, mode, progress=progress.emit, cancelled=cancel.is_set)

        self.job = self.services.run(work)
        self.job.failed.connect(self.finished)
        self.job.item.connect(lambda _none: self.finished.emit(""))
        self.job.finished.connect(self._done)

    def cancel(self) -> None:
        self._cancel.set()

    def _done(self) -> None:
        self.job = None
        self.services.library_changed.emit()
