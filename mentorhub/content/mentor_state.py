"""A mentor's status: the one rule every page, filter, count, check and the inbox use.

("Availability" named three things once; now a mentor has a status (here), a mentee has free
times (`requests.FREE_TIMES`, the form field `availability`), and the inbox counts live places
(`GET /availability.json`, whose name is a published URL).)

A mentor is in exactly one state. `paused` is the mentor's own decision, so it wins over
everything; a profile not confirmed within `review_max_age_days` is `stale` (nobody can say
whether its places are real); otherwise places decide between `accepting` and `full`.
Whether a mentor is cleared to work with under-18s is separate (`youth_cleared`), and so
is whether they are listed at all.

Mentoring comes in two kinds (`KINDS`): regular mentoring over months, which takes one of the
mentor's places (`capacity`), and one-off sessions (a CV review, a mock interview), which take
none. A mentor who gives sessions (`sessions: true`) is `accepting` even with every place taken,
or with no places at all (`capacity: 0`): what they can be asked for is `MentorStatus.takes`.

The inbox counts places live (`MentorStatus.less`): only `accepting` and `full` move with
requests; a paused or stale mentor stays so until the content changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

from .languages import ENGLISH, NP_, N_, Language

State = Literal["accepting", "full", "paused", "stale"]
STATES: tuple[State, ...] = ("accepting", "full", "paused", "stale")
"""In the order the directory lists them: mentors who can be asked first."""

LABELS: dict[State, str] = {"accepting": N_("Accepting mentees"), "full": N_("Full"), "paused": N_("Paused"),
                            "stale": N_("Not confirmed recently")}
"""What a mentee reads on cards, profiles, filters and the impact page (English msgids: a page
translates them with `Language.gettext`; the inbox reads them as they are)."""

Kind = Literal["long-term", "session"]
KINDS: dict[Kind, str] = {"long-term": N_("Regular mentoring"), "session": N_("One-off sessions")}
"""The kinds of mentoring, as the directory's filter, the request form and the match name them."""


def kinds_offered(capacity: int | None, sessions: bool) -> tuple[Kind, ...]:
    """The kinds a profile gives: regular mentoring unless `capacity` is 0 (not given: one place)."""
    return tuple(kind for kind in KINDS if (sessions if kind == "session" else capacity != 0))


RECEIVABLE: frozenset[State] = frozenset({"accepting", "full"})
"""States a receiver keeps a request for: a request for a mentor who filled up while the
mentee was typing is kept and flagged for a coordinator; paused and stale mentors take none."""


@dataclass(frozen=True)
class MentorStatus:
    state: State
    free_places: int  # 0 unless accepting
    paused_until: dt.date | None = None  # the last day of a pause with an end
    sessions: bool = False  # gives one-off sessions, which take no place

    @property
    def requestable(self) -> bool:
        """Offered on the form, suggested by the match, given a Request button."""
        return self.state == "accepting"

    def takes(self, kind: Kind) -> bool:
        """Whether a request for this kind of mentoring can be met now."""
        return self.requestable and (self.sessions if kind == "session" else self.free_places > 0)

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def less(self, taken: int) -> MentorStatus:
        """After `taken` places were promised to requests the site did not know about."""
        if self.state not in RECEIVABLE:
            return self
        free = max(self.free_places - taken, 0)
        return replace(self, state="accepting" if free or self.sessions else "full", free_places=free)

    @property
    def words(self) -> str:
        """What an accepting mentor offers, in English (the inbox's dashboard)."""
        return self.words_in(ENGLISH)

    def words_in(self, words: Language) -> str:
        """What an accepting mentor offers, in the words cards and profiles show in a page's language
        (availability.js says the same from `base.live_source`'s labels when the live count moves it)."""
        if self.state != "accepting":
            return words.gettext(self.label)
        if not self.free_places:
            return words.gettext(WORDS["sessions_only"])
        places = words.ngettext(*PLACES_FREE, self.free_places)
        text = words.gettext(STATUS_PLACES, status=words.gettext(self.label), places=places)
        return text + (words.gettext(WORDS["and_sessions"]) if self.sessions else "")


PLACES_FREE = NP_("%(num)s place free", "%(num)s places free")
STATUS_PLACES = N_("%(status)s: %(places)s")
WORDS = {"and_sessions": N_(", and one-off sessions"), "sessions_only": N_("Accepting one-off sessions")}


def status_of(*, capacity: int, active_mentees: int, accepting: bool, paused_until: dt.date | None,
              reviewed: dt.date, today: dt.date, max_age_days: int, sessions: bool = False) -> MentorStatus:
    """A profile's state on `today`: see the module's docstring for the order of the rules."""
    if not accepting:
        return MentorStatus("paused", 0)
    if paused_until is not None and today <= paused_until:
        return MentorStatus("paused", 0, paused_until)
    if overdue(reviewed, today, max_age_days):
        return MentorStatus("stale", 0)
    free = max(capacity - active_mentees, 0)
    return MentorStatus("accepting" if free or sessions else "full", free, sessions=sessions)


def overdue(reviewed: dt.date, today: dt.date, max_age_days: int) -> bool:
    """Not confirmed within the programme's review age: flagged, listed by `mentorhub stale`."""
    return (today - reviewed).days > max_age_days
