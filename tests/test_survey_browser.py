"""A survey page in Chromium (issue 19): the survey code comes from the invitation link's #token= (or ?token=),
shown read-only and still sent; without JavaScript it is typed, and the plain form post carries
it to the inbox just the same. The inbox's answer is played by the test (a route), as the inbox
itself is tested in tests/inbox."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from support import REPO
from mentorhub.content.project import Project

INBOX = str(Project.from_mkdocs_yml(REPO / "mkdocs.yml").programme.requests.url).rstrip("/")
SURVEY = "surveys/mentee-check-in/"
CODE = "7KQF-2M9X-PD3A-W8RT"


def answer_required_questions(page: Page) -> None:
    """The first option of every required choice question (the check-in asks no required text)."""
    for group in page.locator(".mh-form-group[data-required]").all():
        if group.get_attribute("data-control") in ("radios", "checkboxes"):
            group.locator("input").first.check()


def capture_posts(page: Page) -> list[dict[str, list[str]]]:
    """Every form the page posts to the inbox, parsed; the inbox's answer is a plain thank-you page."""
    posts: list[dict[str, list[str]]] = []

    def inbox(route: Route) -> None:
        posts.append(parse_qs(route.request.post_data or "", keep_blank_values=True))
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Thank you</title><h1>Thank you</h1>")

    page.route(f"{INBOX}/surveys/**", inbox)
    return posts


def test_the_code_from_the_link_is_filled_in_read_only_and_sent(page: Page, demo_url: str) -> None:
    posts = capture_posts(page)
    page.goto(f"{demo_url}{SURVEY}#token={CODE}")  # the fragment: never in a server's log
    code = page.get_by_label("Your survey code")
    expect(code).to_have_value(CODE)
    expect(code).to_have_attribute("readonly", "")
    expect(page.locator("#survey-token-hint")).to_have_text("Filled in from the link in the e-mail that invited you.")
    submission_id = page.locator("input[name=submission_id]").input_value()
    assert re.fullmatch(r"[0-9a-f]{32}", submission_id)
    answer_required_questions(page)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert len(posts) == 1
    sent = posts[0]
    assert (sent["token"], sent["submission_id"]) == ([CODE], [submission_id])
    assert sent["meetings"] == ["none"] and sent["uncomfortable"] == ["no"]


def test_a_code_from_the_link_can_be_replaced_by_a_typed_one(page: Page, demo_url: str) -> None:
    page.goto(f"{demo_url}{SURVEY}?token=WRONG-CODE")
    change = page.get_by_role("button", name="Type a different code")
    change.click()
    code = page.get_by_label("Your survey code")
    expect(code).to_be_focused()
    expect(code).not_to_have_attribute("readonly", "")
    expect(change).to_be_hidden()
    expect(page.locator("#survey-token-hint")).to_have_text(re.compile("^It is in the e-mail that invited you"))
    code.fill(CODE)
    expect(code).to_have_value(CODE)


def test_without_a_code_in_the_link_it_is_typed(page: Page, demo_url: str) -> None:
    page.goto(demo_url + SURVEY)
    code = page.get_by_label("Your survey code")
    expect(code).to_have_value("")
    expect(code).to_be_editable()
    expect(page.get_by_role("button", name="Type a different code")).to_be_hidden()


@pytest.fixture
def page_without_javascript(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def test_without_javascript_the_code_is_typed_and_posted(page_without_javascript: Page, demo_url: str) -> None:
    page = page_without_javascript
    posts = capture_posts(page)
    page.goto(f"{demo_url}{SURVEY}#token={CODE}")  # no script reads the link: the code is typed
    code = page.get_by_label("Your survey code")
    expect(code).to_have_value("")
    expect(code).to_be_editable()
    answer_required_questions(page)
    page.get_by_role("button", name="Send answers").click()
    assert posts == []  # the browser itself asks for the required code first
    code.fill(CODE)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert len(posts) == 1
    assert (posts[0]["token"], posts[0]["submission_id"]) == ([CODE], [""])
    assert posts[0]["useful"] == ["1"]


def test_an_open_survey_asks_for_no_code(page: Page, demo_url: str) -> None:
    posts = capture_posts(page)
    page.goto(demo_url + "surveys/feedback/#token=" + CODE)
    expect(page.get_by_label("Your survey code")).to_have_count(0)
    answer_required_questions(page)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert "token" not in posts[0] and re.fullmatch(r"[0-9a-f]{32}", posts[0]["submission_id"][0])
