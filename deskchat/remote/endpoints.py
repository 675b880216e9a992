"""The remote servers a person added, kept in ``remote_endpoints.json`` in the config folder.

The file holds names, addresses and preferences only. API keys go to the OS keyring
(``deskchat.remote.keys``); that is also why an address with a user name or password in
it is refused. The file is written atomically; a damaged one is set aside as
``remote_endpoints.json.broken`` with a sentence, and the app goes on with whatever
could be read, as with the settings file.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from deskchat import paths
from deskchat.errors import DeskchatError, NotFoundError
from deskchat.json_files import write_json_atomically
from deskchat.sentences import Sentence
from deskchat.units import counted

DEFAULT_CONTEXT = 8192  # tokens, when neither the server nor the person says
FILE_VERSION = 1
REF_PREFIX = "remote:"
_PASTED_TAILS = ("/chat/completions", "/completions", "/models")


class EndpointError(DeskchatError):
    """A name or address that cannot be used for a remote server."""


@dataclass(frozen=True)
class Endpoint:
    """One OpenAI-compatible server: ``base_url`` is the part before ``/chat/completions``."""

    name: str
    base_url: str
    key_env: str | None = None  # an environment variable holding the key (headless use)
    default_context: int = DEFAULT_CONTEXT  # when the server's model list does not say
    # llama.cpp-style top_k / min_p / repeat_penalty: None sends them to servers on this
    # machine or the local network only (public APIs may reject unknown fields)
    extra_sampling: bool | None = None

    @property
    def secret_name(self) -> str:
        """The keyring entry holding this server's API key."""
        return f"remote-endpoint:{self.name}"

    def sends_extra_sampling(self) -> bool:
        if self.extra_sampling is not None:
            return self.extra_sampling
        return is_local_host(urlsplit(self.base_url).hostname or "")


def is_local_host(host: str) -> bool:
    """This machine or the local network: where llama-server, Ollama and LM Studio run."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith((".localhost", ".local", ".lan", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_private or address.is_link_local


def check_name(name: str) -> str:
    """A usable endpoint name (trimmed), or a sentence saying why not."""
    name = name.strip()
    if not name:
        raise EndpointError(Sentence("A remote server needs a name."))
    if len(name) > 64:
        raise EndpointError(Sentence("A remote server's name can have at most 64 characters."))
    if "/" in name or any(ord(c) < 32 for c in name):
        raise EndpointError(
            Sentence("“{name}” cannot be a server name: no slashes or line breaks.", name=name)
        )
    return name


def is_loopback_host(host: str) -> bool:
    """This machine only (``localhost``, ``*.localhost``, 127.x, ::1): the one place where
    plain http keeps what it carries to itself."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def key_in_clear(base_url: str) -> bool:
    """Whether an API key sent to ``base_url`` would travel unencrypted over a network:
    plain http to any host but this machine (the local network included: a shared Wi-Fi
    or office network can be read by others on it)."""
    parts = urlsplit(base_url)
    return parts.scheme.lower() == "http" and not is_loopback_host(parts.hostname or "")


def clear_key_warning(base_url: str) -> Sentence:
    """What to say before a key goes to ``base_url`` in the clear."""
    return Sentence(
        "The address {url} is plain http, so the API key would travel unencrypted to {host}, "
        "where anyone on the network between can read it; use https:// if the server offers "
        "it.",
        url=base_url,
        host=urlsplit(base_url).hostname or base_url,
    )


def normalize_base_url(url: str) -> str:
    """``https://host/v1`` from what a person typed or pasted: a pasted
    ``/chat/completions`` or ``/models`` tail and trailing slashes go. A missing scheme is
    http for this machine (``localhost:8080/v1``: llama-server, Ollama and LM Studio speak
    plain http) and https for every other host, the local network included, so that a key
    never travels in the clear unless the address says ``http://`` on purpose."""
    url = url.strip()
    if "://" not in url:
        local = is_loopback_host(urlsplit("//" + url).hostname or "")
        url = ("http://" if local else "https://") + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise EndpointError(
            Sentence("The address {url} must start with http:// or https://.", url=url)
        )
    if not parts.hostname:
        raise EndpointError(Sentence("The address {url} has no host name.", url=url))
    if parts.username or parts.password:
        raise EndpointError(
            Sentence(
                "The address must not contain a user name or password: give the API key "
                "separately, so it goes to the system keyring instead of a settings file."
            )
        )
    if parts.query or parts.fragment:
        raise EndpointError(
            Sentence(
                "The address {url} should be the API's base, like http://host:8080/v1, "
                "without ?… or #….",
                url=url,
            )
        )
    path = parts.path.rstrip("/")
    for tail in _PASTED_TAILS:
        if path.endswith(tail):
            path = path[: -len(tail)].rstrip("/")
            break
    try:
        port = parts.port
    except ValueError as exc:
        raise EndpointError(Sentence("The address {url} has an invalid port.", url=url)) from exc
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    netloc = host + (f":{port}" if port is not None else "")
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


def remote_ref(endpoint_name: str, model_id: str) -> str:
    """What a conversation records as its model: ``remote:NAME/MODEL``."""
    return f"{REF_PREFIX}{endpoint_name}/{model_id}"


def parse_remote_ref(value: str | None) -> tuple[str, str] | None:
    """(endpoint name, model id) for a conversation kept with a remote model, else None."""
    if not value or not value.startswith(REF_PREFIX):
        return None
    name, sep, model_id = value[len(REF_PREFIX) :].partition("/")
    return (name, model_id) if sep and name and model_id else None


def _endpoint(raw: Any) -> Endpoint:
    """An entry of the file as an Endpoint; ValueError/TypeError when it is not one."""
    if not isinstance(raw, dict):
        raise TypeError("not an object")
    known = {f.name for f in fields(Endpoint)}
    values = {k: v for k, v in raw.items() if k in known}
    endpoint = Endpoint(**values)
    if not isinstance(endpoint.name, str) or not isinstance(endpoint.base_url, str):
        raise TypeError("name and base_url must be text")
    if endpoint.key_env is not None and not isinstance(endpoint.key_env, str):
        raise TypeError("key_env must be text")
    if not isinstance(endpoint.default_context, int) or endpoint.default_context <= 0:
        raise ValueError("default_context must be a positive number")
    if endpoint.extra_sampling is not None and not isinstance(endpoint.extra_sampling, bool):
        raise TypeError("extra_sampling must be true, false or null")
    check_name(endpoint.name)
    normalize_base_url(endpoint.base_url)
    return endpoint


class EndpointStore:
    """Reads and writes the endpoint file; every change re-reads it first, so the window
    and a terminal can both edit the list."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or paths.remote_endpoints_path()

    def load(self) -> tuple[list[Endpoint], str | None]:
        """The endpoints, and a sentence if the file (or part of it) had to be set aside."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            entries = raw["endpoints"]
            if not isinstance(entries, list):
                raise TypeError("endpoints is not a list")
        except FileNotFoundError:
            return [], None
        except (OSError, ValueError, TypeError, KeyError) as exc:
            broken = self._set_aside(move=True)
            return [], (
                f"The list of remote servers was damaged ({exc}); kept it as {broken} and "
                "started an empty list."
            )
        endpoints: list[Endpoint] = []
        bad = 0
        for entry in entries:
            try:
                endpoint = _endpoint(entry)
            except (ValueError, TypeError, DeskchatError):
                bad += 1
                continue
            if all(e.name != endpoint.name for e in endpoints):
                endpoints.append(endpoint)
        if not bad:
            return endpoints, None
        broken = self._set_aside(move=False)
        return endpoints, (
            f"{counted(bad, 'remote server', 'remote servers')} in {self.path.name} could not "
            f"be read and {'is' if bad == 1 else 'are'} left out; the file as it was is kept "
            f"as {broken}."
        )

    def all(self) -> list[Endpoint]:
        return self.load()[0]

    def get(self, name: str) -> Endpoint:
        endpoints = self.all()
        for endpoint in endpoints:
            if endpoint.name == name:
                return endpoint
        folded = [e for e in endpoints if e.name.casefold() == name.strip().casefold()]
        if len(folded) == 1:
            return folded[0]
        known = ", ".join(e.name for e in endpoints)
        raise NotFoundError(
            Sentence(
                "There is no remote server named “{name}” (known: {known}).",
                name=name,
                known=known if endpoints else Sentence("none yet"),
            )
        )

    def put(self, endpoint: Endpoint) -> bool:
        """Add ``endpoint``, or replace the one with its name; True when it replaced one."""
        check_name(endpoint.name)
        endpoint = _endpoint(asdict(endpoint) | {"base_url": normalize_base_url(endpoint.base_url)})
        endpoints = self.all()
        replaced = any(e.name == endpoint.name for e in endpoints)
        endpoints = [endpoint if e.name == endpoint.name else e for e in endpoints]
        if not replaced:
            endpoints.append(endpoint)
        self._save(endpoints)
        return replaced

    def remove(self, name: str) -> Endpoint:
        endpoint = self.get(name)
        self._save([e for e in self.all() if e.name != endpoint.name])
        return endpoint

    def _save(self, endpoints: list[Endpoint]) -> None:
        """Atomically: a crash mid-write leaves the old file, never half a file."""
        data = {"version": FILE_VERSION, "endpoints": [asdict(e) for e in endpoints]}
        write_json_atomically(self.path, data)

    def _set_aside(self, *, move: bool) -> Path:
        broken = self.path.with_suffix(".json.broken")
        try:
            if move:
                self.path.replace(broken)
            else:
                broken.write_bytes(self.path.read_bytes())
        except OSError:
            return self.path
        return broken
