"""Events as calendars: `events.ics`, one `.ics` per event, Google Calendar links, JSON-LD.

Every file is a function of the content, its history and the build's moment, so two builds of
the same commit with the same SOURCE_DATE_EPOCH give byte-identical `.ics` files (RFC 5545,
CRLF lines):

- UID is `<slug>@<site host>` (the host of `catalog.site.url`), so a calendar app that
  subscribed to `events.ics` updates an event in place when it changes. Without a
  `site_url` the host is `localhost` and what needs an absolute address (URL, SOURCE,
  the link to the event's page) is left out; the files are still valid and useful.
- DTSTAMP is when the file was made, as RFC 5545 asks for a published calendar: the build's
  moment (`Catalog.built_at`: SOURCE_DATE_EPOCH when set, the reproducible-builds
  convention, else now).
- LAST-MODIFIED and SEQUENCE tell a client that what it has is older: LAST-MODIFIED is when the
  event's file last changed, SEQUENCE how many times it was changed after it was first
  committed (`content/revisions.py` decides both, from git). That is what mature publishers
  do: Google Calendar and Outlook send SEQUENCE+1 with every organiser's change, and clients
  that import a file (rather than subscribe to it) replace their copy only when SEQUENCE is
  higher, so a cancellation reaches them. Counting commits needs no field an editor must
  remember to bump, and only grows; any edit counts, not only changes of time or place (a
  needless bump costs nothing, a missed one leaves a cancelled event in someone's calendar).
  Outside git SEQUENCE is 0 and LAST-MODIFIED the file's modification time.
- Times carry their IANA zone (TZID) with a VTIMEZONE built here from `zoneinfo`, the
  source the pages use, covering only what the calendar's events need: the observance in
  force on the first event's day and every change until the last one ends.
  (icalendar's `Timezone.from_tzinfo` writes spring-forward onsets an hour late with
  zoneinfo: RFC 5545 reads an observance's DTSTART in its TZOFFSETFROM offset.)
- A cancelled event stays in the feed with STATUS:CANCELLED and "Cancelled: " before its
  title, for the calendar apps that ignore STATUS.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from icalendar import STATUS, Calendar, Timezone, TimezoneDaylight, TimezoneStandard, vDuration
from icalendar import Event as VEvent

from ..content.catalog import Catalog
from ..content.kinds import PAGES
from ..content.models import Event, Recurrence
from ..content.schedule import current_occurrence, occurrences
from ..content.zones import zone_of

PRODID = "-//Mentor Hub//Events//EN"
FEED_FILE = "events.ics"
NO_HOST = "localhost"
FEED_REFRESH = dt.timedelta(hours=12)
ISO_PERIODS = {"daily": "D", "weekly": "W", "monthly": "M", "yearly": "Y"}
ATTENDANCE_MODES = {"in-person": "https://schema.org/OfflineEventAttendanceMode",
                    "virtual": "https://schema.org/OnlineEventAttendanceMode",
                    "hybrid": "https://schema.org/MixedEventAttendanceMode"}
EVENT_STATUSES = {"scheduled": "https://schema.org/EventScheduled",
                  "cancelled": "https://schema.org/EventCancelled"}
LOOK_BACK = dt.timedelta(days=366)  # daylight-saving zones change at least once a year
SCAN_STEP = dt.timedelta(days=1)  # since 1970 no zone in tzdata has changed twice within two days
_UTC = dt.timezone.utc
_SECOND = dt.timedelta(seconds=1)


# --- files ------------------------------------------------------------------------------


def calendar_files(catalog: Catalog) -> dict[str, str]:
    """Site-relative path → text of every calendar file: `events.ics` and `events/<slug>.ics`."""
    files = {FEED_FILE: calendar_feed(catalog)}
    files.update({f"events/{slug}.ics": event_ics(catalog, slug) for slug in sorted(catalog.events)})
    return files


def calendar_feed(catalog: Catalog) -> str:
    """Every event, past and future, as one calendar apps can subscribe to (`events.ics`)."""
    slugs = sorted(catalog.events, key=lambda slug: (_utc(catalog.events[slug].model.start,
                                                          catalog.events[slug].model.timezone), slug))
    calendar = Calendar.new(prodid=PRODID, uid=f"events.ics@{_host(catalog)}", name=feed_name(catalog), url=_absolute(catalog, catalog.site.url_of(PAGES["events"])))
    if (source := _absolute(catalog, FEED_FILE)) is not None:
        calendar.add("SOURCE", source, parameters={"VALUE": "URI"})
    calendar.add("REFRESH-INTERVAL", FEED_REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986 requires VALUE
    calendar.add("X-PUBLISHED-TTL", vDuration(FEED_REFRESH))  # the same, for older clients
    return _serialise(calendar, catalog, slugs)


def feed_name(catalog: Catalog) -> str:
    """The events calendar's name, as calendar apps list it."""
    words = catalog.site.language
    return words.gettext("%(site)s events", site=catalog.site.name) if catalog.site.name else words.gettext("Events")


def event_ics(catalog: Catalog, event_id: str) -> str:
    """One event (a whole series for a recurring one), for the page's "Add to calendar"."""
    calendar = Calendar.new(prodid=PRODID, uid=f"{event_id}.ics@{_host(catalog)}")
    return _serialise(calendar, catalog, [event_id])


def _serialise(calendar: Calendar, catalog: Catalog, slugs: list[str]) -> str:
    """VTIMEZONEs first, for the zones the events name (icalendar writes UTC times with a Z)."""
    events = [catalog.events[slug].model for slug in slugs]
    vevents = [_vevent(catalog, slug, event) for slug, event in zip(slugs, events)]
    named = {vevent["DTSTART"].params.get("TZID") for vevent in vevents}
    for component in [*_vtimezones([e for e in events if e.timezone in named]), *vevents]:
        calendar.add_component(component)
    return str(calendar.to_ical(), "utf-8")


def _vevent(catalog: Catalog, slug: str, event: Event) -> VEvent:
    zone = zone_of(event.timezone)
    cancelled = event.status == "cancelled"
    words = catalog.site.language
    lines = [event.summary]
    if (page := _absolute(catalog, catalog.events[slug].url)) is not None:
        lines.append(words.gettext("Details: %(url)s", url=page))
    if event.online_url:
        lines.append(words.gettext("Join online: %(url)s", url=event.online_url))
    if event.registration_url and not cancelled:
        lines.append(words.gettext("Register: %(url)s", url=event.registration_url))
    revision = catalog.revisions.of(catalog.events[slug].source.rel)
    vevent: VEvent = VEvent.new(
        uid=f"{slug}@{_host(catalog)}",
        stamp=catalog.built_at.astimezone(_UTC),
        last_modified=revision.changed,
        sequence=revision.edits,
        start=event.start.replace(tzinfo=zone),
        end=event.end.replace(tzinfo=zone),
        summary=words.gettext("Cancelled: %(title)s", title=event.title) if cancelled else event.title,
        description="\n\n".join(lines),
        location=_location_text(catalog, event),
        url=page,
        status=STATUS.CANCELLED if cancelled else STATUS.CONFIRMED,
    )
    if event.recurrence is not None:
        vevent.add("RRULE", _rrule(event.recurrence, zone))
    return vevent


def _rrule(rule: Recurrence, zone: ZoneInfo) -> dict[str, Any]:
    """RFC 5545 RRULE; UNTIL is in UTC (DTSTART has a TZID) and keeps the whole `until` day."""
    parts: dict[str, Any] = {"FREQ": rule.frequency.upper()}
    if rule.interval != 1:
        parts["INTERVAL"] = rule.interval
    if rule.count is not None:
        parts["COUNT"] = rule.count
    if rule.until is not None:
        last_second = dt.datetime.combine(rule.until, dt.time(23, 59, 59), tzinfo=zone)
        parts["UNTIL"] = last_second.astimezone(_UTC)
    return parts


# --- time zones -------------------------------------------------------------------------


def _vtimezones(events: list[Event]) -> list[Timezone]:
    """One VTIMEZONE per zone used, from the first event's day to the day after the last one ends."""
    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for event in events:
        first = event.start.date()
        last = (occurrences(event)[-1] + (event.end - event.start)).date() + dt.timedelta(days=1)
        known = spans.get(event.timezone, (first, last))
        spans[event.timezone] = (min(known[0], first), max(known[1], last))
    return [_vtimezone(tzid, *spans[tzid]) for tzid in sorted(spans)]


def _vtimezone(tzid: str, first: dt.date, last: dt.date) -> Timezone:
    """The zone's observances in force from local midnight of `first` to local midnight of `last`.

    Each observance starts at its real onset, found in UTC to the second, and its DTSTART is
    written as RFC 5545 reads it: the onset's wall time in the offset in force before it
    (TZOFFSETFROM). Starting at the real onset gives clients the real TZOFFSETFROM, from
    which some (dateutil's tzical) take the size of the daylight-saving shift.
    """
    zone = zone_of(tzid)
    begin = dt.datetime.combine(first, dt.time.min, tzinfo=zone).astimezone(_UTC)
    end = dt.datetime.combine(last, dt.time.min, tzinfo=zone).astimezone(_UTC)
    earlier = _transitions(tzid, begin - LOOK_BACK, begin)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    for before, onset in [earlier[-1] if earlier else (begin, begin), *_transitions(tzid, begin, end)]:
        timezone.add_component(_observance(before.astimezone(zone), onset.astimezone(zone)))
    return timezone


def _transitions(tzid: str, start: dt.datetime, stop: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """(last second before, first second after) each change of the zone in (start, stop]."""
    return [change for year in range(start.year, stop.year + 1) for change in _year_transitions(tzid, year)
            if start < change[1] <= stop]


@cache
def _year_transitions(tzid: str, year: int) -> tuple[tuple[dt.datetime, dt.datetime], ...]:
    """Every change of the zone's offset or name in a UTC calendar year, scanned once per process."""
    zone = zone_of(tzid)
    found = []
    before, stop = dt.datetime(year, 1, 1, tzinfo=_UTC), dt.datetime(year + 1, 1, 1, tzinfo=_UTC)
    state = _state(before, zone)
    while before < stop:
        after = before + SCAN_STEP
        if (next_state := _state(after, zone)) != state:
            low, high = before, after
            while high - low > _SECOND:
                middle = low + (high - low) // 2 // _SECOND * _SECOND
                low, high = (low, middle) if _state(middle, zone) != state else (middle, high)
            found.append((low, high))
        before, state = after, next_state
    return tuple(found)


def _state(instant: dt.datetime, zone: ZoneInfo) -> tuple[dt.timedelta | None, dt.timedelta | None, str | None]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst(), local.tzname()


def _offset(moment: dt.datetime) -> dt.timedelta:
    """The UTC offset of an aware moment (zoneinfo always gives one)."""
    return moment.utcoffset() or dt.timedelta(0)


def _observance(before: dt.datetime, onset: dt.datetime) -> TimezoneStandard | TimezoneDaylight:
    """The observance starting at `onset`; `before` is the last moment of the previous one."""
    offset_from, offset_to = _offset(before), _offset(onset)
    observance = TimezoneDaylight() if onset.dst() else TimezoneStandard()
    observance.add("DTSTART", (onset.astimezone(_UTC) + offset_from).replace(tzinfo=None))
    observance.add("TZOFFSETFROM", offset_from)
    observance.add("TZOFFSETTO", offset_to)
    observance.add("TZNAME", onset.tzname())
    return observance


# --- links and structured data ----------------------------------------------------------


def google_calendar_url(catalog: Catalog, event_id: str) -> str:
    """Google Calendar's "create event" link, prefilled; nothing is fetched from Google."""
    event = catalog.events[event_id].model
    details = [event.summary]
    if (page := _absolute(catalog, catalog.events[event_id].url)) is not None:
        details.append(page)
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{event.start:%Y%m%dT%H%M%S}/{event.end:%Y%m%dT%H%M%S}",
        "ctz": event.timezone,
        "details": "\n\n".join(details),
        "location": _location_text(catalog, event),
    }
    if event.recurrence is not None:
        recur = _rrule(event.recurrence, zone_of(event.timezone))
        if "UNTIL" in recur:
            recur["UNTIL"] = f"{recur['UNTIL']:%Y%m%dT%H%M%SZ}"
        params["recur"] = "RRULE:" + ";".join(f"{key}={value}" for key, value in recur.items())
    return "https://calendar.google.com/calendar/render?" + urlencode(params, quote_via=quote, safe="/")


def event_json_ld(catalog: Catalog, event_id: str) -> dict[str, Any]:
    """schema.org Event for search engines: the occurrence the page shows, and its series."""
    event = catalog.events[event_id].model
    zone = zone_of(event.timezone)
    duration = event.end - event.start
    start = current_occurrence(event, catalog.today)
    organizer: dict[str, Any] = {"@type": "Organization", "name": catalog.site.name}
    if catalog.site.url:
        organizer["url"] = catalog.site.url
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": start.replace(tzinfo=zone).isoformat(),
        "endDate": (start + duration).replace(tzinfo=zone).isoformat(),
        "eventStatus": EVENT_STATUSES[event.status],
        "eventAttendanceMode": ATTENDANCE_MODES[event.format],
        "location": _json_ld_locations(catalog, event),
        "organizer": organizer,
    }
    if (page := _absolute(catalog, catalog.events[event_id].url)) is not None:
        data["url"] = page
    if event.recurrence is not None:
        data["eventSchedule"] = _json_ld_schedule(event, event.recurrence)
    return data


def _json_ld_locations(catalog: Catalog, event: Event) -> list[dict[str, Any]]:
    locations: list[dict[str, Any]] = []
    if event.venue is not None:
        address = {"@type": "PostalAddress", "addressLocality": event.venue.city,
                   "addressCountry": event.venue.country}
        if event.venue.address:
            address["streetAddress"] = event.venue.address
        locations.append({"@type": "Place", "name": event.venue.name, "address": address})
    online = event.online_url or event.registration_url
    if event.format != "in-person" and online:
        locations.append({"@type": "VirtualLocation", "url": online})
    return locations


def _json_ld_schedule(event: Event, rule: Recurrence) -> dict[str, Any]:
    schedule: dict[str, Any] = {
        "@type": "Schedule",
        "repeatFrequency": f"P{rule.interval}{ISO_PERIODS[rule.frequency]}",
        "startDate": event.start.date().isoformat(),
        "endDate": occurrences(event)[-1].date().isoformat(),
        "startTime": f"{event.start:%H:%M}",
        "endTime": f"{event.end:%H:%M}",
        "scheduleTimezone": event.timezone,
    }
    if rule.count is not None:
        schedule["repeatCount"] = rule.count
    return schedule


def event_page_extras(catalog: Catalog, event_id: str) -> dict[str, Any]:
    """What the event templates need beyond the event's fields, for `_resolve_event`'s dict.

    `starts_utc` are the shown occurrence and every later one, so the browser can move to the
    next meeting, and a series to "Past", when the site has not been rebuilt for a while.
    """
    event = catalog.events[event_id].model
    duration = event.end - event.start
    current = current_occurrence(event, catalog.today)
    cancelled = event.status == "cancelled"
    return {
        "ics_file": f"events/{event_id}.ics",
        "google_calendar_url": None if cancelled else google_calendar_url(catalog, event_id),
        "json_ld": event_json_ld(catalog, event_id),
        "next_end_utc": _utc(current + duration, event.timezone),
        "starts_utc": [_utc(s, event.timezone) for s in occurrences(event) if s >= current],
        "duration_seconds": int(duration.total_seconds()),
    }


# --- helpers ----------------------------------------------------------------------------


def country_name(catalog: Catalog, code: str) -> str:
    """A country in the site's language: CLDR's name ("Portugal", "Royaume-Uni"); English keeps
    the vocabulary's label, which the directory shows too."""
    words = catalog.site.language
    label = catalog.vocabularies.countries.label(code)
    return label if words.code == "en" else str(words.locale.territories.get(code.upper(), label))


def _location_text(catalog: Catalog, event: Event) -> str:
    if event.venue is None:
        return event.online_url or catalog.site.language.gettext("Online")
    venue = event.venue
    country = country_name(catalog, venue.country)
    return ", ".join(part for part in (venue.name, venue.address, venue.city, country) if part)


def _utc(local: dt.datetime, timezone: str) -> str:
    return local.replace(tzinfo=zone_of(timezone)).astimezone(_UTC).isoformat()


def _host(catalog: Catalog) -> str:
    return (urlsplit(catalog.site.url).hostname if catalog.site.url else None) or NO_HOST


def _absolute(catalog: Catalog, path: str) -> str | None:
    return f"{catalog.site.url}{path}" if catalog.site.url else None
