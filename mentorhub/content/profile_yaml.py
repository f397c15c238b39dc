"""Content files written as editors write them: the model's field order, block style, `|` for
text over several lines, lists of single words inline. One writer for `mentorhub new`,
`mentorhub import` and the inbox's `write-profile`, so their files read alike."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml

from .models import ContentModel, Mentor

WIDTH = 88
SCHEMA_LINE = "# yaml-language-server: $schema=../schemas/mentor.schema.json"
# A line that starts a list item, heading, quote, table row, HTML, a link's definition or indented code.
_AS_TYPED = re.compile(r"^\s*(?:[-*+>#|<]|\d+[.)]\s|\[[^\]]+\]:)|^(?: {4}|\t)")


class _Dumper(yaml.SafeDumper):
    """Block lists indented under their key, multi-line text as `|` blocks, one-word lists inline."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _represent_list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
    inline = all(isinstance(item, str) and " " not in item for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=inline)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


def dump(name: str, value: Any, indent: str = "") -> list[str]:
    """The lines of `name: value`, each starting with `indent`."""
    text = yaml.dump({name: value}, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=WIDTH)
    return [f"{indent}{line}" for line in text.splitlines()]


def submodel(annotation: Any) -> type[ContentModel] | None:
    """The content model a field holds (`Place` for `location: Place | None`), or None."""
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        return annotation
    return next((m for a in getattr(annotation, "__args__", ()) if (m := submodel(a)) is not None), None)


def empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == [] or value == {}


def in_model_order(values: dict[str, Any]) -> dict[str, Any]:
    """A profile's fields in the Mentor model's order (a group's, such as location's, in its
    model's), empty ones and names the model lacks left out: how a hand-written profile reads."""
    out: dict[str, Any] = {}
    for name, info in Mentor.model_fields.items():
        value = values.get(name)
        if empty(value):
            continue
        if isinstance(value, dict) and (nested := submodel(info.annotation)) is not None:
            value = {k: value[k] for k in [*nested.model_fields, *value] if k in value and not empty(value[k])}
        out[name] = value
    return out


def reflowed(text: str, width: int = WIDTH - 2) -> str:
    """Markdown typed into a form, as editors keep it in a `|` block: Unix line ends, no spaces at
    line ends (YAML writes such text quoted, on one line; a two-space hard break becomes a soft
    one), no blank lines at either end or doubled, plain paragraphs wrapped at `width` (a soft
    break: the same paragraph); lists, headings, quotes, tables, HTML, links' definitions and code
    stay as typed."""
    typed = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in typed).strip("\n")
    if "```" in text or "~~~" in text:  # a fence may hold blank lines: nothing is rewrapped
        return text
    blocks = []
    for block in re.split(r"\n{2,}", text):
        if any(_AS_TYPED.search(line) for line in block.split("\n")):
            blocks.append(block)
        else:
            blocks.append(textwrap.fill(" ".join(block.split()), width, break_long_words=False,
                                        break_on_hyphens=False))
    return "\n\n".join(blocks)


def render(profile: dict[str, Any]) -> str:
    """A profile's file: the schema line, then each field as `dump` writes it, a bio ending in a newline."""
    lines = [SCHEMA_LINE]
    for name, value in profile.items():
        lines += dump(name, f"{value}\n" if isinstance(value, str) and "\n" in value else value)
    return "\n".join(lines) + "\n"
