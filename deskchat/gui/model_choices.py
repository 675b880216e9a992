"""What the model picker lists: the library's models and every remote server's models in
one list, each listed off the GUI thread (the picker shows what it knew last meanwhile)."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from deskchat.gui.controller import ChatController
from deskchat.gui.workers import Job
from deskchat.hub.library import Library, LocalModel
from deskchat.services.remote_access import RemoteModel
from deskchat.units import count_text, size_text

LOCAL = "local"


@dataclass(frozen=True)
class ModelChoice:
    """One row of the picker: a model file (``server`` is LOCAL) or a server's model."""

    server: str
    model: str  # the path, or the server's model id
    name: str
    detail: str
    problem: str = ""  # why it cannot be used, one sentence

    @property
    def key(self) -> tuple[str, str]:
        return self.server, self.model


def _real(path: str) -> str:
    return os.path.realpath(path)


class ModelCatalog(QObject):
    """The models there are to choose from. ``library()`` opens the library as the settings
    say; ``run(work)`` runs work off the GUI thread."""

    changed = Signal()

    def __init__(
        self, controller: ChatController, library: Callable[[], Library], parent: QObject
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.access = controller.app.remote
        self._library = library
        self.local: list[LocalModel] = []
        self.remote: dict[str, list[RemoteModel] | str] = {}  # models, or why not
        self.scanning = False
        self._asking: set[str] = set()

    def refresh(self) -> None:
        """Ask again: the library rescans (cached headers: fast), each server is asked."""
        if not self.scanning:
            self.scanning = True
            library = self._library
            job = self.controller.background(lambda: library().scan())
            job.item.connect(self._scanned)
            job.finished.connect(self._scan_done)
        names = [e.name for e in self.access.endpoints()]
        self.remote = {n: v for n, v in self.remote.items() if n in names}
        for name in names:
            if name not in self._asking:
                self._ask(name)
        self.changed.emit()

    def _ask(self, name: str) -> None:
        self._asking.add(name)
        access = self.access
        job: Job = self.controller.background(lambda: access.models(name))
        job.item.connect(lambda models: self._listed(name, models))
        job.failed.connect(lambda message: self._listed(name, message))
        job.finished.connect(lambda: self._asking.discard(name))

    def _scanned(self, models: list[LocalModel]) -> None:
        self.local = models
        self.changed.emit()

    def _scan_done(self) -> None:
        self.scanning = False
        self.changed.emit()

    def _listed(self, name: str, result: list[RemoteModel] | str) -> None:
        self.remote[name] = result
        self.changed.emit()

    def asking(self, name: str) -> bool:
        return name in self._asking and name not in self.remote

    def servers(self) -> list[str]:
        return [e.name for e in self.access.endpoints()]

    def choices(self) -> list[ModelChoice]:
        """Every model: this computer's first, then each server's."""
        rows = [self._local_choice(m) for m in self.local]
        for name in self.servers():
            found = self.remote.get(name)
            for model in found if isinstance(found, list) else []:
                context = ""
                if model.context_length:
                    context = self.tr("context {n}").format(n=f"{model.context_length:,}")
                rows.append(ModelChoice(name, model.id, model.id, context))
        return rows

    def _local_choice(self, m: LocalModel) -> ModelChoice:
        facts = [m.path.name, size_text(m.size_bytes)]
        if m.parameters:
            facts.insert(1, count_text(m.parameters))
        return ModelChoice(LOCAL, str(m.path), m.name, " · ".join(facts), m.error or "")

    def current_key(self) -> tuple[str, str] | None:
        """The row of the model that answers now."""
        remote = self.controller.remote
        if remote is not None:
            return remote.endpoint.name, remote.model_id
        info = self.controller.model
        if info is None:
            return None
        real = _real(info.path)
        for m in self.local:
            if _real(str(m.path)) == real:
                return LOCAL, str(m.path)
        return LOCAL, info.path
