"""`deskchat models …` as a person types it, against the loopback hub."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.conftest import run_cli
from tests.helpers.fake_hub import FakeHub


def hub_env(hub: FakeHub) -> dict[str, str]:
    return {"HF_ENDPOINT": hub.url}


def test_search_files_pull_list_and_rm(fake_hub: FakeHub, tiny_model: Path) -> None:
    gguf = tiny_model.read_bytes()
    fake_hub.add_repo(
        "acme/Tiny-Chat-GGUF",
        {"tiny-chat-Q4_K_M.gguf": gguf, "tiny-chat-Q8_0.gguf": gguf + b"\0" * 4096},
        downloads=50,
        likes=7,
    )
    fake_hub.add_repo("acme/Popular-GGUF", {"p-Q4_0.gguf": gguf}, downloads=9000)
    fake_hub.add_repo(
        "acme/Embed-GGUF", {"e-Q8_0.gguf": gguf}, downloads=1, tags=["sentence-similarity"]
    )
    env = hub_env(fake_hub)

    found = run_cli("models", "search", "gguf", env=env)
    assert found.returncode == 0, found.stderr
    lines = found.stdout.splitlines()
    assert lines[0].startswith("acme/Popular-GGUF") and "9,000" in lines[0]
    assert lines[1].startswith("acme/Tiny-Chat-GGUF") and "7 ♥" in lines[1]
    assert not lines[1].endswith("embedding")
    assert lines[2].startswith("acme/Embed-GGUF") and lines[2].endswith("  embedding")

    files = run_cli("models", "files", "acme/Tiny-Chat-GGUF", env=env)
    assert files.returncode == 0, files.stderr
    assert "★ Q4_K_M" in files.stdout and "fits in RAM" in files.stdout
    assert "★ recommended: tiny-chat-Q4_K_M.gguf. Needs about" in files.stdout

    pulled = run_cli("models", "pull", "acme/Tiny-Chat-GGUF", "Q8_0", env=env)
    assert pulled.returncode == 0, pulled.stderr
    path = Path(pulled.stdout.strip())
    assert path.name == "tiny-chat-Q8_0.gguf" and path.read_bytes().startswith(b"GGUF")

    listed = run_cli("models", "list", env=env)
    assert "Tiny-Chat-GGUF/tiny-chat-Q8_0.gguf" in listed.stdout and "deskchat" in listed.stdout

    kept = run_cli("models", "rm", "tiny-chat-Q8_0", env=env, input_text="n\n")
    assert kept.returncode == 1 and path.exists()
    removed = run_cli("models", "rm", "tiny-chat-Q8_0", env=env, input_text="y\n")
    assert removed.returncode == 0 and not path.exists()


def test_import_copies_or_links_and_refuses_a_non_gguf(tiny_model: Path, tmp_path: Path) -> None:
    copied = run_cli("models", "import", str(tiny_model))
    assert copied.returncode == 0, copied.stderr
    assert "copied into the library" in copied.stdout
    linked = run_cli("models", "import", "--link", str(tiny_model))
    assert "linked in place" in linked.stdout or "copied" in linked.stdout
    junk = tmp_path / "notes.gguf"
    junk.write_text("not a model")
    refused = run_cli("models", "import", str(junk))
    assert refused.returncode == 1
    assert "not a GGUF model file" in refused.stderr and "Traceback" not in refused.stderr


def test_an_unreachable_hub_is_one_sentence() -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_cli("models", "search", "llama", env={"HF_ENDPOINT": f"http://127.0.0.1:{port}"})
    assert result.returncode == 1
    assert "cannot be reached" in result.stderr and "still work" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_gated_repo_asks_for_a_token(fake_hub: FakeHub, tiny_model: Path) -> None:
    fake_hub.add_repo("meta/Gated-GGUF", {"g-Q4_0.gguf": tiny_model.read_bytes()}, gated="manual")
    result = run_cli("models", "pull", "meta/Gated-GGUF", "Q4_0", env=hub_env(fake_hub))
    assert result.returncode == 1
    assert "deskchat models login" in result.stderr
    assert f"{fake_hub.url}/meta/Gated-GGUF" in result.stderr
