"""MAP.yml: which source column (or columns) fills which profile field.

    name: Full name
    expertise: [Areas of expertise, Programming languages]   # several columns, values joined
    location: Where are you based?                            # "City, Country" in one column
    location.country: Country                                 # or a nested field by dotted path
    links: LinkedIn profile                                   # URLs become links only when mapped here
    defaults:                                                 # values for every row that has none
      capacity: 2

Every problem is reported as MAP.yml:line, with a "did you mean" for a misspelt field and the
source's columns for a column it does not have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem
from ..models import ContentModel, Mentor
from ..sources import read_yaml
from ..text import did_you_mean, suggestion
from .rows import Source

DEFAULTS = "defaults"
ID = "id"  # not a profile field: the column the file name is made from (default: the name)


@dataclass(frozen=True)
class ImportMap:
    rel: str
    fields: dict[str, list[str]]  # profile field path → source columns, in MAP.yml's order
    defaults: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def columns(self) -> set[str]:
        return {column for columns in self.fields.values() for column in columns}


def profile_fields(model: type[ContentModel] = Mentor) -> list[str]:
    """Every field MAP.yml may name: the model's fields and, for groups, `group.field`."""
    names: list[str] = []
    for name, info in model.model_fields.items():
        names.append(name)
        nested = _submodel(info.annotation)
        if nested is not None and name not in ("links",):
            names += [f"{name}.{sub}" for sub in nested.model_fields]
    return names


def read_map(path: Path, rel: str, source: Source) -> ImportMap:
    """The map, checked against the model's fields and the source's columns; problems listed, not raised."""
    if not path.is_file():
        return ImportMap(rel, {}, problems=[Problem(rel, 1, "", "no such file (give MAP.yml's path with --map)")])
    mapfile = read_yaml(path, rel)
    data = mapfile.data
    if mapfile.problems or not isinstance(data, dict) or not data:
        problems = mapfile.problems or [mapfile.problem((), "expected `profile field: source column` lines, "
                                                             "e.g. `name: Full name`")]
        return ImportMap(rel, {}, problems=problems)
    known = profile_fields()
    fields: dict[str, list[str]] = {}
    defaults: dict[str, Any] = {}
    for key, loc, value in _entries(data):
        if key == DEFAULTS:
            if not isinstance(value, dict):
                mapfile.report(loc, "list the default values as `field: value` lines under `defaults:`")
                continue
            for name, default in value.items():
                if str(name) not in known:
                    mapfile.report((*loc, name), _unknown(str(name), known))
                else:
                    defaults[str(name)] = default
            continue
        if key not in known and key != ID:
            mapfile.report(loc, _unknown(key, known))
            continue
        columns = value if isinstance(value, list) else [value]
        if not columns or not all(isinstance(c, str) and c.strip() for c in columns):
            mapfile.report(loc, "expected the name of a source column, or a list of them: [Column one, Column two]")
            continue
        for index, column in enumerate(columns):
            if not source.has(column.strip()):
                where = (*loc, index) if isinstance(value, list) else loc
                close = did_you_mean(column, source.columns)
                mapfile.report(where, f"{source.rel} has no column '{column}'{suggestion(close)}; its columns are: "
                               + ", ".join(f"'{c}'" for c in source.columns))
        fields[key] = [c.strip() for c in columns]
    if "location" in fields and any(f.startswith("location.") for f in fields):
        mapfile.report(("location",), "map either `location` (one 'City, Country' column) or its parts "
                       "(`location.city`, `location.country`), not both")
    if "name" not in fields:
        mapfile.report((), "map a column to `name`: every profile needs the mentor's name")
    return ImportMap(rel, fields, defaults, mapfile.problems)


def _entries(data: dict[Any, Any]) -> Iterator[tuple[str, tuple[str | int, ...], Any]]:
    """(field path, location in MAP.yml, value); a group (`location: {city: City}`) gives `location.city`."""
    for key, value in data.items():
        if isinstance(value, dict) and str(key) != DEFAULTS:
            for sub, inner in value.items():
                yield f"{key}.{sub}", (str(key), str(sub)), inner
        else:
            yield str(key), (str(key),), value


def _unknown(name: str, known: list[str]) -> str:
    close = did_you_mean(name, known)
    hint = f"did you mean '{close}'?" if close else "the profile fields are: " + ", ".join(known)
    return f"'{name}' is not a profile field; {hint}"


def _submodel(annotation: object) -> type[ContentModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        if (found := _submodel(arg)) is not None:
            return found
    return None


def reference_lines() -> list[str]:
    """The Content reference page's section on MAP.yml (`mentorhub import`)."""
    return ["## Import map (MAP.yml)", "",
            "`mentorhub import SOURCE --map MAP.yml [--add-terms] [--dry-run]` turns a sign-up sheet into profiles: "
            "SOURCE is a CSV (Google Forms, Google Sheets or Excel; any column order), a JSON array of objects or "
            "a YAML list. Each line of MAP.yml is `profile field: source column`; a list of columns joins their "
            "values; a JSON or YAML key may be a dotted path into nested objects (`profile.title`).", "",
            "```yaml", "name: Full name", "expertise: [Areas of expertise, Programming languages]",
            "location: Where are you based?        # 'City, Country', or map location.city and location.country",
            "links: LinkedIn profile                # URLs become links only when a column is mapped here",
            "id: username                           # optional: the file name's source (default: the name)",
            "defaults:                              # values for rows that have none", "  capacity: 2", "```", "",
            "The fields are the mentor profile's above (a group's part as `location.city`), and `id`. "
            "Columns that are not mapped are never read. Contact details in mapped values are "
            "removed; countries, languages and terms are normalised; the time zone comes from the country when it "
            "has one. `reviewed:` is the import day until `mentorhub confirm MENTOR_ID` records the mentor's "
            "confirmation. See CONTRIBUTING.md, \"Adding many mentors at once\".", ""]
