"""HTML to text with the standard library's tolerant parser (``html.parser``): what a
reader sees, under its heading path. Scripts, styles, navigation, headers, footers, forms
and other page furniture are left out.

Why not an HTML-to-text library: html2text and html-text give text but not the heading
structure passages are located by, and would add a dependency to every bundle; the
stdlib parser never fails on broken markup and costs nothing to ship."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

from deskchat.docs.parts import Location, Section

# fmt: off
_SKIPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "svg", "iframe", "object", "button", "select", "head",
})
# fmt: on
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
# fmt: off
_BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "li", "ul", "ol", "table", "tr", "pre",
    "blockquote", "dd", "dt", "dl", "figure", "figcaption", "br", "hr", "body", "td", "th",
})
# fmt: on
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "wbr"})
MAX_OPEN = 256  # skipped elements kept open at once; deeper ones are only counted


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = []
        self.headings: list[tuple[int, str]] = []
        self.skipping: list[str] = []
        self.too_deep = 0
        self.heading_level = 0
        self.heading_text: list[str] = []
        self.text: list[str] = []
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden = any(name == "hidden" for name, _ in attrs) or ("aria-hidden", "true") in attrs
        if self.skipping or tag in _SKIPPED or (hidden and tag not in _VOID):
            if tag in _VOID:
                return
            if len(self.skipping) < MAX_OPEN:
                self.skipping.append(tag)
            else:  # deeper still: counted, not kept
                self.too_deep += 1
            return
        if tag in _HEADINGS:
            self._flush()
            self.heading_level = _HEADINGS[tag]
            self.heading_text = []
        elif tag in _BLOCKS:
            self._flush() if tag != "br" else self.text.append("\n")
        if tag == "pre":
            self.pre += 1

    def handle_endtag(self, tag: str) -> None:
        if self.too_deep:
            self.too_deep -= 1
            return
        if self.skipping:
            if tag in self.skipping:  # broken markup: close up to the matching element
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in _HEADINGS and self.heading_level:
            title = " ".join("".join(self.heading_text).split())
            while self.headings and self.headings[-1][0] >= self.heading_level:
                self.headings.pop()
            if title:
                self.headings.append((self.heading_level, title))
            self.heading_level = 0
        elif tag in _BLOCKS:
            self._flush()
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        (self.heading_text if self.heading_level else self.text).append(data)

    def _flush(self) -> None:
        raw = "".join(self.text)
        self.text = []
        if self.pre:
            text = raw.strip("\n")
        else:
            text = "\n".join(" ".join(line.split()) for line in raw.split("\n"))
            text = "\n".join(line for line in text.split("\n") if line)
        if text.strip():
            heading = tuple(title for _, title in self.headings)
            self.sections.append(Section(text, Location(heading=heading)))

    def close(self) -> None:
        super().close()
        self._flush()


def html_sections(text: str) -> Iterator[Section]:
    parser = _TextParser()
    # fed in pieces so that the sections found so far can be handed on as they come
    for start in range(0, len(text), 1 << 16):
        parser.feed(text[start : start + (1 << 16)])
        yield from parser.sections
        parser.sections = []
    parser.close()
    yield from parser.sections
