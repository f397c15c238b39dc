"""Guided match in real Chromium: the page ranks with scorer.js and the data it carries, and works.

Whether scorer.js ranks as matching.py does is tests/test_scorer_conformance.py's question
(under Node, on hundreds of vectors); here one case shows the page really uses that module.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest
from playwright.sync_api import Browser, Page, expect

from support import REPO, TODAY
from mentorhub.content.match_reasons import labels_from
from mentorhub.content.matching import Preferences, rank
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project

RANK_AS_THE_PAGE_DOES = """async ([base, prefs, reference]) => {
  const { rank } = await import(new URL("assets/scorer.js", base).href);
  const { scorer } = JSON.parse(document.getElementById("mh-match-data").textContent);
  const { mentors } = await (await fetch(new URL("mentors.json", base))).json();
  return rank(mentors, prefs, new Date(reference), scorer);
}"""


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def test_the_page_ranks_with_scorer_js_and_its_data(page: Page, demo_url: str, catalog: Catalog) -> None:
    loaded: list[str] = []
    page.on("requestfinished", lambda request: loaded.append(request.url))
    page.goto(demo_url + "match/")
    expect(page.locator("#mh-match-form")).to_be_visible()  # match.js ran, so what it imports has loaded
    assert demo_url + "assets/scorer.js" in loaded
    prefs = Preferences(interests=("entrepreneurship", "public-speaking"), languages=("es", "en"), format="virtual",
                        audience="founders", timezone="America/Mexico_City")
    reference = dt.datetime(2026, 3, 15, 12, tzinfo=dt.timezone.utc)  # North America on summer time, Europe not yet
    expected = [dataclasses.asdict(s) for s in rank(catalog.public_mentors, prefs, reference,
                                                    labels=labels_from(catalog.vocabularies))]
    assert len(expected) > 1
    found = page.evaluate(RANK_AS_THE_PAGE_DOES, [demo_url, dataclasses.asdict(prefs), reference.isoformat()])
    assert found == expected


def topic(page: Page, name: str) -> None:
    """Tick a topic as a mentee would in a long list: found with the list's search box."""
    page.get_by_role("searchbox", name="Search topics").fill(name)
    page.get_by_role("checkbox", name=name).check()
    page.get_by_role("searchbox", name="Search topics").fill("")


def answer(page: Page) -> None:
    """A founder in Mexico City who wants help with a business and public speaking, online."""
    topic(page, "Starting a business")
    topic(page, "Public speaking")
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
    topic(page, "Software development")
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
