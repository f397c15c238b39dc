"""From pydantic's errors to an editor's words, with the line of each problem."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from .models import CONTACT_ADVICE, CONTACT_FIELDS, ContentModel, M
from .sources import SourceFile
from .text import did_you_mean


def validate_source(source: SourceFile, model: type[M], context: Mapping[str, object]) -> M | None:
    data = source.data
    if source.problems:
        return None
    if not isinstance(data, dict):
        source.report((), "expected `field: value` lines" if data is not None else "the file is empty")
        return None
    try:
        item = model.model_validate(data, context=context)
    except ValidationError as err:
        errors = err.errors(include_url=False)
        typos = [str(e["loc"][-1]) for e in errors if e["type"] == "extra_forbidden"]
        for error in errors:
            loc = tuple(error["loc"])
            if error["type"] == "missing" and did_you_mean(str(loc[-1]), typos):
                continue  # reported once, as the misspelt field
            source.report(loc, describe_error(error, model))
        return None
    for loc, message in item.checks():
        source.report(loc, message)
    return None if source.problems else item


def describe_error(error: ErrorDetails, model: type[ContentModel]) -> str:
    """Pydantic's error, in an editor's words."""
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    loc = error["loc"]
    if kind == "missing":
        return "this required field is missing"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        if CONTACT_FIELDS.search(name):
            return f"contact fields are not allowed: {CONTACT_ADVICE}"
        known = _field_names(model, loc[:-1])
        close = did_you_mean(name, known)
        hint = f"did you mean '{close}'?" if close else "known fields: " + ", ".join(known)
        return f"unknown field; {hint}"
    if kind == "string_too_long":
        return f"is {len(str(value))} characters long; keep it to {ctx['max_length']}"
    if kind == "too_short":
        return "list at least one item" if ctx.get("min_length") == 1 else f"list at least {ctx['min_length']} items"
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false, not '{value}'"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"expected a date like 2025-03-14, not '{value}'"
    if kind in ("datetime_from_date_parsing", "datetime_parsing", "datetime_type"):
        return f"expected a date and time like 2026-05-04 18:30, not '{value}'"
    if kind == "timezone_naive":
        return "write the local time without an offset; the time zone goes in `timezone`"
    if kind == "literal_error":
        return f"'{value}' is not allowed; expected {ctx['expected']}"
    if kind in ("string_type", "list_type", "int_type", "int_parsing", "model_type", "dict_type"):
        expected = {"string_type": "text", "list_type": "a list, e.g. [a, b]", "int_type": "a whole number",
                    "int_parsing": "a whole number", "model_type": "a group of fields",
                    "dict_type": "a group of fields"}[kind]
        return f"expected {expected}, not {describe_value(value)}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return error["msg"].replace("Input should be", "must be")
    return error["msg"][0].lower() + error["msg"][1:] if error["msg"] else kind


def describe_value(value: object) -> str:
    """A value as a message quotes it: 'text', the number 3, a list, an empty value."""
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    if value is None:
        return "an empty value"
    return f"'{value}'"


def _field_names(model: type[ContentModel], loc: tuple[str | int, ...]) -> list[str]:
    """The allowed field names at `loc`, for suggestions on a typo."""
    current: object = model
    for part in loc:
        if isinstance(part, int) or not isinstance(current, type) or not issubclass(current, ContentModel):
            continue
        annotation = current.model_fields[part].annotation
        current = next((a for a in _flatten(annotation) if isinstance(a, type) and issubclass(a, ContentModel)), None)
    return list(current.model_fields) if isinstance(current, type) and issubclass(current, ContentModel) else []


def _flatten(annotation: object) -> Iterator[object]:
    yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _flatten(arg)
