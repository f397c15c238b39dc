"""The events index and event pages in real Chromium: filters, the split on the visitor's clock,
the visitor's time zone, and the calendar links; with and without JavaScript.

The page clock is always fixed, so nothing here depends on the day the tests run.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from support import REPO, TODAY
from mentorhub.site.ical import event_json_ld, google_calendar_url
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project

BUILD_DAY_NOON = dt.datetime(2026, 11, 22, 12, tzinfo=dt.timezone.utc)
UPCOMING_ON_BUILD_DAY = ["monthly-mentor-circle", "celebration-of-matches-2026", "mentor-training-day-chicago-2027",
                         "winter-careers-fair-manchester-2027", "virtual-careers-fair-2027",
                         "cv-clinic-mexico-city-2027", "coordinators-workshop-nairobi-2027"]
PAST_ON_BUILD_DAY = ["cv-clinic-manchester-2026", "families-information-evening-chicago-2026",
                     "coordinators-workshop-matching-2026", "careers-fair-nairobi-2026",
                     "mentor-training-day-lisbon-2026"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def ids(page: Page, list_id: str, visible_only: bool = False) -> list[str]:
    selector = f"#{list_id} > li" + (":not([hidden])" if visible_only else "")
    return [str(i) for i in page.eval_on_selector_all(selector, "items => items.map(i => i.dataset.id)")]


def open_index(page: Page, url: str, at: dt.datetime = BUILD_DAY_NOON) -> None:
    page.clock.set_fixed_time(at)
    page.goto(url)


def test_on_the_build_day_the_browser_keeps_the_builds_split(page: Page, demo_url: str) -> None:
    open_index(page, demo_url + "events/")
    assert ids(page, "mh-upcoming") == UPCOMING_ON_BUILD_DAY
    assert ids(page, "mh-past") == PAST_ON_BUILD_DAY
    expect(page.locator("#mh-event-count")).to_have_text("12 events.")


def test_events_that_ended_since_the_build_move_to_past_newest_first(page: Page, demo_url: str) -> None:
    open_index(page, demo_url + "events/", dt.datetime(2027, 3, 7, 12, tzinfo=dt.timezone.utc))
    assert ids(page, "mh-upcoming") == ["cv-clinic-mexico-city-2027", "monthly-mentor-circle",
                                        "coordinators-workshop-nairobi-2027"]
    assert ids(page, "mh-past") == ["virtual-careers-fair-2027", "winter-careers-fair-manchester-2027",
                                    "mentor-training-day-chicago-2027", *UPCOMING_ON_BUILD_DAY[1:2], *PAST_ON_BUILD_DAY]
    # The series shows its next meeting, now in summer time, not the one the build showed.
    expect(page.locator('li[data-id="monthly-mentor-circle"] time')).to_have_text(
        "Tuesday 6 April 2027, 19:00–20:00 BST (London time)")
    expect(page.locator("#mh-upcoming-empty")).to_be_hidden()


def test_a_series_is_upcoming_until_its_last_meeting_ends(browser: Browser, demo_url: str) -> None:
    last_meeting_ends = dt.datetime(2027, 9, 6, 19, tzinfo=dt.timezone.utc)  # 20:00 BST
    for at, expected in ((last_meeting_ends - dt.timedelta(minutes=1), "mh-upcoming"),
                         (last_meeting_ends + dt.timedelta(minutes=1), "mh-past")):
        context = browser.new_context()
        page = context.new_page()
        open_index(page, demo_url + "events/", at)
        assert "monthly-mentor-circle" in ids(page, expected), at
        context.close()
    # After the last event, the upcoming list says there is none.
    context = browser.new_context()
    page = context.new_page()
    open_index(page, demo_url + "events/", dt.datetime(2028, 1, 1, tzinfo=dt.timezone.utc))
    assert ids(page, "mh-upcoming") == []
    expect(page.locator("#mh-upcoming-empty")).to_have_text("No events are planned yet.")
    context.close()


def expected_for(catalog: Catalog, formats: set[str], audiences: set[str]) -> set[str]:
    return {e.id for e in catalog.events.values()
            if (not formats or e.model.format in formats)
            and (not audiences or "everyone" in e.model.audience or audiences & set(e.model.audience))}


def shown(page: Page) -> set[str]:
    return set(ids(page, "mh-upcoming", True) + ids(page, "mh-past", True))


def test_filters_narrow_by_format_and_audience_and_live_in_the_url(page: Page, demo_url: str, catalog: Catalog) -> None:
    open_index(page, demo_url + "events/")
    page.get_by_role("checkbox", name="Hybrid").check()
    page.get_by_role("checkbox", name="Families").check()
    # The celebration is for everyone, so families too.
    want = {"families-information-evening-chicago-2026", "celebration-of-matches-2026"}
    assert expected_for(catalog, {"hybrid"}, {"families"}) == want
    assert shown(page) == want
    expect(page.locator("#mh-event-count")).to_have_text("2 of 12 events match.")
    assert page.url.endswith("/events/?format=hybrid&audience=families")
    page.get_by_role("checkbox", name="In person").check()
    assert shown(page) == expected_for(catalog, {"hybrid", "in-person"}, {"families"}) == {
        *want, "winter-careers-fair-manchester-2027"}
    assert page.url.endswith("/events/?format=hybrid&format=in-person&audience=families")
    page.go_back()
    expect(page.get_by_role("checkbox", name="In person")).not_to_be_checked()
    assert shown(page) == want


def test_the_url_restores_filters_and_clearing_shows_everything(page: Page, demo_url: str, catalog: Catalog) -> None:
    open_index(page, demo_url + "events/?format=hybrid&audience=coordinators")
    expect(page.get_by_role("checkbox", name="Coordinators")).to_be_checked()
    assert shown(page) == expected_for(catalog, {"hybrid"}, {"coordinators"}) == {
        "coordinators-workshop-nairobi-2027", "celebration-of-matches-2026"}
    expect(page.locator("#mh-past-empty")).to_have_text("No past events match these filters.")
    page.get_by_role("checkbox", name="Hybrid").uncheck()
    page.get_by_role("checkbox", name="Online").check()
    assert shown(page) == {"coordinators-workshop-matching-2026"}
    expect(page.locator("#mh-upcoming-empty")).to_have_text("No upcoming events match these filters.")
    expect(page.locator("#mh-past-empty")).to_be_hidden()
    page.get_by_role("button", name="Clear all filters").click()
    expect(page.locator("#mh-event-count")).to_have_text("12 events.")
    assert len(shown(page)) == 12 and page.url.endswith("/events/")


def test_without_javascript_every_event_is_listed_and_filters_stay_hidden(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "events/?format=virtual")
    expect(page.locator("#mh-event-filters")).to_be_hidden()
    assert ids(page, "mh-upcoming") == UPCOMING_ON_BUILD_DAY and ids(page, "mh-past") == PAST_ON_BUILD_DAY
    page.goto(demo_url + "events/virtual-careers-fair-2027/")
    expect(page.locator("time[data-when]")).to_have_text("Saturday 13 February 2027, 10:00–14:00 GMT (London time)")
    expect(page.locator("[data-visitor-time]")).to_be_hidden()
    context.close()


@pytest.mark.parametrize(("zone", "yours"), [
    # The zone's short name is the browser's (Chromium says GMT-6 in British English).
    ("America/Chicago", r"^Your time: Saturday 13 February 2027, 04:00–08:00 \S+ \(Chicago time\)$"),
    ("UTC", r"^Your time: Saturday 13 February 2027, 10:00–14:00 UTC$"),  # a visitor on UTC reads the zone once
])
def test_event_page_adds_the_visitors_own_time(browser: Browser, demo_url: str, zone: str, yours: str) -> None:
    context = browser.new_context(timezone_id=zone)
    page = context.new_page()
    page.clock.set_fixed_time(BUILD_DAY_NOON)
    page.goto(demo_url + "events/virtual-careers-fair-2027/")
    expect(page.locator("time[data-when]")).to_have_text("Saturday 13 February 2027, 10:00–14:00 GMT (London time)")
    expect(page.locator("[data-visitor-time]")).to_have_text(re.compile(yours))
    context.close()


def test_calendar_links_and_structured_data(page: Page, demo_url: str, catalog: Catalog) -> None:
    event_id = "virtual-careers-fair-2027"
    page.goto(demo_url + f"events/{event_id}/")
    download = page.locator("a[download]")
    expect(download).to_have_attribute("href", f"../{event_id}.ics")
    expect(download).to_have_attribute("download", f"{event_id}.ics")
    response = page.request.get(demo_url + f"events/{event_id}.ics")
    assert response.ok and f"UID:{event_id}@example.org\r\n" in response.text()
    expect(page.get_by_role("link", name="Google Calendar")).to_have_attribute(
        "href", google_calendar_url(catalog, event_id))
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data == event_json_ld(catalog, event_id)
    assert page.request.get(demo_url + "events.ics").text().count("BEGIN:VEVENT") == 12


def test_a_cancelled_event_offers_no_calendar_links(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "events/winter-careers-fair-manchester-2027/")
    expect(page.get_by_text("This event is cancelled", exact=True)).to_be_visible()
    expect(page.locator("a[download]")).to_have_count(0)
    expect(page.get_by_role("link", name="Google Calendar")).to_have_count(0)
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["eventStatus"] == "https://schema.org/EventCancelled"

def test_an_event_that_ended_since_the_build_says_so_and_drops_its_actions(page: Page, demo_url: str) -> None:
    url = demo_url + "events/virtual-careers-fair-2027/"
    page.clock.set_fixed_time(BUILD_DAY_NOON)
    page.goto(url)
    expect(page.locator("[data-event-passed]")).to_be_hidden()
    expect(page.get_by_role("link", name="Calendar file (.ics)")).to_be_visible()
    page.clock.set_fixed_time(dt.datetime(2027, 6, 1, 12, tzinfo=dt.timezone.utc))
    page.goto(url)
    expect(page.locator("[data-event-passed]")).to_be_visible()
    expect(page.locator("[data-event-passed] .admonition-title")).to_have_text("This event has passed")
    expect(page.get_by_role("link", name="Calendar file (.ics)")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("^Register"))).to_have_count(0)
