"""The download queue both faces use: models (one GGUF, or every part of a split one)
fetched a few at a time, each with bytes, speed and ETA, pause / resume / cancel / retry,
and a queue that survives quitting the app.

Work runs on plain threads; the GUI and the CLI read ``items()`` snapshots. The queue is
kept in ``<models>/.downloads/queue.json``; the partial files beside it are the real state,
so a download interrupted in any way continues from what is on disk.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from filelock import FileLock, Timeout

from deskchat import logs
from deskchat.errors import DeskchatError
from deskchat.hub.download import (
    DownloadStopped,
    FileDownload,
    FileSpec,
    discard_partial,
    partial_path,
)
from deskchat.hub.remote import (
    HubClient,
    LicenseNotAcceptedError,
    ModelChoice,
    RemoteFile,
    TokenInvalidError,
    TokenRequiredError,
)
from deskchat.json_files import write_json_atomically

State = Literal["queued", "downloading", "paused", "done", "failed", "cancelled"]
Remedy = Literal["token", "license"]
ACTIVE: tuple[State, ...] = ("queued", "downloading")


@dataclass(frozen=True)
class DownloadItem:
    """One queued model, as shown in the download list."""

    id: str
    repo_id: str
    revision: str
    name: str
    quantization: str
    parts: tuple[RemoteFile, ...]
    state: State = "queued"
    done_bytes: int = 0
    error: str | None = None
    speed: float = 0.0  # bytes/s over the last few seconds
    path: str = ""  # the file to load once done (first part)
    # what would fix a failure: "token" (add or replace the HF token) or "license" (accept it
    # on the model's page, ``page``); None when Retry is the remedy
    needs: Remedy | None = None
    page: str | None = None

    @property
    def total_bytes(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def eta_seconds(self) -> float | None:
        if self.state != "downloading" or self.speed <= 0:
            return None
        return max(0.0, (self.total_bytes - self.done_bytes) / self.speed)


def item_id(repo_id: str, choice_name: str) -> str:
    return f"{repo_id}/{choice_name}"


@dataclass
class _Job:
    item: DownloadItem
    stop: str | None = None
    thread: threading.Thread | None = None
    samples: deque[tuple[float, int]] = field(default_factory=lambda: deque(maxlen=64))


class DownloadManager:
    """Queue, run and remember downloads into ``models_dir/<owner>/<repo>/``.

    ``hub`` is called for each job so a token set meanwhile is used."""

    def __init__(
        self,
        hub: Callable[[], HubClient],
        models_dir: Path,
        *,
        concurrency: int = 2,
        persist: bool = True,
        stall_timeout: float = 20.0,
        disk_free: Callable[[Path], int] = lambda p: shutil.disk_usage(p).free,
    ) -> None:
        self.hub = hub
        self.models_dir = models_dir
        self.concurrency = max(1, concurrency)
        self.persist = persist
        self.stall_timeout = stall_timeout
        self.disk_free = disk_free
        self._lock = threading.RLock()
        self._jobs: dict[str, _Job] = {}
        self._closing = False
        if persist:
            self._restore()

    # -- queue file -------------------------------------------------------------------

    @property
    def queue_path(self) -> Path:
        return self.models_dir / ".downloads" / "queue.json"

    def _restore(self) -> None:
        try:
            raw = json.loads(self.queue_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # no queue yet, or a damaged one: the partial files are still there
        for entry in raw if isinstance(raw, list) else []:
            try:
                parts = tuple(RemoteFile(**p) for p in entry["parts"])
                known = {k: v for k, v in entry.items() if k in DownloadItem.__dataclass_fields__}
                item = DownloadItem(**{**known, "parts": parts, "speed": 0.0})
            except (TypeError, KeyError, ValueError):
                continue  # one damaged entry must not cost the others
            # one that was running when deskchat stopped carries on
            state: State = "queued" if item.state in ACTIVE else item.state
            self._jobs[item.id] = _Job(replace(item, state=state))
        self._kick()

    def _save(self) -> None:
        if not self.persist:
            return
        entries = [
            {**asdict(j.item), "parts": [asdict(p) for p in j.item.parts]}
            for j in self._jobs.values()
            if j.item.state != "cancelled"
        ]
        # a full disk must not stop the downloads themselves; the parts are on disk
        with contextlib.suppress(OSError):
            write_json_atomically(self.queue_path, entries, indent=1)

    # -- what the faces call ----------------------------------------------------------

    def items(self) -> list[DownloadItem]:
        with self._lock:
            return [j.item for j in self._jobs.values() if j.item.state != "cancelled"]

    def get(self, download_id: str) -> DownloadItem:
        with self._lock:
            return self._job(download_id).item

    def enqueue(self, repo_id: str, revision: str, choice: ModelChoice) -> DownloadItem:
        """Add a model to the queue; one already queued, paused or done (and still on disk
        at this revision) is resumed or returned instead of fetched twice."""
        did = item_id(repo_id, choice.name)
        dest = self._dest(repo_id, choice.parts[0])
        with self._lock:
            job = self._jobs.get(did)
            if job is not None and job.thread is not None:
                # still stopping after a pause or cancel: take the same transfer back
                job.stop = None
                self._set(job, state="downloading", error=None, needs=None)
                return job.item
            if job is not None and job.item.state in ("queued", "paused"):
                self.resume(did)
                return job.item
            if (
                job is not None
                and job.item.state == "done"
                and job.item.revision == revision
                and Path(job.item.path).is_file()
            ):
                return job.item
            item = DownloadItem(
                did, repo_id, revision, choice.name, choice.quantization, choice.parts,
                path=str(dest),
            )  # fmt: skip
            self._jobs[did] = _Job(item)
            self._save()
        self._kick()
        return self.get(did)

    def set_concurrency(self, n: int) -> None:
        """How many transfers may run at once; more queued ones start at once if allowed."""
        with self._lock:
            self.concurrency = max(1, n)
        self._kick()

    def pause(self, download_id: str) -> None:
        with self._lock:
            job = self._job(download_id)
            if job.item.state == "downloading":
                job.stop = "pause"
            if job.item.state in ACTIVE:
                self._set(job, state="paused", speed=0.0)

    def resume(self, download_id: str) -> None:
        """Continue a paused or failed download from the bytes on disk."""
        with self._lock:
            job = self._job(download_id)
            if job.item.state in ("paused", "failed"):
                job.stop = None
                # a paused transfer that has not noticed the pause yet simply goes on
                running = job.thread is not None
                self._set(job, state="downloading" if running else "queued", error=None, needs=None)
        self._kick()

    retry = resume

    def cancel(self, download_id: str) -> None:
        """Stop and delete the partial files (the GUI confirms first)."""
        with self._lock:
            job = self._job(download_id)
            job.stop = "cancel"
            self._set(job, state="cancelled", speed=0.0)
            if job.thread is not None:
                return  # the transfer deletes its files and leaves the list when it stops
            del self._jobs[download_id]
            self._save()
        self._discard_parts(job.item)

    def forget(self, download_id: str) -> None:
        """Remove a finished, failed or paused entry from the list (an unfinished one's
        partial files go with it)."""
        with self._lock:
            job = self._jobs.get(download_id)
            if job is None or job.item.state in ACTIVE or job.thread is not None:
                return
            del self._jobs[download_id]
            self._save()
        if job.item.state != "done":
            self._discard_parts(job.item)

    def wait(self, download_id: str, timeout: float | None = None) -> DownloadItem:
        """Block until the download leaves the active states (CLI and tests)."""
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                job = self._jobs.get(download_id)
                thread = job.thread if job else None
                if job is None or (job.item.state not in ACTIVE and thread is None):
                    return job.item if job else self._cancelled(download_id)
            if end is not None and time.monotonic() > end:
                return self.get(download_id)
            time.sleep(0.05)

    def close(self, timeout: float = 10.0) -> None:
        """Stop running transfers (they resume at the next start) and wait for them."""
        with self._lock:
            self._closing = True
            threads = [j.thread for j in self._jobs.values() if j.thread is not None]
            for job in self._jobs.values():
                if job.thread is not None:
                    job.stop = "quit"
        for t in threads:
            t.join(timeout)

    # -- internals ----------------------------------------------------------------------

    def _cancelled(self, download_id: str) -> DownloadItem:
        repo_id, _, name = download_id.rpartition("/")
        return DownloadItem(download_id, repo_id, "", name, "", (), state="cancelled")

    def _job(self, download_id: str) -> _Job:
        job = self._jobs.get(download_id)
        if job is None:
            raise DeskchatError(f"There is no download “{download_id}” in the list.")
        return job

    def _dest(self, repo_id: str, part: RemoteFile) -> Path:
        return self.models_dir.joinpath(*repo_id.split("/"), *part.path.split("/"))

    def _set(self, job: _Job, **changes: object) -> None:
        job.item = replace(job.item, **changes)  # type: ignore[arg-type]
        if "state" in changes:
            self._save()

    def _kick(self) -> None:
        """Start queued jobs while fewer than ``concurrency`` run."""
        with self._lock:
            if self._closing:
                return
            running = sum(1 for j in self._jobs.values() if j.thread is not None)
            for job in self._jobs.values():
                if running >= self.concurrency:
                    break
                if job.item.state == "queued" and job.thread is None:
                    job.stop = None
                    self._set(job, state="downloading", error=None)
                    job.thread = threading.Thread(
                        target=self._run, args=(job,), name=f"download {job.item.name}",
                        daemon=True,
                    )  # fmt: skip
                    job.thread.start()
                    running += 1

    def _run(self, job: _Job) -> None:
        outcome = self._download(job)
        if self._settle(job, outcome):
            self._discard_parts(job.item)
        self._kick()

    def _download(self, job: _Job) -> dict[str, object]:
        """Fetch every part; the fields to record, or none when it was stopped."""
        item = job.item
        outcome: dict[str, object] = {}
        try:
            hub = self.hub()
            done_before = 0
            for part in item.parts:
                spec = FileSpec(
                    item.repo_id, item.revision, part.path, part.size, part.sha256,
                    self._dest(item.repo_id, part),
                )  # fmt: skip
                self._fetch_part(job, hub, spec, done_before)
                done_before += part.size
            outcome = {"state": "done", "done_bytes": item.total_bytes, "error": None,
                       "needs": None, "page": None}  # fmt: skip
        except DownloadStopped:
            outcome = {}  # pause/cancel/quit already set the state
        except (TokenRequiredError, TokenInvalidError) as exc:
            outcome = {"state": "failed", "error": str(exc), "needs": "token"}
        except LicenseNotAcceptedError as exc:
            outcome = {"state": "failed", "error": str(exc), "needs": "license", "page": exc.page}
        except DeskchatError as exc:
            outcome = {"state": "failed", "error": str(exc)}
        except Exception as exc:  # noqa: BLE001 - a worker must never die silently: logged
            outcome = {"state": "failed", "error": logs.log_bug(exc, f"downloading {item.name}")}
        return outcome

    def _settle(self, job: _Job, outcome: dict[str, object]) -> bool:
        """Record how the download thread ended, given what happened to the item meanwhile
        (paused, cancelled, resumed); whether its partial files are to be discarded."""
        item = job.item
        discard = False
        with self._lock:
            job.thread = None
            state = job.item.state
            if state == "cancelled":
                discard = True  # whatever stopped it, a cancelled download leaves nothing
                if self._jobs.get(item.id) is job:
                    del self._jobs[item.id]
                self._save()
            elif state == "downloading" and job.stop is None and not outcome:
                self._set(job, state="queued")  # resumed while it was stopping: start again
            elif outcome and (state in ACTIVE or outcome["state"] == "done"):
                self._set(job, speed=0.0, **outcome)
            elif job.stop == "quit":
                self._save()
        return discard

    def _fetch_part(self, job: _Job, hub: HubClient, spec: FileSpec, done_before: int) -> None:
        lock = FileLock(str(partial_path(self.models_dir, spec)) + ".lock")
        try:
            lock.acquire(timeout=0)
        except Timeout as exc:
            raise DeskchatError(
                f"{spec.filename} is already being downloaded by another deskchat window or "
                "command; wait for it to finish."
            ) from exc
        except OSError:
            pass  # a folder that cannot hold a lock file: go on without one
        try:
            download = FileDownload(
                hub, spec, self.models_dir, stall_timeout=self.stall_timeout,
                disk_free=self.disk_free,
            )  # fmt: skip
            download.run(
                progress=lambda n: self._progress(job, done_before + n),
                should_stop=lambda: job.stop,
            )
        finally:
            if lock.is_locked:
                lock.release()

    def _progress(self, job: _Job, done: int) -> None:
        now = time.monotonic()
        job.samples.append((now, done))
        while len(job.samples) > 2 and now - job.samples[0][0] > 3.0:
            job.samples.popleft()
        t0, b0 = job.samples[0]
        speed = (done - b0) / (now - t0) if now - t0 > 0.2 else job.item.speed
        with self._lock:
            job.item = replace(job.item, done_bytes=done, speed=max(0.0, speed))

    def _discard_parts(self, item: DownloadItem) -> None:
        """Delete a cancelled model's partial files, and the parts of a split model it had
        finished; a part another deskchat is writing (its lock is held) is left alone."""
        for part in item.parts:
            spec = FileSpec(item.repo_id, item.revision, part.path, part.size, part.sha256,
                            self._dest(item.repo_id, part))  # fmt: skip
            lock = FileLock(str(partial_path(self.models_dir, spec)) + ".lock")
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue
            except OSError:
                pass
            try:
                discard_partial(self.models_dir, spec)
                if len(item.parts) > 1:
                    spec.dest.unlink(missing_ok=True)
            finally:
                if lock.is_locked:
                    lock.release()
