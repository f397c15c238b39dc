"""The request form in real Chromium against a local receiver, with and without JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import fill_adult_request, serve
from support import BuiltRequestProgramme
from receiver import Inbox, running



@dataclass
class RequestSite:
    url: str
    inbox: Inbox


@pytest.fixture(scope="module")
def request_site(request_programme_build: BuiltRequestProgramme) -> Iterator[RequestSite]:
    built = request_programme_build
    site = built.programme
    catalog = site.catalog()
    inbox = Inbox(site.project().programme.requests, {m.id: m for m in catalog.public_mentors},
                  site_url=f"http://127.0.0.1:{built.site_port}/")
    with serve(site.root / "site", built.site_port) as url, running(inbox, built.inbox_port):
        yield RequestSite(url, inbox)


@pytest.fixture
def inbox(request_site: RequestSite) -> Inbox:
    request_site.inbox.stored.clear()
    request_site.inbox.posts = 0
    request_site.inbox.failing = False
    request_site.inbox.availability.clear()
    return request_site.inbox


def test_the_chosen_mentor_is_summed_up_under_the_list(page: Page, request_site: RequestSite, inbox: Inbox) -> None:
    page.goto(request_site.url + "request/?mentor=ana-pereira")
    chosen = page.locator("#request-mentor-summary")
    expect(chosen).to_contain_text("Software engineer who helps students take their first steps in Python")
    expect(chosen).to_contain_text("Meets: Online or In person")  # the form's own words for the ways of meeting
    expect(chosen.get_by_role("link", name="Ana Pereira")).to_have_attribute("href", request_site.url + "mentors/ana-pereira/")
    page.get_by_label("Mentor you would like").select_option("lee-park")
    expect(chosen).to_contain_text("Youth worker who helps secondary-school students")
    expect(chosen).to_contain_text("Meets: Online · Leeds")
    page.get_by_label("Mentor you would like").select_option("")  # "Help me choose": no one to sum up
    expect(chosen).to_be_hidden()


def test_sending_with_javascript_makes_exactly_one_request(page: Page, request_site: RequestSite, inbox: Inbox) -> None:
    page.goto(request_site.url + "request/?mentor=ana-pereira")
    expect(page.get_by_label("Mentor you would like")).to_have_value("ana-pereira")
    fill_adult_request(page)
    page.get_by_role("button", name="Send request").dblclick()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert len(inbox.stored) == 1 and inbox.posts == 1
    (key, request), = inbox.stored.items()
    assert (request.mentor, request.preferred_name, request.languages, request.privacy_version) == (
        "ana-pereira", "Rui", ["en"], "2026-09")
    expect(page.locator("#mh-request-reference")).to_contain_text(key)


def test_sending_without_javascript_is_a_plain_form_post(browser: Browser, request_site: RequestSite,
                                                          inbox: Inbox) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(request_site.url + "request/")
    page.get_by_label("Mentor you would like").select_option("lee-park")
    fill_adult_request(page)
    page.get_by_role("button", name="Send request").click()
    # `next` is the inbox's own thank-you page: the one that can show the reference without a script
    expect(page).to_have_url(re.compile(r"/requests/thanks\?ref="))
    (key,) = inbox.stored
    assert page.url == f"{str(inbox.options.url).rstrip('/')}/requests/thanks?ref={key}"  # the redirect, as the inbox makes it
    assert [r.mentor for r in inbox.stored.values()] == ["lee-park"]
    page.goto(request_site.url + "request/")
    page.get_by_label("Under 13").check()
    fill_adult_request(page)  # the browser's own required-field rules pass; the receiver refuses the age
    page.get_by_label("Under 13").check()
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(request_site.url + "request/cannot-use/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this service")
    assert len(inbox.stored) == 1
    context.close()


def test_errors_are_summarised_linked_and_keep_what_was_typed(page: Page, request_site: RequestSite,
                                                              inbox: Inbox) -> None:
    page.goto(request_site.url + "request/")
    page.get_by_label("Your preferred name").fill("Rui")
    page.get_by_label("Your email address").fill("rui-at-example")
    page.get_by_role("button", name="Send request").click()
    summary = page.locator("#mh-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([
        "Select how old you are",
        "Enter an email address in the correct format, like name@example.com",
        "Tell us what you would like to get from mentoring",
        "Select at least one language",
        "Select how you would like to meet",
        "Select when you are usually free",
        "You must agree to the privacy notice to send a request",
    ])
    assert page.title().startswith("Error: ")
    summary.get_by_role("link", name=re.compile("email address")).click()
    expect(page.get_by_label("Your email address")).to_be_focused()
    expect(page.locator("#request-email-error")).to_have_text(
        "Error: Enter an email address in the correct format, like name@example.com")
    expect(page.get_by_label("Your email address")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Your preferred name")).to_have_value("Rui")
    assert inbox.posts == 0


def test_a_failed_delivery_keeps_the_draft_and_the_retry_is_the_same_request(page: Page, request_site: RequestSite,
                                                                             inbox: Inbox) -> None:
    inbox.failing = True
    page.goto(request_site.url + "request/")
    fill_adult_request(page)
    submission_id_box = page.locator("input[name=submission_id]")
    expect(submission_id_box).to_have_value(re.compile(r"\S"))  # set by request.js once it has run
    submission_id = submission_id_box.input_value()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#mh-send-error")).to_be_visible()
    expect(page.get_by_label("Your preferred name")).to_have_value("Rui")
    page.reload()
    expect(page.get_by_label("Your email address")).to_have_value("rui@example.org")
    expect(page.get_by_label("Weekends")).to_be_checked()
    expect(page.locator("input[name=submission_id]")).to_have_value(submission_id)
    inbox.failing = False
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    assert list(inbox.stored) == [submission_id] and inbox.posts == 2
    page.goto(request_site.url + "request/")
    expect(page.get_by_label("Your preferred name")).to_have_value("")  # the draft went with the request


def test_the_age_question_comes_before_the_mentor_choice(browser: Browser, request_site: RequestSite) -> None:
    for javascript in (True, False):
        context = browser.new_context(java_script_enabled=javascript)
        page = context.new_page()
        page.goto(request_site.url + "request/")
        order = page.eval_on_selector_all("#mh-request .mh-form-group", "gs => gs.map(g => g.dataset.field)")
        assert order[:4] == ["age_band", "mentor", "preferred_name", "email"], order
        context.close()


def offered(page: Page) -> list[str]:
    """The mentor choices a visitor can see and pick."""
    return [str(v) for v in page.eval_on_selector_all("#request-mentor option:not([disabled]):not([hidden])",
                                                      "os => os.map(o => o.value)")]


def test_an_under_18_band_offers_only_youth_cleared_mentors(page: Page, request_site: RequestSite) -> None:
    page.goto(request_site.url + "request/?mentor=ana-pereira")
    mentor, note = page.get_by_label("Mentor you would like"), page.locator("#request-mentor-note")
    expect(mentor).to_have_value("ana-pereira")
    expect(note).to_be_hidden()
    assert offered(page) == ["", "ana-pereira", "lee-park"]
    page.get_by_label("16 or 17").check()
    expect(mentor).to_have_value("")  # Ana is not cleared: back to "Help me choose", and the note says why
    expect(note).to_have_text("Only mentors cleared to work with under-18s are shown"
                              "Ana Pereira is not cleared to work with under-18s, so your choice is now 'Help me choose'")
    assert offered(page) == ["", "lee-park"]
    mentor.select_option("lee-park")
    expect(note).to_have_text("Only mentors cleared to work with under-18s are shown")
    page.get_by_label("18 or over").check()  # back to 18+: every mentor again, no note
    expect(note).to_be_hidden()
    assert offered(page) == ["", "ana-pereira", "lee-park"]
    expect(mentor).to_have_value("lee-park")


def test_under_the_minimum_age_the_form_says_you_cannot_use_this_service(page: Page, request_site: RequestSite,
                                                                         inbox: Inbox) -> None:
    page.goto(request_site.url + "request/?mentor=lee-park")
    page.get_by_label("Under 13").check()
    panel = page.locator("#mh-cannot-use")
    expect(panel.get_by_role("heading", name="You cannot use this service")).to_be_visible()
    expect(panel).to_contain_text("This mentoring programme is for people aged 13 and over")
    expect(panel).to_contain_text("talk to a teacher or your school counsellor")
    assert panel.get_by_role("link", name="Go to the home page").evaluate("a => a.href") == request_site.url
    for question in ("Mentor you would like", "Your preferred name", "Your parent or guardian's name",
                     "What would you like to get from mentoring?"):
        expect(page.get_by_label(question)).to_be_hidden()  # nothing else is asked
    expect(page.get_by_role("button", name="Send request")).to_be_hidden()
    page.get_by_label("Under 13").press("Enter")
    expect(page.locator("#mh-error-summary")).to_be_hidden()  # not an error to fix
    assert inbox.posts == 0
    page.get_by_label("16 or 17").check()  # a slip of the finger: the form comes back
    expect(panel).to_be_hidden()
    expect(page.get_by_label("Your parent or guardian's name")).to_be_visible()
    expect(page.get_by_label("Mentor you would like")).to_have_value("lee-park")
    expect(page.get_by_role("button", name="Send request")).to_be_visible()


def test_the_cannot_use_page_says_what_to_do_instead(page: Page, request_site: RequestSite) -> None:
    page.goto(request_site.url + "request/cannot-use/")  # where the inbox sends a plain post from an under-13
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this service")
    assert page.title().startswith("You cannot use this service")
    content = page.locator(".md-content")
    expect(content).to_contain_text("This mentoring programme is for people aged 13 and over")
    expect(content).to_contain_text("talk to a parent or carer")
    expect(content).to_contain_text("The programme's safeguarding contact: safeguarding@example.org")
    page.get_by_role("link", name="Go to the home page").click()
    expect(page).to_have_url(request_site.url)


def test_a_minor_needs_a_guardian_and_a_youth_cleared_mentor(page: Page, request_site: RequestSite,
                                                             inbox: Inbox) -> None:
    page.goto(request_site.url + "request/?mentor=ana-pereira")
    expect(page.get_by_label("Your parent or guardian's name")).to_be_hidden()  # revealed for minors only
    fill_adult_request(page)
    expect(page.get_by_label("Your parent or guardian's name")).to_be_hidden()
    page.get_by_label("13 to 15").check()
    expect(page.get_by_label("Your parent or guardian's name")).to_be_visible()
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("#mh-error-summary").get_by_role("link")).to_have_text([
        "Enter your parent or guardian's name",
        "Enter your parent or guardian's email address",
    ])
    assert offered(page) == ["", "lee-park"]
    page.get_by_label("Mentor you would like").select_option("lee-park")
    page.get_by_label("Your parent or guardian's name").fill("Maria")
    page.get_by_label("Your parent or guardian's email address").fill("maria@example.org")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (request,) = inbox.stored.values()
    assert (request.mentor, request.age_band, request.guardian_name) == ("lee-park", "13-15", "Maria")


def test_full_or_stale_mentors_cannot_be_requested(page: Page, request_site: RequestSite) -> None:
    page.goto(request_site.url + "mentors/kofi-mensah/")
    expect(page.get_by_role("link", name=re.compile("^Request "))).to_have_count(0)
    expect(page.locator("#not-requestable")).to_contain_text("Kofi Mensah's profile has not been confirmed recently")
    page.goto(request_site.url + "mentors/ana-pereira/")
    page.get_by_role("link", name="Request Ana Pereira").click()
    expect(page.get_by_label("Mentor you would like")).to_have_value("ana-pereira")
    page.goto(request_site.url + "request/?mentor=kofi-mensah")
    expect(page.get_by_label("Mentor you would like")).to_have_value("")
    expect(page.locator(".mh-inset")).to_contain_text("not taking new mentees")
    values = page.eval_on_selector_all("#request-mentor option", "os => os.map(o => o.value)")
    assert "kofi-mensah" not in values


def test_the_form_says_plainly_when_the_receiver_is_down(page: Page, demo_url: str,
                                                         request_site: RequestSite) -> None:
    page.goto(demo_url + "request/")  # the demo's receiver (127.0.0.1:8001) is not running in tests
    expect(page.locator("#mh-receiver-down")).to_be_visible()
    page.goto(request_site.url + "request/")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#mh-receiver-down")).to_be_hidden()


def test_live_availability_from_the_inbox_overrides_the_build(page: Page, request_site: RequestSite,
                                                              inbox: Inbox) -> None:
    inbox.availability.update({"ana-pereira": {"state": "full", "free_places": 0},
                               "lee-park": {"state": "accepting", "free_places": 1}})
    page.goto(request_site.url + "mentors/")
    expect(page.locator('[data-status-for="ana-pereira"]')).to_have_text("Full")
    expect(page.locator('[data-status-for="lee-park"]')).to_have_text("Accepting mentees: 1 place free")
    page.wait_for_selector("#mh-filters[data-ready]", state="attached")
    order = page.eval_on_selector_all("#mh-cards > li", "cards => cards.map(c => c.dataset.id)")
    assert order == ["lee-park", "ana-pereira", "kofi-mensah"]  # Ana now full: listed with the full
    page.goto(request_site.url + "mentors/ana-pereira/")
    expect(page.locator('[data-status-for="ana-pereira"]')).to_have_text("Full")
    expect(page.get_by_role("link", name="Request Ana Pereira")).to_be_hidden()


def test_the_thank_you_page_reads_a_full_mentor_from_the_inbox_redirect(page: Page, request_site: RequestSite) -> None:
    # After a plain form post the inbox redirects here with its answer in the query.
    page.goto(request_site.url + "request/thanks/?ref=ABCD-EFGH-JKLM&mentor_full=ana-pereira&alternatives=lee-park")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request received")
    expect(page.locator("#mh-request-reference")).to_have_text("Your reference: ABCD-EFGH-JKLM")
    full = page.locator("#mh-request-full")
    expect(full.locator("p")).to_have_text("Ana Pereira has just filled up. We have kept your request; "
                                           "a coordinator will suggest one of these mentors:")
    expect(full.get_by_role("link")).to_have_text(["Lee Park"])  # names from mentors.json
    page.goto(request_site.url + "request/thanks/?ref=ABCD-EFGH-JKLM")
    expect(page.get_by_role("heading", level=1)).to_have_text("Request sent")
    expect(page.locator("#mh-request-full")).to_be_hidden()


# Where each option of a fieldset sits: its check box's left edge and top.
OPTION_BOXES = """(id) => [...document.querySelectorAll(`#${id} .mh-choice input`)]
  .map(el => el.getBoundingClientRect()).filter(r => r.width > 0).map(r => [Math.round(r.left), Math.round(r.top)])"""


def test_long_option_lists_are_in_columns_on_a_wide_screen_and_one_on_a_phone(browser: Browser, demo_url: str) -> None:
    """28 topics and 18 languages in one column made the form 3,371 px tall at 1280."""
    for width, columns in ((1280, 3), (390, 1)):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(demo_url + "request/")
        for field in ("request-interests-group", "request-languages-group"):
            page.locator(f"#{field}").get_by_role("button", name=re.compile("^Show all")).click()
            boxes = page.evaluate(OPTION_BOXES, field)
            assert len({left for left, _ in boxes}) == columns, f"{field} at {width} px: {boxes}"
        context.close()


def test_the_consent_error_is_above_its_check_box(browser: Browser, demo_url: str) -> None:
    """GOV.UK's place for a lone check box's error: above it, the full width of the form,
    not beside the box in its row (squeezed into a narrow column on a phone)."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(demo_url + "request/")
    page.get_by_role("button", name="Send request").click()
    error = page.locator("#request-privacy_consent-error")
    expect(error).to_contain_text("You must agree to the privacy notice")
    error_box, check_box = error.bounding_box(), page.locator("#request-privacy_consent").bounding_box()
    assert error_box and check_box and error_box["y"] + error_box["height"] <= check_box["y"], (error_box, check_box)
    assert error_box["width"] > 300, f"the message is squeezed: {error_box}"
    context.close()


def test_the_town_question_is_only_for_meeting_in_person(page: Page, request_site: RequestSite, inbox: Inbox) -> None:
    page.goto(request_site.url + "request/?mentor=ana-pereira")
    fill_adult_request(page)
    town = page.get_by_label("Your town or area (optional)")
    expect(town).to_be_visible()  # "Either is fine" may mean meeting in person
    page.get_by_label("In person").check()
    town.fill("Leeds")
    page.get_by_label("Online").check()
    expect(town).to_be_hidden()
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (request,) = inbox.stored.values()
    assert request.format == "virtual" and not request.location  # typed, then not wanted: not sent
    expect(page.locator("#mh-request-copy")).not_to_contain_text("Leeds")  # nor in the mentee's copy
