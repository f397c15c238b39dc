"""Without JavaScript, in Chromium, against the real inbox (uvicorn on loopback): a refused request
comes back as the programme's form with the answers kept, sends from there, and ends on a
thank-you page with the reference; coordinators give a request a mentor and save a note.

Set INBOX_SCREENSHOTS=<folder> to keep screenshots of each page at 390 and 1280 px wide."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from mentorhub.inbox.app import create_app
from mentorhub.inbox.auth import create_coordinator
from browser import free_port, serve
from inbox_support import COORDINATOR, QUICK_HASHER, Env, adult, wait_for
from mentor_records import write_programme

SITE_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Request a mentor</title></head>
<body><h1>Request a mentor</h1>
<form action="{inbox}/requests" method="post" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="submission_id" value="">
<input type="hidden" name="privacy_version" value="2026-09">
<input type="hidden" name="next" value="{next}">
<label for="m">Mentor you would like</label>
<select id="m" name="mentor"><option value="">Help me choose</option><option value="lee">Lee Park</option></select>
<label for="n">Your preferred name</label><input id="n" name="preferred_name">
<label for="e">Your email address</label><input id="e" name="email" type="email">
<fieldset><legend>How old are you?</legend>
<input id="a1" type="radio" name="age_band" value="under-13"><label for="a1">Under 13</label>
<input id="a2" type="radio" name="age_band" value="16-17"><label for="a2">16 or 17</label>
<input id="a3" type="radio" name="age_band" value="18-plus"><label for="a3">18 or over</label></fieldset>
<label for="g">What would you like to get from mentoring?</label><textarea id="g" name="goals"></textarea>
<input id="t" type="checkbox" name="interests" value="python"><label for="t">Python</label>
<input id="l" type="checkbox" name="languages" value="en"><label for="l">English</label>
<input id="f" type="radio" name="format" value="either"><label for="f">Either is fine</label>
<input id="w" type="checkbox" name="availability" value="weekends"><label for="w">Weekends</label>
<input id="c" type="checkbox" name="privacy_consent" value="true"><label for="c">I agree</label>
<input type="hidden" name="website" value="">
<button type="submit">Send request</button></form></body></html>
"""


@dataclass
class Demo:
    site: str
    inbox: str
    env: Env


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Demo]:
    root = tmp_path_factory.mktemp("inbox-no-js")
    site_port, inbox_port = free_port(), free_port()
    site, inbox = f"http://127.0.0.1:{site_port}/", f"http://127.0.0.1:{inbox_port}"
    pages = root / "site"
    for path, text in {"request/index.html": SITE_FORM.format(inbox=inbox, next=inbox + "/requests/thanks"),
                       "request/to-the-site/index.html": SITE_FORM.format(inbox=inbox, next=site + "request/thanks/"),
                       "request/thanks/index.html": "<!doctype html><title>Sent</title><h1>The site's thank-you page</h1>",
                       "request/cannot-use/index.html": "<!doctype html><title>No</title><h1>You cannot use this service</h1>"
                       }.items():
        (pages / path).parent.mkdir(parents=True, exist_ok=True)
        (pages / path).write_text(text, encoding="utf-8")
    database = root / "inbox.db"
    database.write_bytes(sqlite_template.read_bytes())
    env = Env(f"sqlite:///{database}", write_programme(root / "programme"))
    settings = env.settings(site_origins=(site.rstrip("/"),), public_url=inbox)
    app = create_app(settings, hasher=QUICK_HASHER)
    create_coordinator(env.db, *COORDINATOR, hasher=QUICK_HASHER)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=inbox_port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started, 30, "the inbox to start")
    try:
        with serve(pages, site_port):
            yield Demo(site, inbox, env)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.inbox.db.dispose()
        env.close()


@pytest.fixture
def no_js(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5000)
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text else None)
    yield page
    context.close()
    assert not problems, problems  # a Content Security Policy refusal is reported here


def screenshots(page: Page, name: str) -> None:
    folder = os.environ.get("INBOX_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 800}
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def fill(page: Page, email: str, band: str = "16 or 17") -> None:
    page.get_by_label("Mentor you would like").select_option("lee")
    page.get_by_label("Your preferred name").fill("Zoë")
    page.get_by_label("Your email address").fill(email)
    page.get_by_label(band).check()
    page.get_by_label("What would you like to get from mentoring?").fill("Choose a course.")
    for label in ("Python", "English", "Either is fine", "Weekends", "I agree"):
        page.get_by_label(label).check()


def test_a_refused_request_is_fixed_on_the_inbox_page_and_ends_with_the_reference(no_js: Page, demo: Demo) -> None:
    page = no_js
    page.goto(demo.site + "request/")
    fill(page, "zoe@example.org")  # 16 or 17, and no guardian given: the inbox refuses it
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_title("Error: Request a mentor – Inbox test programme")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter your parent or guardian's name")).to_be_visible()
    # the answers are all there, and the message is at the field
    expect(page.get_by_label("Your preferred name")).to_have_value("Zoë")
    expect(page.get_by_label("Mentor you would like")).to_have_value("lee")
    expect(page.get_by_label("16 or 17")).to_be_checked()
    expect(page.get_by_label("Weekends")).to_be_checked()
    expect(page.locator("#request-guardian_name-group .error-message")).to_contain_text(
        "Enter your parent or guardian's name")
    screenshots(page, "form-again")
    summary.get_by_role("link", name="Enter your parent or guardian's name").click()
    expect(page).to_have_url(re.compile("#request-guardian_name$"))
    page.get_by_label("Your parent or guardian's name").fill("Maria")
    page.get_by_label("Your parent or guardian's email address").fill("maria@example.org")
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(re.compile(re.escape(demo.inbox + "/requests/thanks?ref=")))
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (row,) = demo.env.rows("SELECT public_id, mentor_id, guardian_name FROM requests WHERE email = 'zoe@example.org'")
    assert (row["mentor_id"], row["guardian_name"]) == ("lee", "Maria")
    expect(page.locator(".reference")).to_contain_text(row["public_id"])
    expect(page.get_by_role("link", name="Back to the mentors")).to_have_attribute("href", demo.site + "mentors/")
    screenshots(page, "thanks")


def test_the_inbox_page_sends_on_to_the_site_thank_you_page(no_js: Page, demo: Demo) -> None:
    """The CSP's form-action lets the browser follow the 303 to the site's own page."""
    page = no_js
    page.goto(demo.site + "request/to-the-site/")
    fill(page, "amal@example")  # a browser takes it; the inbox wants a dot in the domain
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter an email address in the correct format")
    page.get_by_label("Your email address").fill("amal@example.org")
    page.get_by_label("Your parent or guardian's name").fill("Maria")
    page.get_by_label("Your parent or guardian's email address").fill("maria@example.org")
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(re.compile(re.escape(demo.site + "request/thanks/?ref=")))
    assert demo.env.scalar("SELECT count(*) FROM requests WHERE email = 'amal@example.org'") == 1


def test_an_under_13_goes_to_the_site_page_that_says_what_to_do(no_js: Page, demo: Demo) -> None:
    page = no_js
    page.goto(demo.site + "request/")
    fill(page, "young@example.org", band="Under 13")
    page.get_by_role("button", name="Send request").click()
    expect(page).to_have_url(demo.site + "request/cannot-use/")
    assert demo.env.scalar("SELECT count(*) FROM requests WHERE email = 'young@example.org'") == 0


def test_a_coordinator_gives_a_request_a_mentor_and_adds_a_note(page: Page, demo: Demo) -> None:
    sent = page.request.post(demo.inbox + "/requests", data=json.dumps(adult(mentor="lee", email="dash@example.org")),
                             headers={"Origin": demo.site.rstrip("/"), "Accept": "application/json",
                                      "Content-Type": "application/json"})
    reference = sent.json()["id"]
    page.goto(demo.inbox + "/dashboard/")
    page.get_by_label("Email address").fill(COORDINATOR[0])
    page.get_by_label("Password").fill(COORDINATOR[1])
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Request {reference}")).to_be_visible()
    page.get_by_label("Mentor", exact=True).select_option("sam")
    page.get_by_role("button", name="Change mentor").click()
    expect(page.locator(".audit")).to_contain_text("mentor changed from Lee Park to Sam Roy")
    page.get_by_label(re.compile("^Note")).fill("Phoned: Zoë would rather meet Sam.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".audit")).to_contain_text("Phoned: Zoë would rather meet Sam.")
    assert demo.env.scalar("SELECT status FROM requests WHERE public_id = :r", r=reference) == "new"
    assert demo.env.scalar("SELECT mentor_id FROM requests WHERE public_id = :r", r=reference) == "sam"
    screenshots(page, "dashboard-detail")
