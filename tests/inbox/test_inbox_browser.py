"""The site's real request form, in Chromium, sending to the real inbox (uvicorn on loopback)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import fill_adult_request
from support import BuiltRequestProgramme
from inbox_support import LiveSite, live_programme


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path,
         request_programme_build: BuiltRequestProgramme) -> Iterator[LiveSite]:
    with live_programme(tmp_path_factory.mktemp("inbox-browser"), sqlite_template,
                        built=request_programme_build) as running:
        yield running


def test_the_form_with_javascript_sends_exactly_one_request(page: Page, demo: LiveSite) -> None:
    page.goto(demo.site + "request/?mentor=ana-pereira")
    expect(page.locator("#mh-receiver-down")).to_be_hidden()
    fill_adult_request(page, "js@example.org")
    page.get_by_role("button", name="Send request").dblclick()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (row,) = demo.env.rows("SELECT public_id, mentor_id, preferred_name, privacy_version FROM requests "
                           "WHERE email = 'js@example.org'")
    assert (row["mentor_id"], row["preferred_name"], row["privacy_version"]) == ("ana-pereira", "Rui", "2026-09")
    expect(page.locator("#mh-request-reference")).to_contain_text(row["public_id"])


def test_the_thank_you_page_gives_a_copy_of_the_answers_as_asked(page: Page, demo: LiveSite) -> None:
    page.goto(demo.site + "request/")  # (Ana Pereira fills up in the tests before)
    fill_adult_request(page, "copy@example.org")
    page.get_by_role("button", name="Send request").click()
    copy = page.get_by_role("region", name="Your answers")
    expect(copy).to_be_visible()
    pairs = dict(zip(copy.locator("dt").all_inner_texts(), copy.locator("dd").all_inner_texts()))
    assert pairs["Your preferred name"] == "Rui" and pairs["Your email address"] == "copy@example.org"
    assert pairs["How old are you?"] == "18 or over" and pairs["How would you like to meet?"] == "Either is fine"
    assert pairs["Which languages can you be mentored in?"] == "English"  # the option's words, not its code
    assert pairs["Mentor you would like"] == "Help me choose"
    # questions the mentee was not asked (a guardian's, for an adult) and the consent box are left out
    assert not any("guardian" in q.lower() or "privacy" in q.lower() for q in pairs), pairs
    # leaving the tab's session forgets it: a new tab (a new session) has no copy
    other = page.context.new_page()
    other.goto(page.url)
    expect(other.get_by_role("region", name="Your answers")).to_be_hidden()
    other.close()


def test_the_form_without_javascript_is_a_plain_post(browser: Browser, demo: LiveSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo.site + "request/")
    page.get_by_label("Mentor you would like").select_option("lee-park")
    fill_adult_request(page, "nojs@example.org")
    page.get_by_role("button", name="Send request").click()
    # the inbox's own thank-you page (the form's `next`): without a script, the one that shows the reference
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/requests/thanks\?ref="))
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (row,) = demo.env.rows("SELECT public_id, mentor_id FROM requests WHERE email = 'nojs@example.org'")
    assert row["mentor_id"] == "lee-park"
    expect(page.get_by_text(row["public_id"])).to_be_visible()
    context.close()


def test_server_side_errors_show_at_the_field(page: Page, demo: LiveSite) -> None:
    for n in range(3):  # the inbox's own rule: three open requests per mentee
        demo.env.execute(
            "INSERT INTO requests (public_id, submission_id, received_at, status, status_changed_at, spam, mentor_id, "
            "mentor_full, alternatives, email, email_key, age_band, interests, languages, format, availability, "
            "privacy_version) VALUES (:p, :p, CURRENT_TIMESTAMP, 'new', CURRENT_TIMESTAMP, 0, '', 0, '[]', "
            "'busy@example.org', 'busy@example.org', '18-plus', '[]', '[\"en\"]', 'either', '[\"weekends\"]', '1')",
            p=f"busy-{n}")
    page.goto(demo.site + "request/")
    fill_adult_request(page, "busy@example.org")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#mh-error-summary")).to_contain_text("3 open requests")
    assert demo.env.scalar("SELECT count(*) FROM requests WHERE email = 'busy@example.org'") == 3
