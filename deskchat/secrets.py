"""Secrets (Hugging Face token, remote API keys) live in the OS keyring, never in the
database, the settings file or logs. Lookup order: an explicit value, the keyring, then an
environment variable. A missing keyring backend is reported, never replaced by a file."""

from __future__ import annotations

import contextlib
import os

SERVICE = "deskchat"


class NoKeyringError(Exception):
    """This system has no usable keyring backend (common on headless Linux)."""


def backend_name() -> str:
    """Which keyring backend is active, for `deskchat doctor`."""
    try:
        import keyring

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - keyring's backend discovery can raise anything
        return f"unavailable ({exc})"
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if "fail" in name.lower() or "null" in name.lower():
        return f"none ({name}): secrets can only be used for this session"
    return name


def get_secret(name: str, *, explicit: str | None = None, env_var: str | None = None) -> str | None:
    if explicit:
        return explicit
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(SERVICE, name)
        except KeyringError:
            value = None
        if value:
            return str(value)
    except ImportError:
        pass
    return os.environ.get(env_var) if env_var else None


def set_secret(name: str, value: str) -> None:
    import keyring
    from keyring.errors import KeyringError
    from keyring.errors import NoKeyringError as _NoKeyring

    try:
        keyring.set_password(SERVICE, name, value)
    except _NoKeyring as exc:
        raise NoKeyringError(
            "This system has no keyring to store secrets in; the value can be used for this "
            "session only."
        ) from exc
    except KeyringError as exc:
        raise NoKeyringError(f"The system keyring refused to store the secret: {exc}.") from exc


def delete_secret(name: str) -> None:
    """Forget a secret; a missing one or a missing keyring is not an error."""
    try:
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError, KeyringError):
            keyring.delete_password(SERVICE, name)
    except ImportError:
        pass
