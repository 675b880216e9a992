"""A loopback Hugging Face Hub that the real ``huggingface_hub`` client talks to, with faults.

Two listeners on 127.0.0.1, each a ThreadingHTTPServer in a daemon thread:

* the hub (``url``): ``/api/models``, ``/api/models/{repo}[/revision/{rev}]``,
  ``/api/models/{repo}/tree/{rev}[/{path}]``, ``/api/whoami-v2`` and
  ``/{repo}/resolve/{rev}/{filename}`` (HEAD and GET);
* a "CDN" (``cdn_url``) on another port: ``/_cdn/{sha256}?repo=..&file=..&X-Amz-...``.

LFS files (every ``.gguf`` and every file over 1 KB) resolve with a 302 to the CDN, the way
huggingface.co redirects to its storage host. The CDN has to be a different origin: for a
redirect to the same origin ``huggingface_hub`` follows it in ``get_hf_file_metadata`` and
reads the CDN's headers (no ``X-Repo-Commit``); for another origin it stops at the 302 and
reads ``X-Repo-Commit`` / ``X-Linked-Etag`` / ``X-Linked-Size`` / ``Location`` from it, and
``hf_hub_download`` drops the Authorization header for the CDN request, as with the real hub.

Auth as on the real hub: a bearer token not in ``valid_tokens`` is refused everywhere (401,
"Invalid credentials in Authorization header"); an unknown or private repo is 401
``RepoNotFound`` without a token and 404 ``RepoNotFound`` with a valid token; a valid token
sees private repos; gated repos' metadata is public, their files need a token (401
``GatedRepo``) that was granted access (else 403 ``GatedRepo``). The CDN checks nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import socket
import sys
import threading
import traceback
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from socketserver import TCPServer
from types import TracebackType
from typing import Any, NamedTuple, get_args
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from huggingface_hub.hf_api import ExpandModelProperty_T

LFS_THRESHOLD = 1024  # files bigger than this (and every .gguf) are LFS files
INVALID_CREDENTIALS = "Invalid credentials in Authorization header"
_CHUNK = 64 * 1024
_CORRUPT = bytes(b ^ 0x5A for b in range(256))  # bytes.translate table: same length, all differ
_RANGE = re.compile(r"\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*", re.IGNORECASE)
_TRUE = ("1", "true", "True")
# what the client's `expand=` accepts; anything else is a 400, as on the real hub
EXPANDABLE: frozenset[str] = frozenset(get_args(ExpandModelProperty_T))
_TASKS = ("feature-extraction", "sentence-similarity", "text-ranking")
_LIST_FIELDS = (
    "_id", "id", "modelId", "author", "downloads", "likes", "trendingScore", "lastModified",
    "createdAt", "gated", "private", "tags", "library_name", "pipeline_tag", "gguf",
)  # fmt: skip
_SORT_KEYS = {"downloads", "likes", "lastModified", "createdAt", "trendingScore"}


class RequestRecord(NamedTuple):
    method: str
    path: str  # percent-decoded, without the query
    query: dict[str, list[str]]
    headers: dict[str, str]  # lower-case names
    range: str | None  # the Range header


@dataclass(frozen=True)
class _Blob:
    data: bytes
    git_oid: str  # sha1 of the git blob: the file itself, or its LFS pointer
    sha256: str
    lfs: bool
    pointer_size: int

    @classmethod
    def make(cls, path: str, data: bytes) -> _Blob:
        sha256 = hashlib.sha256(data).hexdigest()
        lfs = path.endswith(".gguf") or len(data) > LFS_THRESHOLD
        pointer = (
            f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha256}\nsize {len(data)}\n"
        )
        stored = pointer.encode() if lfs else data
        git_oid = hashlib.sha1(b"blob %d\x00" % len(stored) + stored).hexdigest()
        return cls(data, git_oid, sha256, lfs, len(pointer) if lfs else 0)


@dataclass
class _Repo:
    repo_id: str
    gated: bool | str
    private: bool
    downloads: int
    likes: int
    last_modified: str
    gguf: dict[str, Any] | None
    tags: list[str]
    commits: dict[str, dict[str, _Blob]]  # commit sha -> files (never mutated)
    head: str


@dataclass
class _Fault:
    drop_after: int | None
    status: int | None
    stall_after: int | None
    stall_seconds: float
    corrupt: bool
    times: int


def _commit_sha(repo_id: str, files: dict[str, _Blob]) -> str:
    lines = "".join(f"{path} {blob.git_oid}\n" for path, blob in sorted(files.items()))
    return hashlib.sha1(f"{repo_id}\n{lines}".encode()).hexdigest()


def _dirs(files: Iterable[str]) -> set[str]:
    return {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}


class FakeHub:
    """The hub and its CDN on loopback; a context manager (the servers start at once)."""

    def __init__(self) -> None:
        self.valid_tokens: set[str] = set()
        self.requests: list[RequestRecord] = []
        self.server_errors: list[str] = []  # tracebacks of bugs in this fake (should stay empty)
        self.throttle_bps: int | None = None
        self.page_size = 1000  # list endpoints answer this many per page, then Link rel="next"
        self._lock = threading.RLock()
        self._repos: dict[str, _Repo] = {}
        self._blobs: dict[str, bytes] = {}  # sha256 -> bytes (the CDN is content-addressed)
        self._grants: set[tuple[str, str]] = set()
        self._faults: dict[tuple[str, str], deque[_Fault]] = {}
        self._served: dict[tuple[str, str], int] = {}
        self._conns: dict[socket.socket, threading.Thread] = {}
        self._closing = threading.Event()
        self._closed = False
        self._servers = [_Server(self, "hub"), _Server(self, "cdn")]
        self.url = f"http://127.0.0.1:{self._servers[0].server_address[1]}"
        self.cdn_url = f"http://127.0.0.1:{self._servers[1].server_address[1]}"
        self._loops = [
            threading.Thread(
                target=s.serve_forever,
                kwargs={"poll_interval": 0.05},
                daemon=True,
                name=f"fake-{s.role}",
            )
            for s in self._servers
        ]
        for t in self._loops:
            t.start()

    # ---- setup -------------------------------------------------------------------------
    def add_repo(
        self,
        repo_id: str,
        files: dict[str, bytes],
        *,
        gated: bool | str = False,
        private: bool = False,
        downloads: int = 0,
        likes: int = 0,
        last_modified: str = "2026-01-01T00:00:00.000Z",
        gguf: dict[str, Any] | None = None,
        tags: list[str] | None = None,
    ) -> str:
        """Create (or replace) a model repo; returns its commit sha (40 hex, from the content)."""
        if gated is True:
            gated = "auto"
        if gated not in (False, "auto", "manual"):
            raise ValueError(f"gated must be False, 'auto' or 'manual', not {gated!r}")
        blobs = {path: _Blob.make(path, data) for path, data in files.items()}
        sha = _commit_sha(repo_id, blobs)
        all_tags = list(tags or [])
        if any(p.endswith(".gguf") for p in files) and "gguf" not in all_tags:
            all_tags.append("gguf")
        with self._lock:
            self._repos[repo_id] = _Repo(
                repo_id, gated, private, downloads, likes, last_modified,
                dict(gguf) if gguf is not None else None, all_tags, {sha: blobs}, sha,
            )  # fmt: skip
            self._blobs.update({b.sha256: b.data for b in blobs.values()})
        return sha

    def set_file(self, repo_id: str, filename: str, data: bytes) -> str:
        """Add or replace one file in a new commit (old commits stay reachable by sha)."""
        with self._lock:
            repo = self._repos[repo_id]
            files = {**repo.commits[repo.head], filename: _Blob.make(filename, data)}
            sha = _commit_sha(repo_id, files)
            repo.commits[sha] = files
            repo.head = sha
            self._blobs[files[filename].sha256] = data
        return sha

    def grant(self, repo_id: str, token: str) -> None:
        """This token's user has accepted the gated repo's conditions."""
        with self._lock:
            self._grants.add((repo_id, token))

    def fault(
        self,
        repo_id: str,
        filename: str,
        *,
        drop_after: int | None = None,
        status: int | None = None,
        stall_after: int | None = None,
        stall_seconds: float = 0.0,
        corrupt: bool = False,
        times: int = 1,
    ) -> None:
        """Queue a fault for the next ``times`` GETs that serve this file's bytes (the CDN GET
        for LFS files, the resolve GET for small ones; HEADs and 302s are never faulted).
        ``drop_after``/``stall_after`` count body bytes of that response."""
        with self._lock:
            self._faults.setdefault((repo_id, filename), deque()).append(
                _Fault(drop_after, status, stall_after, stall_seconds, corrupt, times)
            )

    def bytes_served(self, repo_id: str, filename: str) -> int:
        """Body bytes of this file handed to sockets so far (all responses, ranges included)."""
        with self._lock:
            return self._served.get((repo_id, filename), 0)

    def commit(self, repo_id: str) -> str:
        """The repo's current ("main") commit sha."""
        return self._repos[repo_id].head

    def sha256(self, repo_id: str, filename: str) -> str:
        """The sha256 of a file at "main" (its LFS oid / X-Linked-Etag)."""
        repo = self._repos[repo_id]
        return repo.commits[repo.head][filename].sha256

    # ---- lifecycle ---------------------------------------------------------------------
    def close(self) -> None:
        """Stop both servers; wake stalled responses and close every open connection."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._closing.set()
        for server in self._servers:
            server.shutdown()  # no more accepts: the conns below are all there will be
        with self._lock:
            conns = list(self._conns.items())
        for sock, _ in conns:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        for _, thread in conns:
            thread.join(timeout=5)
        for server in self._servers:
            server.server_close()
        for thread in self._loops:
            thread.join(timeout=5)

    def __enter__(self) -> FakeHub:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # ---- used by the handlers ----------------------------------------------------------
    def _track(self, sock: socket.socket, thread: threading.Thread) -> bool:
        with self._lock:
            if self._closing.is_set():
                return False
            self._conns[sock] = thread
            return True

    def _untrack(self, sock: socket.socket) -> None:
        with self._lock:
            self._conns.pop(sock, None)

    def _take_fault(self, key: tuple[str, str] | None) -> _Fault | None:
        with self._lock:
            queue = self._faults.get(key) if key else None
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.popleft()
            return fault

    def _count(self, key: tuple[str, str] | None, n: int) -> None:
        if key is not None:
            with self._lock:
                self._served[key] = self._served.get(key, 0) + n


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # FakeHub.close() joins the handler threads itself, with a timeout

    def __init__(self, hub: FakeHub, role: str) -> None:
        self.hub = hub
        self.role = role
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:  # HTTPServer's does a reverse DNS lookup: skip it
        TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread, args=(request, client_address), daemon=True
        )
        if not self.hub._track(request, thread):
            self.shutdown_request(request)
            return
        thread.start()

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.hub._untrack(request)

    def handle_error(self, request: Any, client_address: Any) -> None:  # quiet, but kept
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client hanging up is fine
            self.hub.server_errors.append(traceback.format_exc())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms stalls
    server: _Server
    is_head = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.is_head = False
        self._dispatch()

    def do_HEAD(self) -> None:
        self.is_head = True
        self._dispatch()

    # ---- plumbing ----------------------------------------------------------------------
    @property
    def hub(self) -> FakeHub:
        return self.server.hub

    def _dispatch(self) -> None:
        if length := int(self.headers.get("Content-Length") or 0):
            self.rfile.read(length)  # keep the connection usable
        split = urlsplit(self.path)
        query = parse_qs(split.query, keep_blank_values=True)
        record = RequestRecord(
            self.command,
            unquote(split.path),
            query,
            {k.lower(): v for k, v in self.headers.items()},
            self.headers.get("Range"),
        )
        with self.hub._lock:
            self.hub.requests.append(record)
        segs = [unquote(s) for s in split.path.strip("/").split("/")]
        try:
            if self.server.role == "cdn":
                self._cdn(segs, query)
            else:
                self._route(split.path, segs, query)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            self.close_connection = True

    def _send(
        self, status: int, body: bytes, headers: dict[str, str] | None = None,
        content_type: str = "application/json; charset=utf-8",
    ) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if not self.is_head:
            self.wfile.write(body)

    def _json(self, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send(200, json.dumps(obj).encode(), headers)

    def _error(
        self,
        status: int,
        message: str,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        extra = {"X-Error-Message": message, **({"X-Error-Code": code} if code else {})}
        self._send(status, json.dumps({"error": message}).encode(), {**extra, **(headers or {})})

    # ---- auth --------------------------------------------------------------------------
    def _token(self) -> tuple[bool, str | None]:
        """(ok, token); when not ok the 401 has been sent."""
        header = self.headers.get("Authorization")
        if header is None:
            return True, None
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or token not in self.hub.valid_tokens:
            self._error(401, INVALID_CREDENTIALS)
            return False, None
        return True, token

    def _repo(self, repo_id: str, token: str | None, *, download: bool) -> _Repo | None:
        repo = self.hub._repos.get(repo_id)
        if repo is None or (repo.private and token is None):
            # like huggingface.co: anonymous callers can't tell missing from private
            self._error(401 if token is None else 404, "Repository not found", "RepoNotFound")
            return None
        if download and repo.gated and (repo_id, token or "") not in self.hub._grants:
            if token is None:
                msg = (
                    f"Access to model {repo_id} is restricted. You must have access to it and be "
                    "authenticated to access it. Please log in."
                )
                self._error(401, msg, "GatedRepo")
            else:
                msg = (
                    f"Access to model {repo_id} is restricted and you are not in the authorized "
                    f"list. Visit https://huggingface.co/{repo_id} to ask for access."
                )
                self._error(403, msg, "GatedRepo")
            return None
        return repo

    def _revision(self, repo: _Repo, rev: str) -> tuple[str, dict[str, _Blob]] | None:
        sha = repo.head if rev in ("main", "HEAD") else rev
        files = repo.commits.get(sha)
        if files is None:
            self._error(404, f"Invalid rev id: {rev}", "RevisionNotFound")
            return None
        return sha, files

    # ---- hub routes --------------------------------------------------------------------
    def _route(self, raw_path: str, segs: list[str], query: dict[str, list[str]]) -> None:
        ok, token = self._token()
        if not ok:
            return
        if segs == ["api", "whoami-v2"]:
            if token is None:
                self._error(401, INVALID_CREDENTIALS)
                return
            self._json({
                "type": "user", "name": "tester", "fullname": "Test User", "orgs": [],
                "auth": {"accessToken": {"displayName": "t", "role": "read"}},
            })  # fmt: skip
        elif segs == ["api", "models"]:
            self._list_models(query, token)
        elif segs[:2] == ["api", "models"]:
            self._model_routes(raw_path.strip("/").split("/")[2:], query, token)
        elif "resolve" in segs[1:3]:
            at = segs.index("resolve", 1)
            raw = raw_path.strip("/").split("/")
            if len(raw) < at + 3:
                self._error(404, "Not Found")
                return
            filename = unquote("/".join(raw[at + 2 :]))
            self._resolve("/".join(segs[:at]), unquote(raw[at + 1]), filename, token)
        else:
            self._error(404, "Not Found")

    def _model_routes(self, raw: list[str], query: dict[str, list[str]], token: str | None) -> None:
        segs = [unquote(s) for s in raw]
        if len(segs) >= 2 and "/".join(segs[:2]) in self.hub._repos:
            n = 2
        elif segs[0] in self.hub._repos or len(segs) < 2 or segs[1] in ("revision", "tree"):
            n = 1
        else:
            n = 2
        repo_id, rest = "/".join(segs[:n]), segs[n:]
        repo = self._repo(repo_id, token, download=False)
        if repo is None:
            return
        if not rest or (rest[0] == "revision" and len(rest) >= 2):
            found = self._revision(repo, "/".join(rest[1:]) if rest else "main")
            if found is None:
                return
            expand = query.get("expand", []) + query.get("expand[]", [])
            if bad := [e for e in expand if e not in EXPANDABLE]:
                self._error(400, f'"expand" must be one of {sorted(EXPANDABLE)}, got {bad}')
                return
            blobs = query.get("blobs", ["false"])[0] in _TRUE
            info = self._model_json(repo, *found, blobs=blobs)
            if expand:
                info = {k: v for k, v in info.items() if k in ("_id", "id", *expand)}
            self._json(info)
        elif rest[0] == "tree" and len(rest) >= 2:
            found = self._revision(repo, rest[1])
            if found is not None:
                self._tree(repo, *found, "/".join(rest[2:]).strip("/"), query)
        else:
            self._error(404, "Not Found")

    def _model_json(
        self, repo: _Repo, sha: str, files: dict[str, _Blob], *, blobs: bool
    ) -> dict[str, Any]:
        def sibling(path: str, b: _Blob) -> dict[str, Any]:
            if not blobs:
                return {"rfilename": path}
            out: dict[str, Any] = {"rfilename": path, "size": len(b.data), "blobId": b.git_oid}
            if b.lfs:
                out["lfs"] = {
                    "sha256": b.sha256,
                    "size": len(b.data),
                    "pointerSize": b.pointer_size,
                }
            return out

        has_gguf = any(p.endswith(".gguf") for p in files)
        info: dict[str, Any] = {
            "_id": hashlib.sha1(repo.repo_id.encode()).hexdigest()[:24],
            "id": repo.repo_id,
            "modelId": repo.repo_id,
            "author": repo.repo_id.split("/")[0] if "/" in repo.repo_id else None,
            "sha": sha,
            "lastModified": repo.last_modified,
            "createdAt": repo.last_modified,
            "private": repo.private,
            "gated": repo.gated,
            "disabled": False,
            "downloads": repo.downloads,
            "downloadsAllTime": repo.downloads,
            "likes": repo.likes,
            "trendingScore": 0,
            "library_name": "gguf" if has_gguf else None,
            # the task a repository's tags name (embedding GGUFs are tagged so), else chat
            "pipeline_tag": next((t for t in repo.tags if t in _TASKS), "text-generation")
            if has_gguf
            else None,
            "tags": list(repo.tags),
            "siblings": [sibling(p, b) for p, b in sorted(files.items())],
            "spaces": [],
            "usedStorage": sum(len(b.data) for b in files.values()),
        }
        if repo.gguf is not None:
            info["gguf"] = repo.gguf
        return info

    def _page(self, items: list[Any], query: dict[str, list[str]], limit: int | None) -> None:
        start = int(query.get("cursor", ["0"])[0] or 0)
        size = min(limit, self.hub.page_size) if limit else self.hub.page_size
        headers = {}
        if start + size < len(items):
            rest = {k: v for k, v in query.items() if k != "cursor"}
            qs = urlencode({**rest, "cursor": [str(start + size)]}, doseq=True)
            path = urlsplit(self.path).path
            headers["Link"] = f'<{self.hub.url}{path}?{qs}>; rel="next"'
        self._json(items[start : start + size], headers)

    def _list_models(self, query: dict[str, list[str]], token: str | None) -> None:
        def first(name: str, default: str = "") -> str:
            return query.get(name, [default])[0]

        expand = query.get("expand", []) + query.get("expand[]", [])
        sort = first("sort")
        if bad := [e for e in expand if e not in EXPANDABLE]:
            self._error(400, f'"expand" must be one of {sorted(EXPANDABLE)}, got {bad}')
            return
        if sort and sort not in _SORT_KEYS:
            self._error(400, f'"sort" must be one of {sorted(_SORT_KEYS)}')
            return
        with self.hub._lock:
            repos = [r for r in self.hub._repos.values() if token is not None or not r.private]
        rows = [self._model_json(r, r.head, r.commits[r.head], blobs=False) for r in repos]
        for text in query.get("search", []):
            rows = [m for m in rows if text.lower() in m["id"].lower()]
        if author := first("author"):
            rows = [m for m in rows if m["author"] == author]
        for tag in query.get("filter", []):
            rows = [m for m in rows if tag in m["tags"]]
        if gated := first("gated"):
            rows = [m for m in rows if bool(m["gated"]) == (gated in _TRUE)]
        if pipeline := first("pipeline_tag"):
            rows = [m for m in rows if m["pipeline_tag"] == pipeline]
        if sort:
            rows.sort(key=lambda m: m[sort], reverse=first("direction", "-1") != "1")
        if expand:
            keep: tuple[str, ...] = ("_id", "id", *expand)
        elif first("full") in _TRUE:
            keep = (*_LIST_FIELDS, "sha", "siblings", "disabled", "usedStorage")
        else:
            keep = tuple(_LIST_FIELDS)
        rows = [{k: v for k, v in m.items() if k in keep} for m in rows]
        limit = first("limit")
        self._page(rows, query, int(limit) if limit else None)

    def _tree(
        self, repo: _Repo, sha: str, files: dict[str, _Blob], path: str, query: dict[str, list[str]]
    ) -> None:
        recursive = query.get("recursive", ["false"])[0] in _TRUE
        expand = query.get("expand", ["false"])[0] in _TRUE
        dirs = _dirs(files)
        if path and path not in dirs:
            self._error(404, f"{path} does not exist on {sha}", "EntryNotFound")
            return
        prefix = f"{path}/" if path else ""

        def wanted(p: str) -> bool:
            return p.startswith(prefix) and (recursive or "/" not in p[len(prefix) :])

        last_commit = {"id": sha, "title": "Upload folder", "date": repo.last_modified}
        entries: list[dict[str, Any]] = []
        for d in sorted(filter(wanted, dirs)):
            listing = "".join(
                f"{p} {b.git_oid}\n" for p, b in sorted(files.items()) if p.startswith(d + "/")
            )
            entry: dict[str, Any] = {
                "type": "directory",
                "oid": hashlib.sha1(listing.encode()).hexdigest(),
                "path": d,
            }
            if expand:
                entry["lastCommit"] = last_commit
            entries.append(entry)
        for p in sorted(filter(wanted, files)):
            b = files[p]
            entry = {"type": "file", "oid": b.git_oid, "size": len(b.data), "path": p}
            if b.lfs:
                entry["lfs"] = {"oid": b.sha256, "size": len(b.data), "pointerSize": b.pointer_size}
            if expand:
                entry["lastCommit"] = last_commit
                entry["securityFileStatus"] = {
                    "status": "safe",
                    "avScan": {"virusFound": False},
                    "pickleImportScan": None,
                }
            entries.append(entry)
        self._page(entries, query, None)

    def _resolve(self, repo_id: str, rev: str, filename: str, token: str | None) -> None:
        repo = self._repo(repo_id, token, download=True)
        found = self._revision(repo, rev) if repo else None
        if found is None:
            return
        sha, files = found
        blob = files.get(filename)
        if blob is None:
            self._error(404, "Entry not found", "EntryNotFound", {"X-Repo-Commit": sha})
            return
        headers = {"X-Repo-Commit": sha, "ETag": f'"{blob.git_oid}"'}
        if not blob.lfs:
            self._serve(blob.data, (repo_id, filename), headers, "text/plain; charset=utf-8")
            return
        qs = urlencode({
            "repo": repo_id, "file": filename, "X-Amz-Expires": "3600",
            "X-Amz-Signature": hashlib.sha256(f"{blob.sha256}{token}".encode()).hexdigest(),
        })  # fmt: skip
        location = f"{self.hub.cdn_url}/_cdn/{blob.sha256}?{qs}"
        headers |= {
            "Location": location,
            "X-Linked-Etag": f'"{blob.sha256}"',
            "X-Linked-Size": str(len(blob.data)),
        }
        self._send(
            302, f"Found. Redirecting to {location}".encode(), headers, "text/plain; charset=utf-8"
        )

    # ---- bytes -------------------------------------------------------------------------
    def _cdn(self, segs: list[str], query: dict[str, list[str]]) -> None:
        data = self.hub._blobs.get(segs[1]) if len(segs) == 2 and segs[0] == "_cdn" else None
        if data is None:
            self._error(404, "NoSuchKey")
            return
        name = query.get("file", [""])[0]
        key = (query["repo"][0], name) if "repo" in query and name else None
        base = name.rsplit("/", 1)[-1]
        headers = {
            "ETag": f'"{segs[1]}"',
            "Content-Disposition": f"inline; filename*=UTF-8''{quote(base)}; filename=\"{base}\"",
            "Cache-Control": "public, max-age=604800, immutable",
        }
        self._serve(data, key, headers, "application/octet-stream")

    def _byte_range(self, size: int, etag: str) -> tuple[int, int] | str | None:
        """(start, end) inclusive, "416", or None for the whole file (no/ignored Range)."""
        header = self.headers.get("Range")
        if_range = self.headers.get("If-Range")
        if header is None or (if_range is not None and if_range.strip() != etag):
            return None
        m = _RANGE.fullmatch(header)
        if m is None or not (m[1] or m[2]) or (m[1] and m[2] and int(m[2]) < int(m[1])):
            return None  # unparsable or multi-range: RFC 9110 says ignore it
        if not m[1]:  # suffix: the last N bytes
            return (max(0, size - int(m[2])), size - 1) if int(m[2]) and size else "416"
        start = int(m[1])
        if start >= size:
            return "416"
        return start, min(int(m[2]), size - 1) if m[2] else size - 1

    def _serve(
        self, data: bytes, key: tuple[str, str] | None, headers: dict[str, str], ctype: str
    ) -> None:
        size = len(data)
        rng = self._byte_range(size, headers["ETag"])
        headers = {**headers, "Accept-Ranges": "bytes"}
        if rng == "416":
            self._send(416, b"", {**headers, "Content-Range": f"bytes */{size}"})
            return
        fault = None if self.is_head else self.hub._take_fault(key)
        if fault is not None and fault.status is not None:
            self._error(fault.status, f"Injected HTTP {fault.status}")
            return
        status, body = 200, memoryview(data)
        if isinstance(rng, tuple):
            status, body = 206, body[rng[0] : rng[1] + 1]
            headers["Content-Range"] = f"bytes {rng[0]}-{rng[1]}/{size}"
        if fault is not None and fault.corrupt:
            body = memoryview(bytes(body).translate(_CORRUPT))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not self.is_head:
            self._write_body(body, key, fault)

    def _write_body(
        self, body: memoryview, key: tuple[str, str] | None, fault: _Fault | None
    ) -> None:
        closing = self.hub._closing
        drop_at = fault.drop_after if fault else None
        stall_at = fault.stall_after if fault else None
        pos, n = 0, len(body)
        while pos < n:
            if drop_at is not None and pos >= drop_at:
                self.close_connection = True  # the socket closes short of Content-Length
                return
            if stall_at is not None and pos >= stall_at:
                stall_at = None
                if closing.wait(fault.stall_seconds if fault else 0):
                    self.close_connection = True
                    return
            stop = min(x for x in (n, drop_at, stall_at) if x is not None)
            bps = self.hub.throttle_bps
            chunk = max(1, min(_CHUNK, bps // 20)) if bps and bps > 0 else _CHUNK
            take = min(chunk, stop - pos)
            self.hub._count(key, take)  # before the write: a client that has it sees it counted
            self.wfile.write(body[pos : pos + take])
            pos += take
            if (bps and bps > 0 and closing.wait(take / bps)) or closing.is_set():
                self.close_connection = True
                return
