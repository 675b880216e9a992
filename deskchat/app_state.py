"""The app state: the one owner of the settings while deskchat runs.

Every change goes through ``AppState.update`` (or ``update_load`` / ``update_sampling`` for
the nested groups): it checks the change, writes settings.json atomically, and then tells
whoever subscribed. Nothing else writes the settings file, so a change made in one place
(the window's Model tab, the server dialog, a CLI command) is never lost by another's stale
copy. A change that cannot be saved is not made: the old value stays, and the caller gets
one sentence saying why. Where the settings folder is read-only for the whole session, a
face sets ``on_unsaved``: changes are then kept in memory until deskchat closes, and
``on_unsaved`` hears the sentence once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from deskchat.chat.generation import LoadOptions, SamplingParams
from deskchat.chat.prompt import OVERFLOW_POLICIES
from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence
from deskchat.settings import LOAD_CHOICES, MAX_DOC_PASSAGES, Settings, fits, save_settings

log = logging.getLogger(__name__)

Listener = Callable[[Settings, Settings], None]  # (old, new)

_CHOICES: dict[str, tuple[object, ...]] = {
    "overflow_policy": OVERFLOW_POLICIES,
    "theme": ("system", "light", "dark"),
    **LOAD_CHOICES,
}


class SettingsError(DeskchatError):
    """A setting got a value it cannot have, or the settings file could not be written."""


def _kind(default: Any) -> Sentence:
    """What a setting with this default takes, in words."""
    if default is None:
        return Sentence("a whole number or nothing")
    if isinstance(default, bool):
        return Sentence("true or false")
    if isinstance(default, int):
        return Sentence("a whole number")
    if isinstance(default, float):
        return Sentence("a number")
    if isinstance(default, tuple):
        return Sentence("a list")
    return Sentence("text")


def _refused(label: str, value: Any, kind: Sentence) -> SettingsError:
    return SettingsError(
        Sentence(
            "The setting {name} cannot be {value}: it takes {kind}.",
            name=label,
            value=repr(value),
            kind=kind,
        )
    )


def _checked(group: str, value: Any, default: Any, name: str) -> Any:
    """``value`` if it suits the setting ``name`` (of ``group``), else one sentence."""
    label = f"{group}.{name}" if group else name
    if not fits(value, default):
        raise _refused(label, value, _kind(default))
    if name in _CHOICES and value not in _CHOICES[name]:
        allowed = ", ".join(repr(c) for c in _CHOICES[name])
        raise SettingsError(
            Sentence(
                "The setting {name} cannot be {value}; choose one of {choices}.",
                name=label,
                value=repr(value),
                choices=allowed,
            )
        )
    if isinstance(value, tuple):
        return tuple(value)
    return value


def _check_group(cls: Any, group: str, changes: dict[str, Any]) -> dict[str, Any]:
    defaults = cls()
    names = {f.name for f in fields(cls)}
    unknown = sorted(set(changes) - names)
    if unknown:  # a typo in the code, not something a person can cause
        raise TypeError(f"{group} has no setting {', '.join(unknown)}")
    return {k: _checked(group, v, getattr(defaults, k), k) for k, v in changes.items()}


def _check_top(changes: dict[str, Any]) -> dict[str, Any]:
    defaults = Settings()
    names = {f.name for f in fields(Settings)}
    unknown = sorted(set(changes) - names)
    if unknown:
        raise TypeError(f"Settings has no setting {', '.join(unknown)}")
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("load", "sampling"):
            kind = LoadOptions if name == "load" else SamplingParams
            if not isinstance(value, kind):
                raise TypeError(f"{name} takes a {kind.__name__}, not {type(value).__name__}")
            checked[name] = value
        elif name == "last_model":
            if value is not None and not isinstance(value, str):
                raise _refused(name, value, Sentence("a file path"))
            checked[name] = value
        else:
            checked[name] = _checked("", value, getattr(defaults, name), name)
    _check_limits(checked)
    return checked


def _check_limits(checked: dict[str, Any]) -> None:
    """Refuse top-level values of the right type that are still impossible."""
    if "server_port" in checked and not 1 <= checked["server_port"] <= 65535:
        raise SettingsError(
            Sentence(
                "{port} is not a port number; use one from 1 to 65535.",
                port=str(checked["server_port"]),
            )
        )
    if "server_host" in checked and not checked["server_host"].strip():
        raise SettingsError(
            Sentence("The server address is empty; use 127.0.0.1 for this computer only.")
        )
    if "download_concurrency" in checked and checked["download_concurrency"] < 1:
        raise SettingsError(Sentence("At least one download must be able to run at a time."))
    if "tool_call_timeout_s" in checked and checked["tool_call_timeout_s"] <= 0:
        raise SettingsError(Sentence("A tool call needs more than 0 seconds to answer."))
    if "max_tool_calls" in checked and checked["max_tool_calls"] < 1:
        raise SettingsError(Sentence("An answer must be allowed at least one tool call."))
    for budget in ("kv_states_ram_mb", "kv_states_disk_mb"):
        if budget in checked and checked[budget] < 0:
            raise SettingsError(Sentence("A budget for saved chat states cannot be below 0 MB."))
    if "doc_passages" in checked and not 1 <= checked["doc_passages"] <= MAX_DOC_PASSAGES:
        raise SettingsError(
            Sentence(
                "A message can take from 1 to {most} passages from documents.",
                most=MAX_DOC_PASSAGES,
            )
        )
    embedding = checked.get("embedding_model", "").strip()
    if embedding and not Path(embedding).expanduser().is_file():
        raise SettingsError(
            Sentence("There is no file at {path} to use as the embedding model.", path=embedding)
        )


class AppState:
    """The current settings, saved and announced on every change.

    ``update(theme="dark")`` for top-level settings; ``update_load(n_ctx=8192)`` and
    ``update_sampling(temperature=0.2)`` for one field of the nested groups (or
    ``update(load=LoadOptions(...))`` to replace a whole group). An unknown name is a bug
    (``TypeError``); a wrong type or an impossible value, or a file that cannot be written,
    is one sentence (``DeskchatError``) and changes nothing.
    """

    def __init__(self, settings: Settings | None = None, path: Path | None = None) -> None:
        self._current = settings or Settings()
        self._path = path  # None: paths.settings_path(), looked up at each save
        self._listeners: list[Listener] = []
        # set: a change that cannot be saved is kept for this session, and this hears why once
        self.on_unsaved: Callable[[str], None] | None = None
        self.unsaved: str | None = None  # that sentence, while changes are only in memory

    @property
    def current(self) -> Settings:
        """The settings as they are now (a frozen value: change them with ``update``)."""
        return self._current

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(old, new)`` after every saved change; returns the unsubscriber."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def update(self, **changes: Any) -> Settings:
        """Check, save and announce ``changes`` to top-level settings; the new settings."""
        return self._commit(replace(self._current, **_check_top(changes)))

    def update_load(self, **changes: Any) -> Settings:
        """Change fields of the load options (``n_ctx``, ``n_gpu_layers``, ...)."""
        load = replace(self._current.load, **_check_group(LoadOptions, "load", changes))
        return self._commit(replace(self._current, load=load))

    def update_sampling(self, **changes: Any) -> Settings:
        """Change fields of the default sampling (``temperature``, ``max_tokens``, ...)."""
        checked = _check_group(SamplingParams, "sampling", changes)
        sampling = replace(self._current.sampling, **checked)
        return self._commit(replace(self._current, sampling=sampling))

    def _commit(self, new: Settings) -> Settings:
        old = self._current
        if new == old:
            return old
        try:
            save_settings(new, self._path)
            self.unsaved = None
        except OSError as exc:  # read-only folder, full disk, a file in the way
            reason = exc.strerror or str(exc)
            if self.on_unsaved is None:
                raise SettingsError(
                    f"The settings could not be saved ({reason}); the change was not made."
                ) from exc
            log.warning("The settings could not be saved: %s", exc)
            if self.unsaved is None:
                self.unsaved = str(
                    Sentence(
                        "The settings could not be saved ({reason}); changes are kept until "
                        "deskchat closes.",
                        reason=reason,
                    )
                )
                self.on_unsaved(self.unsaved)
        self._current = new
        for listener in list(self._listeners):
            try:
                listener(old, new)
            except Exception:  # one broken listener must not keep the others uninformed
                log.exception("A settings listener failed")
        return new
