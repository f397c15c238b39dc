"""When an event happens: its occurrences, the one to show on a day, and whether it is over.

Pages, calendars and the impact figures all ask these questions, so they are answered here,
from the event's own fields and never from the clock.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

from .models import Event

RRULE_FREQUENCIES: dict[str, Literal[0, 1, 2, 3]] = {"daily": DAILY, "weekly": WEEKLY, "monthly": MONTHLY, "yearly": YEARLY}


def occurrences(event: Event) -> list[dt.datetime]:
    """Local (naive) start of every occurrence: one for a single event; series always end."""
    rule = event.recurrence
    if rule is None:
        return [event.start]
    until = dt.datetime.combine(rule.until, dt.time.max) if rule.until else None
    starts = list(rrule(RRULE_FREQUENCIES[rule.frequency], dtstart=event.start, interval=rule.interval,
                        until=until, count=rule.count))
    return starts or [event.start]


def current_occurrence(event: Event, today: dt.date) -> dt.datetime:
    """The occurrence to show on `today`: the next one that has not ended by then, else the last."""
    starts = occurrences(event)
    cutoff = dt.datetime.combine(today, dt.time.min) - (event.end - event.start)
    return next((s for s in starts if s >= cutoff), starts[-1])


def is_upcoming(event: Event, today: dt.date) -> bool:
    """Not over by the build day: a series stays upcoming until its last meeting has ended."""
    return (occurrences(event)[-1] + (event.end - event.start)).date() >= today
