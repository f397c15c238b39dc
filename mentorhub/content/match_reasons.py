"""What a mentee reads under each suggested mentor: the reasons' wording, and how it is filled in.

The templates are msgids (`TEMPLATES`); `reasons_in` gives them in a page's language, packed
for the browser by `matching.scorer_data`; theme/assets/scorer.js fills them in with the same
rules as `fill`, `plural` and `join` here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any, Final

from .languages import ENGLISH, N_, NP_, SOURCE, Language, language
from .vocabulary import Vocabularies

Labels = Mapping[str, Mapping[str, str]]
"""Display names by kind: `expertise`, `audiences` (term id → label), `languages` (code → name in a sentence)."""
Reasons = Mapping[str, Any]
"""`TEMPLATES` in one language (`reasons_in`): strings, and plural messages as {category: template}."""

TEMPLATES: Final[Mapping[str, Any]] = {
    # What a mentee reads under each suggestion, in `score`'s order. A template's `{name}` is
    # filled in (once: braces in a filled-in label stay as they are); a plural pair becomes its
    # forms by CLDR plural category, chosen by its count; lists read "A, B and C" (`list`).
    # scorer.js fills in the same.
    "interests": NP_("shares your interest: {topics}", "shares {count} of your interests: {topics}"),
    "languages": N_("speaks {languages}"),
    "format": {"virtual": N_("meets online"), "in-person": N_("meets in person in {city}"),
               "either": N_("meets online or in person in {city}")},
    "audience": N_("works with your group: {group}"),
    "minor": N_("cleared to mentor under-18s"),
    "sessions": N_("gives one-off sessions"),
    "timezone": {"same": N_("same local time as {whom}"), "ahead": N_("{gap} ahead of {whom}"),
                 "behind": N_("{gap} behind {whom}"), "hours": NP_("{count} hour", "{count} hours"),
                 "minutes": NP_("{count} minute", "{count} minutes"), "hours_and_minutes": N_("{hours} {minutes}"),
                 "whom": N_("you")},
    "free_places": NP_("{count} place free", "{count} places free"),
    "list": {"separator": N_(", "), "last": N_("{items} and {last}")},
    # `similar_mentors` compares with the mentor wanted (Python only: `scorer_data` leaves these
    # out); the time zone reasons name that mentor as `whom`.
    "compared": {"interests": N_("also covers {topics}"), "audience": N_("also works with {group}")},
}


@cache
def reasons_in(words: Language) -> Reasons:
    """`TEMPLATES` in `words`' language, with its code under `language` (plural rules go by it)."""
    def translated(node: Any) -> Any:
        if isinstance(node, str):
            return words.gettext(node)
        if isinstance(node, tuple):
            return words.plural_forms(*node)
        return {key: translated(value) for key, value in node.items()}
    return {**translated(TEMPLATES), "language": words.code}


REASONS: Final[Reasons] = reasons_in(ENGLISH)


def labels_from(vocabularies: Vocabularies, words: Language = ENGLISH) -> dict[str, dict[str, str]]:
    """The `Labels` for reasons: vocabulary labels, and languages by their names in `words`'
    language ("speaks Spanish", "habla español"), as a sentence names them."""
    return {
        "expertise": {t.id: t.label for t in vocabularies.expertise.terms.values()},
        "audiences": {t.id: t.label for t in vocabularies.audiences.terms.values()},
        "languages": {t.id: _language_name(t.id, t.description, words) for t in vocabularies.languages.terms.values()},
    }


def _language_name(code: str, english: str, words: Language) -> str:
    """The vocabulary's English name in English; CLDR's name in another language, where it has one."""
    name = english if words.code == SOURCE else words.name_of(code)
    return english if name == code else name


def timezone_reason(apart: int, whom: str, reasons: Reasons) -> str:
    words = reasons["timezone"]
    if apart == 0:
        return fill(words["same"], whom=whom)
    hours, minutes = divmod(abs(apart), 60)
    hours_part = fill(plural(words["hours"], hours, reasons), count=hours)
    minutes_part = fill(plural(words["minutes"], minutes, reasons), count=minutes)
    gap = (fill(words["hours_and_minutes"], hours=hours_part, minutes=minutes_part) if hours and minutes
           else hours_part if hours else minutes_part)
    return fill(words["ahead" if apart > 0 else "behind"], gap=gap, whom=whom)


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: object) -> str:
    """`template` with each `{name}` replaced by `values[name]`, in one pass (as scorer.js's `fill`)."""
    return PLACEHOLDER.sub(lambda found: str(values[found.group(1)]), template)


def plural(template: str | Mapping[str, str], count: int, reasons: Reasons) -> str:
    """A template, or of a plural message's forms the one for `count` in the reasons' language
    (Babel's CLDR rules; scorer.js asks Intl.PluralRules, which has the same)."""
    if isinstance(template, str):
        return template
    return template.get(language(reasons["language"]).locale.plural_form(count), template["other"])


def join(items: list[str], reasons: Reasons) -> str:
    words = reasons["list"]
    return items[0] if len(items) == 1 else fill(words["last"], items=words["separator"].join(items[:-1]),
                                                  last=items[-1])


def label(labels: Labels, kind: str, key: str) -> str:
    return labels.get(kind, {}).get(key, key)
