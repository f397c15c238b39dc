"""Reading an import source: a CSV (as Google Forms, Google Sheets or Excel export it), a JSON
array of objects or a YAML list of mappings, each row with the line it starts on."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..sources import ContentLoader

SUFFIXES = {".csv": "csv", ".json": "json", ".yml": "yaml", ".yaml": "yaml"}


class SourceError(Exception):
    """The source cannot be read at all: why, in an editor's words (the command exits with 2)."""


@dataclass(frozen=True)
class Row:
    line: int  # where the row starts: the CSV's physical line, the JSON or YAML item's line
    values: dict[str, Any]


@dataclass(frozen=True)
class Source:
    rel: str
    kind: str  # csv, json or yaml
    rows: list[Row]
    columns: list[str]  # the CSV's header, or every key (dotted paths into nested objects)

    def has(self, column: str) -> bool:
        return column in self.columns


def value_at(values: dict[str, Any], key: str) -> Any:
    """The value of `key`: a column, a key, or a dotted path into nested objects (`location.country`)."""
    if key in values:
        return values[key]
    current: Any = values
    for part in key.split("."):
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    return current


def read_source(path: Path, rel: str) -> Source:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise SourceError(f"{rel}: expected a .csv, .json, .yml or .yaml file")
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise SourceError(f"{rel}: no such file") from None
    except OSError as err:
        raise SourceError(f"{rel}: cannot be read ({err.strerror or err})") from None
    except UnicodeDecodeError:
        raise SourceError(f"{rel}: the file is not UTF-8 text; export it again as CSV UTF-8 "
                          "(Excel: Save As → CSV UTF-8)") from None
    rows = _csv_rows(text, rel) if kind == "csv" else _json_rows(text, rel) if kind == "json" else _yaml_rows(text, rel)
    if not rows:
        raise SourceError(f"{rel}: no rows to import")
    columns = list(rows[0].values) if kind == "csv" else _keys(rows)
    return Source(rel, kind, rows, columns)


def _csv_rows(text: str, rel: str) -> list[Row]:
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise SourceError(f"{rel}: the file is empty") from None
    except csv.Error as err:
        raise SourceError(f"{rel}:1: cannot read the header row: {err}") from None
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise SourceError(f"{rel}:1: the column {twice[0]!r} appears twice; rename one of them")
    rows: list[Row] = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header) if name}
                rows.append(Row(start, values))
            start = reader.line_num + 1
    except csv.Error as err:
        raise SourceError(f"{rel}:{start}: cannot read this row: {err} (is a quote left open?)") from None
    return rows


def _json_rows(text: str, rel: str) -> list[Row]:
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if text.startswith("{", position):  # {"mentors": [...]}: the one array of objects inside
        key = _only_list(_json_object(text, rel), rel)
        found = re.search(rf'"{re.escape(key)}"\s*:\s*\[', text)
        position = found.end() - 1 if found else position
    if not text.startswith("[", position):
        raise SourceError(f"{rel}: expected a JSON array of objects, [{{...}}, {{...}}]")
    position = _skip(text, position + 1)
    rows: list[Row] = []
    while not text.startswith("]", position):
        line = text.count("\n", 0, position) + 1
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as err:
            raise SourceError(f"{rel}:{err.lineno}: JSON syntax error: {err.msg}") from None
        if not isinstance(item, dict):
            raise SourceError(f"{rel}:{line}: expected an object {{...}} for each mentor")
        rows.append(Row(line, item))
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif not text.startswith("]", position):
            raise SourceError(f"{rel}:{text.count(chr(10), 0, position) + 1}: JSON syntax error: expected ',' or ']'")
    return rows


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    if position >= len(text):
        raise SourceError("the JSON array is not closed with ']'")
    return position


def _yaml_rows(text: str, rel: str) -> list[Row]:
    try:
        data = ContentLoader.read(text)
        root = yaml.compose(text, Loader=ContentLoader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        raise SourceError(f"{rel}:{(mark.line + 1) if mark else 1}: YAML syntax error: {err.problem}") from None
    except yaml.YAMLError as err:
        raise SourceError(f"{rel}: YAML syntax error: {err}") from None
    if isinstance(data, dict) and isinstance(root, yaml.MappingNode):  # mentors: [...]
        key = _only_list(data, rel)
        data, root = data[key], next(v for k, v in root.value if k.value == key)
    if not isinstance(data, list) or not isinstance(root, yaml.SequenceNode):
        raise SourceError(f"{rel}: expected a YAML list of mentors, each item starting with '- '")
    rows = []
    for item, node in zip(data, root.value):
        if not isinstance(item, dict):
            raise SourceError(f"{rel}:{node.start_mark.line + 1}: expected `field: value` lines for each mentor")
        rows.append(Row(node.start_mark.line + 1, item))
    return rows


def _json_object(text: str, rel: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{rel}:{err.lineno}: JSON syntax error: {err.msg}") from None
    return data if isinstance(data, dict) else {}


def _only_list(data: dict[Any, Any], rel: str) -> str:
    """The key of the one list of mentors in a file that wraps it (`mentors: [...]`)."""
    lists = [str(k) for k, v in data.items() if isinstance(v, list) and v and all(isinstance(i, dict) for i in v)]
    if len(lists) != 1:
        raise SourceError(f"{rel}: expected a list of mentors" + (f"; it has several lists ({', '.join(lists)})"
                                                                   if lists else ""))
    return lists[0]


def _keys(rows: list[Row]) -> list[str]:
    """Every key any item has, in first-seen order, with dotted paths into nested objects."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in _paths(row.values, ""):
            seen.setdefault(key, None)
    return list(seen)


def _paths(values: dict[str, Any], prefix: str) -> Iterator[str]:
    for key, value in values.items():
        yield f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _paths(value, f"{prefix}{key}.")
