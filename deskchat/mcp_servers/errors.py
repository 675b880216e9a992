"""What goes wrong with an MCP server, as one sentence each: a file that is not an
``mcp.json``, a server that will not start, hangs, crashes or talks nonsense, a call past
its time limit. The hub stays usable after every one of them."""

from __future__ import annotations

from pathlib import Path

from deskchat.errors import DeskchatError
from deskchat.sentences import Sentence


class McpConfigError(DeskchatError):
    """An ``mcp.json`` (ours or one being imported) or a server entry that cannot be used."""


class McpServerError(DeskchatError):
    """A server failed: would not start, hung, crashed, or sent what is not MCP. The next
    use starts it again."""


class McpCallError(DeskchatError):
    """One call failed without the server failing: past its time limit, refused, unknown."""


class McpCallCancelledError(McpCallError):
    """The person stopped the call."""


def no_program(name: str, command: str) -> Sentence:
    return Sentence(
        'The MCP server "{name}" could not start: there is no program "{command}".',
        name=name,
        command=command,
    )


def could_not_start(name: str, reason: str) -> Sentence:
    return Sentence('The MCP server "{name}" could not start ({reason}).', name=name, reason=reason)


def stopped_early(name: str, log: Path) -> Sentence:
    return Sentence(
        'The MCP server "{name}" stopped before it was ready; what it said is in {log}.',
        name=name,
        log=str(log),
    )


def no_answer_at_start(name: str, seconds: float, log: Path) -> Sentence:
    return Sentence(
        'The MCP server "{name}" did not answer within {seconds:g} s of starting and was '
        "stopped; what it said is in {log}.",
        name=name,
        seconds=seconds,
        log=str(log),
    )


def garbage(name: str, sample: str) -> Sentence:
    return Sentence(
        'The MCP server "{name}" sent something that is not MCP ("{sample}") and was stopped; '
        "it starts again on the next call.",
        name=name,
        sample=sample[:60],
    )


def crashed(name: str, tool: str, log: Path) -> Sentence:
    return Sentence(
        'The MCP server "{name}" stopped during the call to "{tool}"; it starts again on the '
        "next call. What it said is in {log}.",
        name=name,
        tool=tool,
        log=str(log),
    )


def unreachable(name: str, url: str, reason: str) -> Sentence:
    return Sentence(
        'The MCP server "{name}" at {url} could not be reached ({reason}).',
        name=name,
        url=url,
        reason=reason,
    )


def too_slow(name: str, tool: str, seconds: float) -> Sentence:
    return Sentence(
        'The tool "{tool}" of the MCP server "{name}" did not answer within {seconds:g} s.',
        name=name,
        tool=tool,
        seconds=seconds,
    )


def cancelled(tool: str) -> Sentence:
    return Sentence('The call to "{tool}" was stopped.', tool=tool)


def refused(name: str, tool: str, reason: str) -> Sentence:
    return Sentence(
        'The MCP server "{name}" refused the call to "{tool}": {reason}',
        name=name,
        tool=tool,
        reason=reason.rstrip(".") + ".",
    )


def no_such_tool(tool: str) -> Sentence:
    return Sentence('No MCP server offers a tool named "{tool}".', tool=tool)


def missing_env(name: str, variable: str) -> Sentence:
    return Sentence(
        'The MCP server "{name}" needs the environment variable {variable}, which is not set.',
        name=name,
        variable=variable,
    )
