"""The programme's profile options (`profiles:` in mkdocs.yml): the fields it requires of every
mentor, and fields of its own that profiles fill in under `details:`.

`Profiles` goes to validation in the catalog's context (profile_rules.py); its
`check_details` checks a profile's `details:`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, StrictBool, TypeAdapter, ValidationError
from pydantic_core import InitErrorDetails, PydanticCustomError

from .fields import Text
from .models import ContentModel, Loc
from .profile_rules import CORE, DEFAULT_REQUIRED, RequirableField
from .text import did_you_mean, id_from, suggestion
from .validation import describe_value

FIELD_ID = re.compile(r"[a-z][a-z0-9_]*")
# Names the directory already uses (its filters, URL parameters and cards' data attributes:
# site/pages/mentors.FACETS and theme/mentors.html): a facet's id would clash with them.
DIRECTORY_NAMES = frozenset({"expertise", "language", "format", "mentoring", "audience", "country", "role", "q", "accepting",
                             "youth", "sort", "id", "name", "availability", "reviewed"})
_TEXT: TypeAdapter[str] = TypeAdapter(Text)


class ProfileField(ContentModel):
    id: str = Field(description="Lower-case letters, digits and `_`, e.g. `years_of_experience`: the key under "
                    "a profile's `details:`.")
    label: str = Field(min_length=1, description="How the profile page names it, e.g. `Years of experience`.")
    type: Literal["text", "number", "choice", "multi-choice"] = Field(
        "text", description="`text`, `number`, `choice` (one of `options`) or `multi-choice` (a list of them).")
    options: list[str] = Field(default_factory=list, description="The choices, for `choice` and `multi-choice`.")
    required: StrictBool = Field(False, description="`true`: every profile must give it.")
    facet: StrictBool = Field(False, description="`true` (choice and multi-choice only): a filter of the mentor directory.")

    def option_id(self, option: str) -> str:
        """The option as the directory's filters name it (`Career change` → `career-change`)."""
        return id_from(option)

    def check(self, value: Any) -> Any:
        """The value as the profile gives it, or a PydanticCustomError saying what is wrong."""
        if self.type == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise PydanticCustomError("detail_type", "expected a number, not {value}", {"value": describe_value(value)})
            return value
        if self.type == "text":
            if not isinstance(value, str):
                raise PydanticCustomError("detail_type", "expected text, not {value}", {"value": describe_value(value)})
            try:
                return _TEXT.validate_python(value)
            except ValidationError as err:  # the contact check, as for every text
                first = err.errors(include_url=False)[0]
                raise PydanticCustomError(first["type"], first["msg"]) from None
        if self.type == "choice":
            return self._option(value)
        values = value if isinstance(value, list) else [value]
        chosen = [self._option(v) for v in values]
        if len(set(chosen)) < len(chosen):
            raise PydanticCustomError("duplicate", "lists a choice twice")
        return chosen

    def _option(self, value: Any) -> str:
        if isinstance(value, str) and value.strip() in self.options:
            return value.strip()
        hint = suggestion(did_you_mean(str(value), self.options))
        raise PydanticCustomError("detail_choice", "{value} is not one of the choices{hint}; the choices are: {options}",
                                  {"value": describe_value(value), "hint": hint, "options": ", ".join(self.options)})


class Profiles(ContentModel):
    required: list[RequirableField] = Field(
        default_factory=lambda: list(DEFAULT_REQUIRED),
        description="The profile fields every mentor must give, besides `name`, `expertise`, `languages`, "
        "`reviewed` and a `headline` or `bio` (always required). Any field of a profile but those, `active_mentees`, "
        "`accepting`, `paused_until`, `listed` and `details`; `location` needs a city and a country, "
        "`location.country` only the country. Default: none beyond those, so a sign-up sheet without roles or "
        "time zones imports; a programme that wants every profile complete lists `[headline, bio, role, "
        "location, timezone, formats, audiences, capacity, hours_per_month]`.")
    fields: list[ProfileField] = Field(
        default_factory=list, description="The programme's own profile fields, which profiles give under "
        "`details:`; shown in the profile's details, and choices with `facet: true` filter the directory.")

    def mentor_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        """Mentor's JSON Schema with this programme's required fields (the model's own marks only the core)."""
        required = [*CORE, *(name for name in self.required if "." not in name)]
        if "location.country" in self.required and "location" not in required:
            required.append("location")
        return {**schema, "required": [name for name in schema["properties"] if name in required]}

    def reference_rows(self) -> list[str]:
        """The Content reference's rows for `details.<id>`, in schema_markdown's table."""
        kinds = {"text": "text", "number": "number", "choice": "one of", "multi-choice": "list of"}
        return [f"| `details.{f.id}`{' **required**' if f.required else ''} | {kinds[f.type]}"
                f"{' ' + ', '.join(f'`{o}`' for o in f.options) if f.options else ''} | {f.label} |"
                for f in self.fields]

    @property
    def facets(self) -> list[ProfileField]:
        return [f for f in self.fields if f.facet]

    def checks(self) -> Iterator[tuple[Loc, str]]:
        for index, name in enumerate(self.required):
            if name in self.required[:index]:
                yield ("required", index), f"'{name}' is listed twice"
        seen: set[str] = set()
        for index, spec in enumerate(self.fields):
            for loc, message in _field_problems(spec, seen):
                yield ("fields", index, *loc), message
            seen.add(spec.id)

    def check_details(self, details: dict[str, Any]) -> dict[str, Any]:
        """A profile's `details:` as given, or a ValidationError naming each bad or missing entry."""
        by_id = {f.id: f for f in self.fields}
        errors: list[InitErrorDetails] = []
        checked: dict[str, Any] = {}
        for key, value in details.items():
            spec = by_id.get(key)
            if spec is None:
                close = did_you_mean(key, by_id)
                hint = (f"did you mean '{close}'?" if close else "the programme's fields are: " + ", ".join(by_id)
                        if by_id else "this programme declares no profile fields (profiles.fields in mkdocs.yml)")
                errors.append(_error(key, value, PydanticCustomError("unknown_detail", "unknown field; " + hint)))
            elif value is not None:
                try:
                    checked[key] = spec.check(value)
                except PydanticCustomError as err:
                    errors.append(_error(key, value, err))
        for spec in self.fields:
            if spec.required and details.get(spec.id) is None:
                errors.append(_error(spec.id, None, PydanticCustomError("missing", "this required field is missing")))
        if errors:
            raise ValidationError.from_exception_data("details", errors)
        return checked


def _field_problems(spec: ProfileField, seen: set[str]) -> Iterator[tuple[Loc, str]]:
    if not FIELD_ID.fullmatch(spec.id):
        yield ("id",), f"'{spec.id}' cannot be an id: use lower-case letters, digits and _, such as " \
                       f"'{id_from(spec.id).replace('-', '_') or 'years_of_experience'}'"
    elif spec.id in seen:
        yield ("id",), f"the field '{spec.id}' is listed twice"
    elif spec.facet and spec.id in DIRECTORY_NAMES:
        yield ("id",), f"'{spec.id}' is a name the directory already uses; give the facet another id"
    choices = spec.type in ("choice", "multi-choice")
    if choices and not spec.options:
        yield ("options",), f"a {spec.type} field needs its options"
    if not choices and spec.options:
        yield ("options",), f"options are for choice and multi-choice fields, not {spec.type}"
    if spec.facet and not choices:
        yield ("facet",), f"only choice and multi-choice fields can be directory filters, not {spec.type}"
    ids: dict[str, str] = {}
    for index, option in enumerate(spec.options):
        option_id = spec.option_id(option)
        if not option_id:
            yield ("options", index), f"'{option}' needs a letter or digit"
        elif option_id in ids:
            yield ("options", index), f"'{option}' is the same choice as '{ids[option_id]}'"
        ids.setdefault(option_id, option)


def _error(key: str, value: Any, error: PydanticCustomError) -> InitErrorDetails:
    return InitErrorDetails(type=error, loc=(key,), input=value)
