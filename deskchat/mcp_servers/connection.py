"""One running MCP server, on the hub's event loop: its transport and ``ClientSession`` are
entered and left by one task (``_run``), as anyio requires, while calls come from others.

A connection that failed (would not start, crashed, sent what is not MCP) is ``dead``; the
hub makes a new one on the next use. What a stdio server writes to stderr goes to its log
file, named in the sentences."""

from __future__ import annotations

import asyncio
import logging
from contextlib import AsyncExitStack
from pathlib import Path
from typing import IO, Any

import httpx2
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError
from mcp_types import CallToolResult, PaginatedRequestParams, Tool

from deskchat.mcp_servers import errors
from deskchat.mcp_servers.config import ServerConfig
from deskchat.mcp_servers.errors import McpCallError, McpServerError
from deskchat.sentences import Sentence

log = logging.getLogger(__name__)
# the SDK logs a server's garbage with a traceback; the sentence says it, so none reaches a
# terminal through logging's last-resort handler
logging.getLogger("mcp").addHandler(logging.NullHandler())

CONNECTION_CLOSED = -32000  # the SDK's code for "the other side went away"
STOP_TIMEOUT = 10.0  # seconds for a server to be stopped (the SDK escalates to a kill)


class Connection:
    """A started (or starting) server. ``open()`` waits until it is ready, at most
    ``start_timeout`` seconds; after a failure ``dead`` holds the sentence."""

    def __init__(self, config: ServerConfig, log_path: Path, start_timeout: float) -> None:
        self.config = config
        self.log_path = log_path
        self.start_timeout = start_timeout
        self.dead: Sentence | None = None
        self._session: ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()
        self._ready: asyncio.Future[ClientSession] = asyncio.get_running_loop().create_future()
        self._garbage: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self._tools: list[Tool] | None = None

    async def open(self) -> ClientSession:
        if self._session is not None:
            return self._session
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=f"mcp:{self.config.name}")
        waits: set[asyncio.Future[Any]] = {self._ready, self._garbage}
        done, _ = await asyncio.wait(
            waits, timeout=self.start_timeout, return_when="FIRST_COMPLETED"
        )
        failure = None
        if self._ready in done:
            failure = None if self._ready.cancelled() else self._ready.exception()
            if failure is None and not self._ready.cancelled():
                self._session = self._ready.result()
                return self._session
        if self._garbage in done:
            sentence = errors.garbage(self.config.name, self._garbage.result())
        elif self._ready in done:
            sentence = self._start_failure(failure)
        else:
            sentence = errors.no_answer_at_start(
                self.config.name, self.start_timeout, self.log_path
            )
        self._abandon(sentence)
        raise McpServerError(sentence)

    async def list_tools(self) -> list[Tool]:
        if self._tools is None:
            session = await self.open()
            tools: list[Tool] = []
            cursor: str | None = None
            while True:
                params = PaginatedRequestParams(cursor=cursor) if cursor else None
                listing = await self._guarded("tools/list", session.list_tools(params=params))
                tools.extend(listing.tools)
                cursor = listing.next_cursor
                if not cursor:
                    break
            self._tools = tools
        return self._tools

    async def call(self, tool: str, arguments: dict[str, Any]) -> CallToolResult:
        session = await self.open()
        result: CallToolResult = await self._guarded(tool, session.call_tool(tool, arguments))
        return result

    async def _guarded(self, tool: str, request: Any) -> Any:
        """Await ``request``, unless the server sends garbage or goes away first."""
        task: asyncio.Future[Any] = asyncio.ensure_future(request)
        waits: set[asyncio.Future[Any]] = {task, self._garbage}
        try:
            done, _ = await asyncio.wait(waits, return_when="FIRST_COMPLETED")
        finally:
            if not task.done():
                task.cancel()
        if task in done:
            try:
                return task.result()
            except MCPError as exc:
                if exc.code != CONNECTION_CLOSED:
                    raise McpCallError(errors.refused(self.config.name, tool, str(exc))) from None
                sentence = errors.crashed(self.config.name, tool, self.log_path)
            except (OSError, httpx2.HTTPError) as exc:
                sentence = errors.unreachable(self.config.name, self.config.where, str(exc))
        else:
            sentence = errors.garbage(self.config.name, self._garbage.result())
        self._abandon(sentence)
        raise McpServerError(sentence)

    async def close(self, dead: Sentence | None = None) -> None:
        """Stop the server (a sentence: it failed, and says why)."""
        self.dead = self.dead or dead or Sentence("The MCP server was stopped.")
        self._stop.set()
        if self._task is not None and not self._task.done():
            await asyncio.wait({self._task}, timeout=STOP_TIMEOUT)  # never raises
            if not self._task.done():
                self._task.cancel()
                await asyncio.wait({self._task}, timeout=STOP_TIMEOUT)
        if self._ready.done() and not self._ready.cancelled():
            self._ready.exception()  # seen: a failure after open() gave up is no warning

    def _abandon(self, sentence: Sentence) -> None:
        """Mark the connection failed and let the server wind down in the background (the
        SDK's shutdown is shielded: the process is stopped either way); the sentence is for
        now."""
        self.dead = sentence
        self._stop.set()
        if self._task is not None and self._session is None:
            self._task.cancel()  # still starting: it would never look at _stop

    def _start_failure(self, exc: BaseException | None) -> Sentence:
        config = self.config
        if isinstance(exc, FileNotFoundError) and config.command is not None:
            return errors.no_program(config.name, config.command)
        if isinstance(exc, MCPError) and exc.code == CONNECTION_CLOSED:
            return errors.stopped_early(config.name, self.log_path)
        if isinstance(exc, OSError | httpx2.HTTPError) and config.url is not None:
            return errors.unreachable(config.name, config.url, str(exc))
        if isinstance(exc, OSError):
            return errors.could_not_start(config.name, exc.strerror or str(exc))
        log.error("MCP server %s failed to start", config.name, exc_info=exc)
        return errors.stopped_early(config.name, self.log_path)

    async def _on_message(self, message: object) -> None:
        if isinstance(message, Exception) and not self._garbage.done():
            self._garbage.set_result(_sample(message))

    async def _run(self) -> None:
        errlog: IO[str] | None = None
        try:
            async with AsyncExitStack() as stack:
                if self.config.command is not None:
                    self.log_path.parent.mkdir(parents=True, exist_ok=True)
                    errlog = stack.enter_context(self.log_path.open("a", encoding="utf-8"))
                    params = StdioServerParameters(
                        command=self.config.command,
                        args=list(self.config.args),
                        env=self.config.env or None,
                    )
                    read, write = await stack.enter_async_context(stdio_client(params, errlog))
                else:
                    client = await stack.enter_async_context(
                        httpx2.AsyncClient(
                            headers=self.config.headers,
                            timeout=httpx2.Timeout(30.0, read=300.0),
                        )
                    )
                    read, write = await stack.enter_async_context(
                        streamable_http_client(str(self.config.url), http_client=client)
                    )
                session = await stack.enter_async_context(
                    ClientSession(read, write, message_handler=self._on_message)
                )
                await session.initialize()
                if not self._ready.done():
                    self._ready.set_result(session)
                await self._stop.wait()
        except BaseException as exc:  # the sentence is made by open() or the call
            flat = _first(exc)
            if not self._ready.done():
                if isinstance(flat, asyncio.CancelledError):
                    self._ready.cancel()
                else:
                    self._ready.set_exception(flat)
            elif not isinstance(flat, asyncio.CancelledError | MCPError):
                log.info("MCP server %s ended: %r", self.config.name, flat)
            if isinstance(exc, asyncio.CancelledError):
                raise
        finally:
            self._session = None
            if self.dead is None:
                self.dead = errors.stopped_early(self.config.name, self.log_path)
            del errlog


def _first(exc: BaseException) -> BaseException:
    """The first real error inside anyio's nested exception groups."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    return exc


def _sample(exc: Exception) -> str:
    text = str(exc)
    marker = "input_value="
    if marker in text:
        text = text.split(marker, 1)[1].split(", input_type", 1)[0].strip("'\"")
    return text.splitlines()[0][:60] if text else type(exc).__name__
