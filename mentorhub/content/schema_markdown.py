"""The content model in words: a JSON Schema (schema.py) as the Content reference's field tables."""

from __future__ import annotations

from typing import Any


def schema_table(schema: dict[str, Any]) -> list[str]:
    """A JSON Schema as a Markdown table of fields (nested groups dotted: `location.city`),
    their types in words and their descriptions, for the Content reference page."""
    rows = ["| field | type | description |", "|---|---|---|"]
    required = set(schema.get("required", []))
    for name, prop, prefix in _walk_properties(schema, schema):
        mark = " **required**" if name in required and not prefix else ""
        rows.append(f"| `{prefix}{name}`{mark} | {_describe_type(prop, schema)} | {prop.get('description', '')} |")
    return [*rows, ""]


def _walk_properties(schema: dict[str, Any], root: dict[str, Any], prefix: str = "") -> list[tuple[str, Any, str]]:
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append((name, prop, prefix))
        target = _definition(prop, root)
        if target is not None:
            out += _walk_properties(target, root, f"{prefix}{name}.")
    return out


def _definition(prop: dict[str, Any], root: dict[str, Any]) -> dict[str, Any] | None:
    for candidate in (prop, *prop.get("anyOf", []), prop.get("items", {})):
        ref = candidate.get("$ref")
        if ref:
            return root["definitions"][ref.rsplit("/", 1)[-1]]  # type: ignore[no-any-return]
    return None


def _describe_type(prop: dict[str, Any], root: dict[str, Any]) -> str:
    options = [p for p in prop.get("anyOf", [prop]) if p.get("type") != "null"]
    p = options[0] if options else prop
    if "$ref" in p:
        return "group of fields"
    kind = p.get("type")
    if kind == "array":
        return f"list of {_describe_type(p.get('items', {}), root)}"
    if "enum" in p:
        values = p["enum"]
        return "one of " + ", ".join(f"`{v}`" for v in values[:8]) + (" …" if len(values) > 8 else "")
    if p.get("format") == "date":
        return "date"
    if "pattern" in p and kind == "string":
        return "date and time"
    return {"string": "text", "integer": "whole number", "boolean": "true / false"}.get(kind or "", kind or "value")
