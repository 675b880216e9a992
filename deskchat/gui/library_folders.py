"""Where the library looks (Library → Folders…): the models folder downloads go to, the
other folders scanned in place, and how many downloads run at once."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.model_services import ModelServices, same
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.services.model_library import models_folder

MAX_CONCURRENCY = 4


class FoldersDialog(QDialog):
    def __init__(self, services: ModelServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("Model folders"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(self._build_own_folder())
        layout.addWidget(self._build_other_folders())
        layout.addLayout(self._build_concurrency())
        self.status = SentenceLabel()
        self.status.hide()
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.show_settings()

    def _build_own_folder(self) -> QGroupBox:
        """The models folder downloads go to, with Change… and Use the default."""
        own = QGroupBox(self.tr("Models folder"))
        own_layout = QVBoxLayout(own)
        explain = QLabel(self.tr("Downloaded and imported models are kept here."))
        explain.setObjectName("explanation")
        own_layout.addWidget(explain)
        self.folder = QLabel()
        self.folder.setWordWrap(True)
        own_layout.addWidget(self.folder)
        row = QHBoxLayout()
        self.change_button = QPushButton(self.tr("Change…"))
        self.change_button.clicked.connect(self.change)
        self.default_button = QPushButton(self.tr("Use the default"))
        self.default_button.clicked.connect(lambda: self.move_to(""))
        row.addWidget(self.change_button)
        row.addWidget(self.default_button)
        row.addStretch(1)
        own_layout.addLayout(row)
        return own

    def _build_other_folders(self) -> QGroupBox:
        """The folders scanned in place, with Add… and Remove."""
        others = QGroupBox(self.tr("Other folders"))
        others_layout = QVBoxLayout(others)
        explain = QLabel(
            self.tr("Models in these folders are listed where they are; nothing is copied.")
        )
        explain.setObjectName("explanation")
        explain.setWordWrap(True)
        others_layout.addWidget(explain)
        self.extras = QListWidget()
        self.extras.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.extras.itemSelectionChanged.connect(self._selected)
        others_layout.addWidget(self.extras)
        row = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        others_layout.addLayout(row)
        return others

    def _build_concurrency(self) -> QFormLayout:
        """How many downloads run at once."""
        form = QFormLayout()
        self.concurrency = QSpinBox()
        self.concurrency.setRange(1, MAX_CONCURRENCY)
        self.concurrency.valueChanged.connect(self.services.set_download_concurrency)
        form.addRow(self.tr("Downloads at once"), self.concurrency)
        return form

    def show_settings(self) -> None:
        """The folders and the download count as the settings have them now."""
        settings = self.services.app.settings.current
        folder = str(models_folder(settings))
        if settings.models_dir:
            self.folder.setText(folder)
        else:
            self.folder.setText(self.tr("{folder} (the default)").format(folder=folder))
        self.default_button.setEnabled(bool(settings.models_dir))
        self.extras.clear()
        self.extras.addItems(list(settings.extra_model_folders))
        self._selected()
        self.concurrency.blockSignals(True)  # showing the setting is not changing it
        self.concurrency.setValue(min(settings.download_concurrency, MAX_CONCURRENCY))
        self.concurrency.blockSignals(False)

    def _selected(self) -> None:
        self.remove_button.setEnabled(bool(self.extras.selectedItems()))

    # -- the models folder ------------------------------------------------------------------

    def change(self) -> None:
        current = str(models_folder(self.services.app.settings.current))
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Where downloaded models go"), current
        )
        if folder:
            self.move_to(folder)

    def move_to(self, folder: str) -> None:
        """Download into ``folder`` ("" = the default) from now on."""
        before = self.services.app.settings.current.extra_model_folders
        problem = self.services.set_models_folder(folder)
        if problem:
            self.status.say(problem, problem=True)
            return
        settings = self.services.app.settings.current
        sentence = self.tr("Downloads now go to {folder}.").format(folder=models_folder(settings))
        kept = [f for f in settings.extra_model_folders if f not in before]
        if kept:
            sentence += " " + self.tr(
                "The models already in {old} stay listed: it is now one of the other folders."
            ).format(old=kept[0])
        self.status.say(sentence)
        self.show_settings()

    # -- other folders --------------------------------------------------------------------

    def add(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("A folder with GGUF models"))
        if not folder:
            return
        settings = self.services.app.settings.current
        known = [str(models_folder(settings)), *settings.extra_model_folders]
        if any(same(folder, f) for f in known):
            self.status.say(self.tr("{folder} is already in the library.").format(folder=folder))
            return
        problem = self.services.update_settings(
            extra_model_folders=(*settings.extra_model_folders, folder)
        )
        if problem:
            self.status.say(problem, problem=True)
            return
        self.status.say(self.tr("The models in {folder} are listed now.").format(folder=folder))
        self.show_settings()

    def remove(self) -> None:
        chosen = self.extras.selectedItems()
        if not chosen:
            return
        folder = chosen[0].text()
        settings = self.services.app.settings.current
        left = tuple(f for f in settings.extra_model_folders if f != folder)
        problem = self.services.update_settings(extra_model_folders=left)
        if problem:
            self.status.say(problem, problem=True)
            return
        self.status.say(
            self.tr("{folder} is no longer listed; its files were not touched.").format(
                folder=folder
            )
        )
        self.show_settings()
