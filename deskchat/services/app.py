"""Opening deskchat's state: settings, the history database (with built-in personas), and
an engine client. Both faces (GUI, CLI) start here."""

from __future__ import annotations

from dataclasses import dataclass, field

from deskchat import paths
from deskchat.chat.personas import load_builtin_personas
from deskchat.engine.client import EngineClient
from deskchat.services.chat_session import ChatSession
from deskchat.settings import Settings, load_settings
from deskchat.store.db import Database
from deskchat.store.messages import MessageRepo
from deskchat.store.personas import PersonaRepo


@dataclass
class AppContext:
    settings: Settings
    db: Database
    engine: EngineClient
    session: ChatSession
    notices: list[str] = field(default_factory=list)  # sentences to show once at start

    def close(self) -> None:
        self.engine.close()
        self.db.close()


def open_database(*, maintain: bool = True) -> tuple[Database, list[str]]:
    """The history database, with built-in personas seeded and crash leftovers recovered
    (``maintain=False``: just open it, for commands that only read)."""
    db = Database(paths.db_path())
    notices: list[str] = []
    if not maintain:
        return db, notices
    PersonaRepo(db).seed(load_builtin_personas(paths.resources_dir() / "personas" / "builtin.json"))
    recovered = MessageRepo(db).recover_interrupted()
    if recovered:
        notices.append(
            f"{recovered} answer(s) were cut short when deskchat last stopped; their text is kept "
            "and marked interrupted."
        )
    return db, notices


def open_app() -> AppContext:
    settings, warning = load_settings()
    db, notices = open_database()
    if warning:
        notices.insert(0, warning)
    engine = EngineClient(log_path=str(paths.ensure(paths.log_dir()) / "engine.log"))
    session = ChatSession(
        db, engine, sampling=settings.sampling, overflow_policy=settings.overflow_policy
    )
    return AppContext(settings, db, engine, session, notices)
