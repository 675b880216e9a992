"""The endpoint file, addresses, and where API keys go (keyring, session only, nowhere else)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deskchat import paths
from deskchat.errors import NotFoundError
from deskchat.remote.endpoints import (
    Endpoint,
    EndpointError,
    EndpointStore,
    is_local_host,
    normalize_base_url,
    parse_remote_ref,
    remote_ref,
)
from deskchat.secrets import NoKeyringError
from deskchat.services.remote_access import RemoteAccess
from tests.helpers.keyrings import MemoryKeyring

KEY = "sk-unit-7d1e0b9c55aa"


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("http://127.0.0.1:8080/v1/", "http://127.0.0.1:8080/v1"),
        ("localhost:11434/v1", "http://localhost:11434/v1"),
        ("HTTPS://api.openai.com/v1/chat/completions", "https://api.openai.com/v1"),
        ("http://lab.local:1234/v1/models", "http://lab.local:1234/v1"),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
    ],
)
def test_addresses_are_normalized(typed: str, normal: str) -> None:
    assert normalize_base_url(typed) == normal


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("https://user:sk-secret@host/v1", "user name or password"),
        ("ftp://host/v1", "http:// or https://"),
        ("http:///v1", "no host"),
        ("http://host/v1?key=abc", "without"),
        ("http://host:99999/v1", "invalid port"),
    ],
)
def test_unusable_addresses_are_refused_with_a_sentence(typed: str, why: str) -> None:
    with pytest.raises(EndpointError, match=why):
        normalize_base_url(typed)


def test_local_hosts_get_llama_cpp_sampling_and_public_ones_do_not() -> None:
    assert all(map(is_local_host, ["localhost", "127.0.0.1", "192.168.1.20", "::1", "box.lan"]))
    assert not any(map(is_local_host, ["api.openai.com", "8.8.8.8", "example.org"]))
    assert Endpoint("a", "http://10.0.0.5:8080/v1").sends_extra_sampling()
    assert not Endpoint("b", "https://api.openai.com/v1").sends_extra_sampling()
    assert not Endpoint("c", "http://localhost/v1", extra_sampling=False).sends_extra_sampling()


def test_a_conversation_reference_names_the_server_and_model() -> None:
    ref = remote_ref("lab", "meta-llama/Llama-3.1-8B")
    assert ref == "remote:lab/meta-llama/Llama-3.1-8B"
    assert parse_remote_ref(ref) == ("lab", "meta-llama/Llama-3.1-8B")
    assert parse_remote_ref("/models/x.gguf") is None and parse_remote_ref(None) is None


def test_the_store_adds_replaces_and_removes_atomically() -> None:
    store = EndpointStore()
    assert store.path == paths.config_dir() / "remote_endpoints.json"
    assert not store.put(Endpoint("lab", "http://127.0.0.1:8080/v1/"))
    assert store.put(Endpoint("lab", "http://127.0.0.1:9090/v1", default_context=4096))
    store.put(Endpoint("cloud", "https://api.example.com/v1"))
    assert [(e.name, e.base_url) for e in store.all()] == [
        ("lab", "http://127.0.0.1:9090/v1"),
        ("cloud", "https://api.example.com/v1"),
    ]
    assert store.get("LAB").default_context == 4096  # a name is found whatever its case
    store.remove("lab")
    assert [e.name for e in store.all()] == ["cloud"]
    assert list(store.path.parent.glob("*.tmp")) == []
    with pytest.raises(NotFoundError, match="no remote server named “lab” \\(known: cloud\\)"):
        store.get("lab")


def test_a_damaged_file_is_set_aside_with_a_sentence() -> None:
    store = EndpointStore()
    store.path.parent.mkdir(parents=True)
    store.path.write_text("{not json", encoding="utf-8")
    endpoints, warning = store.load()
    assert endpoints == []
    assert warning and "damaged" in warning and "remote_endpoints.json.broken" in warning
    assert store.path.with_suffix(".json.broken").read_text() == "{not json"
    assert not store.path.exists()


def test_a_damaged_entry_costs_only_itself_and_the_original_is_kept() -> None:
    store = EndpointStore()
    store.path.parent.mkdir(parents=True)
    good = {"name": "lab", "base_url": "http://127.0.0.1:8080/v1", "future_field": 1}
    bad = {"name": "x", "base_url": "https://u:p@host/v1"}
    store.path.write_text(json.dumps({"version": 1, "endpoints": [good, bad, 3]}))
    endpoints, warning = store.load()
    assert [e.name for e in endpoints] == ["lab"]
    assert warning and warning.startswith("2 remote servers in")
    assert "u:p@host" in store.path.with_suffix(".json.broken").read_text()


def test_the_key_goes_to_the_keyring_and_never_to_the_file(
    memory_keyring: MemoryKeyring,
) -> None:
    access = RemoteAccess()
    endpoint, said = access.add("lab", "http://127.0.0.1:8080/v1", api_key=KEY)
    assert said == "The API key is saved in the system keyring."
    assert memory_keyring.values[("deskchat", "remote-endpoint:lab")] == KEY
    assert KEY not in access.store.path.read_text()
    assert access.keys.get(endpoint) == KEY
    assert access.keys.source(endpoint) == "the system keyring"
    # changing the address keeps the key
    _, said = access.add("lab", "http://127.0.0.1:9999/v1")
    assert said == "Its API key is unchanged." and access.keys.get(access.get("lab")) == KEY
    access.remove("lab")
    assert memory_keyring.values == {}


def test_without_a_keyring_nothing_is_saved_unless_the_key_is_for_this_session(
    no_keyring: None,
) -> None:
    access = RemoteAccess()
    with pytest.raises(NoKeyringError, match="no keyring"):
        access.add("lab", "http://127.0.0.1:8080/v1", api_key=KEY)
    assert access.endpoints() == []
    endpoint, said = access.add("lab", "http://127.0.0.1:8080/v1", api_key=KEY, session_only=True)
    assert "until deskchat closes" in said
    assert access.keys.get(endpoint) == KEY and access.keys.source(endpoint) == "this session only"
    assert RemoteAccess().keys.get(endpoint) is None  # another process never sees it
    assert KEY not in access.store.path.read_text()


def test_a_key_from_an_environment_variable(
    no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    access = RemoteAccess()
    endpoint, said = access.add("lab", "http://127.0.0.1:8080/v1", key_env="LAB_KEY")
    assert "LAB_KEY" in said and access.keys.source(endpoint) == "none (LAB_KEY is not set)"
    monkeypatch.setenv("LAB_KEY", KEY)
    assert access.keys.get(endpoint) == KEY
    assert json.loads(access.store.path.read_text())["endpoints"][0]["key_env"] == "LAB_KEY"


def test_the_remote_package_never_imports_qt(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        "import deskchat.remote.engine, deskchat.remote.keys, deskchat.services.remote_access\n"
        "import deskchat.cli.endpoints_cmd\n"
        "assert not any(k.startswith('PySide6.') for k in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
