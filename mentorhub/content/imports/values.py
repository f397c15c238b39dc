"""What people type into a sign-up form, read the way an editor would: lists, languages, formats,
numbers, yes/no and dates."""

from __future__ import annotations

import datetime as dt
import re

from anyascii import anyascii

from ..vocabulary import builtin_vocabulary

# Language names people use that the ISO 639-1 names and native names do not include.
LANGUAGE_ALIASES = {
    "mandarin": "zh", "cantonese": "zh", "mandarin chinese": "zh", "farsi": "fa", "filipino": "tl",
    "castellano": "es", "castilian": "es", "bangla": "bn", "flemish": "nl", "brazilian portuguese": "pt",
    "american english": "en", "british english": "en", "moldovan": "ro", "kiswahili": "sw",
}
FORMATS = {"virtual": "virtual", "online": "virtual", "remote": "virtual", "video": "virtual", "video call": "virtual",
           "in person": "in-person", "in-person": "in-person", "face to face": "in-person", "face-to-face": "in-person",
           "offline": "in-person", "on site": "in-person"}
BOTH = {"both", "hybrid", "either", "any", "all"}
YES = {"yes", "y", "true", "1", "x", "✓", "ja", "oui", "si", "sí"}
NO = {"no", "n", "false", "0", "nein", "non"}
SPLIT = re.compile(r"\s*(?:[,;\n\r•]|\s\|\s)\s*")


def split_list(value: object) -> list[str]:
    """Items of a list cell, split on commas, semicolons and newlines, each once ('Python; python'
    is one item): 'C, C#, C++' stays three items."""
    items: list[str] = []
    for part in value if isinstance(value, list) else [value]:
        if isinstance(part, list):
            items += split_list(part)
            continue
        if part is None or isinstance(part, (dict, bool)):
            continue
        items += [" ".join(item.split()).strip(" *•-").rstrip(".") for item in SPLIT.split(str(part))]
    seen: set[str] = set()
    unique = []
    for item in items:
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            unique.append(item)
    return unique


def language_code(name: str) -> str | None:
    """`en` for 'English', 'english', 'EN' or 'English (fluent)'; `pt` for 'Português'."""
    value = re.sub(r"\s*\(.*?\)\s*", " ", name).strip()
    value = re.sub(r"(?i)\s+(?:native|fluent|basic|intermediate|advanced|conversational|only)$", "", value).strip()
    languages = builtin_vocabulary("languages")
    for candidate in (value, anyascii(value)):
        if candidate.casefold() in LANGUAGE_ALIASES:
            return LANGUAGE_ALIASES[candidate.casefold()]
        code = languages.resolve(candidate)
        if code is not None:
            return code
    return None


def language_hint(name: str) -> str | None:
    """The language a misspelt name probably means: 'Ukranian' → 'uk' (Ukrainian)."""
    return builtin_vocabulary("languages").suggest(name)


def formats(value: object) -> tuple[list[str], list[str]]:
    """(`virtual`/`in-person` found, items not understood)."""
    found: list[str] = []
    unknown = []
    for item in split_list(value):
        folded = item.casefold().replace("_", " ")
        if folded in BOTH:
            found += ["virtual", "in-person"]
        elif any(word in folded for word in ("both", "either", "hybrid")):
            found += ["virtual", "in-person"]
        elif folded in FORMATS:
            found.append(FORMATS[folded])
        else:
            unknown.append(item)
    return list(dict.fromkeys(found)), unknown


def whole_number(value: object) -> int | None:
    """2 for '2', '2 mentees', 'up to 2' or '2-3' (the lower end: a promise one can keep)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.search(r"\d+", str(value or ""))
    return int(match.group()) if match else None


def yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    folded = str(value or "").strip().casefold().rstrip(".!")
    first = folded.split()[0].strip(",") if folded else ""
    return True if first in YES else False if first in NO else None


def date_value(value: object) -> dt.date | None:
    """A date from 2026-11-22, 22/11/2026 (day first, as most of the world writes it) or a
    Google Forms timestamp such as '2026-11-22 14:03:11'."""
    if isinstance(value, dt.date):
        return value if not isinstance(value, dt.datetime) else value.date()
    text = str(value or "").strip()
    if match := re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := re.match(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    else:
        return None
    try:
        return dt.date(*parts)
    except ValueError:
        return None


def one_line(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def paragraphs(value: object) -> str:
    """Multi-line text as an editor keeps it: lines trimmed, at most one blank line between paragraphs."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
