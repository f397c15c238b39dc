"""Guided match: rank accepting mentors for a prospective mentee, and say why.

The scoring reads the public mentor records (`Catalog.public_mentors`, the entries of
`mentors.json`), so the browser and Python see the same facts. This module is the one source
of the scorer's data: the weights, the reasons' wording (`match_reasons.TEMPLATES`, msgids with named
placeholders, which `score` fills in too) and the labels. `scorer_data` packs them up; the
match page carries them (`match_page_data`, emitted in theme/match.html), and the browser's
`theme/assets/scorer.js` holds only the logic of `score` and `rank` over that data. A change to
a weight or a wording here reaches the browser with the next build; a change to the logic must
be made in both, and tests/test_scorer_conformance.py runs the JavaScript under Node on
generated inputs (random and the demo's) and checks it returns what `rank` and `score` do.

The questionnaire asks for goals as the topics a mentee wants help with (`interests`) and
for availability as a time zone (`timezone`). Free-text goals and "when are you free"
answers are not collected: nothing in a mentor's public record could score them honestly,
and the page sends nothing anywhere.
"""

from __future__ import annotations

import copy
import datetime as dt
import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import combinations
from typing import Any, Final, Literal

from .mentor_state import Kind
from . import match_reasons
from .match_reasons import Labels, Reasons, fill, join, label, plural, timezone_reason
from .public import PublicMentor
from .zones import zone_of

Format = Literal["virtual", "in-person", "either"]
Wanted = Kind | Literal["either"]

# Weights (see `score`). Every part is a multiple of 0.5, so sums are exact in Python and JS.
INTEREST_POINTS = 100
AUDIENCE_POINTS = 40
TIMEZONE_POINTS_PER_HOUR = 2
HALF_DAY_MINUTES = 720
NEARBY_POINTS = 20  # cohort only: an in-person mentor in the town the mentee named (see `nearby`)
LIMIT = 5  # suggestions shown

SCORER: Final[Mapping[str, Any]] = {
    "weights": {"interest": INTEREST_POINTS, "audience": AUDIENCE_POINTS,
                "timezone_per_hour": TIMEZONE_POINTS_PER_HOUR, "half_day_minutes": HALF_DAY_MINUTES},
    "limit": LIMIT,
}


@dataclass(frozen=True)
class Preferences:
    """A prospective mentee's answers: expertise term ids, ISO 639-1 codes, an audiences term
    id, whether they are under 18, an IANA time zone, and the kind of mentoring (regular or a
    one-off session). Empty means "no preference"."""

    interests: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    format: Format = "either"
    audience: str | None = None
    minor: bool = False
    timezone: str | None = None
    mentoring: Wanted = "either"
    # Where the mentee is, in their words ("Leeds", "north Leeds"): read by the cohort match only
    # (`assign_cohort`), from the inbox's export; the match page never asks it.
    location: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """A suggested mentor: the score, the reasons to show, and free places (the tie-breaker)."""

    id: str
    score: float
    reasons: list[str]
    free_places: int


def score(mentor: PublicMentor, prefs: Preferences, reference: dt.datetime,
          labels: Labels | None = None, reasons: Reasons | None = None) -> Suggestion | None:
    """How well `mentor` (a `Catalog.public_mentors` record) suits `prefs`, or None if it must not be suggested.

    Never suggested: a mentor not accepting (full or paused), a stale profile, one who cannot
    give the kind of mentoring asked for now (no free place, or no one-off sessions), one who
    speaks none of the mentee's languages (when some were given), one who does not meet in
    the mentee's chosen format (or gives none), and, for a mentee under 18, one without `youth_cleared`.

    Score, in points; each part outweighs everything after it:
      - 100 per shared interest (the mentee's topics the mentor has as expertise);
      - 40 when the mentor works with the mentee's audience;
      - time-zone closeness: 2 per hour of UTC offset closer than 12 hours apart, measured
        at `reference` (so 24 in the same offset, 0 half a day apart; 0 when either gives no time zone).
    Language and format are requirements, not points. `rank` breaks ties by free places.
    `reference` must be timezone-aware: offsets change with daylight saving time. The reasons
    are worded by `reasons` (`match_reasons.reasons_in` a language; English when none).
    """
    return _score(mentor, prefs, reference, labels or {}, reasons or match_reasons.REASONS, None)


def rank(mentors: Iterable[PublicMentor], prefs: Preferences, reference: dt.datetime,
         limit: int = LIMIT, labels: Labels | None = None, reasons: Reasons | None = None) -> list[Suggestion]:
    """The best `limit` suggestions: highest score, then most free places, then id.

    Free places break ties so that equally good mentors share the requests instead of the
    same names always coming first; the id only makes the order reproducible.
    """
    found = (score(m, prefs, reference, labels, reasons) for m in mentors)
    return sorted((s for s in found if s is not None), key=_rank_key)[:limit]


def similar_mentors(mentor_id: str, mentors: Sequence[PublicMentor], reference: dt.datetime,
                    limit: int = 3, labels: Labels | None = None, reasons: Reasons | None = None) -> list[Suggestion]:
    """Suggestions for someone who wanted `mentor_id` (say, a full or paused mentor).

    The mentee is assumed to want that mentor's topics, in one of their languages and
    formats, at similar hours (the mentor's time zone), and to be one of their audiences
    (each candidate scores with the audience that suits it best). A youth-cleared mentor
    may have been chosen for an under-18, so only youth-cleared mentors replace one.
    Reasons compare with that mentor ("also covers Python") instead of addressing the mentee.
    For many mentors at once, build one `SimilarMentors` and call it for each.
    """
    return SimilarMentors(mentors, reference, labels, reasons)(mentor_id, limit)


# Shared topics decide the order: the rest of a score (audience, and time zones at most 26
# hours apart, either way) never makes up one topic. SimilarMentors relies on it (and
# tests/test_matching.py checks the weights keep it so).


class SimilarMentors:
    """`similar_mentors` for a whole directory: a topic index keeps a profile build near-linear.

    Scoring every candidate for every full mentor grows with the square of the directory
    (minutes at 5,000 mentors). Candidates sharing the most topics are found by intersecting
    per-topic sets and scored first, and the search stops once `limit` are found, which no
    candidate sharing fewer can beat.
    """

    def __init__(self, mentors: Sequence[PublicMentor], reference: dt.datetime,
                 labels: Labels | None = None, reasons: Reasons | None = None) -> None:
        self.reference, self.labels, self.reasons = reference, labels or {}, reasons or match_reasons.REASONS
        self.by_id = {m.id: m for m in mentors}
        self.candidates = [m for m in mentors if m.requestable]
        self.by_topic: dict[str, set[str]] = {}
        self.by_language: dict[str, set[str]] = {}
        self.by_format: dict[str, set[str]] = {}
        for mentor in self.candidates:
            for term in mentor.expertise:
                self.by_topic.setdefault(term, set()).add(mentor.id)
            for code in mentor.languages:
                self.by_language.setdefault(code, set()).add(mentor.id)
            for form in mentor.formats:
                self.by_format.setdefault(form, set()).add(mentor.id)
        self.youth_cleared = {m.id for m in self.candidates if m.youth_cleared}
        self.taking: dict[Wanted, set[str]] = {
            "long-term": {m.id for m in self.candidates if m.status.takes("long-term")},
            "session": {m.id for m in self.candidates if m.status.takes("session")}}
        self.rankings: dict[tuple[Any, ...], list[tuple[float, PublicMentor, Preferences]]] = {}

    def _eligible(self, wanted: PublicMentor) -> set[str]:
        """Candidates meeting the requirements `_points` enforces: a shared language, a format,
        clearance, and the kind of mentoring the wanted mentor gives."""
        ids = set().union(*(self.by_language.get(code, set()) for code in wanted.languages))
        if (kind := _kind_of(wanted)) != "either":
            ids &= self.taking[kind]
        if len(set(wanted.formats)) == 1:
            ids &= self.by_format.get(wanted.formats[0], set())
        return ids & self.youth_cleared if wanted.youth_cleared else ids

    def __call__(self, mentor_id: str, limit: int = 3) -> list[Suggestion]:
        wanted = self.by_id[mentor_id]
        # Mentors alike in everything scored share one ranking (one more, in case it holds the mentor).
        key = (wanted.expertise, wanted.languages, wanted.formats, wanted.audiences, wanted.youth_cleared, wanted.timezone,
               _kind_of(wanted), limit)
        if key not in self.rankings:
            self.rankings[key] = self._rank(wanted, limit + 1)
        best = [f for f in self.rankings[key] if f[1].id != mentor_id][:limit]
        # Reasons are words, and words cost: only for the few that are shown.
        return [_score(m, prefs, self.reference, self.labels, self.reasons, wanted.name) for _, m, prefs in best]  # type: ignore[misc]

    def _rank(self, wanted: PublicMentor, limit: int) -> list[tuple[float, PublicMentor, Preferences]]:
        eligible = self._eligible(wanted)
        topics = [self.by_topic.get(t, set()) & eligible for t in dict.fromkeys(wanted.expertise)]
        found: list[tuple[float, PublicMentor, Preferences]] = []
        seen: set[str] = set()
        for count in range(len(topics), 0, -1):
            # Those sharing exactly `count` topics: in some `count` topics' intersection, and in no larger one.
            group = set().union(*(set.intersection(*some) for some in combinations(topics, count))) - seen
            seen |= group
            found += self._best_of_group(wanted, [self.by_id[i] for i in group], limit)
            if len(found) >= limit:
                break
        else:  # too few share a topic: the others may still fit on language, format and hours
            found += self._best_of_group(wanted, [self.by_id[i] for i in eligible - seen], limit)
        return sorted(found, key=lambda f: (-f[0], -f[1].free_places, f[1].id))[:limit]

    def _best_of_group(self, wanted: PublicMentor, group: Iterable[PublicMentor],
                       limit: int) -> list[tuple[float, PublicMentor, Preferences]]:
        """The best `limit` of eligible candidates sharing the same number of topics, by points,
        then free places, then id.

        Each candidate scores with the audience that suits it best: the first of the wanted
        mentor's audiences it also works with, else the first (no audience points). Within a
        group, eligible candidates differ in points only by that audience and their time zone,
        so one of each (time zone, audience) class is scored and the class shares its points.
        """
        formats = set(wanted.formats)
        base = Preferences(interests=tuple(wanted.expertise), languages=tuple(wanted.languages),
                           format="either" if len(formats) != 1 else next(iter(formats)),
                           minor=bool(wanted.youth_cleared), timezone=wanted.timezone, mentoring=_kind_of(wanted))
        per_audience: dict[str | None, Preferences] = {
            audience: replace(base, audience=audience) for audience in wanted.audiences} or {None: base}
        classes: dict[tuple[str | None, str | None], list[PublicMentor]] = {}
        for candidate in group:  # the wanted mentor too: the ranking is shared with look-alikes
            shared = next((a for a in per_audience if a in candidate.audiences), None)
            classes.setdefault((candidate.timezone, shared), []).append(candidate)
        scored = []
        for (_, shared), members in classes.items():
            prefs = per_audience[shared] if shared else next(iter(per_audience.values()))
            if (points := _points(members[0], prefs, self.reference)) is not None:
                best = heapq.nsmallest(limit, members, key=lambda m: (-m.free_places, m.id))
                scored += [(points, member, prefs) for member in best]
        return scored


def assign_cohort(requests: Sequence[tuple[str, Preferences]], mentors: Sequence[PublicMentor],
                  reference: dt.datetime) -> list[tuple[str, str | None, float]]:
    """One mentor per request, in request order: `(request_id, mentor_id or None, score)`.

    Optimal for the whole cohort, not first come first served: it matches as many requests
    as any assignment can, and among those it maximises the total score. No mentor gets
    more requests than their free places. One-off sessions take no place: each goes to its
    best mentor who gives them. A mentee's town (`location`) adds `NEARBY_POINTS` for an
    in-person mentor there. Unmatched requests get None and 0.0.
    Solved as a rectangular assignment problem with one column per free place and one
    "unmatched" column per request.
    """
    # Imported here: only the cohort command needs NumPy and SciPy, not every site build.
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    result: list[tuple[str, str | None, float]] = [(request_id, None, 0.0) for request_id, _ in requests]
    # A one-off session takes no place: each goes to its best mentor who gives sessions.
    for row, (request_id, prefs) in enumerate(requests):
        if prefs.mentoring == "session":
            found = [s for m in mentors if (s := _cohort_score(m, prefs, reference)) is not None]
            if found:
                chosen = min(found, key=_rank_key)
                result[row] = (request_id, chosen.id, chosen.score)
    rows = [row for row, (_, prefs) in enumerate(requests) if prefs.mentoring != "session"]
    places = [m for m in mentors for _ in range(m.free_places)]
    by_mentor = {row: {m.id: _cohort_score(m, requests[row][1], reference) for m in mentors if m.free_places}
                 for row in rows}
    best = max((s.score for found in by_mentor.values() for s in found.values() if s is not None), default=0.0)
    # Every match is worth more than any total of scores, so more matches always win.
    match_bonus = best * len(requests) + 1
    cost = np.zeros((len(rows), len(places) + len(rows)))
    for index, row in enumerate(rows):
        for column, place in enumerate(places):
            suggestion = by_mentor[row][place.id]
            if suggestion is not None:
                cost[index, column] = -(match_bonus + suggestion.score)
    for index, column in zip(*linear_sum_assignment(cost)):
        row = rows[index]
        suggestion = by_mentor[row][places[column].id] if column < len(places) else None
        if suggestion is not None and cost[index, column] < 0:
            result[row] = (requests[row][0], suggestion.id, suggestion.score)
    return result


def nearby(mentor: PublicMentor, prefs: Preferences) -> bool:
    """Whether a mentee who may meet in person named the town or region this mentor meets in."""
    if not prefs.location or prefs.format == "virtual" or "in-person" not in mentor.formats or not mentor.location:
        return False
    words = " ".join(prefs.location.casefold().replace(",", " ").split())
    return any(place and f" {place.casefold()} " in f" {words} "
               for place in (mentor.location.city, mentor.location.region))


def _cohort_score(mentor: PublicMentor, prefs: Preferences, reference: dt.datetime) -> Suggestion | None:
    """`score`, and for the cohort the points for meeting nearby (the export has the mentee's town)."""
    found = score(mentor, prefs, reference)
    if found is None or not nearby(mentor, prefs):
        return found
    return replace(found, score=found.score + NEARBY_POINTS)


def scorer_data(labels: Labels, reasons: Reasons | None = None) -> dict[str, Any]:
    """What theme/assets/scorer.js needs besides the mentors and the answers, as JSON: the
    weights, `limit`, the reason templates in the page's language (`match_reasons.reasons_in`,
    without the Python-only `compared` ones) and `labels`."""
    words = {key: value for key, value in (reasons or match_reasons.REASONS).items() if key != "compared"}
    return {**copy.deepcopy(dict(SCORER)), "reasons": copy.deepcopy(words),
            "labels": {kind: dict(names) for kind, names in labels.items()}}


# --- internals (scorer.js mirrors the logic, except the `compared_with` wording) ---------------


def _score(mentor: PublicMentor, prefs: Preferences, reference: dt.datetime, labels: Labels,
           words: Reasons, compared_with: str | None) -> Suggestion | None:
    """`score`, or with `compared_with` a mentor's name, reasons that compare with that mentor."""
    points = _points(mentor, prefs, reference)
    if points is None:
        return None
    languages = [code for code in mentor.languages if code in prefs.languages]
    formats = [f for f in mentor.formats if prefs.format in ("either", f)]
    interests = [term for term in mentor.expertise if term in prefs.interests]
    reasons = []
    if interests:
        names = [label(labels, "expertise", t) for t in interests]
        if compared_with:
            reasons.append(fill(words["compared"]["interests"], topics=join(names, words)))
        else:
            reasons.append(fill(plural(words["interests"], len(names), words), count=len(names),
                                 topics=words["list"]["separator"].join(names)))
    if languages:
        names = [label(labels, "languages", code) for code in languages]
        reasons.append(fill(words["languages"], languages=join(names, words)))
    city = mentor.location.city if mentor.location else None  # no wording without a format, or a city to meet in
    if formats and (city or _format_key(formats) == "virtual"):
        reasons.append(fill(words["format"][_format_key(formats)], city=city))
    if prefs.audience is not None and prefs.audience in mentor.audiences:
        template = words["compared"]["audience"] if compared_with else words["audience"]
        reasons.append(fill(template, group=label(labels, "audiences", prefs.audience)))
    if prefs.minor:
        reasons.append(fill(words["minor"]))
    if mentor.sessions and prefs.mentoring != "long-term":
        reasons.append(fill(words["sessions"]))
    if prefs.timezone and mentor.timezone:
        reasons.append(timezone_reason(_minutes_apart(mentor.timezone, prefs.timezone, reference),
                                        compared_with or words["timezone"]["whom"], words))
    free = mentor.free_places
    if free:
        reasons.append(fill(plural(words["free_places"], free, words), count=free))
    return Suggestion(mentor.id, points, reasons, free)


def _points(mentor: PublicMentor, prefs: Preferences, reference: dt.datetime) -> float | None:
    """The score alone (None: never suggested); `_score` adds the reasons."""
    if not mentor.requestable or (prefs.mentoring != "either" and not mentor.status.takes(prefs.mentoring)):
        return None
    if prefs.minor and not mentor.youth_cleared:
        return None
    if prefs.languages and not any(code in prefs.languages for code in mentor.languages):
        return None
    if prefs.format != "either" and prefs.format not in mentor.formats:
        return None
    points: float = INTEREST_POINTS * sum(term in prefs.interests for term in mentor.expertise)
    if prefs.audience is not None and prefs.audience in mentor.audiences:
        points += AUDIENCE_POINTS
    if prefs.timezone and mentor.timezone:
        apart = _minutes_apart(mentor.timezone, prefs.timezone, reference)
        points += (HALF_DAY_MINUTES - abs(apart)) * TIMEZONE_POINTS_PER_HOUR / 60
    return float(points)


def _kind_of(wanted: PublicMentor) -> Wanted:
    """What someone who wanted this mentor asked for: the one kind they give, or either."""
    kinds = wanted.kinds
    return kinds[0] if len(kinds) == 1 else "either"


def _rank_key(suggestion: Suggestion) -> tuple[float, int, str]:
    return -suggestion.score, -suggestion.free_places, suggestion.id


def _format_key(formats: Sequence[str]) -> str:
    """Which `REASONS["format"]` wording: the one way the mentor meets the mentee, or either."""
    return formats[0] if len(formats) == 1 and formats[0] in ("virtual", "in-person") else "either"


def _minutes_apart(mentor_zone: str, mentee_zone: str, reference: dt.datetime) -> int:
    """The mentor's clock minus the mentee's, in minutes, folded into (-12 h, +12 h]."""
    difference = _offset_minutes(mentor_zone, reference) - _offset_minutes(mentee_zone, reference)
    folded = (difference + HALF_DAY_MINUTES) % (2 * HALF_DAY_MINUTES) - HALF_DAY_MINUTES
    return HALF_DAY_MINUTES if folded == -HALF_DAY_MINUTES else folded


@cache
def _offset_minutes(zone: str, reference: dt.datetime) -> int:
    if reference.tzinfo is None:
        raise ValueError("the reference time must be timezone-aware")
    offset = reference.astimezone(zone_of(zone)).utcoffset() or dt.timedelta(0)  # a ZoneInfo always has one
    return int(offset.total_seconds() // 60)
