from __future__ import annotations

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from deskchat.secrets import NoKeyringError, backend_name, get_secret, set_secret


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_secret_goes_to_the_keyring_and_comes_back(memory_keyring: MemoryKeyring) -> None:
    set_secret("hf_token", "hf_abc")
    assert memory_keyring.values == {("deskchat", "hf_token"): "hf_abc"}
    assert get_secret("hf_token") == "hf_abc"
    assert get_secret("hf_token", explicit="given") == "given"


def test_without_a_keyring_the_user_is_told_and_env_still_works(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(NoKeyringError, match="this session only"):
        set_secret("hf_token", "hf_abc")
    assert get_secret("hf_token") is None
    monkeypatch.setenv("HF_TOKEN", "from-env")
    assert get_secret("hf_token", env_var="HF_TOKEN") == "from-env"
    assert backend_name().startswith("none")
