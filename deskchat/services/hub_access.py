"""The Hugging Face token and the hub client built from it.

The token lives in the OS keyring (never in the database, settings or logs). Where the
system has no keyring (headless Linux), the person is told so and may use the token for
this session only; it is then held in memory and forgotten at exit. ``HF_TOKEN`` in the
environment is honoured last, as huggingface_hub's own tools do.
"""

from __future__ import annotations

import os

from deskchat import secrets
from deskchat.hub.remote import HubClient

TOKEN_NAME = "huggingface-token"  # noqa: S105 - the keyring entry's name, not a secret


class HubAccess:
    def __init__(self, endpoint: str | None = None) -> None:
        self.endpoint = endpoint
        self._session_token: str | None = None

    def token(self) -> str | None:
        if self._session_token:
            return self._session_token
        return secrets.get_secret(TOKEN_NAME, env_var="HF_TOKEN")

    def token_source(self) -> str:
        """Where the token in use comes from, for the settings page and `doctor`."""
        if self._session_token:
            return "this session only"
        if secrets.get_secret(TOKEN_NAME):
            return "the system keyring"
        if os.environ.get("HF_TOKEN"):
            return "the HF_TOKEN environment variable"
        return "none"

    def set_token(self, token: str, *, session_only: bool = False) -> str:
        """Keep ``token``; returns a sentence saying where. Raises ``secrets.NoKeyringError``
        when there is no keyring and ``session_only`` was not chosen."""
        token = token.strip()
        if not token:
            raise ValueError("empty token")
        if session_only:
            self._session_token = token
            return "The token will be used until deskchat closes; it is not saved anywhere."
        secrets.set_secret(TOKEN_NAME, token)
        self._session_token = None
        return "The token is saved in the system keyring."

    def clear_token(self) -> None:
        self._session_token = None
        secrets.delete_secret(TOKEN_NAME)

    def check(self, token: str) -> str:
        """The account a token belongs to (asks the hub; raises HubError sentences)."""
        return HubClient(self.endpoint, token.strip()).whoami()

    def client(self) -> HubClient:
        return HubClient(self.endpoint, self.token())
