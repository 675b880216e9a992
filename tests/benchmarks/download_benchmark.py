"""Download benchmark, side by side in one run against the same loopback hub:

1. throughput of deskchat's downloader (Range transfer + sha256 + write) vs `curl` on the
   same file, interleaved rounds (target: ratio >= 0.8);
2. bytes fetched twice after `deskchat models pull` is killed with SIGKILL half-way and run
   again (target: < 1 MB).

Run: .venv/bin/python -m tests.benchmarks.download_benchmark [--mb 256] [--rounds 3]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deskchat.hub.download import FileDownload, FileSpec
from deskchat.hub.remote import HubClient
from tests.helpers.fake_hub import FakeHub

REPO = Path(__file__).resolve().parents[2]
MB = 1 << 20


def payload(size: int) -> bytes:
    block = os.urandom(MB)
    return (block * (size // MB + 1))[:size]


def time_curl(hub: FakeHub, repo_id: str, name: str, out: Path, verify: bool = False) -> float:
    """curl alone, or curl then sha256sum (what it takes to get a verified file by hand)."""
    url = HubClient(hub.url).file_url(repo_id, name, "main")
    start = time.perf_counter()
    subprocess.run(["curl", "-sSfL", "-o", str(out), url], check=True)
    if verify:
        subprocess.run(["sha256sum", str(out)], check=True, capture_output=True)
    elapsed = time.perf_counter() - start
    out.unlink()
    return elapsed


def time_deskchat(hub: FakeHub, repo_id: str, name: str, size: int, sha: str, work: Path) -> float:
    """In a child process, as the app would be (the loopback server must not share its GIL);
    the child times only the transfer, not its own start."""
    child = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.download_benchmark", "--child",
         hub.url, repo_id, name, str(size), sha, str(work)],
        cwd=REPO, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return float(child.stdout.strip())


def child(url: str, repo_id: str, name: str, size: int, sha: str, work: Path) -> None:
    client = HubClient(url)
    commit = client.files(repo_id).commit
    dest = work / "models" / name
    spec = FileSpec(repo_id, commit, name, size, sha, dest)
    start = time.perf_counter()
    FileDownload(client, spec, work / "models").run(lambda _n: None, lambda: None)
    print(time.perf_counter() - start)
    dest.unlink()


def throughput(size_mb: int, rounds: int, limit_mb: int | None = None) -> None:
    data = payload(size_mb * MB)
    sha = hashlib.sha256(data).hexdigest()
    name = "big-Q4_K_M.gguf"
    with FakeHub() as hub, tempfile.TemporaryDirectory() as tmp:
        hub.add_repo("bench/Big-GGUF", {name: data})
        hub.throttle_bps = limit_mb * MB if limit_mb else None
        work = Path(tmp)
        runs: dict[str, list[float]] = {"curl": [], "curl + sha256sum": [], "deskchat": []}
        for _ in range(rounds):
            runs["curl"].append(time_curl(hub, "bench/Big-GGUF", name, work / "c.bin"))
            runs["curl + sha256sum"].append(
                time_curl(hub, "bench/Big-GGUF", name, work / "c.bin", verify=True)
            )
            runs["deskchat"].append(
                time_deskchat(hub, "bench/Big-GGUF", name, len(data), sha, work)
            )
        limit = f", server limited to {limit_mb} MB/s" if limit_mb else ", unlimited"
        print(f"file: {size_mb} MB from the loopback hub{limit}, {rounds} interleaved rounds")
        med = {k: statistics.median(v) for k, v in runs.items()}
        for label, times in runs.items():
            each = ", ".join(f"{x:.2f}s" for x in times)
            print(f"  {label:<17} {size_mb / med[label]:8.1f} MB/s  (runs: {each})")
        print(
            f"  ratio deskchat/curl: {med['curl'] / med['deskchat']:.3f} (target >= 0.8); "
            f"deskchat/(curl + sha256sum): {med['curl + sha256sum'] / med['deskchat']:.3f}"
        )


def kill_and_resume(size_mb: int) -> None:
    size = size_mb * MB
    data = payload(size)
    with FakeHub() as hub, tempfile.TemporaryDirectory() as tmp:
        hub.add_repo("bench/Kill-GGUF", {"k-Q4_K_M.gguf": data})
        hub.throttle_bps = 50 * MB
        env = {**os.environ, "HF_ENDPOINT": hub.url, "DESKCHAT_HOME": tmp}
        cmd = [sys.executable, "-m", "deskchat", "models", "pull", "bench/Kill-GGUF", "Q4_K_M"]
        part = Path(tmp) / "data/models/.downloads/bench--Kill-GGUF--k-Q4_K_M.gguf.part"
        proc = subprocess.Popen(cmd, env=env, cwd=REPO, stderr=subprocess.DEVNULL)
        while not (part.exists() and part.stat().st_size >= size // 2):
            time.sleep(0.01)
        proc.kill()
        proc.wait()
        time.sleep(0.3)  # let the server notice the closed socket
        kept = part.stat().st_size
        before = hub.bytes_served("bench/Kill-GGUF", "k-Q4_K_M.gguf")
        hub.throttle_bps = None
        subprocess.run(cmd, env=env, cwd=REPO, check=True, capture_output=True)
        header = min(512 * 1024, size) * 2  # each `pull` reads the header once
        total = hub.bytes_served("bench/Kill-GGUF", "k-Q4_K_M.gguf")
        wasted = total - size - header
        print(f"kill -9 at {kept / size:.0%} of {size_mb} MB: {kept / MB:.1f} MB kept on disk")
        print(f"  server pushed {(before - header // 2 - kept) / 1024:.0f} KB the killed process")
        print(
            f"  never wrote; bytes fetched twice in total: {wasted / 1024:.0f} KB (target < 1 MB)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=int, default=256)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, repo_id, name, size, sha, work = args.child
        child(url, repo_id, name, int(size), sha, Path(work))
        return
    if shutil.which("curl") is None:
        sys.exit("curl is needed for the side-by-side run")
    throughput(args.mb, args.rounds)
    throughput(args.mb, args.rounds, limit_mb=100)  # a fast home connection (800 Mbit/s)
    kill_and_resume(min(args.mb, 128))


if __name__ == "__main__":
    main()
