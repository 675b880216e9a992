"""Saved KV states: the engine keeps what it has read of a chat when it turns to another one,
so coming back evaluates only what is new.

A state is the tokens a context holds and llama.cpp's bytes for them (one sequence). States
live in RAM up to a budget and on disk in a folder, least recently used out first from each.
A state is only ever used for the exact model file and load options it was made with: every
folder is named by a key of those (``state_key``), and every file repeats the key. The
longest saved prefix of a new prompt is the one restored, whichever chat (or API client) it
came from.

Disk writes run on one writer thread, so saving never delays an answer; a file is written
beside its final name and renamed into place, so a crash leaves no half state to read. A
file that cannot be read is removed with a log line, never used.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import struct
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from deskchat.engine.protocol import KvStates

_log = logging.getLogger("deskchat.engine.kv_states")

MAGIC = b"DESKCHAT-KV1\n"
SUFFIX = ".kvstate"
_HEADER = struct.Struct("<I")  # the JSON header's length
Tokens = npt.NDArray[np.int32]


def state_key(model_path: str, options: Mapping[str, Any], library_version: str) -> str:
    """The key of states made by this model file (its path, size and time) with these load
    options and this llama.cpp: a state under another key is never used."""
    stat = Path(model_path).stat()
    what = {
        "path": str(Path(model_path).resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "options": dict(sorted(options.items())),
        "llama": library_version,
    }
    return hashlib.sha256(json.dumps(what, sort_keys=True, default=str).encode()).hexdigest()[:32]


def common_prefix(a: Tokens, b: Tokens) -> int:
    """How many leading tokens ``a`` and ``b`` share."""
    n = min(len(a), len(b))
    mismatch = np.flatnonzero(a[:n] != b[:n])
    return int(mismatch[0]) if mismatch.size else n


@dataclass
class SavedState:
    tokens: Tokens
    size: int  # bytes of llama.cpp's state
    used: float  # time.time() of its last save or use: the least recent goes first
    data: bytes | None = None  # in RAM (None: on disk only)
    path: Path | None = None  # on disk, once written
    pending: bool = False  # its file is being written: it stays in RAM until then
    name: str = field(default="")

    def __post_init__(self) -> None:
        if not self.name:
            self.name = hashlib.sha256(self.tokens.tobytes()).hexdigest()[:40]


class StateStore:
    """The saved states of one key. ``folder`` None: RAM only (nothing survives the engine)."""

    def __init__(self, key: str, folder: Path | None, ram_budget: int, disk_budget: int) -> None:
        self.key = key
        self._folder = folder / key if folder is not None else None
        self.ram_budget = ram_budget
        self.disk_budget = disk_budget
        self._states: dict[str, SavedState] = {}
        self._lock = threading.Lock()
        self._writes: queue.Queue[SavedState | _Removal | None] = queue.Queue()
        self._writer: threading.Thread | None = None
        if self._folder is not None:
            self._read_folder(self._folder)

    # -- lookup ----------------------------------------------------------------------------

    def best(self, prompt: Tokens) -> tuple[SavedState, int] | None:
        """The saved state sharing the longest prefix with ``prompt``, and that length."""
        with self._lock:
            found: tuple[SavedState, int] | None = None
            for state in self._states.values():
                common = common_prefix(state.tokens, prompt)
                if common and (found is None or common > found[1]):
                    found = (state, common)
            return found

    def data(self, state: SavedState) -> bytes | None:
        """The state's bytes (read from disk when they are not in RAM); None when its file
        is gone or damaged (then it is forgotten)."""
        state.used = time.time()
        held, path = state.data, state.path  # the writer may move it out of RAM meanwhile
        if held is not None:
            return held
        if path is None:
            return None
        try:
            tokens, _size, data = _read_file(path, self.key)
        except (OSError, ValueError) as exc:
            self.discard(state, f"its file could not be read ({exc})")
            return None
        if data is None or not np.array_equal(tokens, state.tokens):
            self.discard(state, "its file changed")
            return None
        _touch(path)
        return data

    def discard(self, state: SavedState, why: str) -> None:
        """Forget a state that did not work (and remove its file), with a log line."""
        _log.warning("A saved KV state of %d tokens was not used: %s.", len(state.tokens), why)
        with self._lock:
            self._states.pop(state.name, None)
        if state.path is not None:
            _remove(state.path)

    # -- saving ----------------------------------------------------------------------------

    def put(self, tokens: Tokens, data: bytes) -> None:
        """Keep a state; states it extends (older versions of the same chat) go."""
        state = SavedState(tokens.copy(), len(data), time.time(), data)
        with self._lock:
            old = self._states.get(state.name)
            if old is not None:  # the same tokens again: refresh it
                old.used = state.used
                if old.data is None:
                    old.data = data
                self._fit_ram()
                return
            covered = [
                s
                for s in self._states.values()
                if len(s.tokens) <= len(tokens) and common_prefix(s.tokens, tokens) == len(s.tokens)
            ]
            for s in covered:
                del self._states[s.name]
            self._states[state.name] = state
            state.pending = self._folder is not None
            self._fit_ram()
        for s in covered:
            if s.path is not None:
                self._queue(_Removal(s.path))
        if state.pending:
            self._queue(state)

    def usage(self) -> KvStates:
        with self._lock:
            states = list(self._states.values())
        ram = sum(s.size for s in states if s.data is not None)
        disk = sum(s.size for s in states if s.path is not None)
        return KvStates(len(states), ram, disk)

    def set_budgets(self, ram_budget: int, disk_budget: int) -> None:
        with self._lock:
            self.ram_budget, self.disk_budget = ram_budget, disk_budget
            self._fit_ram()
        self._queue(_Removal(None))  # the writer fits the disk to the budget

    def flush(self) -> None:
        """Wait until what was put is written (and the disk fitted to its budget)."""
        if self._writer is not None:
            self._writes.join()

    def close(self, timeout: float = 30.0) -> None:
        """Finish the writes under way (the engine is exiting)."""
        writer = self._writer
        if writer is not None:
            self._writes.put(None)
            writer.join(timeout)
            self._writer = None

    # -- budgets ---------------------------------------------------------------------------

    def _fit_ram(self) -> None:
        """Least recently used out of RAM first (under the lock): to its file when it has
        one, else it is forgotten. One whose file is being written stays until it is."""
        held = sorted((s for s in self._states.values() if s.data is not None), key=_age)
        total = sum(s.size for s in held)
        for state in held:
            if total <= self.ram_budget:
                break
            if state.pending:
                continue  # the writer fits RAM again once it is written (see _write)
            if state.path is None:
                del self._states[state.name]
            state.data = None
            total -= state.size

    def _fit_disk(self) -> None:
        with self._lock:
            on_disk = sorted((s for s in self._states.values() if s.path is not None), key=_age)
            total = sum(s.size for s in on_disk)
            for state in on_disk:
                if total <= self.disk_budget:
                    break
                total -= state.size
                if state.data is None:
                    del self._states[state.name]
                if state.path is not None:
                    _remove(state.path)
                state.path = None

    # -- the writer ------------------------------------------------------------------------

    def _queue(self, item: SavedState | _Removal) -> None:
        if self._folder is None:
            return
        if self._writer is None:
            self._writer = threading.Thread(target=self._write_all, name="kv-writer", daemon=True)
            self._writer.start()
        self._writes.put(item)

    def _write_all(self) -> None:
        while (item := self._writes.get()) is not None:
            try:
                if isinstance(item, _Removal):
                    if item.path is not None:
                        _remove(item.path)
                else:
                    self._write(item)
                self._fit_disk()
            except Exception:  # noqa: BLE001 - a bug: logged; the engine goes on without it
                _log.exception("Writing a KV state failed")
            finally:
                self._writes.task_done()
        self._writes.task_done()

    def _write(self, state: SavedState) -> None:
        path = self._write_if_kept(state)
        with self._lock:
            state.pending = False
            if path is not None and state.name not in self._states:  # replaced meanwhile
                _remove(path)
                path = None
            state.path = path
            self._fit_ram()

    def _write_if_kept(self, state: SavedState) -> Path | None:
        folder, data = self._folder, state.data
        if folder is None or data is None or state.name not in self._states:
            return None  # it was replaced or dropped meanwhile
        if state.size > self.disk_budget:
            return None
        path = folder / (state.name + SUFFIX)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _write_file(path, self.key, state.tokens, data)
        except OSError as exc:  # a full or read-only disk: the state stays in RAM only
            _log.warning("A KV state could not be saved in %s: %s", folder, exc)
            return None
        return path

    def _read_folder(self, folder: Path) -> None:
        if not folder.is_dir():
            return
        for path in folder.iterdir():
            if path.name.endswith(".tmp"):
                _remove(path)  # a write that a crash or kill interrupted
                continue
            if path.suffix != SUFFIX:
                continue
            try:
                tokens, size, _ = _read_file(path, self.key, with_data=False)
                state = SavedState(tokens, size, path.stat().st_mtime)
            except (OSError, ValueError) as exc:
                _log.warning(
                    "The saved KV state %s was removed: it could not be read (%s).", path.name, exc
                )
                _remove(path)
                continue
            state.path = path
            self._states[state.name] = state


@dataclass(frozen=True)
class _Removal:
    path: Path | None  # None: only fit the disk to its budget


def _age(state: SavedState) -> float:
    return state.used


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.utime(path)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        _log.warning("Could not remove %s: %s", path, exc)


# -- the file: MAGIC, header length, JSON header, tokens (int32), llama.cpp's bytes ---------


def _write_file(path: Path, key: str, tokens: Tokens, data: bytes) -> None:
    what = {"key": key, "tokens": len(tokens), "bytes": len(data), "crc32": zlib.crc32(data)}
    header = json.dumps(what).encode()
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as out:
        out.write(MAGIC + _HEADER.pack(len(header)) + header)
        out.write(tokens.astype("<i4").tobytes())
        out.write(data)
    tmp.replace(path)


def _read_file(path: Path, key: str, with_data: bool = True) -> tuple[Tokens, int, bytes | None]:
    """The tokens, the size of llama.cpp's bytes, and the bytes (``with_data``)."""
    with path.open("rb") as f:
        if f.read(len(MAGIC)) != MAGIC:
            raise ValueError("not a deskchat KV state")
        (length,) = _HEADER.unpack(_exact(f.read(_HEADER.size), _HEADER.size))
        if length > 4096:
            raise ValueError("its header is too long")
        header = json.loads(_exact(f.read(length), length))
        if not isinstance(header, dict) or header.get("key") != key:
            raise ValueError("it was made with another model or other load options")
        n, size = int(header["tokens"]), int(header["bytes"])
        if n <= 0 or size <= 0:
            raise ValueError("it is empty")
        tokens = np.frombuffer(_exact(f.read(4 * n), 4 * n), dtype="<i4").astype(np.int32)
        if os.fstat(f.fileno()).st_size != f.tell() + size:
            raise ValueError("its size is not the one it says")
        if not with_data:
            return tokens, size, None
        data = _exact(f.read(size), size)
        if zlib.crc32(data) != header.get("crc32"):
            raise ValueError("its bytes are damaged")  # llama.cpp must never read those
        return tokens, size, data


def _exact(data: bytes, size: int) -> bytes:
    if len(data) != size:
        raise ValueError("it is cut short")
    return data
