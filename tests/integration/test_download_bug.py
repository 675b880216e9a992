"""A bug inside a download's worker thread fails that download with the sentence that names
the log, and the log holds the traceback."""

from __future__ import annotations

from pathlib import Path

from deskchat import logs
from deskchat.hub.remote import HubClient
from deskchat.services.downloads import DownloadManager
from tests.helpers.fake_hub import FakeHub


def test_a_bug_in_a_download_is_logged_and_named(fake_hub: FakeHub, tmp_path: Path) -> None:
    log = logs.setup_logging("gui")
    fake_hub.add_repo("acme/Tiny-GGUF", {"tiny-Q4_K_M.gguf": b"GGUF" + bytes(1000)})
    repo = HubClient(fake_hub.url).files("acme/Tiny-GGUF")

    def broken_hub() -> HubClient:
        options: dict[str, str] = {}
        return HubClient(fake_hub.url, options["token"])  # a bug: the key is never set

    manager = DownloadManager(broken_hub, tmp_path, persist=False)
    item = manager.enqueue(repo.repo_id, repo.commit, repo.choices[0])
    failed = manager.wait(item.id, timeout=30)
    manager.close()
    assert failed.state == "failed"
    assert failed.error == f"Something went wrong (a bug in deskchat); the details are in {log}."
    text = log.read_text(encoding="utf-8")
    assert "A bug (downloading tiny-Q4_K_M.gguf)" in text
    assert 'return HubClient(fake_hub.url, options["token"])  # a bug' in text
    assert "KeyError: 'token'" in text
