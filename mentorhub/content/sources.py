"""Reading content files: YAML without its traps, and line numbers for any field on demand.

Parsing uses libyaml (`CSafeLoader`), and plain files are built straight from its events
(`ContentLoader.read`). Line numbers cost a second, node-level parse, so they are looked up
only when there is a problem to report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (AliasEvent, Event, MappingEndEvent, ScalarEvent, SequenceEndEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import ScalarNode
from frontmatter.default_handlers import YAMLHandler

from .errors import Problem

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # libyaml not compiled in
    _BaseLoader = yaml.SafeLoader
_STR = "tag:yaml.org,2002:str"

Loc = tuple[str | int, ...]


_YAML11_ONLY = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"}


class ContentLoader(_BaseLoader):  # type: ignore[misc]
    """A safe loader with YAML 1.2 scalars and no duplicate keys.

    YAML 1.1 reads `no`, `yes`, `on` and `off` as booleans (so `languages: [no]` would
    lose Norwegian), `1:30` as the number 90 and `2025-03-01` as a date object. Here only
    `true`/`false` are booleans, and dates stay text for the content model to parse.
    """

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _YAML11_ONLY]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be a word, not a list or a group of fields", key_node.start_mark
                )
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the field '{key}' appears twice; keep one", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    @classmethod
    def read(cls, text: str) -> Any:
        """`yaml.load(text, Loader=cls)`, about twice as fast for a plain content file.

        PyYAML's generic constructor costs more than libyaml's parsing (1.6 s for 5,000
        profiles). A file of plain maps, lists and scalars is built straight from the parser's
        events instead; anything else (anchors, tags, merge keys, a repeated key, a syntax
        error) goes PyYAML's way, so the data and any error are always exactly PyYAML's.
        """
        if _BaseLoader is yaml.CSafeLoader and None not in cls.yaml_implicit_resolvers:
            loader = cls(text)
            try:
                return loader._read_document()
            except (_NotPlain, yaml.YAMLError, RecursionError):
                pass
            finally:
                loader.dispose()
        return yaml.load(text, Loader=cls)

    def _read_document(self) -> Any:
        self.get_event()  # the stream's start
        if type(self.get_event()) is StreamEndEvent:
            return None  # no document: empty, or only comments
        data = self._read_plain(self.get_event())
        self.get_event()  # the document's end
        if type(self.get_event()) is not StreamEndEvent:
            raise _NotPlain  # a second document
        return data

    def _read_plain(self, event: Event) -> Any:
        kind = type(event)
        if kind is AliasEvent or event.anchor is not None or event.tag not in (None, "!"):  # type: ignore[attr-defined]
            raise _NotPlain
        if kind is ScalarEvent:
            value: str = event.value  # type: ignore[attr-defined]
            tag = self._resolve_plain(value) if event.implicit[0] else _STR  # type: ignore[attr-defined]
            if tag == _STR:
                return value
            if tag not in self.yaml_constructors:  # `<<` (merge), `=`
                raise _NotPlain
            return self.yaml_constructors[tag](self, ScalarNode(tag, value))
        next_event = self.get_event
        if kind is SequenceStartEvent:
            items = []
            while type(event := next_event()) is not SequenceEndEvent:
                items.append(self._read_plain(event))
            return items
        mapping = {}
        while type(event := next_event()) is not MappingEndEvent:
            key = self._read_plain(event)
            if type(event) is not ScalarEvent or key in mapping:
                raise _NotPlain
            mapping[key] = self._read_plain(next_event())
        return mapping

    def _resolve_plain(self, value: str) -> str:
        """The tag PyYAML's resolver gives an untagged, unquoted scalar (`read` checked that no
        resolver applies to every first character)."""
        for tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
            if regexp.match(value):
                return tag  # type: ignore[no-any-return]
        return _STR


class _NotPlain(Exception):
    """The text uses something `ContentLoader.read` leaves to PyYAML's constructor."""


ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
ContentLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
)


def field_path(loc: Loc) -> str:
    """`('languages', 0)` → `languages[0]`; `('location', 'country')` → `location.country`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class SourceFile:
    """One content file: its text, its parsed data, and lines for problems in it."""

    path: Path
    rel: str
    text: str
    first_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    loader: type[ContentLoader] = ContentLoader

    @cached_property
    def data(self) -> Any:
        """The parsed YAML, or None with a problem recorded when it does not parse."""
        try:
            return self.loader.read(self.text)
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            line = self.first_line + (mark.line if mark else 0)
            self.problems.append(Problem(self.rel, line, "", _describe_yaml_error(err)))
        except yaml.YAMLError as err:
            self.problems.append(Problem(self.rel, self.first_line, "", f"YAML syntax error: {err}"))
        return None

    @cached_property
    def _root(self) -> yaml.Node | None:
        try:
            return yaml.compose(self.text, Loader=self.loader)
        except yaml.YAMLError:
            return None

    def line_of(self, loc: Loc) -> int:
        """The line of the key or item at `loc`, or of its nearest existing parent."""
        node = self._root
        line = node.start_mark.line if node is not None else 0
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = next((kv for kv in node.value if kv[0].value == part), None)
                if match is None:
                    break
                line, node = match[0].start_mark.line, match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line
            else:
                break
        return self.first_line + line

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.rel, self.line_of(loc), field_path(loc), message)

    def report(self, loc: Loc, message: str) -> None:
        self.problems.append(self.problem(loc, message))


@dataclass
class MarkdownSource(SourceFile):
    """A Markdown file whose YAML front matter is the data and the rest is the body."""

    body: str = ""

    @classmethod
    def read(cls, path: Path, rel: str) -> MarkdownSource:
        text, problem = _read_text(path, rel)
        if problem is not None:
            return cls(path, rel, "", problems=[problem])
        handler = YAMLHandler()
        if not handler.detect(text):
            source = cls(path, rel, "", first_line=1, body=text)
            source.report((), "the file must start with a front matter block between two '---' lines")
            return source
        front, body = handler.split(text)
        # The front matter starts right after the opening '---', on the file's first line.
        return cls(path, rel, front, first_line=1, body=body.lstrip("\n"))


def read_yaml(path: Path, rel: str) -> SourceFile:
    text, problem = _read_text(path, rel)
    return SourceFile(path, rel, text, problems=[problem] if problem else [])


def _read_text(path: Path, rel: str) -> tuple[str, Problem | None]:
    try:
        return path.read_text(encoding="utf-8"), None
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
        return "", Problem(rel, line, "", "the file is not UTF-8 text; save it with UTF-8 encoding")


def _describe_yaml_error(err: yaml.MarkedYAMLError) -> str:
    problem = err.problem or str(err)
    if isinstance(err, yaml.constructor.ConstructorError):
        return problem
    if "'\\t'" in problem:
        return "YAML syntax error: a tab is used for indentation; use spaces"
    if "mapping values are not allowed" in problem:
        return "YAML syntax error: a value containing ': ' must be put in quotes"
    hint = ""
    if "could not find expected ':'" in problem:
        hint = " (is a ':' missing after a field name, or a quote left open?)"
    return f"YAML syntax error: {problem}{hint}"
