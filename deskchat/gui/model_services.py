"""What the model manager window works with, made once per app: the hub access (so a
session-only token is shared), the download queue, the library as the settings describe
it, and the background jobs. The download queue runs its own threads; it is polled here,
a few times a second while anything is active, and changes arrive as signals."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from deskchat import paths
from deskchat.chat.generation import BackendInfo
from deskchat.engine.backend import build_offloads_to_gpu
from deskchat.errors import DeskchatError
from deskchat.gui.controller import ChatController
from deskchat.gui.words import say
from deskchat.gui.workers import Job, run_call
from deskchat.hub.library import Library
from deskchat.hub.remote import HubError
from deskchat.services.downloads import ACTIVE, DownloadItem, DownloadManager
from deskchat.services.hub_access import HubAccess
from deskchat.services.model_library import models_folder, open_library
from deskchat.settings import Settings

# the settings that say which models the library lists
LIBRARY_SETTINGS = ("models_dir", "extra_model_folders", "scan_other_apps")
POLL_MS = 250  # download progress, while anything is queued or running
PAUSED_POLL_MS = 1000


def catching_hub_errors(work: Callable[[], Any]) -> Callable[[], Any]:
    """``work`` returning a HubError instead of raising it: its class picks the way out
    (token dialog, license page) that the view offers."""

    def run() -> Any:
        try:
            return work()
        except HubError as exc:
            return exc

    return run


def same(a: str | Path, b: str | Path) -> bool:
    """Whether two folder names point to one folder."""
    try:
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    except (OSError, RuntimeError):
        return Path(a) == Path(b)


class ModelServices(QObject):
    downloads_changed = Signal(list)  # list[DownloadItem], after every poll that saw a change
    download_done = Signal(object)  # DownloadItem that has just finished
    library_changed = Signal()  # a model was added or deleted: rescan
    load_requested = Signal(str)  # the path of a model to inspect and load
    embedding_chosen = Signal(str)  # the path of an embedding model to use for documents

    def __init__(
        self, controller: ChatController, access: HubAccess, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.app = controller.app
        self.access = access
        self._gpu_offload: bool | None = None
        self._jobs: set[Job] = set()
        self._last: dict[str, DownloadItem] = {}
        self.downloads = self._manager()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self.poll)
        controller.backend_ready.connect(self._backend)
        self._unsubscribe = self.app.settings.subscribe(self._settings_changed)
        self.poll()  # downloads left from last time carry on: follow them

    # -- facts the views need ----------------------------------------------------------

    @property
    def gpu_offload(self) -> bool:
        """Whether this build puts layers on a GPU (the engine's answer once known)."""
        if self._gpu_offload is None:
            self._gpu_offload = build_offloads_to_gpu()
        return self._gpu_offload

    def _backend(self, info: object) -> None:
        if isinstance(info, BackendInfo):
            self._gpu_offload = info.gpu_offload

    def library(self) -> Library:
        return open_library(self.app.settings.current)

    def update_settings(self, **changes: Any) -> str | None:
        """Save changed settings (the library rescans when they touch it); a sentence
        when they cannot be saved."""
        try:
            self.app.settings.update(**changes)
        except DeskchatError as exc:
            return say(exc)
        return None

    def _settings_changed(self, old: Settings, new: Settings) -> None:
        if any(getattr(old, name) != getattr(new, name) for name in LIBRARY_SETTINGS):
            self.library_changed.emit()

    # -- where models are kept -----------------------------------------------------------

    def set_models_folder(self, folder: str) -> str | None:
        """Download into ``folder`` ("" is the default) from now on; the old folder's models
        stay listed (it becomes one of the other folders). A sentence when it cannot be."""
        if any(i.state in (*ACTIVE, "paused") for i in self.downloads.items()):
            return self.tr(
                "Wait for the downloads to finish, or cancel them, before changing the models "
                "folder: a download that is waiting, running or paused keeps its partial files "
                "in the current folder."
            )
        old = models_folder(self.app.settings.current)
        new = Path(folder).expanduser() if folder else paths.models_dir()
        try:
            new.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=new):
                pass  # it can be written to
        except OSError as exc:
            return self.tr(
                "deskchat cannot keep models in {folder} ({reason}); choose another folder."
            ).format(folder=new, reason=exc.strerror or exc)
        # the new folder is no longer an "other" folder; the old one becomes one
        extras = [f for f in self.app.settings.current.extra_model_folders if not same(f, new)]
        if old.is_dir() and not same(old, new) and not any(same(f, old) for f in extras):
            extras.append(str(old))
        self.downloads.close()
        problem = self.update_settings(models_dir=folder, extra_model_folders=tuple(extras))
        self.downloads = self._manager()  # in whichever folder the settings name now
        self.poll()
        return problem

    def set_download_concurrency(self, count: int) -> str | None:
        """How many downloads run at once (the next one starts at once if allowed); a
        sentence when the setting cannot be saved."""
        problem = self.update_settings(download_concurrency=count)
        if problem is None:
            self.downloads.set_concurrency(count)
            self.poll()
        return problem

    def _manager(self) -> DownloadManager:
        return DownloadManager(
            self.access.client,
            models_folder(self.app.settings.current),
            concurrency=self.app.settings.current.download_concurrency,
        )

    # -- background work ---------------------------------------------------------------

    def run(self, work: Callable[[], Any]) -> Job:
        """``work`` on a worker thread; the job is waited for when the app closes."""
        job = run_call(work, self)
        self._jobs.add(job)
        job.finished.connect(lambda: self._jobs.discard(job))
        return job

    # -- the download queue --------------------------------------------------------------

    def poll(self) -> None:
        items = self.downloads.items()
        current = {i.id: i for i in items}
        if current != self._last:
            for item in items:
                before = self._last.get(item.id)
                if item.state == "done" and before is not None and before.state != "done":
                    self.download_done.emit(item)
            self._last = current
            self.downloads_changed.emit(items)
        if any(i.state in ACTIVE for i in items):
            self._follow(POLL_MS)
        elif any(i.state == "paused" for i in items):
            self._follow(PAUSED_POLL_MS)  # a transfer writes its last piece after pausing
        else:
            self._timer.stop()

    def _follow(self, interval: int) -> None:
        if self._timer.interval() != interval or not self._timer.isActive():
            self._timer.start(interval)

    def items(self) -> list[DownloadItem]:
        return list(self._last.values())

    def act(self, action: Callable[[str], None], download_id: str) -> str | None:
        """Pause, resume, retry, cancel or forget one download; a sentence if it failed."""
        try:
            action(download_id)
        except DeskchatError as exc:  # e.g. an item that is no longer in the list
            return say(exc)
        finally:
            self.poll()
        return None

    def close(self) -> None:
        """The app is closing: stop polling, let running downloads stop (they resume at
        the next start) and wait for background jobs."""
        self._timer.stop()
        self._unsubscribe()
        self.downloads.close()
        for job in list(self._jobs):
            job.wait(20_000)
