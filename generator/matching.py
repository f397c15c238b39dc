"""Guided match: rank accepting mentors for a prospective mentee, and say why.

The scoring reads the public mentor records (`feeds.public_mentors`, the entries of
`mentors.json`), so the browser and Python see the same facts. `theme/assets/match.js`
holds a line-for-line twin of `score` and `rank`; the browser tests check that both give the
same ids, order, scores and reasons. Change one, change the other.

The questionnaire asks for goals as the topics a mentee wants help with (`interests`) and
for availability as a time zone (`timezone`). Free-text goals and "when are you free"
answers are not collected: nothing in a mentor's public record could score them honestly,
and the page sends nothing anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .vocabulary import Vocabularies

Format = Literal["virtual", "in-person", "either"]
Labels = Mapping[str, Mapping[str, str]]
"""Display names by kind: `expertise`, `audiences` (term id → label), `languages` (code → English name)."""

# Weights (see `score`). Every part is a multiple of 0.5, so sums are exact in Python and JS.
INTEREST_POINTS = 100
AUDIENCE_POINTS = 40
TIMEZONE_POINTS_PER_HOUR = 2
HALF_DAY_MINUTES = 720
FORMAT_OPTIONS = (("either", "Online or in person"), ("virtual", "Online"), ("in-person", "In person"))


@dataclass(frozen=True)
class Preferences:
    """A prospective mentee's answers: expertise term ids, ISO 639-1 codes, an audiences term
    id, whether they are under 18, and an IANA time zone. Empty means "no preference"."""

    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    format: Format = "either"
    audience: str | None = None
    minor: bool = False
    timezone: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A suggested mentor: the score, the reasons to show, and free places (the tie-breaker)."""

    id: str
    score: float
    reasons: list[str]
    free_places: int


def score(mentor: Mapping[str, Any], prefs: Preferences, reference: dt.datetime,
          labels: Labels | None = None) -> Suggestion | None:
    """How well `mentor` (a `public_mentors` record) suits `prefs`, or None if it must not be suggested.

    Never suggested: a mentor not accepting (full or paused), a stale profile, one who
    speaks none of the mentee's languages (when some were given), one who does not meet in
    the mentee's chosen format, and, for a mentee under 18, one without `youth_cleared`.

    Score, in points; each part outweighs everything after it:
      - 100 per shared interest (the mentee's topics the mentor has as expertise);
      - 40 when the mentor works with the mentee's audience;
      - time-zone closeness: 2 per hour of UTC offset closer than 12 hours apart, measured
        at `reference` (so 24 in the same offset, 0 half a day apart; 0 when no time zone).
    Language and format are requirements, not points. `rank` breaks ties by free places.
    `reference` must be timezone-aware: offsets change with daylight saving time.
    """
    return _score(mentor, prefs, reference, labels or {}, None)


def rank(mentors: Iterable[Mapping[str, Any]], prefs: Preferences, reference: dt.datetime,
         limit: int = 5, labels: Labels | None = None) -> list[Suggestion]:
    """The best `limit` suggestions: highest score, then most free places, then id.

    Free places break ties so that equally good mentors share the requests instead of the
    same names always coming first; the id only makes the order reproducible.
    """
    found = (score(m, prefs, reference, labels) for m in mentors)
    return sorted((s for s in found if s is not None), key=_rank_key)[:limit]


def similar_mentors(mentor_id: str, mentors: Sequence[Mapping[str, Any]], reference: dt.datetime,
                    limit: int = 3, labels: Labels | None = None) -> list[Suggestion]:
    """Suggestions for someone who wanted `mentor_id` (say, a full or paused mentor).

    The mentee is assumed to want that mentor's topics, in one of their languages and
    formats, at similar hours (the mentor's time zone), and to be one of their audiences
    (each candidate scores with the audience that suits it best). A youth-cleared mentor
    may have been chosen for an under-18, so only youth-cleared mentors replace one.
    Reasons compare with that mentor ("also covers Python") instead of addressing the mentee.
    """
    wanted = {m["id"]: m for m in mentors}[mentor_id]
    formats = set(wanted["formats"])
    prefs = Preferences(interests=tuple(wanted["expertise"]), languages=tuple(wanted["languages"]),
                        format="either" if len(formats) > 1 else formats.pop(),
                        minor=bool(wanted["youth_cleared"]), timezone=wanted["timezone"])
    suggestions = []
    for candidate in mentors:
        if candidate["id"] == mentor_id:
            continue
        found = [_score(candidate, replace(prefs, audience=audience), reference, labels or {}, wanted["name"])
                 for audience in wanted["audiences"]]
        best = [s for s in found if s is not None]
        if best:
            suggestions.append(max(best, key=lambda s: s.score))
    return sorted(suggestions, key=_rank_key)[:limit]


def assign_cohort(requests: Sequence[tuple[str, Preferences]], mentors: Sequence[Mapping[str, Any]],
                  reference: dt.datetime) -> list[tuple[str, str | None, float]]:
    """One mentor per request, in request order: `(request_id, mentor_id or None, score)`.

    Optimal for the whole cohort, not first come first served: it matches as many requests
    as any assignment can, and among those it maximises the total score. No mentor gets
    more requests than their free places. Unmatched requests get None and 0.0.
    Solved as a rectangular assignment problem with one column per free place and one
    "unmatched" column per request.
    """
    # Imported here: only the cohort command needs NumPy and SciPy, not every site build.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    places = [m for m in mentors for _ in range(m["free_places"])]
    by_mentor = [{m["id"]: score(m, prefs, reference) for m in mentors if m["free_places"]} for _, prefs in requests]
    best = max((s.score for row in by_mentor for s in row.values() if s is not None), default=0.0)
    # Every match is worth more than any total of scores, so more matches always win.
    match_bonus = best * len(requests) + 1
    cost = np.zeros((len(requests), len(places) + len(requests)))
    for row, found in enumerate(by_mentor):
        for column, place in enumerate(places):
            suggestion = found[place["id"]]
            if suggestion is not None:
                cost[row, column] = -(match_bonus + suggestion.score)
    result: list[tuple[str, str | None, float]] = [(request_id, None, 0.0) for request_id, _ in requests]
    for row, column in zip(*linear_sum_assignment(cost)):
        if cost[row, column] < 0:
            suggestion = by_mentor[row][places[column]["id"]]
            assert suggestion is not None
            result[row] = (requests[row][0], suggestion.id, suggestion.score)
    return result


def labels_from(vocabularies: Vocabularies) -> dict[str, dict[str, str]]:
    """The `Labels` for reasons: vocabulary labels, and languages by their English names."""
    return {
        "expertise": {t.id: t.label for t in vocabularies.expertise.terms.values()},
        "audiences": {t.id: t.label for t in vocabularies.audiences.terms.values()},
        "languages": {t.id: t.description for t in vocabularies.languages.terms.values()},
    }


def match_page_data(mentors: Iterable[Mapping[str, Any]], labels: Labels) -> dict[str, Any]:
    """The questionnaire's options for the match page (its script fetches the mentors).

    Interests are the whole expertise vocabulary; languages and audiences only those some
    published mentor offers: a language nobody speaks could only ever find nobody.
    """
    mentors = list(mentors)
    languages = {code for m in mentors for code in m["languages"]}
    audiences = {term for m in mentors for term in m["audiences"]}
    return {
        "interests": _options(labels["expertise"], labels["expertise"], by_label=True),
        "languages": _options(labels["languages"], languages, by_label=True),
        "audiences": _options(labels["audiences"], audiences, by_label=False),
        "formats": [{"id": key, "label": label} for key, label in FORMAT_OPTIONS],
    }


# --- internals (match.js mirrors these, except the `compared_with` wording) ----------------------


def _score(mentor: Mapping[str, Any], prefs: Preferences, reference: dt.datetime, labels: Labels,
           compared_with: str | None) -> Suggestion | None:
    """`score`, or with `compared_with` a mentor's name, reasons that compare with that mentor."""
    if mentor["availability"] != "accepting" or mentor["stale"]:
        return None
    if prefs.minor and not mentor["youth_cleared"]:
        return None
    languages = [code for code in mentor["languages"] if code in prefs.languages]
    if prefs.languages and not languages:
        return None
    formats = [f for f in mentor["formats"] if prefs.format in ("either", f)]
    if not formats:
        return None
    interests = [term for term in mentor["expertise"] if term in prefs.interests]
    audience = prefs.audience is not None and prefs.audience in mentor["audiences"]
    points = INTEREST_POINTS * len(interests) + (AUDIENCE_POINTS if audience else 0)
    reasons = []
    if interests:
        reasons.append(_interests_reason([_label(labels, "expertise", t) for t in interests], compared_with))
    if languages:
        reasons.append("speaks " + _join([_label(labels, "languages", code) for code in languages]))
    reasons.append(_format_reason(formats, mentor["location"]["city"]))
    if audience:
        group = _label(labels, "audiences", prefs.audience or "")
        reasons.append(f"also works with {group}" if compared_with else f"works with your group: {group}")
    if prefs.minor:
        reasons.append("cleared to mentor under-18s")
    if prefs.timezone:
        apart = _minutes_apart(mentor["timezone"], prefs.timezone, reference)
        points += (HALF_DAY_MINUTES - abs(apart)) * TIMEZONE_POINTS_PER_HOUR / 60
        reasons.append(_timezone_reason(apart, compared_with or "you"))
    free = mentor["free_places"]
    reasons.append(f"{free} place{'' if free == 1 else 's'} free")
    return Suggestion(mentor["id"], float(points), reasons, free)


def _rank_key(suggestion: Suggestion) -> tuple[float, int, str]:
    return -suggestion.score, -suggestion.free_places, suggestion.id


def _interests_reason(labels: list[str], compared_with: str | None) -> str:
    if compared_with:
        return "also covers " + _join(labels)
    if len(labels) == 1:
        return f"shares your interest: {labels[0]}"
    return f"shares {len(labels)} of your interests: {', '.join(labels)}"


def _format_reason(formats: list[str], city: str) -> str:
    if formats == ["virtual"]:
        return "meets online"
    if formats == ["in-person"]:
        return f"meets in person in {city}"
    return f"meets online or in person in {city}"


def _minutes_apart(mentor_zone: str, mentee_zone: str, reference: dt.datetime) -> int:
    """The mentor's clock minus the mentee's, in minutes, folded into (-12 h, +12 h]."""
    difference = _offset_minutes(mentor_zone, reference) - _offset_minutes(mentee_zone, reference)
    folded = (difference + HALF_DAY_MINUTES) % (2 * HALF_DAY_MINUTES) - HALF_DAY_MINUTES
    return HALF_DAY_MINUTES if folded == -HALF_DAY_MINUTES else folded


def _offset_minutes(zone: str, reference: dt.datetime) -> int:
    if reference.tzinfo is None:
        raise ValueError("the reference time must be timezone-aware")
    offset = reference.astimezone(_zone(zone)).utcoffset()
    assert offset is not None  # a ZoneInfo always has an offset
    return int(offset.total_seconds() // 60)


@cache
def _zone(name: str) -> ZoneInfo:
    """The zone from the `tzdata` package, not the OS copy, which can be years older than a
    browser's: Debian 12's 2025b still moves British Columbia's clocks in November 2026."""
    try:
        with resources.files("tzdata.zoneinfo").joinpath(*name.split("/")).open("rb") as data:
            return ZoneInfo.from_file(data, key=name)
    except OSError:
        raise ZoneInfoNotFoundError(f"no time zone named {name!r}") from None


def _timezone_reason(apart: int, whom: str) -> str:
    if apart == 0:
        return f"same local time as {whom}"
    hours, minutes = divmod(abs(apart), 60)
    parts = ([f"{hours} hour{'' if hours == 1 else 's'}"] if hours else []) + ([f"{minutes} minutes"] if minutes else [])
    return f"{' '.join(parts)} {'ahead of' if apart > 0 else 'behind'} {whom}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _label(labels: Labels, kind: str, key: str) -> str:
    return labels.get(kind, {}).get(key, key)


def _options(labels: Mapping[str, str], ids: Iterable[str], by_label: bool) -> list[dict[str, str]]:
    chosen = set(ids)
    options = [{"id": key, "label": label} for key, label in labels.items() if key in chosen]
    return sorted(options, key=lambda o: o["label"].casefold()) if by_label else options
