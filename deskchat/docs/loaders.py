"""Which loader reads a file, by its name: every loader yields ``Section``s in reading
order and raises ``DocumentError`` with one sentence for a file it cannot read."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from deskchat.docs.html import html_sections
from deskchat.docs.markdown import markdown_sections
from deskchat.docs.parts import DocumentError, Limits, Section
from deskchat.docs.pdf import pdf_sections
from deskchat.docs.plain import paragraphs
from deskchat.docs.reading import read_text
from deskchat.docs.tables import csv_sections, json_sections
from deskchat.docs.word import docx_sections
from deskchat.sentences import Sentence

Loader = Callable[[Path, Limits], Iterator[Section]]

# fmt: off
CODE_SUFFIXES = frozenset({
    ".py", ".pyi", ".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".java", ".kt", ".kts",
    ".c", ".h", ".cc", ".cpp", ".cxx", ".hpp", ".hh", ".cs", ".go", ".rs", ".rb", ".php",
    ".swift", ".m", ".mm", ".scala", ".lua", ".pl", ".r", ".jl", ".dart", ".sh", ".bash",
    ".zsh", ".fish", ".ps1", ".bat", ".sql", ".css", ".scss", ".less", ".vue", ".svelte",
    ".toml", ".yaml", ".yml", ".ini", ".cfg", ".conf", ".xml", ".proto", ".gradle",
    ".cmake", ".mk", ".tex", ".el", ".clj", ".ex", ".exs", ".erl", ".hs", ".ml", ".nim",
    ".zig", ".v", ".f90",
})
# fmt: on
TEXT_SUFFIXES = frozenset({".txt", ".text", ".log", ".rst", ".org", ".adoc", ""})
CODE_NAMES = frozenset({"makefile", "dockerfile", "readme", "license", "cmakelists.txt"})


def _text(path: Path, limits: Limits) -> Iterator[Section]:
    return paragraphs(read_text(path, limits))


def _markdown(path: Path, limits: Limits) -> Iterator[Section]:
    return markdown_sections(read_text(path, limits))


def _html(path: Path, limits: Limits) -> Iterator[Section]:
    return html_sections(read_text(path, limits))


def _csv(path: Path, limits: Limits) -> Iterator[Section]:
    return csv_sections(read_text(path, limits), path.name)


def _json(path: Path, limits: Limits) -> Iterator[Section]:
    return json_sections(read_text(path, limits), path.name, limits)


LOADERS: dict[str, tuple[str, Loader]] = {
    ".pdf": ("pdf", pdf_sections),
    ".docx": ("docx", docx_sections),
    ".md": ("markdown", _markdown),
    ".markdown": ("markdown", _markdown),
    ".html": ("html", _html),
    ".htm": ("html", _html),
    ".xhtml": ("html", _html),
    ".csv": ("csv", _csv),
    ".tsv": ("csv", _csv),
    ".json": ("json", _json),
}


def kind_of(path: Path) -> str | None:
    """'pdf', 'docx', 'markdown', 'html', 'csv', 'json', 'code', 'text', or None for a
    kind of file deskchat does not read."""
    suffix = path.suffix.lower()
    if suffix in LOADERS:
        return LOADERS[suffix][0]
    if suffix in CODE_SUFFIXES or path.name.lower() in CODE_NAMES:
        return "code"
    if suffix in TEXT_SUFFIXES:
        return "text"
    return None


def load(path: Path, limits: Limits | None = None) -> Iterator[Section]:
    """The file's sections, in reading order. A file that cannot be read raises
    ``DocumentError``, here or while its sections are read (a PDF page by page)."""
    limits = limits or Limits()
    kind = kind_of(path)
    if kind is None:
        raise DocumentError(
            Sentence(
                "{name} is a kind of file deskchat cannot read; it reads PDF, Word (.docx), "
                "Markdown, HTML, text, CSV, JSON and source code.",
                name=path.name,
            )
        )
    loader = LOADERS[path.suffix.lower()][1] if kind not in ("code", "text") else _text
    return loader(path, limits)
