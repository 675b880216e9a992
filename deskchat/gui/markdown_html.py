"""Markdown -> the HTML subset Qt renders, in blocks so a streaming answer re-renders only
its last block. Raw HTML in a message is shown as text, never interpreted."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name, guess_lexer
from pygments.util import ClassNotFound

_FENCE = re.compile(r"^(```|~~~)\s*([\w+#.-]*)\s*$")


@dataclass(frozen=True)
class Block:
    """A paragraph group of markdown, or one fenced code block."""

    kind: str  # "text" or "code"
    text: str
    language: str = ""
    closed: bool = True  # a code fence still being streamed is open
    start: int = 0  # offset of the block's first character in the split text


def split_blocks(text: str) -> list[Block]:
    """Split at blank lines outside code fences; each fence is its own block."""
    blocks: list[Block] = []
    lines: list[str] = []
    fence: tuple[str, str] | None = None  # (marker, language)
    start = 0  # where the block being collected began
    offset = 0  # where the current line begins

    def flush_text() -> None:
        if any(line.strip() for line in lines):
            blocks.append(Block("text", "\n".join(lines).strip("\n"), start=start))
        lines.clear()

    for line in text.split("\n"):
        match = _FENCE.match(line.strip())
        if fence is None:
            if match:
                flush_text()
                fence, start = (match.group(1), match.group(2)), offset
            elif not line.strip():
                flush_text()
            else:
                if not lines:
                    start = offset
                lines.append(line)
        elif match and line.strip() == fence[0]:
            blocks.append(Block("code", "\n".join(lines), fence[1], start=start))
            lines.clear()
            fence = None
        else:
            lines.append(line)
        offset += len(line) + 1
    if fence is not None:
        blocks.append(Block("code", "\n".join(lines), fence[1], closed=False, start=start))
    else:
        flush_text()
    return blocks


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def text_html(markdown: str) -> str:
    return str(_markdown().render(markdown))


def code_html(code: str, language: str, dark: bool) -> str:
    """Syntax-highlighted code as inline-styled HTML (Qt has no CSS classes for it)."""
    try:
        lexer = get_lexer_by_name(language) if language else guess_lexer(code)
    except ClassNotFound:
        return f"<pre>{html.escape(code)}</pre>"
    style = "monokai" if dark else "default"
    formatter = HtmlFormatter(noclasses=True, nobackground=True, style=style)
    return str(highlight(code, lexer, formatter))
