"""Talking to the Hugging Face hub through ``huggingface_hub``: searching GGUF repositories,
listing a repository's GGUF files grouped into models, per-file metadata, the first bytes
of a file (its header), and the account behind a token.

Every failure becomes a ``HubError`` subclass carrying one sentence: the hub unreachable,
no token, a token the hub rejects, a license not accepted yet (with the page to accept
it), a repository that does not exist.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx2
from huggingface_hub import HfApi, constants, get_hf_file_metadata, hf_hub_url
from huggingface_hub import errors as hf_errors
from huggingface_hub.hf_api import RepoFile
from huggingface_hub.utils._headers import build_hf_headers
from huggingface_hub.utils._http import hf_raise_for_status

from deskchat.errors import DeskchatError
from deskchat.hub.model_kind import ModelKind
from deskchat.hub.network import why_unreachable
from deskchat.hub.quant import is_auxiliary, is_gguf, quantization, split_name
from deskchat.sentences import Sentence

log = logging.getLogger(__name__)


class HubError(DeskchatError):
    """A hub action failed; the message is a sentence for the user."""


class HubUnreachableError(HubError):
    pass


class TokenRequiredError(HubError):
    pass


class TokenInvalidError(HubError):
    pass


class LicenseNotAcceptedError(HubError):
    def __init__(self, message: str | Sentence, page: str) -> None:
        super().__init__(message)
        self.page = page


class RepoNotFoundError(HubError):
    pass


def model_page(repo_id: str, endpoint: str | None = None) -> str:
    return f"{(endpoint or constants.ENDPOINT).rstrip('/')}/{repo_id}"


def unreachable(endpoint: str, exc: BaseException | None = None) -> HubUnreachableError:
    """The hub's host cannot be reached; why, when ``exc`` tells (never its class name)."""
    why = why_unreachable(exc) if exc is not None else None
    if why is None:
        return HubUnreachableError(
            Sentence(
                "The Hugging Face hub at {endpoint} cannot be reached; check the network "
                "connection. Models already on this computer still work.",
                endpoint=endpoint,
            )
        )
    return HubUnreachableError(
        Sentence(
            "The Hugging Face hub at {endpoint} cannot be reached ({why}); check the network "
            "connection. Models already on this computer still work.",
            endpoint=endpoint,
            why=why,
        )
    )


def _gated(what: str | Sentence, page: str, have_token: bool) -> HubError:
    if not have_token:
        return TokenRequiredError(
            Sentence(
                "{what} is gated: accept its license at {page}, then add a Hugging Face token "
                "(in the app: Settings → Hugging Face token; in a terminal: deskchat models "
                "login).",
                what=what,
                page=page,
            )
        )
    return LicenseNotAcceptedError(
        Sentence(
            "Your Hugging Face account has not been granted access to {what} yet: accept "
            "its license at {page}, then try again.",
            what=what,
            page=page,
        ),
        page,
    )


def _by_kind(exc: BaseException, what: str | Sentence, have_token: bool) -> HubError | None:
    """The sentence for a hub error whose type says what is missing, or None."""
    if isinstance(exc, hf_errors.RepositoryNotFoundError):
        if have_token:
            return RepoNotFoundError(
                Sentence("There is no repository {what} on the hub you can see.", what=what)
            )
        return RepoNotFoundError(
            Sentence(
                "There is no repository {what} on the hub you can see. If it is private, "
                "add a Hugging Face token first.",
                what=what,
            )
        )
    if isinstance(exc, hf_errors.RevisionNotFoundError | hf_errors.EntryNotFoundError):
        return RepoNotFoundError(
            Sentence("That file is no longer in {what}; reload its file list.", what=what)
        )
    if isinstance(exc, hf_errors.OfflineModeIsEnabled):
        return HubUnreachableError(
            Sentence(
                "Hub access is switched off (HF_HUB_OFFLINE is set); models already on this "
                "computer still work."
            )
        )
    return None


def _by_status(exc: BaseException, status: int | None, endpoint: str) -> HubError:
    """The sentence for a failure told apart only by its HTTP status (or its lack)."""
    # HfHubHTTPError is an OSError too: only answers with no status are network failures
    if status is None and isinstance(exc, httpx2.TransportError | OSError):
        return unreachable(endpoint, exc)
    if status == 429:
        return HubError(Sentence("The hub is rate-limiting requests; wait a minute and try again."))
    if status is not None and status >= 500:
        return HubError(
            Sentence(
                "The hub had an internal error (HTTP {status:d}); try again shortly.",
                status=status,
            )
        )
    if status is not None:
        return HubError(Sentence("The hub refused the request (HTTP {status:d}).", status=status))
    log.info("A hub request failed: %s: %s", type(exc).__name__, exc)
    return HubError(Sentence("The hub request failed: {reason}.", reason=str(exc)))


def classify(
    exc: BaseException, *, repo_id: str | None, have_token: bool, endpoint: str
) -> HubError:
    """A hub or network exception as the sentence a person needs."""
    if isinstance(exc, HubError):
        return exc
    # a repository's name reads the same in every language: only "this repository" is worded
    what: str | Sentence = f"“{repo_id}”" if repo_id else Sentence("this repository")
    if isinstance(exc, hf_errors.GatedRepoError):
        return _gated(what, model_page(repo_id or "", endpoint), have_token)
    status = getattr(getattr(exc, "response", None), "status_code", None)
    message = ""
    response = getattr(exc, "response", None)
    if response is not None:
        message = response.headers.get("X-Error-Message", "") or ""
    if status == 401 and "Invalid credentials" in message:
        return TokenInvalidError(
            Sentence(
                "The hub rejected your Hugging Face token (it may have been revoked or "
                "mistyped); set a new one (Settings → Hugging Face token, or deskchat models "
                "login)."
            )
        )
    return _by_kind(exc, what, have_token) or _by_status(exc, status, endpoint)


@dataclass(frozen=True)
class RepoSummary:
    repo_id: str
    downloads: int
    likes: int
    last_modified: datetime | None
    gated: bool
    kind: ModelKind = "chat"  # what its models are for, as the hub tags it


EMBEDDING_TASKS = frozenset({"feature-extraction", "sentence-similarity"})
RANKING_TASKS = frozenset({"text-ranking"})


def repo_kind(pipeline_tag: str | None, tags: Iterable[str] | None) -> ModelKind:
    """Chat, embedding or reranker models, from the hub's task tag and tags (repositories
    of embedding GGUFs are tagged feature-extraction or sentence-similarity)."""
    marks = {pipeline_tag or "", *(tags or ())}
    if marks & EMBEDDING_TASKS:
        return "embedding"
    if pipeline_tag in RANKING_TASKS or "reranker" in marks:
        return "reranker"
    return "chat"


@dataclass(frozen=True)
class RemoteFile:
    path: str
    size: int
    sha256: str | None  # from the LFS pointer; None for a small plain git file


@dataclass(frozen=True)
class ModelChoice:
    """One model to download: a single GGUF, or all parts of a split one."""

    name: str
    quantization: str
    parts: tuple[RemoteFile, ...]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts)

    @property
    def filename(self) -> str:
        """The file llama.cpp opens (the first part)."""
        return self.parts[0].path


@dataclass(frozen=True)
class RepoFiles:
    repo_id: str
    commit: str
    gated: bool
    choices: tuple[ModelChoice, ...]
    # the hub's summary of the GGUF: architecture, context_length, total (parameters)…
    gguf: dict[str, Any] = field(default_factory=dict)


def group_choices(files: list[RemoteFile]) -> list[ModelChoice]:
    """GGUF files as models: split parts merged (only when every part is present),
    projectors and imatrix files left out, smallest first."""
    singles: list[ModelChoice] = []
    splits: dict[tuple[str, str, int], dict[int, RemoteFile]] = {}
    for f in files:
        if not is_gguf(f.path) or is_auxiliary(f.path):
            continue
        split = split_name(f.path)
        if split is None:
            name = f.path.rsplit("/", 1)[-1]
            singles.append(ModelChoice(name, quantization(f.path), (f,)))
        else:
            folder = f.path.rsplit("/", 1)[0] if "/" in f.path else ""
            splits.setdefault((folder, split.stem, split.total), {})[split.part] = f
    for (_folder, stem, total), parts in splits.items():
        if sorted(parts) == list(range(1, total + 1)):
            ordered = tuple(parts[i] for i in range(1, total + 1))
            singles.append(ModelChoice(f"{stem}.gguf", quantization(f"{stem}.gguf"), ordered))
    return sorted(singles, key=lambda c: (c.size, c.name))


class HubClient:
    """The hub, as deskchat uses it. ``endpoint`` defaults to huggingface_hub's (which
    follows ``HF_ENDPOINT``); ``token`` is passed explicitly, never read from disk behind
    the user's back."""

    def __init__(
        self, endpoint: str | None = None, token: str | None = None, timeout: float = 15.0
    ) -> None:
        self.endpoint = (endpoint or constants.ENDPOINT).rstrip("/")
        self.token = token or None
        self.timeout = timeout
        self.api = HfApi(endpoint=self.endpoint, token=self.token or False)

    @contextmanager
    def _errors(self, repo_id: str | None = None) -> Iterator[None]:
        try:
            yield
        except (hf_errors.HfHubHTTPError, httpx2.HTTPError, OSError, ValueError) as exc:
            raise classify(
                exc, repo_id=repo_id, have_token=self.token is not None, endpoint=self.endpoint
            ) from exc

    def _probe(self) -> None:
        """Fail in milliseconds when the hub's host cannot be reached at all: huggingface_hub
        retries list requests for ~25 s on connection errors. Skipped behind a proxy, where
        only the proxy knows the way."""
        if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy")):
            return
        url = urlsplit(self.endpoint)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            socket.create_connection((url.hostname or "", port), timeout=self.timeout).close()
        except OSError as exc:
            raise unreachable(self.endpoint, exc) from exc

    def search(self, text: str, limit: int = 30) -> list[RepoSummary]:
        """GGUF repositories matching ``text``, most downloaded first."""
        self._probe()
        with self._errors():
            found = self.api.list_models(
                search=text.strip() or None,
                filter="gguf",
                sort="downloads",
                limit=limit,
                expand=["downloads", "likes", "lastModified", "gated", "pipeline_tag", "tags"],
            )
            return [
                RepoSummary(
                    repo_id=m.id,
                    downloads=int(m.downloads or 0),
                    likes=int(m.likes or 0),
                    last_modified=m.last_modified,
                    gated=bool(m.gated),
                    kind=repo_kind(m.pipeline_tag, m.tags),
                )
                for m in found
            ]

    def files(self, repo_id: str, revision: str | None = None) -> RepoFiles:
        """A repository's GGUF models with sizes and sha256, pinned to one commit."""
        with self._errors(repo_id):
            info = self.api.model_info(
                repo_id, revision=revision, expand=["sha", "gated", "gguf"], timeout=self.timeout
            )
            commit = info.sha or revision or "main"
            entries = self.api.list_repo_tree(repo_id, recursive=True, revision=commit)
            files = [
                RemoteFile(e.path, int(e.size), e.lfs.sha256 if e.lfs else None)
                for e in entries
                if isinstance(e, RepoFile)
            ]
        return RepoFiles(
            repo_id=repo_id,
            commit=commit,
            gated=bool(info.gated),
            choices=tuple(group_choices(files)),
            gguf=dict(info.gguf or {}),
        )

    def file_url(self, repo_id: str, filename: str, revision: str) -> str:
        return hf_hub_url(repo_id, filename, revision=revision, endpoint=self.endpoint)

    def headers(self) -> dict[str, str]:
        """Request headers with the token (if any) and deskchat's user agent."""
        return dict(build_hf_headers(token=self.token or False, library_name="deskchat"))

    def file_metadata(self, repo_id: str, filename: str, revision: str) -> tuple[str, str, int]:
        """(commit, etag, size) of a file right now; also where gating is enforced."""
        with self._errors(repo_id):
            meta = get_hf_file_metadata(
                self.file_url(repo_id, filename, revision),
                token=self.token or False,
                timeout=self.timeout,
                endpoint=self.endpoint,
            )
        if meta.size is None or meta.etag is None or meta.commit_hash is None:
            raise HubError(
                Sentence("The hub did not describe {file} fully; try again later.", file=filename)
            )
        return meta.commit_hash, meta.etag, int(meta.size)

    def header_prefix(
        self, repo_id: str, filename: str, revision: str, nbytes: int = 512 * 1024
    ) -> bytes:
        """The first ``nbytes`` of a file (its GGUF header), by an HTTP Range request."""
        with (
            self._errors(repo_id),
            httpx2.Client(follow_redirects=True, timeout=self.timeout) as client,
            client.stream(
                "GET",
                self.file_url(repo_id, filename, revision),
                headers={**self.headers(), "Range": f"bytes=0-{nbytes - 1}"},
            ) as response,
        ):
            if response.status_code >= 400:
                response.read()
                hf_raise_for_status(response)
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) >= nbytes:
                    break
            return bytes(data[:nbytes])

    def whoami(self) -> str:
        """The account name behind the token (checks the token)."""
        if not self.token:
            raise TokenRequiredError(Sentence("No Hugging Face token is set."))
        with self._errors():
            info = self.api.whoami(token=self.token)
        return str(info.get("name", "?"))
