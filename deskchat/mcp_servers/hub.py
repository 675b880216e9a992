"""The MCP servers a process uses, behind a synchronous face: ``McpHub`` owns one thread with
an asyncio event loop, where the SDK (anyio) runs every server's session. Callers (the turn
pipeline, the terminal, a window's worker) block on a call until it answers, fails with a
sentence, passes its time limit, or is stopped (``stop_requested``, checked every 50 ms).

Servers start on first use and stop with ``close()``. A server that failed is started again on
its next use; one failing never stops the others."""

from __future__ import annotations

import asyncio
import concurrent.futures
import re
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from pathlib import Path
from typing import Any, TypeVar

from deskchat import paths
from deskchat.chat.tools import ToolCall, ToolResult, ToolSpec
from deskchat.mcp_servers import errors
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.connection import Connection
from deskchat.mcp_servers.convert import McpTool, specs_for, to_tool_result
from deskchat.mcp_servers.errors import (
    McpCallCancelledError,
    McpCallError,
    McpConfigError,
    McpServerError,
)
from deskchat.mcp_servers.store import McpServerStore
from deskchat.sentences import Sentence

DEFAULT_CALL_TIMEOUT = 60.0  # seconds a tool call may take
DEFAULT_START_TIMEOUT = 30.0  # seconds from starting a server to its answer (npx downloads)
_POLL = 0.05
T = TypeVar("T")


class McpHub:
    """Starts, calls and stops the servers of ``store`` (``mcp.json``). Thread-safe: any
    thread may call; calls to one server may run side by side."""

    def __init__(
        self,
        store: McpServerStore | None = None,
        *,
        call_timeout: float = DEFAULT_CALL_TIMEOUT,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        log_dir: Path | None = None,
    ) -> None:
        self.store = store or McpServerStore()
        self.call_timeout = call_timeout
        self.start_timeout = start_timeout
        self._log_dir = log_dir
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._connections: dict[str, tuple[ServerConfig, Connection]] = {}
        self._closed = False

    # the synchronous face

    def servers(self) -> list[ServerConfig]:
        """The servers in ``mcp.json``, as the file holds them (secrets as references)."""
        return self.store.all()

    def list_tools(
        self, server: str, *, stop_requested: Callable[[], bool] | None = None
    ) -> list[McpTool]:
        """The tools of one server, starting it if needed (a sentence if it cannot)."""
        config = self.store.get(server)
        listed = self._wait(
            self._listing(config), self.start_timeout * 2, stop_requested, "tools/list", server
        )
        return specs_for([(config.name, listed)])

    def toolset(
        self, servers: Iterable[str], *, stop_requested: Callable[[], bool] | None = None
    ) -> McpToolset:
        """The tools of ``servers`` together, for one turn: names two servers share are
        qualified with the server's name. A server that fails leaves its tools out and adds
        its sentence to ``problems``; the others are listed side by side."""
        configs: list[ServerConfig] = []
        problems: list[Sentence] = []
        for name in dict.fromkeys(servers):
            try:
                configs.append(self.store.get(name))
            except McpConfigError as exc:
                problems.append(_sentence(exc))
        pending = [(config, self._submit(self._listing(config))) for config in configs]
        listed: list[tuple[str, list[Any]]] = []
        for config, future in pending:
            try:
                tools = self._result(
                    future, self.start_timeout * 2, stop_requested, "tools/list", config.name
                )
            except (McpServerError, McpCallError) as exc:
                problems.append(_sentence(exc))
                continue
            listed.append((config.name, tools))
        return McpToolset(self, specs_for(listed), problems)

    def call(
        self,
        tool: McpTool,
        arguments: dict[str, Any],
        *,
        call_id: str = "",
        stop_requested: Callable[[], bool] | None = None,
        timeout: float | None = None,
    ) -> ToolResult:
        """Run one call. The tool's own failure is a result with ``is_error``; the server
        failing, the time limit passing or a stop is an ``McpServerError`` /
        ``McpCallError`` (``McpCallCancelledError``) with its sentence."""
        config = self.store.get(tool.server)
        limit = self.call_timeout if timeout is None else timeout
        result = self._wait(
            self._call(config, tool.tool, arguments), limit, stop_requested, tool.tool, config.name
        )
        return to_tool_result(call_id, tool, result)

    def stop_server(self, name: str) -> None:
        """Stop one server (its next use starts it again): after its entry changed."""
        if self._loop is not None:
            self._submit(self._drop(name)).result(timeout=30)

    def close(self) -> None:
        """Stop every server and the loop's thread; the hub cannot be used after."""
        with self._lock:
            self._closed = True
            loop, thread = self._loop, self._thread
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._close_all(), loop)
        try:
            future.result(timeout=30)
        except concurrent.futures.TimeoutError:
            future.cancel()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        if not thread.is_alive():
            loop.close()

    def __enter__(self) -> McpHub:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # on the loop

    async def _connection(self, config: ServerConfig) -> Connection:
        known, current = self._connections.get(config.name, (None, None))
        if current is not None and current.dead is None and known == config:
            return current
        if current is not None:  # it failed, or its entry changed: a new one
            self._connections.pop(config.name, None)
            await current.close()
        resolved = self.store.resolved(config)
        connection = Connection(resolved, self._log_path(config.name), self.start_timeout)
        self._connections[config.name] = (config, connection)
        return connection

    async def _listing(self, config: ServerConfig) -> list[Any]:
        connection = await self._connection(config)
        return await connection.list_tools()

    async def _call(self, config: ServerConfig, tool: str, arguments: dict[str, Any]) -> Any:
        connection = await self._connection(config)
        return await connection.call(tool, arguments)

    async def _drop(self, name: str) -> None:
        _config, connection = self._connections.pop(name, (None, None))
        if connection is not None:
            await connection.close()

    async def _close_all(self) -> None:
        connections = [c for _config, c in self._connections.values()]
        self._connections.clear()
        await asyncio.gather(*(c.close() for c in connections), return_exceptions=True)

    # plumbing

    def _log_path(self, name: str) -> Path:
        folder = self._log_dir or paths.log_dir()
        return folder / f"mcp-{re.sub(r'[^A-Za-z0-9_.-]+', '_', name)}.log"

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        with self._lock:
            if self._closed:
                coro.close()
                raise McpServerError(Sentence("The MCP servers were stopped with the app."))
            if self._loop is None:
                self._loop = asyncio.new_event_loop()
                self._thread = threading.Thread(
                    target=self._loop.run_forever, name="mcp-hub", daemon=True
                )
                self._thread.start()
            return asyncio.run_coroutine_threadsafe(coro, self._loop)

    def _wait(
        self,
        coro: Coroutine[Any, Any, T],
        limit: float,
        stop_requested: Callable[[], bool] | None,
        tool: str,
        server: str,
    ) -> T:
        return self._result(self._submit(coro), limit, stop_requested, tool, server)

    @staticmethod
    def _result(
        future: concurrent.futures.Future[T],
        limit: float,
        stop_requested: Callable[[], bool] | None,
        tool: str,
        server: str,
    ) -> T:
        deadline = time.monotonic() + limit
        while True:
            try:
                return future.result(timeout=min(_POLL, max(0.0, deadline - time.monotonic())))
            except concurrent.futures.TimeoutError:
                pass
            if stop_requested is not None and stop_requested():
                future.cancel()
                raise McpCallCancelledError(errors.cancelled(tool))
            if time.monotonic() >= deadline:
                future.cancel()
                raise McpCallError(errors.too_slow(server, tool, limit))


class McpToolset:
    """The tools one turn may call (``specs`` for the model), and what failed while listing
    them (``problems``, a sentence per server). ``run(call)`` runs a call the model made."""

    def __init__(self, hub: McpHub, tools: list[McpTool], problems: list[Sentence]) -> None:
        self.hub = hub
        self.tools = tools
        self.problems = problems
        self._by_name = {t.spec.name: t for t in tools}

    @property
    def specs(self) -> list[ToolSpec]:
        return [t.spec for t in self.tools]

    def find(self, name: str) -> McpTool | None:
        return self._by_name.get(name)

    def run(
        self,
        call: ToolCall,
        *,
        stop_requested: Callable[[], bool] | None = None,
        timeout: float | None = None,
    ) -> ToolResult:
        """The call's result; a failure of any kind raises with its sentence (see
        ``McpHub.call``). ``error_result`` turns one into what the model is told."""
        tool = self._by_name.get(call.name)
        if tool is None:
            raise McpCallError(errors.no_such_tool(call.name))
        return self.hub.call(
            tool, call.parsed, call_id=call.id, stop_requested=stop_requested, timeout=timeout
        )


def error_result(call: ToolCall, error: McpServerError | McpCallError) -> ToolResult:
    """What the model is told when a call failed: the sentence, as an error result."""
    return ToolResult(call_id=call.id, content=str(error), is_error=True, name=call.name)


def _sentence(exc: McpServerError | McpCallError | McpConfigError) -> Sentence:
    assert exc.sentence is not None  # every error of this package carries its sentence
    return exc.sentence
