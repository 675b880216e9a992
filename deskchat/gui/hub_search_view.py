"""The Discover tab: search the Hugging Face hub for GGUF repositories (off the GUI thread),
see a repository's files labelled for this machine, and queue a download. Hub problems are
sentences, with the way out where there is one (a token, the license page)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from deskchat.gui.model_services import ModelServices, catching_hub_errors
from deskchat.gui.repo_files_view import RepoFilesView
from deskchat.gui.sentence_label import SentenceLabel
from deskchat.gui.sizes import count_text
from deskchat.gui.starter_list import StarterList
from deskchat.gui.words import say
from deskchat.hub.fit import probe_memory
from deskchat.hub.remote import (
    HubError,
    LicenseNotAcceptedError,
    ModelChoice,
    RepoFiles,
    RepoSummary,
    TokenInvalidError,
    TokenRequiredError,
)
from deskchat.services.model_choice import pick_choice, remote_shape

SEARCH_LIMIT = 50


class DiscoverView(QWidget):
    token_needed = Signal()  # open the token dialog
    queued = Signal(object)  # DownloadItem just added

    def __init__(self, services: ModelServices) -> None:
        super().__init__()
        self.services = services
        self.access = services.access
        self._search_seq = 0
        self._files_seq = 0
        self._license_page = ""
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search Hugging Face for GGUF models"))
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.clicked.connect(self.search)
        row.addWidget(self.query, 1)
        row.addWidget(self.search_button)
        layout.addLayout(row)
        problem_row = QHBoxLayout()
        self.status = SentenceLabel()
        self.status.hide()
        self.fix_button = QPushButton()
        self.fix_button.hide()
        self.fix_button.clicked.connect(self._fix)
        problem_row.addWidget(self.status, 1)
        problem_row.addWidget(self.fix_button)
        layout.addLayout(problem_row)
        self.stack = QStackedWidget()
        self.starters = StarterList()
        self.starters.download_requested.connect(self.download)
        self.stack.addWidget(self.starters)
        self.results = QTableWidget(0, 6)
        self.results.setHorizontalHeaderLabels(
            [
                self.tr("Repository"),
                self.tr("Downloads"),
                self.tr("Likes"),
                self.tr("Updated"),
                self.tr("Access"),
                self.tr("For"),
            ]
        )
        self.results.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.verticalHeader().hide()
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.itemSelectionChanged.connect(self._repo_chosen)
        load = services.app.settings.current.load
        self.files = RepoFilesView(
            load.n_ctx if load.n_ctx > 0 else 4096,
            lambda: services.gpu_offload,
            (load.cache_type_k, load.cache_type_v),
        )
        self.files.download_requested.connect(self.download)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.results)
        split.addWidget(self.files)
        split.setSizes([260, 300])
        self.stack.addWidget(split)
        layout.addWidget(self.stack, 1)

    # -- sentences ----------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.fix_button.hide()
        self.status.say(text)

    def problem(self, error: HubError | str) -> None:
        """A sentence in red, and a button when the way out is a token or a license page."""
        self.fix_button.hide()
        if isinstance(error, TokenRequiredError | TokenInvalidError):
            self.fix_button.setText(self.tr("Set a Hugging Face token…"))
            self.fix_button.show()
        elif isinstance(error, LicenseNotAcceptedError):
            self.fix_button.setText(self.tr("Open the license page"))
            self.fix_button.show()
        self._license_page = error.page if isinstance(error, LicenseNotAcceptedError) else ""
        self.status.say(say(error), problem=True)

    def _failed(self, seq: int, latest: int, message: str) -> None:
        if seq == latest:  # else a newer request is on its way
            self.problem(message)

    def _fix(self) -> None:
        if self._license_page:
            QDesktopServices.openUrl(QUrl(self._license_page))
        else:
            self.token_needed.emit()

    # -- searching ----------------------------------------------------------------------

    def search(self) -> None:
        text = self.query.text().strip()
        self._search_seq += 1
        if not text:
            self.say("")
            self.stack.setCurrentWidget(self.starters)
            return
        seq = self._search_seq
        self.say(self.tr("Searching for “{q}”…").format(q=text))
        access = self.access
        job = self.services.run(
            catching_hub_errors(lambda: access.client().search(text, limit=SEARCH_LIMIT))
        )
        job.item.connect(lambda found: self._found(seq, text, found))
        job.failed.connect(lambda message: self._failed(seq, self._search_seq, message))

    def _found(self, seq: int, text: str, found: list[RepoSummary] | HubError) -> None:
        if seq != self._search_seq:
            return  # a newer search was started meanwhile
        if isinstance(found, HubError):
            self.problem(found)
            return
        self.stack.setCurrentIndex(1)
        self._files_seq += 1  # a file list still on its way belongs to the old results
        self.files.clear()
        self.results.setRowCount(0)
        if not found:
            self.say(self.tr("No GGUF repositories match “{q}”.").format(q=text))
            return
        self.say("")
        rows = sorted(found, key=lambda r: r.downloads, reverse=True)
        self.results.blockSignals(True)
        self.results.setRowCount(len(rows))
        for row, repo in enumerate(rows):
            updated = repo.last_modified.strftime("%Y-%m-%d") if repo.last_modified else ""
            cells = [
                repo.repo_id,
                count_text(repo.downloads),
                count_text(repo.likes),
                updated,
                self.tr("gated") if repo.gated else "",
                {
                    "chat": self.tr("Chat"),
                    "embedding": self.tr("Documents (embedding)"),
                    "reranker": self.tr("Ranking passages"),
                }[repo.kind],
            ]
            for column, text_ in enumerate(cells):
                cell = QTableWidgetItem(text_)
                cell.setData(Qt.ItemDataRole.UserRole, repo.repo_id)
                if column == 4 and repo.gated:
                    cell.setToolTip(self.tr("Needs a Hugging Face token and an accepted license"))
                self.results.setItem(row, column, cell)
        self.results.blockSignals(False)
        self.results.resizeColumnsToContents()
        self.results.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def _repo_chosen(self) -> None:
        cell = self.results.item(self.results.currentRow(), 0)
        if cell is None:
            return
        repo_id = str(cell.data(Qt.ItemDataRole.UserRole))
        self._files_seq += 1
        seq = self._files_seq
        self.files.clear(self.tr("Reading the files of {repo}…").format(repo=repo_id))
        access = self.access

        def work() -> tuple[RepoFiles, Any, Any]:
            hub = access.client()
            repo = hub.files(repo_id)
            return repo, remote_shape(hub, repo), probe_memory()

        job = self.services.run(catching_hub_errors(work))
        job.item.connect(lambda result: self._files_read(seq, result))
        job.failed.connect(lambda message: self._failed(seq, self._files_seq, message))

    def _files_read(self, seq: int, result: tuple[RepoFiles, Any, Any] | HubError) -> None:
        if seq != self._files_seq:
            return
        if isinstance(result, HubError):
            self.files.clear(" ")
            self.problem(result)
            return
        self.say("")
        self.files.show_repo(*result)

    # -- downloading --------------------------------------------------------------------

    def download(self, repo: RepoFiles | str, wanted: ModelChoice | str) -> None:
        """Queue a file (a starter names its repository and file: both are looked up).
        Access to a gated repository is checked first, so the sentence shows here."""
        access = self.access
        name = wanted.name if isinstance(wanted, ModelChoice) else wanted
        self.say(self.tr("Preparing {name}…").format(name=name))

        def work() -> tuple[RepoFiles, ModelChoice]:
            hub = access.client()
            files = repo if isinstance(repo, RepoFiles) else hub.files(repo)
            choice = wanted if isinstance(wanted, ModelChoice) else pick_choice(files, [], wanted)
            if files.gated:  # where the hub enforces gating
                hub.file_metadata(files.repo_id, choice.filename, files.commit)
            return files, choice

        job = self.services.run(catching_hub_errors(work))
        job.item.connect(self._enqueue)
        job.failed.connect(self.problem)

    def _enqueue(self, result: tuple[RepoFiles, ModelChoice] | HubError) -> None:
        if isinstance(result, HubError):
            self.problem(result)
            return
        files, choice = result
        item = self.services.downloads.enqueue(files.repo_id, files.commit, choice)
        self.services.poll()
        if item.state == "done":
            text = self.tr("{name} is already downloaded: load it from the Library tab.")
        else:
            text = self.tr("{name} is downloading: see the Downloads tab.")
        self.say(text.format(name=item.name))
        self.queued.emit(item)
