"""Events: the index (upcoming, then past) and one page per event, with its calendar links."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from ...content.catalog import Catalog, Entry
from ...content.kinds import EVENT, PAGES
from ...content.models import FORMAT_LABELS, Event
from ...content.schedule import current_occurrence, is_upcoming, occurrences
from ...content.text import format_date
from ...content.zones import zone_of, zone_words
from ..ical import event_page_extras
from .base import GeneratedPage, wide


def generate(catalog: Catalog) -> list[GeneratedPage]:
    events = sorted(((_resolve_event(catalog, e), e) for e in catalog.events.values()),
                    key=lambda pair: pair[0]["next_start_utc"])
    upcoming = [e for e, _ in events if e["upcoming"]]
    past = [e for e, _ in reversed(events) if not e["upcoming"]]
    # The index takes the full width: beside its one-item sidebar it was a 330 px column at 1280 px.
    pages = [GeneratedPage(PAGES["events"], "Events", "events.html", in_nav=True,
                           resolve=partial(dict, upcoming=upcoming, past=past, hide=wide()))]
    pages += [GeneratedPage(entry.src_uri, data["title"], EVENT.template, body=entry.model.description,
                            resolve=partial(dict, event=data), edit_path=entry.source.rel)
              for data, entry in events]
    return pages


def _resolve_event(catalog: Catalog, entry: Entry[Event]) -> dict[str, Any]:
    event = entry.model
    zone = zone_of(event.timezone)
    duration = event.end - event.start
    starts = occurrences(event)
    current = current_occurrence(event, catalog.today)
    data = event.model_dump(mode="json", exclude={"description"})
    return {
        **data,
        "id": entry.id,
        "url": entry.url,
        "start_utc": _utc(event.start, zone),
        "end_utc": _utc(starts[-1] + duration, zone),
        "next_start_utc": _utc(current, zone),
        "when": _format_when(current.replace(tzinfo=zone), (current + duration).replace(tzinfo=zone)),
        "repeats": _format_recurrence(event),
        "format_label": FORMAT_LABELS[event.format],
        "venue": {**data["venue"], "country_name": catalog.vocabularies.countries.label(event.venue.country)}
        if event.venue else None,
        "upcoming": is_upcoming(event, catalog.today),
        **event_page_extras(catalog, entry.id),
    }


def _utc(local: dt.datetime, zone: ZoneInfo) -> str:
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).isoformat()


def _format_when(start: dt.datetime, end: dt.datetime) -> str:
    """"Sunday 6 December 2026, 19:00–20:00 GMT (London time)": the zone's abbreviation and the
    place whose clock it is, once; a UTC event says "UTC" once, not "UTC (UTC)". events.js
    `formatWhen` writes the same words in the browser."""
    abbreviation = start.tzname() or ""
    words = zone_words(str(start.tzinfo))
    place = f" ({words})" if words else ""
    if start.date() == end.date():
        return f"{format_date(start.date())}, {start:%H:%M}–{end:%H:%M} {abbreviation}{place}"
    return f"{format_date(start.date())} {start:%H:%M} – {format_date(end.date())} {end:%H:%M} {abbreviation}{place}"


def _format_recurrence(event: Event) -> str | None:
    rule = event.recurrence
    if rule is None:
        return None
    unit = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year"}[rule.frequency]
    every = f"every {unit}" if rule.interval == 1 else f"every {rule.interval} {unit}s"
    ends = f"until {format_date(rule.until)}" if rule.until else f"{rule.count} times"
    return f"Repeats {every}, {ends}"
