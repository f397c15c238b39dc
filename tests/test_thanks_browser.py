"""The request thank-you page in Chromium (issue 18): it names the mentor asked for, and opened
with nothing sent from this browser, with or without JavaScript, it says so instead of "Request sent"."""

from __future__ import annotations

import json

from playwright.sync_api import Browser, Page, expect

SENT_KEY = "mentorhub:request-sent:v1"  # what request.js leaves for the thank-you page


def test_opened_directly_the_thank_you_page_says_nothing_was_sent(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "request/thanks/")
    expect(page.get_by_role("heading", level=1)).to_have_text("No request sent")
    expect(page.get_by_role("heading", name="Request sent", exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name="Request a mentor").last).to_have_attribute("href", "../")
    assert page.title().startswith("No request sent")


def test_without_javascript_the_thank_you_page_claims_nothing(browser: Browser, demo_url: str) -> None:
    # With the inbox a plain post ends on the inbox's own thank-you page, so a visitor here without
    # a script came from a bookmark or a link.
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "request/thanks/?ref=ABCD-EFGH-JKLM")
    expect(page.get_by_role("heading", level=1)).to_have_text("No request sent")
    expect(page.locator("#mh-thanks-sent")).to_be_hidden()
    assert page.title().startswith("No request sent")
    context.close()


def test_after_sending_the_page_names_the_mentor_asked_for(page: Page, demo_url: str) -> None:
    answer = {"ref": "ABCD-EFGH-JKLM", "mentor_full": False, "alternatives": [],
              "mentor": {"id": "amara-okafor", "name": "Amara Okafor"}}
    page.add_init_script(f"sessionStorage.setItem({json.dumps(SENT_KEY)}, {json.dumps(json.dumps(answer))})")
    page.goto(demo_url + "request/thanks/?ref=ABCD-EFGH-JKLM")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.locator("#mh-request-mentor")).to_have_text("You asked for Amara Okafor.")
    expect(page.locator("#mh-request-mentor a")).to_have_attribute("href", demo_url + "mentors/amara-okafor/")
    expect(page.locator("#mh-request-reference")).to_have_text("Your reference: ABCD-EFGH-JKLM")
    expect(page.locator("#mh-thanks-none")).to_be_hidden()
    office = page.locator("#mh-thanks-sent").get_by_role("link", name="office@riverside-mentoring.example")
    expect(office).to_have_attribute("href", "mailto:office@riverside-mentoring.example")


def test_a_reference_alone_still_reads_as_sent(page: Page, demo_url: str) -> None:
    # After a plain form post the inbox redirects here with only the reference.
    page.goto(demo_url + "request/thanks/?ref=ABCD-EFGH-JKLM")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.locator("#mh-request-mentor")).to_be_hidden()
