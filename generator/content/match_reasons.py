"""What a mentee reads under each suggested mentor: the reasons' wording, and how it is filled in.

The templates are data (`REASONS`), packed for the browser by `matching.scorer_data`;
theme/assets/scorer.js fills them in with the same rules as `fill`, `plural` and `join` here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

Labels = Mapping[str, Mapping[str, str]]
"""Display names by kind: `expertise`, `audiences` (term id → label), `languages` (code → English name)."""

REASONS: Final[Mapping[str, Any]] = {
    # What a mentee reads under each suggestion, in `score`'s order. A template's `{name}` is
    # filled in (once: braces in a filled-in label stay as they are); a {"one", "other"} pair
    # is chosen by its count; lists read "A, B and C" (`list`). scorer.js fills in the same.
    "interests": {"one": "shares your interest: {topics}", "other": "shares {count} of your interests: {topics}"},
    "languages": "speaks {languages}",
    "format": {"virtual": "meets online", "in-person": "meets in person in {city}",
               "either": "meets online or in person in {city}"},
    "audience": "works with your group: {group}",
    "minor": "cleared to mentor under-18s",
    "sessions": "gives one-off sessions",
    "timezone": {"same": "same local time as {whom}", "ahead": "{gap} ahead of {whom}",
                 "behind": "{gap} behind {whom}", "hours": {"one": "{count} hour", "other": "{count} hours"},
                 "minutes": "{count} minutes", "hours_and_minutes": "{hours} {minutes}", "whom": "you"},
    "free_places": {"one": "{count} place free", "other": "{count} places free"},
    "list": {"separator": ", ", "last": "{items} and {last}"},
}
COMPARED_REASONS: Final[Mapping[str, str]] = {
    # `similar_mentors` compares with the mentor wanted (Python only: the browser never does);
    # the time zone reasons name that mentor as `whom`.
    "interests": "also covers {topics}",
    "audience": "also works with {group}",
}


def timezone_reason(apart: int, whom: str) -> str:
    words = REASONS["timezone"]
    if apart == 0:
        return fill(words["same"], whom=whom)
    hours, minutes = divmod(abs(apart), 60)
    hours_part = fill(plural(words["hours"], hours), count=hours)
    minutes_part = fill(plural(words["minutes"], minutes), count=minutes)
    gap = (fill(words["hours_and_minutes"], hours=hours_part, minutes=minutes_part) if hours and minutes
           else hours_part if hours else minutes_part)
    return fill(words["ahead" if apart > 0 else "behind"], gap=gap, whom=whom)


PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def fill(template: str, **values: object) -> str:
    """`template` with each `{name}` replaced by `values[name]`, in one pass (as scorer.js's `fill`)."""
    return PLACEHOLDER.sub(lambda found: str(values[found.group(1)]), template)


def plural(template: str | Mapping[str, str], count: int) -> str:
    """A template, or of a {"one", "other"} pair the one for `count`."""
    return template if isinstance(template, str) else template["one" if count == 1 else "other"]


def join(items: list[str]) -> str:
    words = REASONS["list"]
    return items[0] if len(items) == 1 else fill(words["last"], items=words["separator"].join(items[:-1]),
                                                  last=items[-1])


def label(labels: Labels, kind: str, key: str) -> str:
    return labels.get(kind, {}).get(key, key)
