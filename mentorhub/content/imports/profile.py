"""One row → one mentor profile (a dict in the model's field order), and every reason it cannot
pass. Whether it passes is decided by the build's own validation (`validate_source` with the
Mentor model), so whatever the model and mkdocs.yml require is what is required here."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from ..contact import MESSAGING_LINK
from ..models import Mentor
from ..profile_yaml import empty, in_model_order
from ..sources import SourceFile
from ..text import suggestion
from ..validation import validate_source
from ..vocabulary import Vocabularies
from ..zones import zone_like, zone_names
from .mapping import ID, ImportMap
from .places import country_code, parse_place, zone_for, zones_of
from .rows import Row, value_at
from .scrub import Removed, profile_site, scrub
from .terms import NewTerms, resolve_term, term_named_in
from .values import date_value, formats, language_code, language_hint, one_line, paragraphs, split_list, whole_number, yes_no

# Used only when the model still requires the field after the map and MAP.yml's defaults:
# the same values `mentorhub new mentor` starts from. `reviewed` is always the import date.
FALLBACKS: dict[str, Any] = {"formats": ["virtual"], "capacity": 1, "hours_per_month": 2}
# Single values read from a cell, by JSON Schema type (or format): the reader, and what to write instead.
SCALARS: dict[str, tuple[Callable[[Any], Any], str]] = {
    "integer": (whole_number, "a whole number"), "boolean": (yes_no, "yes or no"),
    "date": (date_value, "a date like 2026-11-22"),
}
PHOTO_ADVICE = ("photos must be image files in this repository, never links: save it under content/assets/people/"
                "{id}.jpg, then add `photo: {{src: assets/people/{id}.jpg, alt: <what it shows>}}`")


@dataclass
class Outcome:
    """What became of one row: its profile (None when it cannot pass), notes and reasons."""

    line: int
    name: str
    id: str = ""
    profile: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # `field: why`, in editors' words
    notes: list[str] = field(default_factory=list)  # per-row remarks that do not stop it (a photo link)
    defaulted: Counter[str] = field(default_factory=Counter)  # field → 1 when a default filled it
    removed: Removed = field(default_factory=Removed)
    passed: bool = False


@dataclass
class Importer:
    imports: ImportMap
    vocabularies: Vocabularies
    today: dt.date
    docs_dir: Path
    render: Callable[[dict[str, Any]], str]  # profile → the file's text
    context: Mapping[str, object]
    new_terms: NewTerms | None = None  # --add-terms

    def name_of(self, row: Row) -> str:
        return scrub(" ".join(one_line(value_at(row.values, c)) for c in self.imports.fields["name"]).strip(), Removed())

    def id_source(self, row: Row) -> str:
        columns = self.imports.fields.get(ID, self.imports.fields["name"])
        return " ".join(one_line(value_at(row.values, c)) for c in columns)

    def build(self, row: Row, entry_id: str, rel: str) -> Outcome:
        out = Outcome(row.line, self.name_of(row), entry_id)
        hints: dict[str, str] = {}
        values: dict[str, Any] = {}
        for path, columns in self.imports.fields.items():
            if path == ID:
                continue
            raw = [value_at(row.values, column) for column in columns]
            if all(empty(v) for v in raw):
                cells = " and ".join(f"'{c}'" for c in columns)
                hints[path.split(".")[0]] = f"the {cells} cell{'s are' if len(columns) > 1 else ' is'} empty"
                continue
            self._field(path, raw, values, out, hints)
        for path, default in self.imports.defaults.items():
            if _get(values, path) is None:
                _set(values, path, default)
                out.defaulted[f"defaulted: {path}: from MAP.yml's defaults:"] += 1
        if "reviewed" in _SCHEMA and values.get("reviewed") is None:
            values["reviewed"] = self.today
            out.defaulted["reviewed"] += 1
        if values.get("capacity") == 0 and "sessions" not in values:
            # no places, but listed: how sign-up sheets say "one-off sessions only" (11 of 48 in one)
            values["sessions"] = True
            out.defaulted["defaulted: sessions: true (capacity 0 read as one-off sessions only; set `sessions: "
                          "false` where a mentor has no time at all), for"] += 1
        self._zone(values, out, hints)
        before = list(out.problems)
        profile = self._validate(in_model_order(values), out, hints, rel)
        fallbacks = {n: v for n, v in FALLBACKS.items() if n not in values and _missing(out.problems, n)}
        if "hours_per_month" in fallbacks and values.get("capacity") == 0:
            fallbacks["hours_per_month"] = 0  # no regular mentoring: no monthly hours to give it
        # (each fallback is written as `mentorhub new mentor` starts it, and said in the summary)
        if "role" not in values and _missing(out.problems, "role") and isinstance(values.get("headline"), str):
            if (role := term_named_in(self.vocabularies.roles, values["headline"])) is not None:
                fallbacks["role"] = role  # no role column, but the headline names one: "Software engineer…"
        if profile is None and fallbacks:
            values.update(fallbacks)
            out.defaulted.update(f"defaulted: {n}: {', '.join(v) if isinstance(v, list) else v} (the check requires "
                                 "it and no column gives it"
                                 + ("; read from the headline" if n == "role" else "") + "), for"
                                 for n, v in fallbacks.items())
            out.problems = before
            profile = self._validate(in_model_order(values), out, hints, rel)
        out.profile = in_model_order(values)
        out.passed = profile is not None and not out.problems
        return out

    def _field(self, path: str, raw: list[Any], values: dict[str, Any], out: Outcome, hints: dict[str, str]) -> None:
        top = path.split(".")[0]
        spec = _spec(path)
        if path == "location":
            parts = [", ".join(one_line(v.get(k)) for k in ("city", "region", "country") if v.get(k))
                     if isinstance(v, dict) else one_line(v) for v in raw if not empty(v)]
            text = scrub(", ".join(parts), out.removed)
            place = parse_place(text)
            if place.country is None:
                hints["location"] = f"'{text}' names no country; write the city and the country code by hand"
            if place.city is None:
                hints["location.city"] = f"'{text}' names no city; add the city by hand"
            values["location"] = {k: v for k, v in (("city", place.city), ("region", place.region),
                                                     ("country", place.country)) if v}
        elif path == "timezone":
            text = one_line(raw[0])
            zone = text if text in zone_names() else zone_like(text) if re.fullmatch(r"[A-Za-z_/ -]+", text) else None
            if zone is None:
                hints["timezone"] = f"'{text}' is not a time zone name; choose one such as Europe/Lisbon"
                out.notes.append(f"timezone: '{text}' is not a time zone name; the country's is used when it has one")
            else:
                values["timezone"] = zone
        elif path.endswith(".country"):
            text = one_line(raw[0])
            code = country_code(text)
            if code is None:
                out.problems.append(f"{path}: '{text}' is not a country we know; write its ISO code, e.g. GB")
            else:
                _set(values, path, code)
        elif path == "photo" or path.startswith("photo."):
            self._photo(path, raw, values, out)
        elif path == "links":
            values["links"] = self._links(raw, out)
        elif spec.get("type") == "array":
            vocabulary = spec.get("items", {}).get("x-vocabulary")
            items = [scrub(item, out.removed) for item in split_list(raw)]
            items = [item for item in items if item]
            if vocabulary == "languages":
                values[top] = self._languages(items, out)
            elif vocabulary is not None:
                values[top] = self._terms(vocabulary, top, items, out)
            elif top == "formats":
                found, unknown = formats(items)
                for item in unknown:
                    out.problems.append(f"formats: '{item}' is neither virtual nor in person")
                values[top] = found
            else:
                values[top] = items
        elif spec.get("x-vocabulary"):
            text = scrub(one_line(raw[0]), out.removed)
            term = resolve_term(self.vocabularies, spec["x-vocabulary"], text, None)
            if term is None and (term := term_named_in(self.vocabularies[spec["x-vocabulary"]], text)):
                out.notes.append(f"{path}: '{text}' read as '{term}'")
                out.defaulted[f"changed: {path}: read from a longer text (see the notes above), for"] += 1
            if term is None:
                hint = self.vocabularies[spec["x-vocabulary"]].suggest(text)
                known = ", ".join(self.vocabularies[spec["x-vocabulary"]].terms)
                out.problems.append(f"{path}: '{text}' is not one of the {spec['x-vocabulary']} in vocabularies.yml"
                                    + (suggestion(hint) if hint else f"; they are: {known}"))
            else:
                _set(values, path, term)
        elif (kind := spec.get("format") if spec.get("format") == "date" else spec.get("type")) in SCALARS:
            read, expected = SCALARS[kind]
            value = read(raw[0])
            if value is None:
                out.problems.append(f"{path}: expected {expected}, not '{one_line(raw[0])}'")
            else:
                _set(values, path, value)
        else:
            multi_line = "maxLength" not in spec
            join, clean = ("\n\n", paragraphs) if multi_line else (" ", one_line)
            text = scrub(join.join(clean(v) for v in raw if not empty(v)), out.removed, prose=multi_line)
            limit = spec.get("maxLength")
            if limit and len(text) > limit:
                cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
                out.notes.append(f"{path}: shortened to {limit} characters; check the wording")
                out.defaulted[f"changed: {path}: shortened to fit, for"] += 1
                text = cut + "…"
            if text:
                _set(values, path, text)

    def _languages(self, items: list[str], out: Outcome) -> list[str]:
        codes = []
        for item in items:
            code = language_code(item)
            if code is None and (code := language_hint(item)) is not None:
                # a misspelt language name with one close match is read as an editor would read it,
                # and said so: languages are a fixed list, unlike topics
                name = self.vocabularies.languages.terms[code].description
                out.defaulted[f"changed: languages: '{item}' read as {name} ('{code}'), for"] += 1
            if code is None:
                out.problems.append(f"languages: '{item}' is not a language we know; "
                                    "write its name in English or its ISO 639-1 code, e.g. en")
            elif code not in codes:
                codes.append(code)
        return codes

    def _terms(self, vocabulary: str, top: str, items: list[str], out: Outcome) -> list[str]:
        ids = []
        for item in items:
            found = resolve_term(self.vocabularies, vocabulary, item, self.new_terms)
            if found is None:
                hint = self.vocabularies[vocabulary].suggest(item)
                out.problems.append(f"{top}: '{item}' is not in the {vocabulary} of vocabularies.yml"
                                    + suggestion(hint)
                                    + ("; run the import again with --add-terms to add it" if self.new_terms is None
                                       and vocabulary in ("expertise", "audiences") else ""))
            elif found not in ids:
                ids.append(found)
        return ids

    def _photo(self, path: str, raw: list[Any], values: dict[str, Any], out: Outcome) -> None:
        text = one_line(raw[0])
        if path == "photo.alt":
            _set(values, path, scrub(text, out.removed))
            return
        if re.match(r"(?i)^(?:https?:)?//|^www\.", text):
            out.notes.append(f"photo: the link was not fetched; {PHOTO_ADVICE.format(id=out.id)}")
            out.defaulted["dropped: photo: links not fetched (photos must be files in the repository; see the notes above), for"] += 1
        elif (self.docs_dir / text).is_file():
            photo = values.setdefault("photo", {})
            photo["src"] = text
            photo.setdefault("alt", f"Photo of {out.name}")
        else:
            out.notes.append(f"photo: no image at {text} in the docs folder; {PHOTO_ADVICE.format(id=out.id)}")

    def _links(self, raw: list[Any], out: Outcome) -> list[dict[str, str]]:
        links = []
        for item in split_list(raw):
            url = item if re.match(r"(?i)^https?://", item) else f"https://{item}"
            if "@" in item or MESSAGING_LINK.search(item) or item.lower().startswith(("mailto:", "tel:")):
                kind = "messaging" if MESSAGING_LINK.search(item) else "handle" if item.startswith("@") else "email"
                out.removed.counts[kind] += 1
            elif not re.fullmatch(r"https://[\w-]+(?:\.[\w-]+)+(?:[/?#]\S*)?", url):
                out.notes.append(f"links: '{item}' is not a web address; left out")
            else:
                links.append({"label": profile_site(url) or "Website", "url": url})
        return links

    def _zone(self, values: dict[str, Any], out: Outcome, hints: dict[str, str]) -> None:
        if "timezone" not in _SCHEMA or values.get("timezone"):
            return
        country = (values.get("location") or {}).get("country")
        if not country:
            hints["timezone"] = "it comes from the country when the country has one time zone, and this row names none"
            return
        zone = zone_for(country, (values.get("location") or {}).get("city"))
        if zone:
            values["timezone"] = zone
            out.defaulted["defaulted: timezone: the country's time zone, for"] += 1
        else:
            hints["timezone"] = (f"{country} has {len(zones_of(country))} time zones ("
                                 + ", ".join(zones_of(country)[:4]) + "…): choose the mentor's")

    def _validate(self, profile: dict[str, Any], out: Outcome, hints: dict[str, str], rel: str) -> object | None:
        source = SourceFile(self.docs_dir / rel, rel, self.render(profile))
        item = validate_source(source, Mentor, self.context)
        mine = {problem.split(":", 1)[0].split("[")[0] for problem in out.problems}
        for problem in source.problems:
            if problem.field.split("[")[0] in mine:
                continue  # already said in the import's words
            top = problem.field.split(".")[0].split("[")[0]
            hint = hints.get(problem.field) or hints.get(top)
            if hint is None and problem.message == "this required field is missing" and top not in self.imports.fields:
                hint = "no column in MAP.yml gives it: map one, or give a value under `defaults:`"
            out.problems.append(f"{problem.field or 'profile'}: {problem.message}" + (f" ({hint})" if hint else ""))
        return item


def _missing(problems: list[str], name: str) -> bool:
    return any(p.startswith(f"{name}:") and ("required" in p or "missing" in p) for p in problems)


def _get(values: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    return _get(values.get(head) or {}, rest) if rest else values.get(head)


def _set(values: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        _set(values.setdefault(head, {}), rest, value)
    else:
        values[head] = value


@cache
def _schema() -> dict[str, Any]:
    return Mentor.model_json_schema()


_SCHEMA: dict[str, Any] = _schema()["properties"]


def _spec(path: str) -> dict[str, Any]:
    """The JSON Schema of a field path (`headline`, `location.city`), Optional unwrapped."""
    schema = _schema()
    spec: dict[str, Any] = {"properties": schema["properties"]}
    for part in path.split("."):
        spec = spec.get("properties", {}).get(part, {})
        spec = next((s for s in spec.get("anyOf", []) if s.get("type") != "null"), spec)
        if "$ref" in spec:
            spec = schema["$defs"][spec["$ref"].rsplit("/", 1)[-1]]
    return spec
