"""Events: the index (upcoming, then past) and one page per event, with its calendar links."""

from __future__ import annotations

import datetime as dt
from functools import cache, partial
from typing import Any
from zoneinfo import ZoneInfo

from ...content.catalog import Catalog, Entry
from ...content.kinds import EVENT, PAGES
from ...content.languages import N_, Language
from ...content.fields import FORMAT_LABELS
from ...content.models import Event
from ...content.schedule import current_occurrence, is_upcoming, occurrences
from ...content.zones import zone_names, zone_of, zone_words
from ..ical import country_name, event_page_extras
from .base import GeneratedPage, wide

# Who an event is for, as the page names them (an event's `audience` values).
AUDIENCES = {"mentees": N_("mentees"), "mentors": N_("mentors"), "coordinators": N_("coordinators"),
             "families": N_("families"), "everyone": N_("everyone")}
# "Sunday 6 December 2026, 19:00–20:00 GMT (London time)"; events.js is given the same three.
SAME_DAY = N_("%(date)s, %(start)s–%(end)s %(zone)s")
DAYS = N_("%(start_date)s %(start)s – %(end_date)s %(end)s %(zone)s")
ZONE_PLACE = N_("%(zone)s (%(place)s)")


def generate(catalog: Catalog) -> list[GeneratedPage]:
    events = sorted(((_resolve_event(catalog, e), e) for e in catalog.events.values()),
                    key=lambda pair: pair[0]["next_start_utc"])
    upcoming = [e for e, _ in events if e["upcoming"]]
    past = [e for e, _ in reversed(events) if not e["upcoming"]]
    # The index takes the full width: beside its one-item sidebar it was a 330 px column at 1280 px.
    words = catalog.site.language
    audiences = {key: words.gettext(label) for key, label in AUDIENCES.items()}
    pages = [GeneratedPage(PAGES["events"], words.gettext("Events"), "events.html", in_nav=True,
                           resolve=partial(dict, upcoming=upcoming, past=past, hide=wide(), audiences=audiences))]
    pages += [GeneratedPage(entry.src_uri, data["title"], EVENT.template, body=entry.model.description,
                            resolve=partial(dict, event=data, zone_cities=zone_cities(words)),
                            edit_path=entry.source.rel)
              for data, entry in events]
    return pages


def _resolve_event(catalog: Catalog, entry: Entry[Event]) -> dict[str, Any]:
    event = entry.model
    zone = zone_of(event.timezone)
    duration = event.end - event.start
    starts = occurrences(event)
    current = current_occurrence(event, catalog.today)
    data = event.model_dump(mode="json", exclude={"description"})
    words = catalog.site.language
    return {
        **data,
        "id": entry.id,
        "url": entry.url,
        "start_utc": _utc(event.start, zone),
        "end_utc": _utc(starts[-1] + duration, zone),
        "next_start_utc": _utc(current, zone),
        "when": _format_when(words, current.replace(tzinfo=zone), (current + duration).replace(tzinfo=zone)),
        "zone_words": place_words(words, event.timezone),
        "repeats": _format_recurrence(words, event),
        "format_label": words.gettext(FORMAT_LABELS[event.format]),
        "audience_labels": [words.gettext(AUDIENCES[a]) for a in event.audience],
        "venue": {**data["venue"], "country_name": country_name(catalog, event.venue.country)}
        if event.venue else None,
        "upcoming": is_upcoming(event, catalog.today),
        **event_page_extras(catalog, entry.id),
    }


def _utc(local: dt.datetime, zone: ZoneInfo) -> str:
    return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).isoformat()


def place_words(words: Language, zone: str) -> str | None:
    """The place whose clock a zone is, in words: "London time", "hora de Londres"; None for
    UTC and zones without a place (`Etc/GMT+5`), whose abbreviation says it all. English keeps
    zones.zone_words (the city from the IANA name); other languages take CLDR's city."""
    english = zone_words(zone)
    if english is None or words.code == "en":
        return english
    return words.format_zone(zone)


@cache
def zone_cities(words: Language) -> dict[str, Any]:
    """What events.js needs to name any visitor's zone as `place_words` does: the language's
    pattern ("hora de %(city)s", filled with the IANA name's city) and the words of the zones
    whose CLDR city is another ("hora de Londres"); English needs no exceptions."""
    if words.code == "en":
        return {"pattern": "%(city)s time", "words": {}}
    pattern = str(words.locale.zone_formats.get("region", "%s")).replace("%s", "%(city)s")
    exceptions: dict[str, str] = {}
    for zone in sorted(zone_names()):
        english = zone_words(zone)
        if english is None:
            continue
        local = words.format_zone(zone)
        if local != pattern.replace("%(city)s", english.removesuffix(" time")):
            exceptions[zone] = local
    return {"pattern": pattern, "words": exceptions}


def _format_when(words: Language, start: dt.datetime, end: dt.datetime) -> str:
    """"Sunday 6 December 2026, 19:00–20:00 GMT (London time)", "domingo, 6 de diciembre de 2026,
    19:00–20:00 GMT (hora de Londres)": the zone's abbreviation and the place whose clock it is,
    once; a UTC event says "UTC" once, not "UTC (UTC)". events.js `formatWhen` writes the same
    words in the browser, from the same messages."""
    abbreviation = start.tzname() or ""
    place = place_words(words, str(start.tzinfo))
    zone = words.gettext(ZONE_PLACE, zone=abbreviation, place=place) if place else abbreviation
    if start.date() == end.date():
        return words.gettext(SAME_DAY, date=words.format_date(start.date()), start=words.format_time(start),
                             end=words.format_time(end), zone=zone)
    return words.gettext(DAYS, start_date=words.format_date(start.date()), start=words.format_time(start),
                         end_date=words.format_date(end.date()), end=words.format_time(end), zone=zone)


def _format_recurrence(words: Language, event: Event) -> str | None:
    """"Repeats every 2 weeks, until Sunday 6 December 2026", "Repeats every month, 12 times"."""
    rule = event.recurrence
    if rule is None:
        return None
    n = rule.interval
    every = {"daily": words.ngettext("every day", "every %(num)s days", n),
             "weekly": words.ngettext("every week", "every %(num)s weeks", n),
             "monthly": words.ngettext("every month", "every %(num)s months", n),
             "yearly": words.ngettext("every year", "every %(num)s years", n)}[rule.frequency]
    ends = (words.gettext("until %(date)s", date=words.format_date(rule.until)) if rule.until
            else words.ngettext("%(num)s time", "%(num)s times", rule.count or 0))
    return words.gettext("Repeats %(every)s, %(ends)s", every=every, ends=ends)
