"""Availability through the real thing: the built site in Chromium, live places from the real inbox.

The bug this guards against hid behind a fake receiver that answered a shape the inbox never
sends: full mentors showed as "Paused" whenever the inbox ran. Here the places are filled through
`POST /requests` of the real app and the pages are read as a mentee reads them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from browser import fill_adult_request
from inbox_support import LiveSite, adult, live_programme
from support import mentor_file

FILES = {
    # one place, filled through the inbox by the test; French only, so no other mentor's alternative
    "mentors/bea-santos.yml": mentor_file("Bea Santos", capacity=1, youth_cleared="false", languages="[fr]",
                                          expertise="[nursing]"),
    # full in the content: its profile lists similar mentors, which the inbox must offer too
    "mentors/joao-silva.yml": mentor_file("João Silva", capacity=2, active_mentees=2, youth_cleared="false"),
    "mentors/pia-holm.yml": mentor_file("Pia Holm", paused_until="2027-03-31"),
    # kofi-mensah, in the fixture, is full and was last confirmed in January 2025: stale
}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[LiveSite]:
    with live_programme(tmp_path_factory.mktemp("availability-browser"), sqlite_template, FILES) as running:
        yield running


def send(live: LiveSite, mentor: str, email: str) -> dict[str, Any]:
    reply = httpx.post(live.inbox + "/requests", json=adult(mentor=mentor, email=email, languages=["en"]),
                       headers={"Origin": live.origin, "Accept": "application/json"}, timeout=10)
    assert reply.status_code == 200, reply.text
    answer: dict[str, Any] = reply.json()
    return answer


def status_of(page: Page, mentor: str) -> Locator:
    return page.locator(f'[data-status-for="{mentor}"]').first


def test_a_mentor_filled_through_the_inbox_is_full_everywhere_never_paused(page: Page, live: LiveSite) -> None:
    assert send(live, "bea-santos", "first@example.org")["mentor_full"] is False  # her one place
    page.goto(live.site + "mentors/")
    bea = page.locator('.mh-card[data-id="bea-santos"]')
    expect(status_of(page, "bea-santos")).to_have_text("Full")
    expect(bea).to_have_class("mh-card mh-card--full")
    # the other states keep their own words once live availability has arrived
    expect(status_of(page, "ana-pereira")).to_have_text("Accepting mentees: 1 place free")
    expect(status_of(page, "pia-holm")).to_have_text("Paused until Wednesday 31 March 2027")
    expect(status_of(page, "kofi-mensah")).to_have_text("Not confirmed since Wednesday 15 January 2025")
    expect(status_of(page, "joao-silva")).to_have_text("Full")
    assert "Paused" not in bea.inner_text()
    page.get_by_label("Accepting new mentees only").check()
    expect(bea).to_be_hidden()
    expect(page.locator('.mh-card[data-id="ana-pereira"]')).to_be_visible()

    page.goto(live.site + "mentors/bea-santos/")
    expect(status_of(page, "bea-santos")).to_have_text("Full")
    expect(page.get_by_role("link", name="Request Bea Santos")).to_be_hidden()
    box = page.locator("#not-requestable")
    expect(box).to_be_visible()
    expect(box).to_contain_text("Bea Santos is full")
    expect(box.get_by_role("link", name="answer a few questions to find a mentor")).to_be_visible()
    assert "Paused" not in page.locator(".mh-profile").inner_text()


def test_paused_and_stale_profiles_keep_their_state_and_one_explanation(page: Page, live: LiveSite) -> None:
    page.goto(live.site + "mentors/pia-holm/")
    expect(page.locator("#not-requestable")).to_contain_text("taking a break from new mentees until Wednesday 31 March 2027")
    page.goto(live.site + "mentors/kofi-mensah/")
    expect(status_of(page, "kofi-mensah")).to_have_text("Not confirmed since Wednesday 15 January 2025")
    box = page.locator("#not-requestable")
    expect(box).to_contain_text("has not been confirmed recently")
    # one box, no "accepting" anywhere on a stale profile
    assert page.locator(".admonition").count() == 1
    assert "Accepting" not in page.locator(".mh-profile").inner_text()


def test_the_inbox_offers_the_mentors_the_profile_lists(page: Page, live: LiveSite) -> None:
    page.goto(live.site + "mentors/joao-silva/")
    listed = page.locator("#not-requestable li a").all_inner_texts()
    assert listed, "a full mentor's profile lists similar mentors"
    answer = send(live, "joao-silva", "joao-fan@example.org")
    assert answer["mentor_full"] is True
    assert [m["name"] for m in answer["alternative_mentors"]] == listed


def test_without_javascript_a_profiles_request_button_asks_for_that_mentor(browser: Browser, live: LiveSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live.site + "mentors/ana-pereira/")
        buttons = page.get_by_role("link", name="Request Ana Pereira")
        expect(buttons).to_have_count(1)  # the site's form needs a script to preselect her: that one is hidden
        buttons.click()
        expect(page).to_have_url(re.compile(re.escape(live.inbox) + r"/requests/new\?mentor=ana-pereira"))
        expect(page.get_by_label("Mentor you would like")).to_have_value("ana-pereira")
        expect(page.locator(".error-summary")).to_have_count(0)
        fill_adult_request(page, "profile-nojs@example.org")
        page.get_by_role("button", name="Send request").click()
        expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
        (row,) = live.env.rows("SELECT public_id, mentor_id, privacy_version FROM requests "
                               "WHERE email = 'profile-nojs@example.org'")
        assert (row["mentor_id"], row["privacy_version"]) == ("ana-pereira", "2026-09")
        expect(page.get_by_text(row["public_id"])).to_be_visible()
    finally:
        context.close()


def test_with_javascript_the_request_button_opens_the_sites_form(page: Page, live: LiveSite) -> None:
    page.goto(live.site + "mentors/lee-park/")
    page.get_by_role("link", name="Request Lee Park").click()
    expect(page).to_have_url(live.site + "request/?mentor=lee-park")
