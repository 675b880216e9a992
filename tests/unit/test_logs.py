"""Bugs are not sentences: a bug's traceback goes to a rotating log in the logs folder, the
person reads one sentence naming that log, and no secret ever reaches the file."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from deskchat import cli, logs, paths
from deskchat.cli import history_cmd
from deskchat.engine.llama_log import LlamaLog
from deskchat.errors import NotFoundError

SECRETS = (
    "hf_AbCdEf0123456789xyz",
    "sk-proj-Zz9_8Yy7-Xx6Ww5",
    "eyJhbGciOiJIUzI1NiJ9.payload.sig",
    "basic-credential-42",
    "pa55word-in-a-dict",
)


def bug() -> None:
    raise KeyError("a key the code should have known")


def test_setup_puts_the_log_in_the_logs_folder_once(isolated_home: Path) -> None:
    path = logs.setup_logging("cli")
    assert path == paths.log_dir() / "deskchat.log"
    assert path.is_relative_to(isolated_home)
    assert logs.setup_logging("cli") == path
    files = [h for h in logging.getLogger("deskchat").handlers if hasattr(h, "baseFilename")]
    assert [Path(h.baseFilename) for h in files] == [path]  # type: ignore[attr-defined]


def test_another_logs_folder_moves_the_log_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = logs.setup_logging("cli")
    monkeypatch.setenv("DESKCHAT_HOME", str(tmp_path / "elsewhere"))
    second = logs.setup_logging("cli")
    assert second == tmp_path / "elsewhere" / "logs" / "deskchat.log"
    logging.getLogger("deskchat.test").warning("only in the second")
    assert "only in the second" in second.read_text(encoding="utf-8")
    assert "only in the second" not in first.read_text(encoding="utf-8")
    assert logs.log_file() == second


def test_a_bug_is_logged_with_its_traceback_and_the_sentence_names_the_log() -> None:
    path = logs.setup_logging("gui")
    try:
        bug()
    except KeyError as exc:
        sentence = logs.log_bug(exc, "testing")
    assert sentence == f"Something went wrong (a bug in deskchat); the details are in {path}."
    text = path.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert 'raise KeyError("a key the code should have known")' in text
    assert " gui [" in text  # which face it was


def test_without_a_log_the_sentence_still_says_what_happened() -> None:
    logs.shutdown()
    sentence = logs.bug_sentence(KeyError("hf_AbCdEf0123456789xyz"))
    assert sentence.startswith("Something went wrong (a bug in deskchat: KeyError:")
    assert "hf_AbCdEf" not in sentence


def test_secrets_never_reach_the_log_file() -> None:
    path = logs.setup_logging("serve")
    log = logging.getLogger("deskchat.server")
    log.warning("token %s and key %s", SECRETS[0], SECRETS[1])
    log.warning("headers: {'Authorization': 'Bearer %s'}", SECRETS[2])
    log.warning("Authorization: Basic %s", SECRETS[3])
    log.warning("settings %s", {"password": SECRETS[4], "temperature": 0.7})
    try:
        raise RuntimeError(f"the hub refused hf_token={SECRETS[0]}")
    except RuntimeError:
        log.exception("with a traceback")
    text = path.read_text(encoding="utf-8")
    for secret in SECRETS:
        assert secret not in text
    assert text.count("[redacted]") >= 6
    assert "'temperature': 0.7" in text  # only the secrets go
    assert "RuntimeError: the hub refused hf_token=[redacted]" in text


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("Authorization: Bearer abc.def", "Authorization: [redacted]"),
        ("curl -H 'x-api-key: s3cr3t'", "curl -H 'x-api-key: [redacted]'"),
        ("HF_TOKEN=hf_abcdefghij deskchat", "HF_TOKEN=[redacted] deskchat"),
        ("prompt_tokens=12 completion_tokens=3", "prompt_tokens=12 completion_tokens=3"),
        ("the model sk-learn says hi", "the model sk-learn says hi"),
    ],
)
def test_redaction_takes_only_values_of_secrets(text: str, clean: str) -> None:
    assert logs.redact(text) == clean


def test_the_log_rotates_and_keeps_a_few_files(tmp_path: Path) -> None:
    path = logs.use_log(tmp_path / "logs" / "engine.log", tag="engine", max_bytes=2_000, backups=2)
    for i in range(200):
        logging.getLogger("deskchat.llama").info("line %d %s", i, "x" * 40)
    names = sorted(p.name for p in path.parent.iterdir())
    assert names == ["engine.log", "engine.log.1", "engine.log.2"]
    assert all(p.stat().st_size <= 2_000 for p in path.parent.iterdir())
    assert "line 199 " in path.read_text(encoding="utf-8")


def test_llama_cpp_lines_go_to_the_rotating_engine_log(tmp_path: Path) -> None:
    path = logs.use_log(tmp_path / "engine.log", tag="engine", max_bytes=1_000, backups=3)
    llama = LlamaLog(logging.getLogger("deskchat.llama"))
    for i in range(60):
        llama.feed(2, f"llama_model_loader: - kv {i:3}: ")
        llama.feed(5, "general.architecture str = llama\n")
    llama.feed(4, "llama_model_load: error loading model: tensor data is not within bounds\n")
    assert (tmp_path / "engine.log.1").exists()
    assert (tmp_path / "engine.log.3").exists()
    assert not (tmp_path / "engine.log.4").exists()
    assert "kv  59: general.architecture str = llama" in path.read_text(encoding="utf-8")
    assert "error loading model: tensor data" in path.read_text(encoding="utf-8")
    assert llama.reason() == "tensor data is not within bounds"


def test_the_cli_on_a_bug_prints_the_sentence_and_logs_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(_args: argparse.Namespace) -> int:
        bug()
        return 0

    monkeypatch.setattr(history_cmd, "list_conversations", broken)
    assert cli.run(["history", "list"]) == 1
    log = paths.log_dir() / "deskchat.log"
    err = capsys.readouterr().err
    assert err == f"deskchat: Something went wrong (a bug in deskchat); the details are in {log}.\n"
    text = log.read_text(encoding="utf-8")
    assert "A bug (running `deskchat history`)" in text
    assert "Traceback (most recent call last)" in text
    assert "KeyError: 'a key the code should have known'" in text


def test_the_cli_on_a_user_error_prints_only_its_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def missing(_args: argparse.Namespace) -> int:
        raise NotFoundError("There is no conversation 7.")

    monkeypatch.setattr(history_cmd, "list_conversations", missing)
    assert cli.run(["history", "list"]) == 1
    assert capsys.readouterr().err == "deskchat: There is no conversation 7.\n"
    assert "Traceback" not in (paths.log_dir() / "deskchat.log").read_text(encoding="utf-8")
