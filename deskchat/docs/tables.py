"""CSV and JSON as text a model can read. CSV: each row as "column: value" lines under its
header, with its row number (the header is row 1). JSON: each value as its path
("items[2].name: lamp"), nesting past ``limits.max_depth`` kept as compact JSON."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

from deskchat.docs.parts import DocumentError, Limits, Location, Section
from deskchat.docs.reading import broken
from deskchat.sentences import Sentence

MAX_FIELD = 1_000_000  # characters in one CSV field


def csv_sections(text: str, name: str) -> Iterator[Section]:
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:8192])
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(MAX_FIELD)
    rows = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(rows, [])
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            lines = [
                f"{header[i] if i < len(header) and header[i] else f'column {i + 1}'}: {cell}"
                for i, cell in enumerate(row)
                if cell.strip()
            ]
            yield Section("\n".join(lines), Location(rows=(number, number)))
    except csv.Error as exc:
        raise broken(name, Sentence("a CSV file"), exc) from exc


def json_sections(text: str, name: str, limits: Limits) -> Iterator[Section]:
    try:
        value = json.loads(text)
    except RecursionError as exc:
        raise DocumentError(
            Sentence("{name} nests too deeply to be read as JSON.", name=name)
        ) from exc
    except json.JSONDecodeError as exc:
        raise broken(name, Sentence("a JSON file"), exc) from exc
    lines = list(_flatten(value, limits.max_depth))
    # one section a top-level entry (an item of a list, a key of an object)
    group: list[str] = []
    key = ""
    for path, line in lines:
        top = _top(path)
        if group and top != key:
            yield Section("\n".join(group), Location(heading=(key,) if key else ()))
            group = []
        key = top
        group.append(line)
    if group:
        yield Section("\n".join(group), Location(heading=(key,) if key else ()))


def _top(path: str) -> str:
    for i, ch in enumerate(path[1:], start=1):
        if ch in ".[":
            return path[:i]
    return path


def _flatten(value: object, max_depth: int) -> Iterator[tuple[str, str]]:
    """(path, "path: value") for every scalar, walked without recursion."""
    stack: list[tuple[str, object, int]] = [("", value, 0)]
    while stack:
        path, item, depth = stack.pop()
        if isinstance(item, dict) and item and depth < max_depth:
            children = [(f"{path}.{k}" if path else str(k), v) for k, v in item.items()]
        elif isinstance(item, list) and item and depth < max_depth:
            children = [(f"{path}[{i}]", v) for i, v in enumerate(item)]
        else:
            shown = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False)
            yield path, f"{path}: {shown}" if path else shown
            continue
        stack.extend((p, v, depth + 1) for p, v in reversed(children))
