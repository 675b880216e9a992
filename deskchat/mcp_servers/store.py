"""The person's MCP servers, kept in ``mcp.json`` in the config folder, in the format other
apps share, so the file can be read and copied by hand.

A value of ``env`` or ``headers`` is a secret as far as deskchat knows (API keys and tokens
live there): it goes to the system keyring, and the file keeps ``${keyring}`` in its place.
``${env:NAME}`` (Cursor's way of writing it) stays as it is and reads deskchat's own
environment when the server starts: the way to go where the system has no keyring, since a
secret is never written to the file instead. The file is written atomically; a damaged one is
set aside as ``mcp.json.broken`` with a sentence, as with the other files in the folder.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from deskchat import paths, secrets
from deskchat.json_files import write_json_atomically
from deskchat.mcp_servers import errors
from deskchat.mcp_servers.config import ServerConfig, read_servers
from deskchat.mcp_servers.errors import McpConfigError, McpServerError
from deskchat.sentences import Sentence

KEYRING_REF = "${keyring}"
ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def mcp_path() -> Path:
    return paths.config_dir() / "mcp.json"


def secret_name(server: str, kind: str, key: str) -> str:
    """The keyring entry of one value (``kind``: ``env`` or ``header``)."""
    return f"mcp-server:{server}:{kind}:{key}"


def _is_reference(value: str) -> bool:
    return value == KEYRING_REF or ENV_REF.fullmatch(value) is not None


class McpServerStore:
    """Reads and writes ``mcp.json``; every change re-reads it first, so that the window and
    a terminal can both edit the list."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or mcp_path()

    def load(self) -> tuple[list[ServerConfig], Sentence | None]:
        """The servers as the file holds them (secrets as ``${keyring}``), and a sentence
        when the file, or part of it, had to be set aside."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return [], None
        except OSError as exc:
            return [], Sentence(
                "The list of MCP servers {path} cannot be read ({reason}).",
                path=str(self.path),
                reason=exc.strerror or str(exc),
            )
        try:
            servers, problems = read_servers(json.loads(text), str(self.path))
        except (ValueError, McpConfigError) as exc:
            broken = self._set_aside(move=True)
            return [], Sentence(
                "The list of MCP servers was damaged ({reason}); it is kept as {broken} and "
                "the list starts empty.",
                reason=str(exc).rstrip("."),
                broken=str(broken),
            )
        if not problems:
            return servers, None
        broken = self._set_aside(move=False)
        return servers, Sentence(
            "{problem} That server is left out; the file as it was is kept as {broken}.",
            problem=problems[0],
            broken=str(broken),
        )

    def all(self) -> list[ServerConfig]:
        return self.load()[0]

    def get(self, name: str) -> ServerConfig:
        servers = self.all()
        for server in servers:
            if server.name == name:
                return server
        raise McpConfigError(
            Sentence(
                "There is no MCP server named “{name}” (known: {known}).",
                name=name,
                known=", ".join(s.name for s in servers) if servers else Sentence("none yet"),
            )
        )

    def put(self, server: ServerConfig) -> bool:
        """Add ``server`` or replace the one of its name (True: replaced). Its secrets go to
        the keyring first; where there is none, nothing is saved and a sentence says what
        to do instead."""
        stored = self._store_secrets(server)
        servers = self.all()
        replaced = any(s.name == server.name for s in servers)
        old = next((s for s in servers if s.name == server.name), None)
        servers = [stored if s.name == server.name else s for s in servers]
        if not replaced:
            servers.append(stored)
        self._save(servers)
        if old is not None:
            self._forget_secrets(old, keep=stored)
        return replaced

    def remove(self, name: str) -> ServerConfig:
        server = self.get(name)
        self._save([s for s in self.all() if s.name != server.name])
        self._forget_secrets(server)
        return server

    def import_file(self, source: Path) -> tuple[list[str], list[Sentence]]:
        """Add the servers of another app's ``mcp.json`` (Claude Desktop's, LM Studio's,
        Cursor's): the names added or replaced, and a sentence for each entry left out. A
        file that is not an ``mcp.json`` is a sentence, and nothing is added."""
        try:
            text = source.read_text(encoding="utf-8")
        except OSError as exc:
            raise McpConfigError(
                Sentence(
                    "The file {path} cannot be read ({reason}); nothing was imported.",
                    path=str(source),
                    reason=exc.strerror or str(exc),
                )
            ) from None
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise McpConfigError(
                Sentence(
                    "The file {path} is not valid JSON ({reason}); nothing was imported.",
                    path=str(source),
                    reason=str(exc),
                )
            ) from None
        try:
            servers, problems = read_servers(document, str(source))
        except McpConfigError as exc:
            raise McpConfigError(
                Sentence("{problem} Nothing was imported.", problem=exc.sentence or str(exc))
            ) from None
        for server in servers:
            self.put(server)
        return [s.name for s in servers], problems

    def resolved(self, server: ServerConfig) -> ServerConfig:
        """``server`` with its real values, read from the keyring and the environment, to
        start it with."""
        return replace(
            server,
            env={k: self._value(server, "env", k, v) for k, v in server.env.items()},
            headers={k: self._value(server, "header", k, v) for k, v in server.headers.items()},
        )

    def _value(self, server: ServerConfig, kind: str, key: str, value: str) -> str:
        found = ENV_REF.fullmatch(value)
        if found:
            env_value = os.environ.get(found.group(1))
            if env_value is None:
                raise McpServerError(errors.missing_env(server.name, found.group(1)))
            return env_value
        if value != KEYRING_REF:
            return value
        secret = secrets.get_secret(secret_name(server.name, kind, key))
        if secret is None:
            raise McpServerError(
                Sentence(
                    'The value of {key} for the MCP server "{name}" is not in the system '
                    "keyring; add the server again with it.",
                    key=key,
                    name=server.name,
                )
            )
        return secret

    def _store_secrets(self, server: ServerConfig) -> ServerConfig:
        kept: list[str] = []
        values = {"env": dict(server.env), "header": dict(server.headers)}
        for kind, mapping in values.items():
            for key, value in mapping.items():
                try:
                    mapping[key] = self._keep(server.name, kind, key, value, kept)
                except secrets.NoKeyringError:
                    for entry in kept:
                        secrets.delete_secret(entry)
                    raise McpConfigError(
                        Sentence(
                            "The system keyring cannot keep the value of {key}, so nothing was "
                            'saved for the MCP server "{name}"; write it as ${{env:VARIABLE}} '
                            "to read it from an environment variable instead.",
                            key=key,
                            name=server.name,
                        )
                    ) from None
        return replace(server, env=values["env"], headers=values["header"])

    @staticmethod
    def _keep(server: str, kind: str, key: str, value: str, kept: list[str]) -> str:
        if _is_reference(value):
            return value
        entry = secret_name(server, kind, key)
        secrets.set_secret(entry, value)
        kept.append(entry)
        return KEYRING_REF

    @staticmethod
    def _forget_secrets(server: ServerConfig, keep: ServerConfig | None = None) -> None:
        for kind, values, kept in (
            ("env", server.env, keep.env if keep else {}),
            ("header", server.headers, keep.headers if keep else {}),
        ):
            for key, value in values.items():
                if value == KEYRING_REF and kept.get(key) != KEYRING_REF:
                    secrets.delete_secret(secret_name(server.name, kind, key))

    def _save(self, servers: list[ServerConfig]) -> None:
        """Atomically: a crash mid-write leaves the old file, never half a file."""
        data: dict[str, Any] = {"mcpServers": {s.name: s.to_json() for s in servers}}
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
