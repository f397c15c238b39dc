"""Mentor applications' dashboard pages in Chromium against the real inbox (uvicorn on loopback):
at 390 px the list and an application's page (profile, private details, checklist, decision)
fit the screen, and axe-core finds no serious WCAG 2.2 AA violation on them at 390 and 1280 px."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from axe import assert_axe_clean, axe_script
from browser import free_port
from inbox_support import running_inbox
from mentor_records import browser_env
from test_inbox_applications_dashboard import PROFILE, application
from test_inbox_dashboard_browser import PHONE, fits, screenshots, sign_in


@dataclass
class Applications:
    url: str
    reference: str  # approved, one step for under-18s still to record: every section of the page shows


@pytest.fixture(scope="module")
def applications(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Applications]:
    root = tmp_path_factory.mktemp("inbox-applications-browser")
    env = browser_env(root, sqlite_template)
    port = free_port()
    try:
        reference = application(env, status="approved", email="a.very.long.applicant.address@riverside-mentoring.example",
                                profile={**PROFILE, "bio": "Twenty years on hospital wards. " * 20})
        application(env, status="screening")
        with running_inbox(env.settings(public_url=f"http://127.0.0.1:{port}"), port):
            yield Applications(f"http://127.0.0.1:{port}", reference)
    finally:
        env.close()


@pytest.fixture
def signed_in(browser: Browser, applications: Applications) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, bypass_csp=True)  # axe-core's script needs in
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(applications.url + "/dashboard/login")
    sign_in(page)
    yield page
    context.close()


def test_the_applications_fit_a_phone(signed_in: Page, applications: Applications) -> None:
    signed_in.get_by_role("navigation", name="Dashboard").get_by_role("link", name="Applications").click()
    expect(signed_in.get_by_role("heading", name="Mentor applications")).to_be_visible()
    assert fits(signed_in), "the applications list scrolls sideways"
    screenshots(signed_in, "applications-list")
    signed_in.get_by_role("link", name=applications.reference).click()
    expect(signed_in.get_by_role("heading", name=f"Application {applications.reference}")).to_be_visible()
    expect(signed_in.get_by_role("heading", name="Private: for screening only, never published")).to_be_visible()
    expect(signed_in.get_by_role("button", name="Mark as youth-cleared (needs: Criminal-records check clear, "
                                                "Training path completed)")).to_be_disabled()
    assert fits(signed_in), "an application's page scrolls sideways"
    screenshots(signed_in, "application")


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_violation_on_the_applications(signed_in: Page, applications: Applications,
                                                             width: int) -> None:
    signed_in.set_viewport_size({"width": width, "height": 900})
    signed_in.goto(applications.url + "/dashboard/applications/")
    assert_axe_clean(signed_in, f"applications list at {width} px", axe_script())
    signed_in.goto(f"{applications.url}/dashboard/applications/{applications.reference}")
    assert_axe_clean(signed_in, f"application page at {width} px", axe_script())
