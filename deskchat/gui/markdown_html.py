"""Markdown -> the HTML subset Qt renders, in blocks so a streaming answer re-renders only
its last block. Raw HTML in a message is shown as text, never interpreted."""

from __future__ import annotations

import html
import re
import threading
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
    return breakable(str(_markdown().render(markdown)))


CODE_STYLES = {False: "default", True: "github-dark"}  # Pygments styles, light and dark
MONOSPACE = "'JetBrains Mono', 'Cascadia Mono', Menlo, Consolas, 'DejaVu Sans Mono', monospace"


_warming: list[threading.Thread] = []  # the one warm-up thread of this process, once started


def warm_up() -> None:
    """Load the highlighter once (its lexer and both themes' styles take ~0.1 s the first
    time) on a thread of its own (pygments is plain Python, no Qt), so neither the window's
    start nor the first code block of a streaming answer stalls the event loop."""
    if _warming:
        return
    thread = threading.Thread(target=_highlight_samples, name="highlighter warm-up", daemon=True)
    _warming.append(thread)
    thread.start()


def _highlight_samples() -> None:
    for dark in (False, True):
        code_html("def f(x):\n    return x\n", "python", dark)


def code_html(code: str, language: str, dark: bool, wrap: bool = False) -> str:
    """Syntax-highlighted code as inline-styled HTML (Qt has no CSS classes for it), in
    the theme's colours; ``wrap``: long lines wrap instead of scrolling."""
    try:
        lexer = get_lexer_by_name(language) if language else guess_lexer(code)
    except ClassNotFound:
        spans = html.escape(code)
    else:
        formatter = HtmlFormatter(
            noclasses=True, nobackground=True, nowrap=True, style=CODE_STYLES[dark]
        )
        spans = str(highlight(code, lexer, formatter)).rstrip("\n")
    if wrap:
        spans = breakable(spans)
    space = "pre-wrap" if wrap else "pre"
    return f'<pre style="white-space: {space}; font-family: {MONOSPACE}; margin: 0;">{spans}</pre>'


BREAK_EVERY = 24  # characters of an unbroken run (a URL, a hash) between break chances
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_CHAR = re.compile(r"&#?\w+;|.", re.DOTALL)
_ZWSP = "\u200b"


def breakable(markup: str, *, is_html: bool = True) -> str:
    """``markup`` with a zero-width space after every ``BREAK_EVERY`` characters of an
    unbroken run, so a long URL or word wraps instead of widening its label. Tags and
    entities are kept whole; CJK text, which breaks between its characters, is left as
    it is."""
    out: list[str] = []
    run = 0
    parts = _TAG_OR_TEXT.split(markup) if is_html else [markup]
    for part in parts:
        if is_html and part.startswith("<"):
            out.append(part)
            continue
        chars = _CHAR.findall(part) if is_html else list(part)
        for char in chars:
            if char.isspace() or ord(char[0]) >= 0x2E80 or char == _ZWSP:
                run = 0
            else:
                run += 1
                if run > BREAK_EVERY:
                    out.append(_ZWSP)
                    run = 1
            out.append(char)
    return "".join(out)
