"""Downloading one file from the hub so that nothing is ever fetched twice.

huggingface_hub gives the URL, size and sha256; the transfer is ours because it no longer
resumes a partial file across calls. The bytes go to ``<models>/.downloads/<key>.part``
beside a small JSON note of what they are (repository, commit, size, sha256); every new
attempt (after a pause, a dropped connection, a quit or a crash) continues from the partial
size with an HTTP Range request to a URL pinned to that commit, so bytes of two versions
are never spliced. A read that brings no byte for ``stall_timeout`` seconds reconnects, with
backoff. The finished file is checked against the hub's sha256 before it is moved into
the library; a mismatch goes to ``.quarantine``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import queue
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx2
from huggingface_hub.utils._http import hf_raise_for_status

from deskchat.errors import DeskchatError
from deskchat.hub.remote import HubClient, HubError, classify
from deskchat.sentences import Sentence
from deskchat.units import size_text

log = logging.getLogger(__name__)

CHUNK = 1 << 20


def _read_in_large_pieces() -> None:
    """httpcore reads sockets 64 KiB at a time and runs its HTTP/1.1 parser once per
    read; at hundreds of MB/s that parser, not the network, becomes the limit. Its read
    size is a class attribute meant to be tuned: 1 MiB halves the CPU per byte."""
    try:
        from httpcore2._sync.http11 import HTTP11Connection
    except ImportError:  # a different httpcore: keep its default
        return
    HTTP11Connection.READ_NUM_BYTES = max(HTTP11Connection.READ_NUM_BYTES, CHUNK)


_read_in_large_pieces()
DISK_MARGIN = 64 << 20  # keep this much free beyond the file itself
BACKOFF = (1.0, 2.0, 4.0, 8.0, 15.0, 30.0)


class _Hasher:
    """sha256 computed on a second thread while the first one receives and writes:
    hashlib releases the GIL, so on a multi-core machine verification costs no time."""

    def __init__(self) -> None:
        self._digest = hashlib.sha256()
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=16)
        self._thread = threading.Thread(target=self._work, name="sha256", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (chunk := self._queue.get()) is not None:
            self._digest.update(chunk)

    def update(self, chunk: bytes) -> None:
        self._queue.put(chunk)

    def hexdigest(self) -> str:
        self.close()
        return self._digest.hexdigest()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()


class DownloadStopped(Exception):  # noqa: N818 - a control-flow signal, not an error
    """The user paused or cancelled; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class DiskFullError(DeskchatError):
    pass


class ChecksumError(DeskchatError):
    pass


class ConnectionLostError(HubError):
    pass


@dataclass(frozen=True)
class FileSpec:
    """One file to fetch, pinned to a commit."""

    repo_id: str
    revision: str
    filename: str
    size: int
    sha256: str | None
    dest: Path  # where the verified file goes

    @property
    def key(self) -> str:
        return f"{self.repo_id}/{self.filename}".replace("/", "--")


def partial_path(models_dir: Path, spec: FileSpec) -> Path:
    return models_dir / ".downloads" / f"{spec.key}.part"


def discard_partial(models_dir: Path, spec: FileSpec) -> None:
    """Delete a partial file and its note (a cancelled download)."""
    part = partial_path(models_dir, spec)
    part.unlink(missing_ok=True)
    part.with_suffix(".json").unlink(missing_ok=True)


def quarantine_dir(models_dir: Path) -> Path:
    return models_dir / ".quarantine"


def _is_disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1))


@dataclass
class _Note:
    """What a partial file holds, so a later attempt can trust its bytes."""

    repo_id: str
    filename: str
    revision: str
    size: int
    sha256: str | None

    @classmethod
    def read(cls, path: Path) -> _Note | None:
        try:
            return cls(**json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, TypeError):
            return None


class FileDownload:
    """Fetches one ``FileSpec`` into the library. ``run`` reports bytes on disk through
    ``progress`` and asks ``should_stop`` between chunks ("pause" or "cancel" stop it)."""

    def __init__(
        self,
        hub: HubClient,
        spec: FileSpec,
        models_dir: Path,
        *,
        stall_timeout: float = 20.0,
        max_attempts: int = 6,
        disk_free: Callable[[Path], int] = lambda p: shutil.disk_usage(p).free,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.hub = hub
        self.spec = spec
        self.models_dir = models_dir
        self.stall_timeout = stall_timeout
        self.max_attempts = max_attempts
        self.disk_free = disk_free
        self.sleep = sleep
        self.part = partial_path(models_dir, spec)
        self.note_path = self.part.with_suffix(".json")
        self.reconnects = 0
        self._have = 0
        self._digest = _Hasher()
        self._progressed = False

    def partial_size(self) -> int:
        """Bytes already on disk that belong to this exact file (0 if none or stale)."""
        note = _Note.read(self.note_path)
        if note is None or not self.part.exists():
            return 0
        spec = self.spec
        if (note.sha256, note.size, note.revision) != (spec.sha256, spec.size, spec.revision):
            return 0  # another version of the file: those bytes are not this one's
        return min(self.part.stat().st_size, self.spec.size)

    def discard(self) -> None:
        discard_partial(self.models_dir, self.spec)

    def run(self, progress: Callable[[int], None], should_stop: Callable[[], str | None]) -> Path:
        try:
            return self._run(progress, should_stop)
        except OSError as exc:  # folders that cannot be made, files that cannot be moved…
            where = exc.filename or self.part.parent
            raise DeskchatError(
                Sentence(
                    "{file} could not be saved in {folder}: {reason}. Check the models folder "
                    "(Settings) and free space.",
                    file=self.spec.filename,
                    folder=str(where),
                    reason=str(exc.strerror or exc),
                )
            ) from exc
        finally:
            self._digest.close()  # never leave the hashing thread behind

    def _already_there(self, should_stop: Callable[[], str | None]) -> bool:
        """Whether the destination already holds exactly this file (a part finished
        before a pause, or the same model asked for again)."""
        spec = self.spec
        if not spec.dest.is_file() or spec.dest.stat().st_size != spec.size:
            return False
        if spec.sha256 is None:
            return True
        digest = hashlib.sha256()
        with spec.dest.open("rb") as f:
            while chunk := f.read(CHUNK * 8):
                if reason := should_stop():
                    raise DownloadStopped(reason)
                digest.update(chunk)
        return digest.hexdigest() == spec.sha256

    def _run(self, progress: Callable[[int], None], should_stop: Callable[[], str | None]) -> Path:
        spec = self.spec
        if self._already_there(should_stop):
            progress(spec.size)
            return spec.dest
        self.part.parent.mkdir(parents=True, exist_ok=True)
        have = self.partial_size()
        if have == 0:
            self.discard()
            self.note_path.write_text(
                json.dumps(asdict(_Note(spec.repo_id, spec.filename, spec.revision, spec.size,
                                        spec.sha256))),
                encoding="utf-8",
            )  # fmt: skip
        self._check_space(spec.size - have)
        self._hash_existing(have, progress, should_stop)
        failures = 0
        while self._have < spec.size:
            try:
                self._fetch(progress, should_stop)
                failures = 0
            except (httpx2.TransportError, _ServerError) as exc:
                # The stream broke: what reached the disk (and the hash) stays; reconnect.
                failures = 1 if self._progressed else failures + 1
                self.reconnects += 1
                if failures >= self.max_attempts:
                    log.info("Download of %s broke off: %r", spec.filename, exc)
                    raise ConnectionLostError(
                        Sentence(
                            "The connection to the hub was lost {n} times in a row while "
                            "downloading {file}; {size} is kept and Retry continues from there.",
                            n=failures,
                            file=spec.filename,
                            size=size_text(self._have),
                        )
                    ) from exc
                self._wait(BACKOFF[min(failures - 1, len(BACKOFF) - 1)], should_stop)
        return self._finish()

    def _check_space(self, remaining: int) -> None:
        free = self.disk_free(self.part.parent)
        if free < remaining + DISK_MARGIN:
            raise DiskFullError(
                Sentence(
                    "Not enough disk space for {file}: it needs {size} more and {folder} has "
                    "{free} free. Free some space, or choose another models folder in Settings.",
                    file=self.spec.filename,
                    size=size_text(remaining),
                    folder=str(self.part.parent),
                    free=size_text(free),
                )
            )

    def _hash_existing(
        self,
        have: int,
        progress: Callable[[int], None],
        should_stop: Callable[[], str | None] = lambda: None,
    ) -> None:
        """Hash the bytes already on disk so the final check covers the whole file
        (a pause or cancel is honoured meanwhile: gigabytes take seconds)."""
        self._digest.close()
        digest = _Hasher()
        self._digest = digest
        if have:
            with self.part.open("r+b") as f:
                left = have
                while left:
                    if reason := should_stop():
                        raise DownloadStopped(reason)
                    chunk = f.read(min(CHUNK * 8, left))
                    if not chunk:
                        break
                    digest.update(chunk)
                    left -= len(chunk)
                    progress(have - left)
                f.truncate(have)  # bytes past the note's size are not trusted
        self._have, self._digest = have, digest
        progress(have)

    def _wait(self, seconds: float, should_stop: Callable[[], str | None]) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if reason := should_stop():
                raise DownloadStopped(reason)
            self.sleep(min(0.2, max(0.0, end - time.monotonic())))

    def _fetch(
        self, progress: Callable[[int], None], should_stop: Callable[[], str | None]
    ) -> None:
        spec = self.spec
        self._progressed = False
        # identity: a CDN may ignore Range on a compressible answer. No If-Range: the URL
        # is pinned to a commit, so its bytes never change, and the sha256 is checked at the
        # end anyway (a CDN's ETag need not be the sha256, and a mismatch would restart).
        headers = {**self.hub.headers(), "Accept-Encoding": "identity"}
        if self._have:
            headers["Range"] = f"bytes={self._have}-"
        timeout = httpx2.Timeout(15.0, read=self.stall_timeout)
        url = self.hub.file_url(spec.repo_id, spec.filename, spec.revision)
        with (
            httpx2.Client(follow_redirects=True, timeout=timeout) as client,
            client.stream("GET", url, headers=headers) as response,
        ):
            status = response.status_code
            if status >= 500 or status == 429:
                raise _ServerError(status)
            if status == 416:  # the partial is longer than the file: start over
                self._hash_existing(0, progress)
                raise _ServerError(status)
            if status >= 400:
                response.read()
                try:
                    hf_raise_for_status(response)
                except Exception as exc:
                    raise classify(
                        exc, repo_id=spec.repo_id, have_token=self.hub.token is not None,
                        endpoint=self.hub.endpoint,
                    ) from exc  # fmt: skip
            if self._have and status == 206 and not _starts_at(response, self._have):
                self._hash_existing(0, progress)  # bytes from elsewhere: ask for all of it
                raise _ServerError(status)
            if self._have and status != 206:
                self._hash_existing(0, progress)  # the whole file came back: start over
            self._stream(response, progress, should_stop)

    def _stream(
        self,
        response: httpx2.Response,
        progress: Callable[[int], None],
        should_stop: Callable[[], str | None],
    ) -> None:
        spec = self.spec
        try:
            with self.part.open("r+b" if self._have else "wb") as out:
                out.seek(self._have)
                for chunk in response.iter_bytes():  # each network read: progress stays live
                    if reason := should_stop():
                        raise DownloadStopped(reason)
                    out.write(chunk)
                    self._digest.update(chunk)
                    self._have += len(chunk)
                    self._progressed = True
                    progress(self._have)
                    if self._have > spec.size:
                        out.truncate(0)
                        self._hash_existing(0, progress)
                        raise _ServerError(200)  # more bytes than promised: start clean
        except OSError as exc:
            if _is_disk_full(exc):
                raise DiskFullError(
                    Sentence(
                        "The disk filled up while downloading {file}; {size} is kept. Free "
                        "some space and press Resume.",
                        file=spec.filename,
                        size=size_text(self._have),
                    )
                ) from exc
            raise DeskchatError(
                Sentence(
                    "{file} could not be written: {reason}.",
                    file=spec.filename,
                    reason=str(exc.strerror or exc),
                )
            ) from exc

    def _finish(self) -> Path:
        spec = self.spec
        if spec.sha256 and self._digest.hexdigest() != spec.sha256:
            qdir = quarantine_dir(self.models_dir)
            qdir.mkdir(parents=True, exist_ok=True)
            target = qdir / f"{spec.key}.{int(time.time())}"
            self.part.replace(target)
            self.note_path.unlink(missing_ok=True)
            raise ChecksumError(
                Sentence(
                    "{file} arrived damaged (its sha256 does not match the hub's), so it was "
                    "not added to the library; the bad copy was moved to {target}. Retry "
                    "downloads it again.",
                    file=spec.filename,
                    target=str(target),
                )
            )
        spec.dest.parent.mkdir(parents=True, exist_ok=True)
        self.part.replace(spec.dest)
        self.note_path.unlink(missing_ok=True)
        return spec.dest


def _starts_at(response: httpx2.Response, offset: int) -> bool:
    """Whether a 206 answer's Content-Range begins where the partial file ends."""
    value = response.headers.get("Content-Range", "")
    try:
        return int(value.split()[1].split("-")[0]) == offset
    except (IndexError, ValueError):
        return False


class _ServerError(Exception):
    """A 5xx (or an inconsistent answer) worth retrying after a pause."""

    def __init__(self, status: int) -> None:
        super().__init__(f"HTTP {status}")
        self.status = status
