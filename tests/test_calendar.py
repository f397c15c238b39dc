"""Calendars from events: exact files, reproducible bytes, and other parsers' reading of them.

vobject re-parses every file; dateutil's `tzical` (which knows nothing of zoneinfo) reads each
VTIMEZONE, and must agree with zoneinfo at every hour it covers; recurring-ical-events
expands the demo's monthly circle across both daylight-saving changes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import uuid

import icalendar
import pytest
import recurring_ical_events
import vobject
from dateutil import tz
from dateutil.rrule import rrulestr

from support import REPO, TODAY, FixtureProgramme, git
from mentorhub.content.schedule import current_occurrence, occurrences
from mentorhub.site.ical import (
    calendar_feed,
    calendar_files,
    event_ics,
    event_json_ld,
    event_page_extras,
    google_calendar_url,
)
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project
from mentorhub.content.zones import zone_of

UTC = dt.timezone.utc
OPEN_EVENING_ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Mentor Hub//Events//EN
UID:open-evening.ics@example.org
BEGIN:VTIMEZONE
TZID:Europe/Lisbon
BEGIN:STANDARD
DTSTART:20261025T020000
TZNAME:WET
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
SUMMARY:Open evening
DTSTART;TZID=Europe/Lisbon:20261203T180000
DTEND;TZID=Europe/Lisbon:20261203T193000
DTSTAMP:20261122T000000Z
UID:open-evening@example.org
SEQUENCE:0
DESCRIPTION:Meet mentors and coordinators.\\n\\nDetails: https://example.org
 /fixture/events/open-evening/
LAST-MODIFIED:20261101T093000Z
LOCATION:Central Library\\, Lisbon\\, Portugal
STATUS:CONFIRMED
URL:https://example.org/fixture/events/open-evening/
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n")


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def vevents(text: str) -> dict[str, icalendar.Component]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def tzid_of(block: str) -> str:
    """The TZID of one VTIMEZONE block."""
    found = re.search(r"TZID:(.*)\r\n", block)
    assert found, block
    return found.group(1)


def vtimezones(text: str) -> dict[str, list[tuple[str, str, str, str, str]]]:
    """Each zone's observances as (kind, DTSTART, TZNAME, TZOFFSETFROM, TZOFFSETTO)."""
    zones = {}
    for block in re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", text, re.S):
        tzid = tzid_of(block)
        zones[tzid] = re.findall(r"BEGIN:(STANDARD|DAYLIGHT)\r\nDTSTART:(\w+)\r\nTZNAME:(.*?)\r\n"
                                 r"TZOFFSETFROM:(.*?)\r\nTZOFFSETTO:(.*?)\r\n", block)
    return zones


EDITED = dt.datetime(2026, 11, 1, 9, 30, tzinfo=UTC)  # before TODAY, when the fixture's catalog is built


def edited_at(site: FixtureProgramme, moment: dt.datetime, *events: str) -> None:
    """Outside git an event's LAST-MODIFIED is its file's modification time: set it."""
    for slug in events or ("open-evening", "mentor-circle", "spring-fair"):
        os.utime(site.root / "content" / "events" / f"{slug}.yml", (moment.timestamp(), moment.timestamp()))


def test_one_event_file_exactly(site: FixtureProgramme) -> None:
    """Built as of TODAY (DTSTAMP, midnight UTC), from a file last changed on EDITED, outside git (SEQUENCE 0)."""
    edited_at(site, EDITED, "open-evening")
    assert event_ics(site.catalog(), "open-evening") == OPEN_EVENING_ICS


def test_feed_has_every_event_with_a_stable_uid_status_and_rrule(site: FixtureProgramme) -> None:
    feed = calendar_feed(site.catalog())
    events = vevents(feed)
    assert list(events) == ["spring-fair@example.org", "mentor-circle@example.org", "open-evening@example.org"]
    fair, circle = events["spring-fair@example.org"], events["mentor-circle@example.org"]
    assert (str(fair["STATUS"]), str(fair["SUMMARY"])) == ("CANCELLED", "Cancelled: Spring fair")
    assert str(circle["STATUS"]) == "CONFIRMED"
    assert "RRULE:FREQ=MONTHLY;COUNT=12\r\n" in feed
    assert feed.count("RRULE:") == 1
    head = feed.split("BEGIN:VTIMEZONE")[0]
    assert head == ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mentor Hub//Events//EN\r\n"
                    "NAME:Fixture programme events\r\nX-WR-CALNAME:Fixture programme events\r\n"
                    "REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"
                    "SOURCE;VALUE=URI:https://example.org/fixture/events.ics\r\n"
                    "UID:events.ics@example.org\r\nURL:https://example.org/fixture/events/\r\n"
                    "X-PUBLISHED-TTL:PT12H\r\n")


def test_dtstamp_is_the_build_time_and_nothing_else_changes_with_the_day(site: FixtureProgramme,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds on different days, with icalendar's own clock and random UIDs changed: only
    DTSTAMP differs, and it is each build's moment."""
    edited_at(site, EDITED)

    def build(day: dt.date, now: dt.datetime, random: uuid.UUID) -> dict[str, str]:
        monkeypatch.setattr(icalendar.cal.component.Component, "_utc_now", staticmethod(lambda: now))
        monkeypatch.setattr(uuid, "uuid4", lambda: random)
        return calendar_files(site.project().load(day))

    first = build(TODAY, dt.datetime(2026, 11, 22, 9, tzinfo=UTC), uuid.UUID(int=1))
    second = build(TODAY + dt.timedelta(days=400), dt.datetime(2030, 1, 1, tzinfo=UTC), uuid.UUID(int=2))
    assert sorted(first) == ["events.ics", "events/mentor-circle.ics", "events/open-evening.ics",
                             "events/spring-fair.ics"]
    assert re.findall(r"DTSTAMP:(\w+)", first["events.ics"]) == ["20261122T000000Z"] * 3
    assert re.findall(r"DTSTAMP:(\w+)", second["events.ics"]) == ["20271227T000000Z"] * 3
    assert {name: text.replace("DTSTAMP:20271227", "DTSTAMP:20261122") for name, text in second.items()} == first
    assert re.findall(r"LAST-MODIFIED:(\w+)", first["events.ics"]) == ["20261101T093000Z"] * 3


def moment(event: icalendar.Component, name: str) -> dt.datetime:
    value = event.decoded(name)
    assert isinstance(value, dt.datetime), value
    return value


def test_dtstamp_follows_source_date_epoch(site: FixtureProgramme, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build not pinned to a day (the plugin's) is made at SOURCE_DATE_EPOCH, to the second."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795347296")  # 2026-11-22 11:34:56 UTC
    events = vevents(calendar_feed(site.project().load()))
    assert {moment(event, "DTSTAMP") for event in events.values()} == {dt.datetime(2026, 11, 22, 11, 34, 56, tzinfo=UTC)}


def test_a_file_changed_after_the_build_day_counts_as_changed_then(site: FixtureProgramme) -> None:
    """A copy made later (a checkout, a test's copy) builds the same bytes: LAST-MODIFIED ≤ DTSTAMP."""
    edited_at(site, dt.datetime(2027, 3, 1, tzinfo=UTC), "open-evening")
    event = vevents(event_ics(site.catalog(), "open-evening"))["open-evening@example.org"]
    assert moment(event, "LAST-MODIFIED") == moment(event, "DTSTAMP") == dt.datetime(2026, 11, 22, tzinfo=UTC)


def test_a_cancellation_committed_later_has_a_higher_sequence_and_its_commit_time(site: FixtureProgramme) -> None:
    """In git: SEQUENCE counts the commits that changed the event's file after the first, and
    LAST-MODIFIED is the last one's time, so a client that has the event sees this one is newer."""
    added, cancelled = dt.datetime(2026, 10, 1, 8, tzinfo=UTC), dt.datetime(2026, 11, 20, 17, 45, tzinfo=UTC)
    git(site.root, "init", "-q")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "The programme", when=added)
    site.edit("content/events/open-evening.yml", "title: Open evening\n", "title: Open evening\nstatus: cancelled\n")
    git(site.root, "commit", "-q", "-am", "Cancel the open evening", when=cancelled)
    site.edit("content/events/mentor-circle.yml", "title: ", "title: Monthly ")  # edited, not committed
    events = vevents(calendar_feed(site.catalog()))
    evening, circle = events["open-evening@example.org"], events["mentor-circle@example.org"]
    assert (str(evening["STATUS"]), evening["SEQUENCE"], moment(evening, "LAST-MODIFIED")) == ("CANCELLED", 1, cancelled)
    assert (circle["SEQUENCE"], moment(circle, "LAST-MODIFIED")) == (0, added)  # what is published is what is committed
    assert events["spring-fair@example.org"]["SEQUENCE"] == 0


def test_vtimezones_cover_only_what_the_events_need(site: FixtureProgramme) -> None:
    """The observance in force on the first event's day, from its real onset, and each change
    until the last event; onsets are wall times in the offset before the change."""
    catalog = site.catalog()
    assert vtimezones(calendar_feed(catalog)) == {
        # spring fair (10 March 2026, winter time since October 2025) to open evening (3 December)
        "Europe/Lisbon": [("STANDARD", "20251026T020000", "WET", "+0100", "+0000"),
                          ("DAYLIGHT", "20260329T010000", "WEST", "+0000", "+0100"),
                          ("STANDARD", "20261025T020000", "WET", "+0100", "+0000")],
        # the circle, 6 October 2026 (summer time since March) to 6 September 2027
        "Europe/London": [("DAYLIGHT", "20260329T010000", "BST", "+0000", "+0100"),
                          ("STANDARD", "20261025T020000", "GMT", "+0100", "+0000"),
                          ("DAYLIGHT", "20270328T010000", "BST", "+0000", "+0100")],
    }
    # One event's file needs only its own day.
    assert vtimezones(event_ics(catalog, "spring-fair")) == {
        "Europe/Lisbon": [("STANDARD", "20251026T020000", "WET", "+0100", "+0000")]}


def test_an_event_in_utc_needs_no_vtimezone(site: FixtureProgramme) -> None:
    site.edit("content/events/open-evening.yml", "timezone: Europe/Lisbon", "timezone: UTC")
    text = event_ics(site.catalog(), "open-evening")
    assert "VTIMEZONE" not in text
    assert "DTSTART:20261203T180000Z\r\nDTEND:20261203T193000Z\r\n" in text


def test_until_becomes_utc_and_keeps_the_whole_last_day(site: FixtureProgramme) -> None:
    site.edit("content/events/mentor-circle.yml", "{frequency: monthly, count: 12}",
              "{frequency: weekly, interval: 2, until: 2026-11-17}")
    catalog = site.catalog()
    text = event_ics(catalog, "mentor-circle")
    assert "RRULE:FREQ=WEEKLY;UNTIL=20261117T235959Z;INTERVAL=2\r\n" in text
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
        dt.datetime(2026, 10, 1), dt.datetime(2027, 1, 1))
    assert [e.start.date().isoformat() for e in expanded] == ["2026-10-06", "2026-10-20", "2026-11-03",
                                                             "2026-11-17"]
    assert [s.date() for s in occurrences(catalog.events["mentor-circle"].model)] == [
        e.start.date() for e in expanded]


def test_every_file_is_crlf_and_folded(site: FixtureProgramme, demo: Catalog) -> None:
    for text in [*calendar_files(site.catalog()).values(), *calendar_files(demo).values()]:
        data = text.encode("utf-8")
        assert data.endswith(b"END:VCALENDAR\r\n")
        assert data.count(b"\n") == data.count(b"\r\n")
        assert max(len(line) for line in data.split(b"\r\n")) <= 75


def test_a_second_parser_reads_every_file_alike(site: FixtureProgramme, demo: Catalog) -> None:
    for catalog in (site.catalog(), demo):
        for path, text in calendar_files(catalog).items():
            parsed = vobject.readOne(text, validate=True)
            read = {e.uid.value: e for e in parsed.vevent_list}
            zones = {e.uid.value: e.dtstart.params["TZID"] for e in vobject.readOne(text, transform=False).vevent_list}
            slugs = sorted(catalog.events) if path == "events.ics" else [path[len("events/"):-len(".ics")]]
            assert sorted(read) == [f"{slug}@example.org" for slug in slugs], path
            for slug in slugs:
                event, vevent = catalog.events[slug].model, read[f"{slug}@example.org"]
                assert vevent.dtstart.value.replace(tzinfo=None) == event.start
                assert vevent.dtend.value.replace(tzinfo=None) == event.end
                assert zones[f"{slug}@example.org"] == [event.timezone]
                assert vevent.status.value == ("CANCELLED" if event.status == "cancelled" else "CONFIRMED")
                assert vevent.summary.value.endswith(event.title)


def test_every_vtimezone_agrees_with_zoneinfo_at_every_half_hour(demo: Catalog) -> None:
    """tzical reads DTSTART in TZOFFSETFROM as RFC 5545 says; an onset an hour out fails here."""
    feed = calendar_feed(demo)
    blocks = re.findall(r"BEGIN:VTIMEZONE\r\n.*?END:VTIMEZONE\r\n", feed, re.S)
    assert len(blocks) == 5
    for block in blocks:
        tzid = tzid_of(block)
        read, zone = tz.tzical(io.StringIO(block)).get(), zone_of(tzid)
        events = [e.model for e in demo.events.values() if e.model.timezone == tzid]
        instant = min(dt.datetime.combine(e.start.date(), dt.time.min, tzinfo=zone) for e in events).astimezone(UTC)
        last = max(occurrences(e)[-1] + (e.end - e.start) for e in events).replace(tzinfo=zone)
        while instant <= last:
            assert instant.astimezone(read).utcoffset() == instant.astimezone(zone).utcoffset(), (tzid, instant)
            instant += dt.timedelta(minutes=30)


def test_the_monthly_circle_stays_at_seven_pm_london_time_across_both_clock_changes(demo: Catalog) -> None:
    text = event_ics(demo, "monthly-mentor-circle")
    expanded = recurring_ical_events.of(icalendar.Calendar.from_ical(text)).between(
        dt.datetime(2026, 10, 1), dt.datetime(2027, 10, 1))
    london = zone_of("Europe/London")
    local = [(f"{e.start.astimezone(london):%Y-%m-%d %H:%M %Z}", f"{e.end.astimezone(london):%H:%M}",
              e.start.astimezone(UTC).hour) for e in expanded]
    assert local == [
        ("2026-10-06 19:00 BST", "20:00", 18),
        ("2026-11-06 19:00 GMT", "20:00", 19),  # the clocks went back on 25 October
        ("2026-12-06 19:00 GMT", "20:00", 19),
        ("2027-01-06 19:00 GMT", "20:00", 19),
        ("2027-02-06 19:00 GMT", "20:00", 19),
        ("2027-03-06 19:00 GMT", "20:00", 19),
        ("2027-04-06 19:00 BST", "20:00", 18),  # and forward on 28 March
        ("2027-05-06 19:00 BST", "20:00", 18),
        ("2027-06-06 19:00 BST", "20:00", 18),
        ("2027-07-06 19:00 BST", "20:00", 18),
        ("2027-08-06 19:00 BST", "20:00", 18),
        ("2027-09-06 19:00 BST", "20:00", 18),
    ]
    # A client that reads the file's VTIMEZONE (not zoneinfo) puts them at the same instants.
    block = re.search(r"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r\n", text, re.S)
    assert block is not None
    own_zone = tz.tzical(io.StringIO(block.group(0))).get()
    vevent = vobject.readOne(text).vevent
    rule = rrulestr(vevent.rrule.value, dtstart=vevent.dtstart.value.replace(tzinfo=own_zone))
    assert [s.astimezone(UTC) for s in rule] == [e.start.astimezone(UTC) for e in expanded]


def test_without_a_site_url_uids_use_localhost_and_links_are_left_out(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "site_url: https://example.org/fixture/\n", "")
    catalog = site.catalog()
    feed = calendar_feed(catalog)
    assert sorted(vevents(feed)) == ["mentor-circle@localhost", "open-evening@localhost", "spring-fair@localhost"]
    assert "UID:events.ics@localhost\r\n" in feed
    assert not re.search(r"^(URL|SOURCE)[:;]", feed, re.M)
    assert "Details:" not in feed and "example.org/fixture" not in feed
    assert "url" not in event_json_ld(catalog, "open-evening")


def test_google_calendar_link_for_fixed_events(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    assert google_calendar_url(catalog, "open-evening") == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Open%20evening"
        "&dates=20261203T180000/20261203T193000&ctz=Europe/Lisbon"
        "&details=Meet%20mentors%20and%20coordinators.%0A%0Ahttps%3A//example.org/fixture/events/open-evening/"
        "&location=Central%20Library%2C%20Lisbon%2C%20Portugal")
    assert google_calendar_url(catalog, "mentor-circle") == (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&text=Mentor%20circle"
        "&dates=20261006T190000/20261006T200000&ctz=Europe/London"
        "&details=Monthly%20peer%20support%20for%20mentors.%0A%0Ahttps%3A//example.org/fixture/events/mentor-circle/"
        "&location=https%3A//example.org/circle&recur=RRULE%3AFREQ%3DMONTHLY%3BCOUNT%3D12")


def test_json_ld_for_a_series_and_a_cancelled_hybrid_event(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    organizer = {"@type": "Organization", "name": "Fixture programme", "url": "https://example.org/fixture/"}
    assert event_json_ld(catalog, "mentor-circle") == {
        "@context": "https://schema.org", "@type": "Event", "name": "Mentor circle",
        "description": "Monthly peer support for mentors.",
        # the meeting the page shows on the build day (22 November): 6 December, GMT
        "startDate": "2026-12-06T19:00:00+00:00", "endDate": "2026-12-06T20:00:00+00:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": [{"@type": "VirtualLocation", "url": "https://example.org/circle"}],
        "organizer": organizer, "url": "https://example.org/fixture/events/mentor-circle/",
        "eventSchedule": {"@type": "Schedule", "repeatFrequency": "P1M", "startDate": "2026-10-06",
                          "endDate": "2027-09-06", "startTime": "19:00", "endTime": "20:00",
                          "scheduleTimezone": "Europe/London", "repeatCount": 12},
    }
    fair = event_json_ld(catalog, "spring-fair")
    assert (fair["eventStatus"], fair["eventAttendanceMode"]) == (
        "https://schema.org/EventCancelled", "https://schema.org/MixedEventAttendanceMode")
    assert (fair["startDate"], fair["endDate"]) == ("2026-03-10T10:00:00+00:00", "2026-03-10T15:00:00+00:00")
    assert fair["location"] == [
        {"@type": "Place", "name": "Central Library",
         "address": {"@type": "PostalAddress", "addressLocality": "Lisbon", "addressCountry": "PT"}},
        {"@type": "VirtualLocation", "url": "https://example.org/fair"},
    ]


def test_page_extras_carry_the_shown_meeting_and_the_later_ones(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    circle = event_page_extras(catalog, "mentor-circle")
    assert circle["ics_file"] == "events/mentor-circle.ics"
    assert circle["google_calendar_url"] == google_calendar_url(catalog, "mentor-circle")
    assert circle["next_end_utc"] == "2026-12-06T20:00:00+00:00"
    assert circle["starts_utc"][:5] == ["2026-12-06T19:00:00+00:00", "2027-01-06T19:00:00+00:00",
                                        "2027-02-06T19:00:00+00:00", "2027-03-06T19:00:00+00:00",
                                        "2027-04-06T18:00:00+00:00"]
    assert (len(circle["starts_utc"]), circle["duration_seconds"]) == (10, 3600)
    fair = event_page_extras(catalog, "spring-fair")
    assert (fair["google_calendar_url"], fair["starts_utc"]) == (None, ["2026-03-10T10:00:00+00:00"])
    # On the day of a meeting it is still the one shown, even after it ended.
    event = catalog.events["mentor-circle"].model
    assert current_occurrence(event, dt.date(2026, 12, 6)) == dt.datetime(2026, 12, 6, 19)
    assert current_occurrence(event, dt.date(2026, 12, 7)) == dt.datetime(2027, 1, 6, 19)
    assert current_occurrence(event, dt.date(2028, 1, 1)) == dt.datetime(2027, 9, 6, 19)


def test_times_follow_the_tzdata_package_not_the_operating_system(site: FixtureProgramme) -> None:
    """British Columbia keeps daylight time from November 2026 (tzdata 2026a); an older OS
    database (Debian 12 ships 2025b) would publish this meeting an hour late."""
    site.write("content/events/vancouver-evening.yml", site.root.joinpath("content/events/open-evening.yml")
               .read_text(encoding="utf-8").replace("Europe/Lisbon", "America/Vancouver")
               .replace("city: Lisbon", "city: Vancouver").replace("country: PT", "country: CA"))
    catalog = site.catalog()
    assert event_json_ld(catalog, "vancouver-evening")["startDate"] == "2026-12-03T18:00:00-07:00"
    assert event_page_extras(catalog, "vancouver-evening")["starts_utc"] == ["2026-12-04T01:00:00+00:00"]
    feed = calendar_feed(catalog)
    # From 1 November the zone is called MST but its offset stays -07:00 (2025b: PST, -08:00).
    assert vtimezones(feed)["America/Vancouver"] == [("STANDARD", "20261101T020000", "MST", "-0700", "-0700")]
