"""What a programme requires of mentor profiles, applied while a profile is validated.

A core is always required (`name`, `expertise`, `languages`, `reviewed`, and a headline or a
bio: `Mentor.checks`); every other field a programme may require or not, in mkdocs.yml's
`profiles.required` (profiles.py). The catalog passes the programme's `Profiles` in the
validation context (`{"profiles": …}`); without it, profiles are held to `DEFAULT_REQUIRED`
(the core only). `STRICT` is what every profile needed before programmes could choose. This module imports
nothing from models.py, which uses it.
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

from pydantic import ValidationInfo
from pydantic_core import PydanticCustomError

# Every Mentor field but the core, the request switches (active_mentees, accepting,
# paused_until, listed) and `details`; `location` needs a city and a country,
# `location.country` only the country.
RequirableField = Literal["pronouns", "headline", "bio", "photo", "role", "organisation", "location",
                          "location.country", "timezone", "formats", "audiences", "capacity",
                          "hours_per_month", "youth_cleared", "links"]
# Only the core by default: real sign-up sheets have no role, audiences, formats, time zone or
# capacity (an import of a 48-mentor sheet passed 0 rows when all were required). A programme
# that wants them lists them; the fixture programme in the tests requires the full set.
DEFAULT_REQUIRED: tuple[RequirableField, ...] = ()
STRICT: tuple[RequirableField, ...] = (
    "headline", "bio", "role", "location", "timezone", "formats", "audiences", "capacity", "hours_per_month")
CORE = ("name", "expertise", "languages", "reviewed")  # and a headline or a bio
requirable_here = tuple(name for name in RequirableField.__args__ if "." not in name)  # type: ignore[attr-defined]


class ProfileRules(Protocol):
    """What validation reads of the programme's `Profiles` (profiles.py)."""

    @property
    def required(self) -> tuple[str, ...] | list[str]: ...

    def check_details(self, details: dict[str, Any]) -> dict[str, Any]: ...


class _Missing:
    """Put where a field the programme requires is absent, so that field reports it (`present`)."""

    def __repr__(self) -> str:
        return "<missing>"


MISSING = _Missing()


def rules_of(info: ValidationInfo) -> ProfileRules | None:
    return (info.context or {}).get("profiles")


def mark_required(data: Any, info: ValidationInfo) -> Any:
    """The profile with MISSING where a field the programme requires is absent (or empty)."""
    if not isinstance(data, dict):
        return data
    rules = rules_of(info)
    required = DEFAULT_REQUIRED if rules is None else tuple(rules.required)
    marked: dict[str, Any] = {name.split(".")[0]: MISSING for name in required
                              if data.get(name.split(".")[0]) is None}
    location = data.get("location")
    if "location" in required and isinstance(location, dict) and location.get("city") is None:
        marked["location"] = {**location, "city": MISSING}
    return {**data, **marked} if marked else data


def present(value: Any) -> Any:
    """A field's value, unless `mark_required` found it missing."""
    if value is MISSING:
        raise PydanticCustomError("missing", "this required field is missing")
    return value


def check_details(value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """`details:` against the programme's own fields (`Profiles.check_details`)."""
    rules = rules_of(info)
    if rules is not None:
        return rules.check_details(value)
    if value:
        raise PydanticCustomError("details", "this programme declares no profile fields (profiles.fields in mkdocs.yml)")
    return value
