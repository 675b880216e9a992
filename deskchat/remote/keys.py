"""API keys of remote servers: the OS keyring, else this session only, else an environment
variable the endpoint names.

A key is never written to the database, the endpoint file, the settings or a log. Where the
system has no keyring (headless Linux), the person is told so and may keep the key in
memory until deskchat closes (as with the Hugging Face token), or name an environment
variable that holds it.
"""

from __future__ import annotations

import os

from deskchat import secrets
from deskchat.remote.endpoints import Endpoint


class EndpointKeys:
    def __init__(self) -> None:
        self._session: dict[str, str] = {}  # endpoint name -> key, this process only

    def get(self, endpoint: Endpoint) -> str | None:
        if endpoint.name in self._session:
            return self._session[endpoint.name]
        return secrets.get_secret(endpoint.secret_name, env_var=endpoint.key_env)

    def source(self, endpoint: Endpoint) -> str:
        """Where the key in use comes from, for the endpoint list and `doctor`."""
        if endpoint.name in self._session:
            return "this session only"
        if secrets.get_secret(endpoint.secret_name):
            return "the system keyring"
        if endpoint.key_env and os.environ.get(endpoint.key_env):
            return f"the {endpoint.key_env} environment variable"
        if endpoint.key_env:
            return f"none ({endpoint.key_env} is not set)"
        return "none"

    def set(self, endpoint: Endpoint, key: str, *, session_only: bool = False) -> str:
        """Keep ``key``; a sentence saying where. Raises ``secrets.NoKeyringError`` when
        there is no keyring and ``session_only`` was not chosen."""
        key = key.strip()
        if not key:
            raise ValueError("empty API key")
        if session_only:
            self._session[endpoint.name] = key
            return "The API key will be used until deskchat closes; it is not saved anywhere."
        secrets.set_secret(endpoint.secret_name, key)
        self._session.pop(endpoint.name, None)
        return "The API key is saved in the system keyring."

    def clear(self, endpoint: Endpoint) -> None:
        self._session.pop(endpoint.name, None)
        secrets.delete_secret(endpoint.secret_name)
