from __future__ import annotations

from pathlib import Path

import pytest

from deskchat.secrets import NoKeyringError, backend_name, get_secret, set_secret
from deskchat.services.hub_access import HubAccess
from tests.helpers.keyrings import MemoryKeyring


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


def test_the_hub_token_lives_in_the_keyring_or_only_in_this_session(
    memory_keyring: MemoryKeyring, isolated_home: Path
) -> None:
    access = HubAccess()
    assert access.token_source() == "none"
    assert "keyring" in access.set_token(" hf_secret_1 ")
    assert access.token() == "hf_secret_1"
    assert HubAccess().token() == "hf_secret_1"  # a new start finds it
    access.clear_token()
    assert HubAccess().token() is None
    _nothing_on_disk_mentions("hf_secret_1", isolated_home)


def test_with_no_keyring_the_token_can_serve_this_session_only(
    no_keyring: None, isolated_home: Path
) -> None:
    access = HubAccess()
    with pytest.raises(NoKeyringError, match="this session only"):
        access.set_token("hf_secret_2")
    assert "until deskchat closes" in access.set_token("hf_secret_2", session_only=True)
    assert access.token() == "hf_secret_2"
    assert access.token_source() == "this session only"
    assert HubAccess().token() is None  # gone at the next start
    _nothing_on_disk_mentions("hf_secret_2", isolated_home)


def _nothing_on_disk_mentions(secret: str, home: Path) -> None:
    for path in home.rglob("*") if home.exists() else []:
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
