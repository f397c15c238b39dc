"""Guided match in real Chromium: match.js ranks exactly as matching.py does, and the page works."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from support import REPO, TODAY
from generator.content.matching import Preferences, labels_from, rank
from generator.content.catalog import Catalog
from generator.content.project import Project

NOV = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
MARCH = dt.datetime(2026, 3, 15, 12, tzinfo=dt.timezone.utc)  # North America on summer time, Europe not yet
QUESTIONNAIRES = [
    (Preferences(interests=("entrepreneurship", "public-speaking"), languages=("es", "en"), format="virtual",
                 audience="founders", timezone="America/Mexico_City"), NOV),
    (Preferences(interests=("python", "data", "healthcare"), timezone="Asia/Kathmandu"), NOV),
    (Preferences(interests=("nursing", "mental-health", "careers"), languages=("en", "sw"), format="in-person",
                 audience="secondary-school", minor=True, timezone="Africa/Lagos"), NOV),
    (Preferences(interests=("careers",), format="either", timezone="America/New_York"), MARCH),
]
IMPORT_AND_RANK = """async ([cases, labels]) => {
  const { rank } = await import(new URL("assets/match.js", document.baseURI).href);
  const { mentors } = await (await fetch(new URL("mentors.json", document.baseURI))).json();
  return cases.map(([prefs, reference]) => rank(mentors, prefs, new Date(reference), 5, labels));
}"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def test_browser_and_python_rank_alike(page: Page, demo_url: str, catalog: Catalog) -> None:
    labels = labels_from(catalog.vocabularies)
    mentors = catalog.public_mentors
    expected = [[dataclasses.asdict(s) for s in rank(mentors, prefs, reference, labels=labels)]
                for prefs, reference in QUESTIONNAIRES]
    assert all(expected) and any(len({s["score"] for s in found}) < len(found) for found in expected), \
        "the questionnaires should find mentors and include a tie on score"
    page.goto(demo_url)
    cases = [[dataclasses.asdict(prefs), reference.isoformat()] for prefs, reference in QUESTIONNAIRES]
    assert page.evaluate(IMPORT_AND_RANK, [cases, labels]) == expected


def answer(page: Page) -> None:
    """A founder in Mexico City who wants help with a business and public speaking, online."""
    page.get_by_role("checkbox", name="Starting a business").check()
    page.get_by_role("checkbox", name="Public speaking").check()
    page.get_by_role("checkbox", name="Spanish").check()
    page.get_by_role("radio", name="Online", exact=True).check()
    page.get_by_role("radio", name="Founders and makers").check()


def test_match_page_suggests_mentors_and_says_why(browser: Browser, demo_url: str, catalog: Catalog) -> None:
    context = browser.new_context(timezone_id="America/Mexico_City")
    page = context.new_page()
    page.set_default_timeout(5000)
    try:
        page.goto(demo_url + "match/")
        expect(page.get_by_label("Your time zone")).to_have_value("America/Mexico_City")
        answer(page)
        page.get_by_role("button", name="Suggest mentors").click()
        expect(page.locator("#mh-minor-error")).to_have_text("Error: Select yes if you are under 18")
        expect(page.get_by_role("radio", name="Yes", exact=True)).to_be_focused()
        page.get_by_role("radio", name="No", exact=True).check()
        page.get_by_role("button", name="Suggest mentors").click()

        prefs = Preferences(interests=("entrepreneurship", "public-speaking"), languages=("es",), format="virtual",
                            audience="founders", timezone="America/Mexico_City")
        want = rank(catalog.public_mentors, prefs, dt.datetime.now(dt.timezone.utc),
                    labels=labels_from(catalog.vocabularies))
        assert [s.id for s in want] == ["ana-beatriz-lima", "lucia-hernandez", "miguel-torres"]
        expect(page.locator("#mh-match-status")).to_have_text("3 mentors suggested, best match first.")
        items = page.locator("#mh-match-list > li")
        assert items.evaluate_all("items => items.map(i => i.dataset.id)") == [s.id for s in want]
        first = items.first
        expect(first.get_by_role("link")).to_have_attribute("href", re.compile(r"/mentors/ana-beatriz-lima/$"))
        expect(first.get_by_role("list", name="Why we suggest Ana Beatriz Lima").get_by_role("listitem")) \
            .to_have_text(want[0].reasons)
        first.get_by_role("link").click()
        expect(page).to_have_url(demo_url + "mentors/ana-beatriz-lima/")
    finally:
        context.close()


def test_without_javascript_the_page_points_to_the_directory(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(demo_url + "match/")
        expect(page.locator("#mh-match-form")).to_be_hidden()
        link = page.locator("#mh-match-nojs").get_by_role("link", name="Browse the mentor directory")
        expect(link).to_have_attribute("href", "../mentors/")
    finally:
        context.close()


def test_a_topic_nobody_available_covers_is_named(page: Page, demo_url: str, catalog: Catalog) -> None:
    """The demo's software mentors are all full or paused: the page must say so, not stay silent."""
    assert not any("software" in m.expertise for m in catalog.public_mentors if m.requestable)
    assert any("software" in m.expertise for m in catalog.public_mentors)
    page.goto(demo_url + "match/")
    page.get_by_role("checkbox", name="Software development").check()
    page.get_by_role("checkbox", name="Career planning").check()
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Suggest mentors").click()
    expect(page.locator("#mh-match-notes")).to_have_text(
        "No mentor taking new mentees covers Software development at the moment, so these suggestions are for "
        "your other answers.")
    expect(page.locator("#mh-match-help").get_by_role("link", name="ask for help choosing a mentor")).to_be_visible()
    expect(page.locator("#mh-match-list > li").first).to_be_visible()


def test_when_every_profile_is_stale_the_page_says_so(page: Page, demo_url: str, catalog: Catalog) -> None:
    """A programme whose profiles all await confirmation must not be told to try more languages."""
    stale = [{**m.as_json(), "state": "stale", "free_places": 0} for m in catalog.public_mentors]
    page.route("**/mentors.json", lambda route: route.fulfill(json={"version": 1, "mentors": stale}))
    page.goto(demo_url + "match/")
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Suggest mentors").click()
    expect(page.locator("#mh-match-status")).to_have_text(
        f"No mentor is taking new mentees at the moment ({len(stale)} waiting for their profile to be confirmed), "
        "so there is nobody to suggest.")
    expect(page.locator("#mh-match-notes")).to_have_text("")
    expect(page.locator("#mh-match-help").get_by_role("link", name="ask for help choosing a mentor")).to_be_visible()
