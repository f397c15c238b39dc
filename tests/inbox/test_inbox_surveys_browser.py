"""The inbox's survey pages in Chromium against the real inbox: the survey form shown again after a
plain post that needs fixing, its thank-you page, and a request's page with its match's timeline,
answers and a concern, and the survey summary, at 390 px without sideways scroll and with no
serious axe-core violation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from axe import assert_axe_clean, axe_script
from browser import free_port
from mentorhub.inbox.auth import create_coordinator
from mentorhub.inbox.models import utcnow
from inbox_support import COORDINATOR, QUICK_HASHER, running_inbox, sign_in
from mentor_records import browser_env
from smtp_fake import smtp_server
from survey_records import answer, code_in, matched, run, smtp, start_match_at, write_surveys
from test_inbox_dashboard_browser import fits
from test_inbox_dashboard_browser import sign_in as sign_in_page


@dataclass
class Surveys:
    url: str
    reference: str


@pytest.fixture(scope="module")
def surveys(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Surveys]:
    root = tmp_path_factory.mktemp("inbox-surveys-browser")
    env = browser_env(root, sqlite_template)
    write_surveys(env)
    create_coordinator(env.db, *COORDINATOR, hasher=QUICK_HASHER)
    port = free_port()
    try:
        with running_inbox(env.settings(public_url=f"http://127.0.0.1:{port}"), port):
            client = env.client()
            assert sign_in(client).status_code == 303
            reference = matched(env, client, preferred_name="Maximiliana-Josefina")
            start_match_at(env, reference, utcnow() - dt.timedelta(weeks=4, days=1))
            with smtp_server() as box:
                run(env, utcnow(), **smtp(env, box.port))
                codes = {m["Subject"].split(" from ")[0]: code_in(m) for _, m in box.messages}
            answer(client, "monthly", {"token": codes["Monthly check-in"], "satisfaction": "2", "worry": "yes",
                                       "tell": "A long answer without spaces " + "x" * 300})
            yield Surveys(f"http://127.0.0.1:{port}", reference)
    finally:
        env.close()


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(bypass_csp=True, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def survey_form_with_errors(page: Page, surveys: Surveys) -> None:
    """A plain post of the monthly check-in with nothing answered, as a browser without JavaScript
    sends the site's form: the inbox's survey form comes back with its messages."""
    page.goto(f"{surveys.url}/surveys/monthly/thanks")
    page.evaluate("""() => { const f = document.createElement('form'); f.method = 'post';
        f.action = '/surveys/monthly/responses'; document.body.append(f); f.submit(); }""")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Enter the code from your invitation e-mail")).to_be_visible()


def test_the_mentees_survey_pages_fit_a_phone_and_pass_axe(axe_page: Page, surveys: Surveys) -> None:
    survey_form_with_errors(axe_page, surveys)
    assert fits(axe_page), "the survey form scrolls sideways"
    assert_axe_clean(axe_page, "inbox survey form with errors", axe_script())
    axe_page.goto(f"{surveys.url}/surveys/monthly/thanks")
    expect(axe_page.get_by_role("heading", name="Answers sent")).to_be_visible()
    assert fits(axe_page)
    assert_axe_clean(axe_page, "inbox survey thank-you page", axe_script())


def test_a_match_and_the_survey_summary_fit_a_phone_and_pass_axe(axe_page: Page, surveys: Surveys) -> None:
    axe_page.goto(surveys.url + "/dashboard/login")
    sign_in_page(axe_page)
    expect(axe_page.get_by_role("heading", name="1 survey answer raised a concern: read and acknowledge")).to_be_visible()
    axe_page.goto(f"{surveys.url}/dashboard/requests/{surveys.reference}")
    expect(axe_page.get_by_role("heading", name="Match and surveys")).to_be_visible()
    expect(axe_page.get_by_text("Raised a concern:", exact=True)).to_be_visible()
    assert fits(axe_page), "a request's page with its match scrolls sideways"
    assert_axe_clean(axe_page, "dashboard request with a match at 390 px", axe_script())
    axe_page.get_by_role("link", name="Surveys", exact=True).click()
    expect(axe_page.get_by_role("heading", name="Surveys", exact=True)).to_be_visible()
    assert fits(axe_page), "the survey summary scrolls sideways"
    assert_axe_clean(axe_page, "dashboard surveys at 390 px", axe_script())
