"""MCP's tools and results in deskchat's words: a listed tool becomes a ``ToolSpec`` the model
is offered (named after its server where two servers offer the same name), a result becomes a
``ToolResult`` of text (text joined; an image, audio or resource described in a line)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mcp_types import (
    AudioContent,
    CallToolResult,
    EmbeddedResource,
    ImageContent,
    ResourceLink,
    TextContent,
    TextResourceContents,
    Tool,
)

from deskchat.chat.tools import ToolResult, ToolSpec, ToolSpecError, is_tool_name

_NOT_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True)
class McpTool:
    """A tool of one server: ``spec`` is what the model sees (``spec.name`` may carry the
    server's name), ``tool`` the name the server knows it by."""

    server: str
    tool: str
    spec: ToolSpec


def _name_part(text: str) -> str:
    return _NOT_NAME.sub("_", text).strip("_") or "tool"


def model_name(server: str, tool: str, *, qualified: bool) -> str:
    """The name a model calls the tool by: the tool's own when that is a valid and unique
    name, else ``server__tool`` (cut to OpenAI's 64 characters)."""
    if not qualified and is_tool_name(tool):
        return tool
    return f"{_name_part(server)[:20]}__{_name_part(tool)}"[:64]


def _schema(tool: Tool) -> dict[str, Any]:
    schema = dict(tool.input_schema or {})
    schema.setdefault("type", "object")
    schema.setdefault("properties", {})
    return schema


def specs_for(listed: Iterable[tuple[str, list[Tool]]]) -> list[McpTool]:
    """The tools of several servers (server name, its listing) as one list for a model;
    names two servers share are qualified with the server's name. A tool whose schema is not
    an object is left out (a model could not call it)."""
    listed = [(server, tools) for server, tools in listed]
    counts: dict[str, int] = {}
    for _server, tools in listed:
        for tool in tools:
            counts[tool.name] = counts.get(tool.name, 0) + 1
    found: list[McpTool] = []
    taken: set[str] = set()
    for server, tools in listed:
        for tool in tools:
            name = model_name(server, tool.name, qualified=counts[tool.name] > 1)
            if name in taken:
                name = model_name(server, tool.name, qualified=True)
            if name in taken:
                continue
            try:
                spec = ToolSpec(
                    name=name, description=tool.description or "", parameters=_schema(tool)
                )
            except ToolSpecError:
                continue
            taken.add(name)
            found.append(McpTool(server=server, tool=tool.name, spec=spec))
    return found


def _describe(block: object) -> str:
    if isinstance(block, TextContent):
        return block.text
    if isinstance(block, ImageContent):
        return f"[an image, {block.mime_type}, {len(block.data) * 3 // 4:,} bytes]"
    if isinstance(block, AudioContent):
        return f"[audio, {block.mime_type}, {len(block.data) * 3 // 4:,} bytes]"
    if isinstance(block, ResourceLink):
        return f"[a resource: {block.uri}]"
    if isinstance(block, EmbeddedResource):
        resource = block.resource
        if isinstance(resource, TextResourceContents):
            return f"[a resource: {resource.uri}]\n{resource.text}"
        return f"[a resource: {resource.uri}, {resource.mime_type or 'binary'}]"
    return f"[{type(block).__name__}]"


def result_text(result: CallToolResult) -> str:
    """What the tool answered, as text a model reads: its text content joined, other content
    described in a line; with no content at all, the structured content as JSON."""
    parts = [_describe(block) for block in result.content]
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)


def to_tool_result(call_id: str, tool: McpTool, result: CallToolResult) -> ToolResult:
    return ToolResult(
        call_id=call_id,
        content=result_text(result),
        is_error=bool(result.is_error),
        name=tool.spec.name,
    )
