"""A mentor's status: the one rule every page, filter, count, check and the inbox use.

("Availability" named three things once; now a mentor has a status (here), a mentee has free
times (`requests.FREE_TIMES`, the form field `availability`), and the inbox counts live places
(`GET /availability.json`, whose name is a published URL).)

A mentor is in exactly one state. `paused` is the mentor's own decision, so it wins over
everything; a profile not confirmed within `review_max_age_days` is `stale` (nobody can say
whether its places are real); otherwise places decide between `accepting` and `full`.
Whether a mentor is cleared to work with under-18s is separate (`youth_cleared`), and so
is whether they are listed at all.

The inbox counts places live (`MentorStatus.less`): only `accepting` and `full` move with
requests; a paused or stale mentor stays so until the content changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Literal

State = Literal["accepting", "full", "paused", "stale"]
STATES: tuple[State, ...] = ("accepting", "full", "paused", "stale")
"""In the order the directory lists them: mentors who can be asked first."""

LABELS: dict[State, str] = {"accepting": "Accepting mentees", "full": "Full", "paused": "Paused",
                            "stale": "Not confirmed recently"}
"""What a mentee reads on cards, profiles, filters and the impact page."""

RECEIVABLE: frozenset[State] = frozenset({"accepting", "full"})
"""States a receiver keeps a request for: a request for a mentor who filled up while the
mentee was typing is kept and flagged for a coordinator; paused and stale mentors take none."""


@dataclass(frozen=True)
class MentorStatus:
    state: State
    free_places: int  # 0 unless accepting
    paused_until: dt.date | None = None  # the last day of a pause with an end

    @property
    def requestable(self) -> bool:
        """Offered on the form, suggested by the match, given a Request button."""
        return self.state == "accepting"

    @property
    def label(self) -> str:
        return LABELS[self.state]

    def less(self, taken: int) -> MentorStatus:
        """After `taken` places were promised to requests the site did not know about."""
        if self.state not in RECEIVABLE:
            return self
        free = max(self.free_places - taken, 0)
        return replace(self, state="accepting" if free else "full", free_places=free)


def status_of(*, capacity: int, active_mentees: int, accepting: bool, paused_until: dt.date | None,
                    reviewed: dt.date, today: dt.date, max_age_days: int) -> MentorStatus:
    """A profile's state on `today`: see the module's docstring for the order of the rules."""
    if not accepting:
        return MentorStatus("paused", 0)
    if paused_until is not None and today <= paused_until:
        return MentorStatus("paused", 0, paused_until)
    if overdue(reviewed, today, max_age_days):
        return MentorStatus("stale", 0)
    free = max(capacity - active_mentees, 0)
    return MentorStatus("accepting" if free else "full", free)


def overdue(reviewed: dt.date, today: dt.date, max_age_days: int) -> bool:
    """Not confirmed within the programme's review age: flagged, listed by `mentorhub stale`."""
    return (today - reviewed).days > max_age_days
