"""The "Become a mentor" form in Chromium against the real inbox (uvicorn on loopback), with and
without JavaScript (issue 20): a mistake comes back on the inbox's page with every answer kept,
the corrected application lands on the thank-you page with its reference, and is stored once;
with JavaScript it carries a submission id. The inbox's pages pass axe at 390 px."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from axe import assert_axe_clean, axe_script
from inbox_support import LiveSite, live_programme
from support import BuiltRequestProgramme
from test_inbox_dashboard_browser import fits


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path,
              request_programme_build: BuiltRequestProgramme) -> Iterator[LiveSite]:
    with live_programme(tmp_path_factory.mktemp("application-form-browser"), sqlite_template,
                        built=request_programme_build) as running:
        yield running


@pytest.fixture
def live(live_site: LiveSite) -> LiveSite:
    live_site.env.execute("DELETE FROM audit_events")
    live_site.env.execute("DELETE FROM applications")
    return live_site


def fill(page: Page, bio: str) -> None:
    """Every question the fixture programme requires (profiles.required: the strict set)."""
    page.get_by_label("Your name", exact=True).fill("Ada Obi")
    page.get_by_label("Headline").fill("Engineer who helps people into tech")
    page.get_by_label("About you", exact=True).fill(bio)
    page.locator("#application-role").select_option(index=1)
    page.locator("input[name=expertise]").first.check()
    page.locator("input[name=languages][value=en]").check()
    page.get_by_label("Town or city").fill("Leeds")
    page.locator("#application-location-country").select_option("GB")
    page.get_by_label("Time zone").fill("Europe/London")
    page.locator("input[name=formats][value=virtual]").check()
    page.locator("input[name=audiences]").first.check()
    page.get_by_label("How many mentees can you mentor at once?").fill("2")
    page.get_by_label("How many hours a month can you give?").fill("4")
    page.get_by_label("Your email address").fill("ada.obi@example.org")
    page.get_by_label("Your phone number").fill("+44 7700 900123")
    for which, (name, contact) in {"first": ("Bea Kim", "bea@example.net"),
                                   "second": ("Chidi Eze", "01632 960 001")}.items():
        page.get_by_label(f"Your {which} referee's name").fill(name)
        page.get_by_label(f"Your {which} referee's email address or phone number").fill(contact)
        page.get_by_label(f"How your {which} referee knows you").fill("Manager")
    page.get_by_label("I agree to the checks").check()


@pytest.mark.parametrize("javascript", [False, True], ids=["without-js", "with-js"])
def test_an_application_is_fixed_on_the_inbox_and_sent_once(browser: Browser, live: LiveSite,
                                                             javascript: bool) -> None:
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        page.goto(live.site + "become-a-mentor/")
        fill(page, "Ring me on 07700 900456")
        page.get_by_role("button", name="Send application").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert page.url == live.inbox + "/applications"
        link = page.get_by_role("link", name=re.compile("This looks like a phone number"))
        expect(link).to_be_visible()
        expect(page.get_by_label("Your name", exact=True)).to_have_value("Ada Obi")
        expect(page.get_by_label("Your second referee's name")).to_have_value("Chidi Eze")
        expect(page.locator("input[name=languages][value=en]")).to_be_checked()
        assert live.env.scalar("SELECT count(*) FROM applications") == 0
        link.click()
        expect(page.get_by_label("About you", exact=True)).to_be_focused()
        page.get_by_label("About you", exact=True).fill("I have mentored apprentices for years.")
        page.get_by_role("button", name="Send application").click()
        expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
        reference = page.url.split("ref=")[1]
        expect(page.get_by_text(reference)).to_be_visible()
        rows = live.env.rows("SELECT public_id, submission_id, email FROM applications")
        assert [(r["public_id"], r["email"]) for r in rows] == [(reference, "ada.obi@example.org")]
        submission = rows[0]["submission_id"]
        assert (re.fullmatch(r"[0-9a-f]{32}", submission or "") is not None) is javascript
    finally:
        context.close()


def test_the_inbox_application_pages_fit_a_phone_and_pass_axe(browser: Browser, live: LiveSite) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844}, java_script_enabled=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    try:
        page.goto(live.site + "become-a-mentor/")
        page.evaluate("() => document.getElementById('mh-application').noValidate = true")
        page.get_by_role("button", name="Send application").click()
        expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
        assert fits(page)
        assert_axe_clean(page, "application form again", axe_script())
        page.goto(live.inbox + "/applications/thanks?ref=ABCD-EFGH-JKMN")
        expect(page.get_by_role("heading", name="Application sent")).to_be_visible()
        assert fits(page)
        assert_axe_clean(page, "application thanks", axe_script())
    finally:
        context.close()
