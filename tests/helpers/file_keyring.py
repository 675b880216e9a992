"""A keyring kept in a JSON file, for `deskchat` run as a subprocess in tests.

The in-memory keyring cannot be shared with another process, and the real OS keyring must
never be touched. A test points ``PYTHON_KEYRING_BACKEND`` at ``FileKeyring`` and
``DESKCHAT_TEST_KEYRING`` at a file OUTSIDE ``DESKCHAT_HOME``, so that a test grepping
deskchat's own folders for a secret shows that the secret went to "the keyring" only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend

BACKEND = "tests.helpers.file_keyring.FileKeyring"
FILE_ENV = "DESKCHAT_TEST_KEYRING"


class FileKeyring(KeyringBackend):
    priority = -1  # type: ignore[assignment]  # only ever chosen explicitly

    @staticmethod
    def _path() -> Path:
        return Path(os.environ[FILE_ENV])

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self._path().read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        return {str(k): str(v) for k, v in data.items()}

    def _save(self, values: dict[str, str]) -> None:
        self._path().write_text(json.dumps(values), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        values = self._load()
        values[f"{service}/{username}"] = password
        self._save(values)

    def delete_password(self, service: str, username: str) -> None:
        values = self._load()
        values.pop(f"{service}/{username}", None)
        self._save(values)


def keyring_env(path: Path) -> dict[str, str]:
    """The environment for a subprocess that should use a file keyring at ``path``."""
    return {"PYTHON_KEYRING_BACKEND": BACKEND, FILE_ENV: str(path)}
