"""The download manager against a loopback hub: the real huggingface_hub client for the
listing, our Range transfer for the bytes, and faults injected by the server."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from deskchat.hub.remote import HubClient, RepoFiles
from deskchat.services.downloads import DownloadItem, DownloadManager
from tests.conftest import REPO
from tests.helpers.fake_hub import FakeHub

MB = 1 << 20


def payload(size: int, seed: int = 1) -> bytes:
    """Deterministic bytes that are not all alike (a wrong offset changes the sha256)."""
    block = hashlib.sha256(str(seed).encode()).digest() * 2048  # 64 KiB
    return (block * (size // len(block) + 1))[:size]


def ranges_asked(hub: FakeHub) -> list[str]:
    return [r.range for r in hub.requests if r.method == "GET" and r.range]


def manager(hub: FakeHub, models: Path, token: str | None = None, **kw: object) -> DownloadManager:
    return DownloadManager(
        lambda: HubClient(hub.url, token),
        models,
        persist=kw.pop("persist", False),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def fetch(
    hub: FakeHub, models: Path, repo_id: str, token: str | None = None, **kw: object
) -> tuple[DownloadManager, RepoFiles, DownloadItem]:
    repo = HubClient(hub.url, token).files(repo_id)
    m = manager(hub, models, token, **kw)
    item = m.enqueue(repo.repo_id, repo.commit, repo.choices[0])
    return m, repo, item


def test_a_download_lands_in_the_library_verified(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(3 * MB)
    fake_hub.add_repo("acme/Tiny-GGUF", {"tiny-Q4_K_M.gguf": data, "README.md": b"hi"})
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Tiny-GGUF")
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error
    target = tmp_path / "acme" / "Tiny-GGUF" / "tiny-Q4_K_M.gguf"
    assert done.path == str(target)
    assert target.read_bytes() == data
    assert not list((tmp_path / ".downloads").glob("*.part"))


def test_a_split_model_downloads_all_its_parts(fake_hub: FakeHub, tmp_path: Path) -> None:
    a, b = payload(MB, 1), payload(MB // 2, 2)
    fake_hub.add_repo(
        "acme/Big-GGUF", {"big-Q8_0-00001-of-00002.gguf": a, "big-Q8_0-00002-of-00002.gguf": b}
    )
    m, repo, item = fetch(fake_hub, tmp_path, "acme/Big-GGUF")
    assert [c.name for c in repo.choices] == ["big-Q8_0.gguf"]
    assert item.total_bytes == len(a) + len(b)
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error
    assert (tmp_path / "acme/Big-GGUF/big-Q8_0-00002-of-00002.gguf").read_bytes() == b


def test_a_dropped_connection_resumes_where_it_stopped(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(4 * MB)
    fake_hub.add_repo("acme/Drop-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.fault("acme/Drop-GGUF", "m-Q4_0.gguf", drop_after=2 * MB + 123)
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Drop-GGUF")
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error
    assert (tmp_path / "acme/Drop-GGUF/m-Q4_0.gguf").read_bytes() == data
    # only the bytes after the drop were asked for again
    assert fake_hub.bytes_served("acme/Drop-GGUF", "m-Q4_0.gguf") < len(data) + MB


def test_server_errors_are_retried(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(MB)
    fake_hub.add_repo("acme/Flaky-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.fault("acme/Flaky-GGUF", "m-Q4_0.gguf", status=500, times=2)
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Flaky-GGUF")
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error


def test_a_stalled_transfer_reconnects(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(2 * MB)
    fake_hub.add_repo("acme/Stall-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.fault("acme/Stall-GGUF", "m-Q4_0.gguf", stall_after=MB, stall_seconds=30)
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Stall-GGUF", stall_timeout=0.5)
    done = m.wait(item.id, timeout=20)  # far less than the 30 s the server would hang
    m.close()
    assert done.state == "done", done.error
    assert (tmp_path / "acme/Stall-GGUF/m-Q4_0.gguf").read_bytes() == data


def test_wrong_bytes_are_quarantined_not_registered(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/Bad-GGUF", {"m-Q4_0.gguf": payload(MB)})
    fake_hub.fault("acme/Bad-GGUF", "m-Q4_0.gguf", corrupt=True)
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Bad-GGUF")
    done = m.wait(item.id, timeout=30)
    assert done.state == "failed"
    assert done.error is not None and "sha256 does not match" in done.error
    assert not (tmp_path / "acme/Bad-GGUF/m-Q4_0.gguf").exists()
    assert len(list((tmp_path / ".quarantine").iterdir())) == 1
    m.retry(item.id)  # the server now sends the right bytes
    assert m.wait(item.id, timeout=30).state == "done"
    m.close()


def test_pause_keeps_the_partial_and_resume_finishes(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(4 * MB)
    fake_hub.add_repo("acme/Slow-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.throttle_bps = 2 * MB
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Slow-GGUF")
    while m.get(item.id).done_bytes < MB:
        m.wait(item.id, timeout=0.05)
    m.pause(item.id)
    paused = m.wait(item.id, timeout=10)
    assert paused.state == "paused"
    part = tmp_path / ".downloads" / "acme--Slow-GGUF--m-Q4_0.gguf.part"
    kept = part.stat().st_size
    assert kept >= MB
    fake_hub.throttle_bps = None
    m.resume(item.id)
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error
    assert (tmp_path / "acme/Slow-GGUF/m-Q4_0.gguf").read_bytes() == data
    assert f"bytes={kept}-" in ranges_asked(fake_hub)  # it went on from the partial file


def test_cancel_removes_the_partial(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/Slow-GGUF", {"m-Q4_0.gguf": payload(4 * MB)})
    fake_hub.throttle_bps = MB
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Slow-GGUF")
    while m.get(item.id).done_bytes == 0:
        m.wait(item.id, timeout=0.05)
    m.cancel(item.id)
    assert m.wait(item.id, timeout=10).state == "cancelled"
    m.close()
    assert m.items() == []
    assert not list((tmp_path / ".downloads").glob("*.part"))


def test_the_queue_runs_a_few_at_a_time_and_survives_a_restart(
    fake_hub: FakeHub, tmp_path: Path
) -> None:
    for i in range(3):
        fake_hub.add_repo(f"acme/M{i}-GGUF", {f"m{i}-Q4_0.gguf": payload(2 * MB, i)})
    fake_hub.throttle_bps = 4 * MB
    m = manager(fake_hub, tmp_path, concurrency=2, persist=True)
    client = HubClient(fake_hub.url)
    ids = []
    for i in range(3):
        repo = client.files(f"acme/M{i}-GGUF")
        ids.append(m.enqueue(repo.repo_id, repo.commit, repo.choices[0]).id)
    states = [m.get(i).state for i in ids]
    assert states.count("downloading") == 2 and states.count("queued") == 1
    m.close()  # quitting the app mid-download
    fake_hub.throttle_bps = None
    again = manager(fake_hub, tmp_path, concurrency=2, persist=True)
    finished = [again.wait(i, timeout=30) for i in ids]
    again.close()
    assert [f.state for f in finished] == ["done"] * 3


def test_not_enough_disk_is_refused_before_starting(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/Tiny-GGUF", {"m-Q4_0.gguf": payload(MB)})
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Tiny-GGUF", disk_free=lambda _p: 10 * MB)
    done = m.wait(item.id, timeout=10)
    m.close()
    assert done.state == "failed"
    assert done.error is not None and done.error.startswith("Not enough disk space")
    assert fake_hub.bytes_served("acme/Tiny-GGUF", "m-Q4_0.gguf") == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Path:
    """A 2 MB tmpfs, so the disk really fills up mid-download."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({result.stderr.decode().strip()})")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_stops_that_file_only(fake_hub: FakeHub, small_disk: Path) -> None:
    big, small = payload(3 * MB, 1), payload(200 * 1024, 2)
    fake_hub.add_repo("acme/Big-GGUF", {"big-Q8_0.gguf": big})
    fake_hub.add_repo("acme/Small-GGUF", {"small-Q4_0.gguf": small})
    # the big one pauses half-way so the small one finishes first, then fills the disk
    fake_hub.fault("acme/Big-GGUF", "big-Q8_0.gguf", stall_after=MB, stall_seconds=1.5)
    m = manager(fake_hub, small_disk, disk_free=lambda _p: 1 << 40)  # past the pre-check
    client = HubClient(fake_hub.url)
    items = []
    for repo_id in ("acme/Big-GGUF", "acme/Small-GGUF"):
        repo = client.files(repo_id)
        items.append(m.enqueue(repo.repo_id, repo.commit, repo.choices[0]))
    big_done, small_done = (m.wait(i.id, timeout=30) for i in items)
    m.close()
    assert small_done.state == "done", small_done.error
    assert big_done.state == "failed"
    assert big_done.error is not None and "disk filled up" in big_done.error
    assert (small_disk / ".downloads" / "acme--Big-GGUF--big-Q8_0.gguf.part").stat().st_size > MB


def test_gated_and_token_problems_are_told_apart(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("meta/Gated-GGUF", {"m-Q4_0.gguf": payload(MB)}, gated="manual")
    fake_hub.valid_tokens.add("hf_good")

    def outcome(token: str | None) -> str:
        m, _repo, item = fetch(fake_hub, tmp_path, "meta/Gated-GGUF", token=token)
        done = m.wait(item.id, timeout=10)
        m.close()
        return f"{done.state}: {done.needs} {done.page} {done.error}"

    assert outcome(None).startswith("failed: token None")
    assert "then add a Hugging Face token" in outcome(None)
    page = fake_hub.url + "/meta/Gated-GGUF"
    assert outcome("hf_good").startswith(f"failed: license {page} ")
    assert f"accept its license at {page}" in outcome("hf_good")
    fake_hub.grant("meta/Gated-GGUF", "hf_good")
    assert outcome("hf_good").startswith("done")
    with pytest.raises(Exception, match="rejected your Hugging Face token"):
        HubClient(fake_hub.url, "hf_revoked").files("meta/Gated-GGUF")


def test_resume_after_kill_9(fake_hub: FakeHub, tmp_path: Path) -> None:
    """`models pull` killed half-way, then run again: it continues from the partial file."""
    size = 8 * MB
    data = payload(size)
    fake_hub.add_repo("acme/Kill-GGUF", {"m-Q4_K_M.gguf": data})
    fake_hub.throttle_bps = 4 * MB
    env = {**os.environ, "HF_ENDPOINT": fake_hub.url}
    cmd = [sys.executable, "-m", "deskchat", "models", "pull", "acme/Kill-GGUF", "Q4_K_M"]
    part = Path(env["DESKCHAT_HOME"]) / "data/models/.downloads/acme--Kill-GGUF--m-Q4_K_M.gguf.part"
    first = subprocess.Popen(cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        while not (part.exists() and part.stat().st_size >= size // 2):
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
    finally:
        first.kill()  # SIGKILL: no clean-up of any kind
        first.communicate()
    kept = part.stat().st_size
    served_before = fake_hub.bytes_served("acme/Kill-GGUF", "m-Q4_K_M.gguf")
    fake_hub.throttle_bps = None
    second = subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stderr
    final = Path(second.stdout.strip().splitlines()[-1])
    assert hashlib.sha256(final.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    served_after = fake_hub.bytes_served("acme/Kill-GGUF", "m-Q4_K_M.gguf") - served_before
    assert f"bytes={kept}-" in ranges_asked(fake_hub)  # it went on from the partial file
    header_read = 512 * 1024  # `pull` first reads the header to size the KV cache
    # what the server still pushed at the killed process is the only waste (target < 1 MB)
    assert served_after - header_read - (size - kept) < MB


def test_resume_pressed_while_the_pause_lands_still_finishes(
    fake_hub: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from deskchat.hub import download

    noticed = threading.Event()
    original = download.DownloadStopped.__init__

    def spy(self: download.DownloadStopped, reason: str) -> None:
        original(self, reason)
        noticed.set()  # the transfer has just seen the pause

    monkeypatch.setattr(download.DownloadStopped, "__init__", spy)
    data = payload(4 * MB)
    fake_hub.add_repo("acme/Slow-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.throttle_bps = 2 * MB
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Slow-GGUF")
    while m.get(item.id).done_bytes < MB:
        m.wait(item.id, timeout=0.05)
    m.pause(item.id)
    assert noticed.wait(5)
    m.resume(item.id)
    fake_hub.throttle_bps = None
    done = m.wait(item.id, timeout=30)
    m.close()
    assert done.state == "done", done.error
    assert (tmp_path / "acme/Slow-GGUF/m-Q4_0.gguf").read_bytes() == data


def test_download_again_after_cancel_or_delete(fake_hub: FakeHub, tmp_path: Path) -> None:
    data = payload(2 * MB)
    fake_hub.add_repo("acme/Again-GGUF", {"m-Q4_0.gguf": data})
    fake_hub.throttle_bps = MB
    m, repo, item = fetch(fake_hub, tmp_path, "acme/Again-GGUF")
    while m.get(item.id).done_bytes == 0:
        m.wait(item.id, timeout=0.05)
    m.cancel(item.id)
    fake_hub.throttle_bps = None
    again = m.enqueue(repo.repo_id, repo.commit, repo.choices[0])  # changed their mind
    assert m.wait(again.id, timeout=30).state == "done"
    target = tmp_path / "acme/Again-GGUF/m-Q4_0.gguf"
    target.unlink()  # deleted from the library later
    third = m.enqueue(repo.repo_id, repo.commit, repo.choices[0])
    assert m.wait(third.id, timeout=30).state == "done"
    m.close()
    assert target.read_bytes() == data


def test_hub_answers_are_told_apart_from_a_lost_network(fake_hub: FakeHub, tmp_path: Path) -> None:
    fake_hub.add_repo("acme/Busy-GGUF", {"m-Q4_0.gguf": payload(MB)})
    fake_hub.fault("acme/Busy-GGUF", "m-Q4_0.gguf", status=403)
    m, _repo, item = fetch(fake_hub, tmp_path, "acme/Busy-GGUF")
    done = m.wait(item.id, timeout=10)
    m.close()
    assert done.state == "failed"
    assert done.error == "The hub refused the request (HTTP 403)."
