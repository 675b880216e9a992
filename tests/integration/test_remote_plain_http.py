"""An API key never travels unencrypted unasked, an address without a scheme is https off
this machine, and a redirected chat request is an error naming where it pointed (never a
GET with an empty "answer")."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskchat.chat.generation import SamplingParams
from deskchat.remote.endpoints import Endpoint, key_in_clear, normalize_base_url
from deskchat.remote.engine import RemoteEngine
from deskchat.remote.errors import RemoteServerError
from tests.conftest import REPO, run_cli
from tests.helpers.fake_openai import FakeOpenAI
from tests.helpers.file_keyring import keyring_env

KEY = "sk-plain-http-3b7e1d90c4"


@pytest.fixture
def server() -> Iterator[FakeOpenAI]:
    fake = FakeOpenAI()
    try:
        yield fake
    finally:
        fake.close()
    assert not fake.server_errors, fake.server_errors[0]


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("api.example.com/v1", "https://api.example.com/v1"),
        ("192.168.1.20:8080/v1", "https://192.168.1.20:8080/v1"),  # the LAN is not private
        ("localhost:11434/v1", "http://localhost:11434/v1"),
        ("box.localhost:1234/v1", "http://box.localhost:1234/v1"),
        ("127.0.0.5:8080/v1", "http://127.0.0.5:8080/v1"),
        ("[::1]:8000/v1", "http://[::1]:8000/v1"),
        ("http://192.168.1.20:8080/v1", "http://192.168.1.20:8080/v1"),  # typed on purpose
    ],
)
def test_a_missing_scheme_is_http_only_for_this_machine(typed: str, normal: str) -> None:
    assert normalize_base_url(typed) == normal


def test_which_addresses_carry_a_key_in_the_clear() -> None:
    clear = ["http://10.0.0.2/v1", "http://lab.local:8080/v1", "http://api.example.com/v1"]
    safe = ["https://api.example.com/v1", "http://127.0.0.1:8080/v1", "http://[::1]/v1"]
    assert all(map(key_in_clear, clear)) and not any(map(key_in_clear, safe))


def test_the_cli_refuses_a_key_for_plain_http_unless_allowed(tmp_path: Path) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    url = "http://10.9.8.7:8080/v1"
    refused = run_cli("endpoints", "add", "lab", url, "--key-stdin", env=env, input_text=KEY)
    assert refused.returncode == 1
    assert "plain http" in refused.stderr and "unencrypted to 10.9.8.7" in refused.stderr
    assert "Nothing was saved" in refused.stderr and "--allow-http" in refused.stderr
    assert "lab" not in run_cli("endpoints", "list", env=env).stdout
    keyring_file = tmp_path / "keyring.json"
    assert not keyring_file.exists() or KEY not in keyring_file.read_text()

    env["LAB_KEY"] = KEY
    by_env = run_cli("endpoints", "add", "lab", url, "--key-env", "LAB_KEY", env=env)
    assert by_env.returncode == 1 and "--allow-http" in by_env.stderr

    allowed = run_cli(
        "endpoints", "add", "lab", url, "--key-stdin", "--allow-http", env=env, input_text=KEY
    )
    assert allowed.returncode == 0, allowed.stderr
    assert "plain http" in allowed.stderr, "saved, but still said"
    assert f"lab  {url}" in run_cli("endpoints", "list", env=env).stdout


def test_the_cli_saves_keys_for_https_and_this_machine_without_asking(tmp_path: Path) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    for name, url in [("cloud", "api.example.com/v1"), ("here", "http://127.0.0.1:8080/v1")]:
        added = run_cli("endpoints", "add", name, url, "--key-stdin", env=env, input_text=KEY)
        assert added.returncode == 0, added.stderr
        assert "plain http" not in added.stderr
    listed = run_cli("endpoints", "list", env=env).stdout
    assert "https://api.example.com/v1" in listed and "http://127.0.0.1:8080/v1" in listed


def test_a_redirected_chat_request_is_an_error_naming_where_it_pointed(
    server: FakeOpenAI,
) -> None:
    server.redirect_to = "http://elsewhere.example/v1/chat/completions"
    engine = RemoteEngine(Endpoint("lab", server.url), "fake-model")
    try:
        with pytest.raises(RemoteServerError) as caught:
            list(engine.generate("Hi?", SamplingParams(max_tokens=8)))
    finally:
        engine.close()
    assert str(caught.value) == (
        f"The server at {server.url} answered the chat request with a redirect (HTTP 302) to "
        "http://elsewhere.example/v1/chat/completions; deskchat does not follow redirects for "
        "chat requests, so if that address is right, use it as the server's address instead."
    )
    assert [r.method for r in server.requests] == ["POST"], "never turned into a GET"


def test_ask_through_a_redirecting_server_fails_with_the_sentence(
    server: FakeOpenAI, tmp_path: Path
) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    assert run_cli("endpoints", "add", "lab", server.url, env=env).returncode == 0
    server.redirect_to = f"{server.url}/elsewhere"
    asked = run_cli("ask", "--endpoint", "lab", "--remote-model", "fake-model", "Hi?", env=env)
    assert asked.returncode == 1 and asked.stdout.strip() == ""
    assert "redirect (HTTP 302)" in asked.stderr and "/elsewhere" in asked.stderr


# made the controlling terminal (getpass talks to that), then become the command
TAKE_TERMINAL = (
    "import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
    "os.execv(sys.argv[1], sys.argv[1:])"
)


def in_terminal(
    args: list[str], env: dict[str, str], talk: list[tuple[str, str]]
) -> tuple[int, str]:
    """Run `deskchat ARGS` on a pseudo-terminal of its own, as at a person's prompt: wait
    for each text in ``talk`` and type its reply. The exit status and all it showed."""
    master, slave = pty.openpty()

    process = subprocess.Popen(
        [sys.executable, "-c", TAKE_TERMINAL, sys.executable, "-m", "deskchat", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env={**os.environ, **env},
        cwd=REPO,
        start_new_session=True,
    )
    os.close(slave)
    shown_parts: list[bytes] = []

    def read_some() -> bool:
        if not select.select([master], [], [], 1.0)[0]:
            return True
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the command ended and closed the terminal
            return False
        shown_parts.append(chunk)
        return bool(chunk)

    try:
        for wanted, reply in talk:
            deadline = time.monotonic() + 60
            while wanted.encode() not in b"".join(shown_parts):
                assert time.monotonic() < deadline, b"".join(shown_parts)
                if not read_some():
                    break
            os.write(master, reply.encode() + b"\n")
        deadline = time.monotonic() + 60
        while read_some() and time.monotonic() < deadline:
            pass
        status = process.wait(timeout=60)
    finally:
        os.close(master)
    shown = b"".join(shown_parts)
    return status, shown.decode("utf-8", "replace")


@pytest.mark.parametrize(("reply", "saved"), [("n", False), ("", False), ("y", True)])
def test_at_a_terminal_the_cli_asks_before_the_key_goes_in_the_clear(
    tmp_path: Path, reply: str, saved: bool
) -> None:
    env = keyring_env(tmp_path / "keyring.json")
    url = "http://10.9.8.7:8080/v1"
    status, shown = in_terminal(
        ["endpoints", "add", "lab", url, "--key-stdin"],
        env,
        [("API key (not shown): ", KEY), ("Send the API key unencrypted anyway? [y/N] ", reply)],
    )
    assert "unencrypted to 10.9.8.7" in shown and KEY not in shown
    assert status == (0 if saved else 1), shown
    assert ("Saved “lab”" in shown) is saved
    assert (f"lab  {url}" in run_cli("endpoints", "list", env=env).stdout) is saved
