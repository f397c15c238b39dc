"""The inbox's pages in Chromium against the real inbox (uvicorn on loopback): at 390 px the
dashboard's list and a request's page fit the screen (nothing scrolls sideways), the list's rows
become labelled stacks, the header is the programme's, in the site's teal, and axe-core finds no
serious WCAG 2.2 AA violation on any page a coordinator or a mentee meets there.

Set INBOX_SCREENSHOTS=<folder> to keep screenshots of each page at 390 and 1280 px wide."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, ViewportSize, expect

from axe import assert_axe_clean, axe_script
from browser import free_port
from inbox_support import COORDINATOR, ORIGIN, Env, adult, running_inbox
from mentor_records import LONG_ADDRESS, browser_env

PHONE: ViewportSize = {"width": 390, "height": 844}
SITE_TEAL = "rgb(0, 105, 92)"  # #00695c: theme/assets/mentorhub.css's teal primary


@dataclass
class Dashboard:
    url: str
    env: Env
    minor: str  # a reference: a 16-year-old with a long name, for a full mentor
    adult: str


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Dashboard]:
    root = tmp_path_factory.mktemp("inbox-dashboard-browser")
    env = browser_env(root, sqlite_template)
    port = free_port()
    try:
        with running_inbox(env.settings(public_url=f"http://127.0.0.1:{port}"), port):
            url = f"http://127.0.0.1:{port}"
            client = env.client()
            sent = []
            for answers in (adult(mentor="kofi", age_band="16-17", preferred_name="Maximiliana-Josefina",
                                  email="maximiliana.josefina.longname@example.org", guardian_name="Guardian Person",
                                  guardian_email="guardian.person.longname@example.org",
                                  goals="Choose a course. " * 40, interests=["python", "careers"]),
                            adult(mentor="", email="adult@example.org")):
                reply = client.post("/requests", json=answers, headers={"Accept": "application/json", "Origin": ORIGIN})
                assert reply.status_code == 200, reply.text
                sent.append(reply.json()["id"])
            yield Dashboard(url, env, *sent)
    finally:
        env.close()


@pytest.fixture
def phone(browser: Browser, dashboard: Dashboard) -> Iterator[Page]:
    """A signed-in coordinator's phone."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(dashboard.url + "/dashboard/login")
    assert fits(page), "the sign-in page scrolls sideways"
    sign_in(page)
    yield page
    context.close()


def sign_in(page: Page) -> None:
    page.get_by_label("Email address").fill(LONG_ADDRESS)
    page.get_by_label("Password").fill(COORDINATOR[1])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Requests", exact=True)).to_be_visible()


def fits(page: Page) -> bool:
    """Nothing on the page is wider than the window: the page cannot scroll sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def screenshots(page: Page, name: str) -> None:
    folder = os.environ.get("INBOX_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(PHONE)


def test_the_list_fits_a_phone_with_each_request_a_labelled_stack(phone: Page, dashboard: Dashboard) -> None:
    assert phone.evaluate("window.innerWidth") == 390
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    row = phone.locator("tr", has=phone.get_by_role("link", name=dashboard.minor))
    age = row.locator('td[data-label="Age"]')
    expect(age).to_contain_text("Under 18")
    # a stack: the cells are one above the other, each led by its column's name
    cells = row.locator("td").all()
    tops = [cell.bounding_box()["y"] for cell in cells]  # type: ignore[index]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert age.evaluate("cell => getComputedStyle(cell, '::before').content") == '"Age"'
    screenshots(phone, "dashboard-list")


def test_a_request_page_fits_a_phone(phone: Page, dashboard: Dashboard) -> None:
    phone.get_by_role("link", name=dashboard.minor).click()
    expect(phone.get_by_role("heading", name=f"Request {dashboard.minor}")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    expect(phone.get_by_role("button", name="Record that the guardian agreed")).to_be_visible()
    screenshots(phone, "dashboard-detail")


def test_the_header_is_the_programmes_in_the_sites_teal(phone: Page, dashboard: Dashboard) -> None:
    header = phone.locator("header")
    expect(header.get_by_role("link", name="Inbox test programme")).to_be_visible()
    assert header.evaluate("h => getComputedStyle(h).backgroundColor") == SITE_TEAL
    on_the_site = header.get_by_role("link", name="The programme's site")
    assert on_the_site.get_attribute("href") == ORIGIN + "/"
    # on a wide screen the list is a table again, its header row visible
    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(phone.get_by_role("columnheader", name="Age")).to_be_visible()
    assert json.loads(phone.evaluate("JSON.stringify(getComputedStyle(document.querySelector('td')).display)")) \
        == "table-cell"


def mentee_form_with_errors(page: Page, dashboard: Dashboard) -> None:
    """The no-JavaScript request form, sent empty: the inbox's error summary and field messages."""
    page.goto(dashboard.url + "/requests/new?mentor=kofi&privacy_version=2026-09")
    page.locator("form").evaluate("form => form.noValidate = true")  # as a browser without validation sends it
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()


PAGES: dict[str, Callable[[Page, Dashboard], object]] = {
    "sign-in": lambda page, d: page.goto(d.url + "/dashboard/login"),
    "request form": lambda page, d: page.goto(d.url + "/requests/new?mentor=kofi&privacy_version=2026-09"),
    "request form with errors": mentee_form_with_errors,
    "thank-you page": lambda page, d: page.goto(f"{d.url}/requests/thanks?ref={d.adult}&mentor=kofi"),
}


@pytest.fixture
def axe_page(browser: Browser) -> Iterator[Page]:
    """A page whose CSP lets axe-core's script in (the inbox allows no inline script, rightly)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violation_on_the_mentees_pages(axe_page: Page, dashboard: Dashboard, name: str) -> None:
    PAGES[name](axe_page, dashboard)
    assert_axe_clean(axe_page, f"inbox {name}", axe_script())


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation_on_the_dashboard(axe_page: Page, dashboard: Dashboard, width: int) -> None:
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto(dashboard.url + "/dashboard/login")
    sign_in(axe_page)
    assert_axe_clean(axe_page, f"dashboard list at {width} px", axe_script())
    axe_page.get_by_role("link", name=dashboard.minor).click()
    expect(axe_page.get_by_role("heading", name=f"Request {dashboard.minor}")).to_be_visible()
    assert_axe_clean(axe_page, f"dashboard request at {width} px", axe_script())
