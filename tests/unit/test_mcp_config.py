"""The MCP server list: mcp.json round trip, secrets in the keyring (never in the file),
another app's file imported, a damaged or wrong file named in one sentence with nothing
lost; and `deskchat mcp add|list|rm|import` as a person runs them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.errors import McpConfigError, McpServerError
from deskchat.mcp_servers.store import KEYRING_REF, McpServerStore
from tests.conftest import run_cli
from tests.helpers.file_keyring import keyring_env
from tests.helpers.keyrings import MemoryKeyring

SERVER = str(Path(__file__).resolve().parents[1] / "helpers" / "mcp_server.py")
CLAUDE = {
    "mcpServers": {
        "github": {
            "command": "npx",
            "args": ["-y", "@modelcontextprotocol/server-github"],
            "env": {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret"},
        },
        "web": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer tok"}},
        "broken": {"args": ["no command"]},
    }
}


def test_servers_round_trip_with_secrets_in_the_keyring(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    store = McpServerStore(tmp_path / "mcp.json")
    store.put(ServerConfig(name="files", command="npx", args=("-y", "fs"), env={"TOKEN": "t0p"}))
    store.put(ServerConfig(name="web", url="https://x.example/mcp", headers={"X-Key": "k3y"}))
    text = store.path.read_text(encoding="utf-8")
    assert "t0p" not in text and "k3y" not in text
    on_disk = json.loads(text)["mcpServers"]
    assert on_disk["files"] == {
        "command": "npx",
        "args": ["-y", "fs"],
        "env": {"TOKEN": KEYRING_REF},
    }
    assert on_disk["web"] == {"url": "https://x.example/mcp", "headers": {"X-Key": KEYRING_REF}}
    files = store.get("files")
    assert store.resolved(files).env == {"TOKEN": "t0p"}
    assert store.resolved(store.get("web")).headers == {"X-Key": "k3y"}
    store.remove("files")
    assert [s.name for s in store.all()] == ["web"]
    assert "t0p" not in memory_keyring.values.values()


def test_without_a_keyring_a_secret_is_refused_but_an_env_reference_works(
    tmp_path: Path, no_keyring: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = McpServerStore(tmp_path / "mcp.json")
    with pytest.raises(McpConfigError, match="nothing was saved") as caught:
        store.put(ServerConfig(name="files", command="npx", env={"TOKEN": "t0p"}))
    assert "${env:VARIABLE}" in str(caught.value)
    assert not store.path.exists()
    store.put(ServerConfig(name="files", command="npx", env={"TOKEN": "${env:MY_TOKEN}"}))
    with pytest.raises(McpServerError, match="MY_TOKEN, which is not set"):
        store.resolved(store.get("files"))
    monkeypatch.setenv("MY_TOKEN", "from-env")
    assert store.resolved(store.get("files")).env == {"TOKEN": "from-env"}


def test_another_apps_file_is_imported_and_its_bad_entry_named(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    source = tmp_path / "claude_desktop_config.json"
    source.write_text(json.dumps(CLAUDE), encoding="utf-8")
    store = McpServerStore(tmp_path / "mcp.json")
    names, problems = store.import_file(source)
    assert names == ["github", "web"]
    assert [str(p) for p in problems] == [
        'The MCP server "broken" needs either a command or a url.'
    ]
    assert "ghp_secret" not in store.path.read_text(encoding="utf-8")
    github = store.resolved(store.get("github"))
    assert github.env == {"GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_secret"}


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"mcpServers": {', "is not valid JSON"),
        ('{"servers_list": []}', 'has no "mcpServers" object, so it is not an mcp.json file.'),
    ],
)
def test_a_file_that_is_not_an_mcp_json_is_one_sentence_and_nothing_is_imported(
    tmp_path: Path, memory_keyring: MemoryKeyring, text: str, said: str
) -> None:
    source = tmp_path / "other.json"
    source.write_text(text, encoding="utf-8")
    store = McpServerStore(tmp_path / "mcp.json")
    store.put(ServerConfig(name="kept", command="kept-server"))
    with pytest.raises(McpConfigError) as caught:
        store.import_file(source)
    assert str(source) in str(caught.value)
    assert said in str(caught.value)
    assert str(caught.value).endswith("nothing was imported.") or str(caught.value).endswith(
        "Nothing was imported."
    )
    assert [s.name for s in store.all()] == ["kept"]


def test_a_damaged_list_is_set_aside_not_lost(tmp_path: Path) -> None:
    path = tmp_path / "mcp.json"
    path.write_text('{"mcpServers": {"a": ', encoding="utf-8")
    servers, warning = McpServerStore(path).load()
    assert servers == []
    assert warning is not None and "mcp.json.broken" in str(warning)
    assert (tmp_path / "mcp.json.broken").read_text(encoding="utf-8") == '{"mcpServers": {"a": '


def test_the_mcp_commands_add_list_with_tools_import_and_remove(
    tmp_path: Path, isolated_home: Path
) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    added = run_cli(
        "mcp", "add", "test", "--command", sys.executable, "--arg", SERVER,
        "--env", "API_TOKEN=s3cret", env=env,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Added the MCP server “test”" in added.stdout
    listed = run_cli("mcp", "list", "--tools", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "test  " in listed.stdout and "(API_TOKEN)" in listed.stdout
    assert "    add: Add two whole numbers." in listed.stdout
    assert "s3cret" not in listed.stdout
    written = [p for p in isolated_home.rglob("*") if p.is_file()]
    assert any(p.name == "mcp.json" for p in written)
    assert all(b"s3cret" not in p.read_bytes() for p in written)

    source = tmp_path / "claude.json"
    source.write_text(json.dumps(CLAUDE), encoding="utf-8")
    imported = run_cli("mcp", "import", str(source), env=env)
    assert imported.returncode == 0, imported.stderr
    assert "Imported 2 MCP servers: github, web" in imported.stdout
    assert 'The MCP server "broken" needs either a command or a url.' in imported.stderr

    removed = run_cli("mcp", "rm", "github", env=env)
    assert removed.returncode == 0, removed.stderr
    names = [line.split()[0] for line in run_cli("mcp", "list", env=env).stdout.splitlines()]
    assert names == ["test", "web"]
    missing = run_cli("mcp", "rm", "github", env=env)
    assert missing.returncode == 1
    assert "There is no MCP server named “github” (known: test, web)." in missing.stderr


def test_a_server_that_cannot_start_is_a_line_in_the_list(tmp_path: Path) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    assert (
        run_cli("mcp", "add", "gone", "--command", "deskchat-no-such-mcp", env=env).returncode == 0
    )
    listed = run_cli("mcp", "list", "--tools", env=env)
    assert listed.returncode == 0, listed.stderr
    assert 'The MCP server "gone" could not start: there is no program' in listed.stdout
