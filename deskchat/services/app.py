"""Opening deskchat's state: settings, the history database (with built-in personas), an
engine client, and the remote servers the person added. Both faces (GUI, CLI) start here."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

from deskchat import paths
from deskchat.app_state import AppState
from deskchat.chat.generation import LoadOptions, ModelInfo
from deskchat.chat.personas import load_builtin_personas
from deskchat.engine.client import EngineClient
from deskchat.engine.protocol import KvStateConfig
from deskchat.hub.gguf_meta import GGUFInfo
from deskchat.mcp_servers.hub import McpHub
from deskchat.sentences import Sentence
from deskchat.services.api_server import ApiServer, ServerError, ServerFactory
from deskchat.services.api_turns import ApiTurns
from deskchat.services.chat_session import ChatSession
from deskchat.services.doc_embedding import doc_embedders
from deskchat.services.embeddings import EmbeddingService
from deskchat.services.model_loader import load_model, restart_engine
from deskchat.services.remote_access import RemoteAccess, RemoteEngine
from deskchat.settings import Settings, load_settings
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.models import ModelRepo
from deskchat.store.personas import PersonaRepo
from deskchat.store.recovery import keep_aside, kept_copies, recover_history

MB = 1024 * 1024


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
    _mcp_hub: McpHub | None = field(default=None, init=False, repr=False)
    _mcp_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    # the embedding model for this run only (``serve --embedding-model``), over the setting
    embedding_model: str | None = None
    _embeddings: EmbeddingService | None = field(default=None, init=False, repr=False)

    @property
    def mcp_hub(self) -> McpHub:
        """The MCP servers of mcp.json (made on first use, from any thread; each server
        starts when first used and stops in ``close``)."""
        with self._mcp_lock:
            if self._mcp_hub is None:
                self._mcp_hub = McpHub(call_timeout=self.settings.current.tool_call_timeout_s)
            return self._mcp_hub

    @property
    def embeddings(self) -> EmbeddingService:
        """Embeddings from the embedding model (its engine starts on the first ``embed``)."""
        with self._mcp_lock:
            if self._embeddings is None:
                self._embeddings = EmbeddingService(
                    lambda: self.embedding_model or self.settings.current.embedding_model,
                    log_path=str(paths.ensure(paths.log_dir()) / "embed.log"),
                )
            return self._embeddings

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
            embeddings=self.embeddings,
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
        if self._mcp_hub is not None:
            self._mcp_hub.close()
        self._close_remote()
        if self._embeddings is not None:
            self._embeddings.close()
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
        cut_short = (
            Sentence(
                "An answer was cut short when deskchat last stopped; its text is kept and "
                "marked interrupted."
            )
            if recovered == 1
            else Sentence(
                "{n} answers were cut short when deskchat last stopped; their text is kept and "
                "marked interrupted.",
                n=recovered,
            )
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
    kept = str(kept_copies(new_path)[-1])
    if messages == 1:
        return Sentence(
            "Recovered 1 message into a fresh history at {path}; the damaged file is kept as "
            "{kept}.",
            path=str(new_path),
            kept=kept,
        )
    return Sentence(
        "Recovered {n} messages into a fresh history at {path}; the damaged file is kept as "
        "{kept}.",
        n=messages,
        path=str(new_path),
        kept=kept,
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
    engine = EngineClient(
        log_path=str(paths.ensure(paths.log_dir()) / "engine.log"), states=kv_states(settings)
    )
    session = ChatSession(
        db, engine, sampling=settings.sampling, overflow_policy=settings.overflow_policy
    )
    state = AppState(settings)
    _follow(session, settings)
    state.subscribe(lambda _old, new: _follow(session, new))
    state.subscribe(lambda _old, new: setattr(engine, "states", kv_states(new)))  # next load
    context = AppContext(state, db, engine, session, notices, remote, serve)
    session.mcp_hub = lambda: context.mcp_hub
    session.documents.embedder = lambda: doc_embedders(context.embeddings)[1]
    session.documents.index_embedder = lambda: doc_embedders(context.embeddings)[0]
    session.documents.passages = lambda: state.current.doc_passages
    return context


def _follow(session: ChatSession, settings: Settings) -> None:
    """New chats and chats without their own values follow the changed defaults."""
    session.default_sampling = settings.sampling
    session.default_policy = settings.overflow_policy
    session.tool_call_timeout_s = settings.tool_call_timeout_s
    session.max_tool_calls = settings.max_tool_calls
    session.parallel_tool_calls = settings.parallel_tool_calls


def kv_states(settings: Settings) -> KvStateConfig:
    """Where and how much of chats' KV states the engine keeps, from the settings (the
    loaded model's engine takes new budgets with ``EngineClient.kv_states(config)``)."""
    return KvStateConfig(
        str(paths.kv_states_dir()),
        ram_bytes=settings.kv_states_ram_mb * MB,
        disk_bytes=settings.kv_states_disk_mb * MB,
    )
