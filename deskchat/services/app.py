"""Opening deskchat's state: settings, the history database (with built-in personas), an
engine client, and the remote servers the person added. Both faces (GUI, CLI) start here."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from deskchat import paths
from deskchat.app_state import AppState
from deskchat.chat.generation import LoadOptions, ModelInfo
from deskchat.chat.personas import load_builtin_personas
from deskchat.engine.client import EngineClient
from deskchat.hub.gguf_meta import GGUFInfo
from deskchat.sentences import Sentence
from deskchat.services.api_server import ApiServer, ServerError, ServerFactory
from deskchat.services.api_turns import ApiTurns
from deskchat.services.chat_session import ChatSession
from deskchat.services.model_loader import load_model, restart_engine
from deskchat.services.remote_access import RemoteAccess, RemoteEngine
from deskchat.settings import Settings, load_settings
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.recovery import keep_aside, kept_copies, recover_history


@dataclass
class AppContext:
    settings: AppState  # read ``settings.current``; change with ``settings.update(...)``
    db: Database
    engine: EngineClient
    session: ChatSession
    notices: list[str] = field(default_factory=list)  # sentences to show once at start
    remote: RemoteAccess = field(default_factory=RemoteAccess)
    # makes the OpenAI-compatible server (a face of its own, handed in by the entry point)
    serve: ServerFactory | None = None

    def api_server(
        self, *, host: str, port: int, api_key: str | None, cors_origin: str, log_history: bool
    ) -> ApiServer:
        """An API server over the local engine with the app's sampling settings (not yet
        started); ``ServerError`` for an address it must refuse."""
        if self.serve is None:
            raise ServerError(Sentence("This copy of deskchat was started without its API server."))
        turns = ApiTurns(
            self.engine,
            sampling=self.settings.current.sampling,
            db=self.db,
            log_history=log_history,
        )
        return self.serve(turns, host=host, port=port, api_key=api_key, cors_origin=cors_origin)

    @property
    def remote_engine(self) -> RemoteEngine | None:
        """The remote model answering now, or None when the local engine does."""
        engine = self.session.engine
        return engine if isinstance(engine, RemoteEngine) else None

    def load_model(self, path: str, options: LoadOptions) -> tuple[ModelInfo, GGUFInfo]:
        """Load ``path`` into the local engine (blocks; a face runs it off its UI thread)
        and remember it among the recent models."""
        return load_model(self.engine, path, options, ModelRepo(self.db))

    def restart_engine(self) -> None:
        """End the local engine at once, hung or not (from any thread); the next message
        starts a fresh one with the same model."""
        restart_engine(self.engine)

    def use_remote(
        self, endpoint: str, model_id: str | None = None, *, context_length: int | None = None
    ) -> RemoteEngine:
        """Answer with ``model_id`` on the remote server ``endpoint`` from now on (blocks
        while the server's model list is fetched; call it between answers). The local
        engine keeps whatever it has loaded."""
        engine = self.remote.open_engine(endpoint, model_id, context_length=context_length)
        self._close_remote()
        self.session.use_engine(engine)
        return engine

    def use_local(self) -> None:
        """Answer with the local engine process again (call it between answers)."""
        self._close_remote()
        self.session.use_engine(self.engine)

    def _close_remote(self) -> None:
        current = self.remote_engine
        if current is not None:
            current.close()

    def close(self) -> None:
        self._close_remote()
        self.engine.close()
        self.db.close()


def open_database(*, maintain: bool = True) -> tuple[Database, list[str]]:
    """The history database, with built-in personas seeded and crash leftovers recovered
    (``maintain=False``: just open it, for commands that only read; read-only where the
    file or its folder cannot be written)."""
    path = paths.db_path()
    read_only = not maintain and path.exists() and not _writable(path)
    db = Database(path, read_only=read_only)
    notices: list[str] = []
    if not maintain:
        return db, notices
    PersonaRepo(db).seed(load_builtin_personas(paths.resources_dir() / "personas" / "builtin.json"))
    recovered = MessageRepo(db).recover_interrupted()
    if recovered:
        cut_short = Sentence(
            "{n} answer(s) were cut short when deskchat last stopped; their text is kept and "
            "marked interrupted.",
            n=recovered,
        )
        notices.append(str(cut_short))  # the window words it again in its language
    return db, notices


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def start_fresh_history() -> Sentence:
    """Move the history database aside (kept, never deleted); the next open starts a fresh
    one. The sentence says where the old file is."""
    path = paths.db_path()
    if not path.exists():
        return Sentence("There is no history database at {path} yet.", path=str(path))
    kept = keep_aside(path)
    return Sentence(
        "Started a fresh history at {path}; the old one is kept as {kept}.",
        path=str(path),
        kept=str(kept),
    )


def recover_damaged_history() -> Sentence:
    """Copy what can be read of the history database into a fresh one (the damaged file is
    kept beside it); the sentence says how much was recovered."""
    path = paths.db_path()
    if not path.exists():
        return Sentence("There is no history database at {path} yet.", path=str(path))
    new_path, messages = recover_history(path)
    return Sentence(
        "Recovered {n} message(s) into a fresh history at {path}; the damaged file is kept "
        "as {kept}.",
        n=messages,
        path=str(new_path),
        kept=str(kept_copies(new_path)[-1]),
    )


def open_app(serve: ServerFactory | None = None) -> AppContext:
    settings, warning = load_settings()
    db, notices = open_database()
    if warning:
        notices.insert(0, warning)
    remote = RemoteAccess()
    _endpoints, remote_warning = remote.load()
    if remote_warning:
        notices.append(remote_warning)
    engine = EngineClient(log_path=str(paths.ensure(paths.log_dir()) / "engine.log"))
    session = ChatSession(
        db, engine, sampling=settings.sampling, overflow_policy=settings.overflow_policy
    )
    state = AppState(settings)
    state.subscribe(lambda _old, new: _follow(session, new))
    return AppContext(state, db, engine, session, notices, remote, serve)


def _follow(session: ChatSession, settings: Settings) -> None:
    """New chats and chats without their own values follow the changed defaults."""
    session.default_sampling = settings.sampling
    session.default_policy = settings.overflow_policy
