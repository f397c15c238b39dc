"""The mentor directory and site search in real Chromium, with and without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from support import REPO, TODAY
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def visible_ids(page: Page) -> list[str]:
    """The cards shown, once the directory has applied what the form says (data-ready)."""
    page.wait_for_selector("#mh-filters[data-ready]", state="attached")
    return [str(i) for i in page.eval_on_selector_all("#mh-cards > li:not([hidden])",
                                                       "cards => cards.map(c => c.dataset.id)")]


def expected(catalog: Catalog, language: str, expertise: str) -> set[str]:
    return {e.id for e in catalog.mentors.values()
            if language in e.model.languages and expertise in e.model.expertise}


def test_language_and_expertise_narrow_to_exactly_the_right_mentors(page: Page, demo_url: str, catalog: Catalog) -> None:
    page.goto(demo_url + "mentors/")
    page.locator("details[data-facet=language] summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Spanish\b")).check()
    page.locator("details[data-facet=expertise] summary").click()
    page.get_by_role("checkbox", name=re.compile(r"^Career planning\b")).check()
    want = expected(catalog, "es", "careers")
    assert want, "the demo should have Spanish-speaking career mentors"
    assert set(visible_ids(page)) == want
    expect(page.locator("#mh-result-count")).to_have_text(f"{len(want)} of {len(catalog.mentors)} mentors match.")
    assert "language=es" in page.url and "expertise=careers" in page.url


def test_url_restores_filters_on_reload_and_back_button_undoes(page: Page, demo_url: str, catalog: Catalog) -> None:
    page.goto(demo_url + "mentors/?language=pt&accepting=1")
    want = {e.id for e in catalog.mentors.values()
            if "pt" in e.model.languages and catalog.status(e.model).state == "accepting"}
    assert set(visible_ids(page)) == want
    expect(page.get_by_label("Accepting new mentees only")).to_be_checked()
    page.get_by_label("Accepting new mentees only").uncheck()
    assert set(visible_ids(page)) == {e.id for e in catalog.mentors.values() if "pt" in e.model.languages}
    page.reload()
    assert set(visible_ids(page)) == {e.id for e in catalog.mentors.values() if "pt" in e.model.languages}
    page.go_back()
    expect(page.get_by_label("Accepting new mentees only")).to_be_checked()
    assert set(visible_ids(page)) == want


def test_facet_counts_follow_the_other_filters(page: Page, demo_url: str, catalog: Catalog) -> None:
    page.goto(demo_url + "mentors/?language=fr")
    french = [e.model for e in catalog.mentors.values() if "fr" in e.model.languages]
    researchers = sum(m.role == "researcher" for m in french)
    expect(page.locator('[data-count-for="role:researcher"]')).to_have_text(str(researchers))
    # Counts within the language facet ignore the language filter itself.
    spanish = sum("es" in e.model.languages for e in catalog.mentors.values())
    expect(page.locator('[data-count-for="language:es"]')).to_have_text(str(spanish))


def test_youth_cleared_mentors_are_marked_and_can_be_filtered(page: Page, demo_url: str, catalog: Catalog) -> None:
    cleared = {e.id for e in catalog.mentors.values() if e.model.youth_cleared}
    assert cleared and len(cleared) < len(catalog.mentors)
    page.goto(demo_url + "mentors/")
    marked = page.eval_on_selector_all("#mh-cards > li:has(.mh-youth)", "cards => cards.map(c => c.dataset.id)")
    assert set(marked) == cleared
    page.get_by_label("Can mentor under-18s").check()
    assert set(visible_ids(page)) == cleared
    assert "youth=1" in page.url
    page.goto(demo_url + f"mentors/{sorted(cleared)[0]}/")
    expect(page.locator(".mh-profile__header .mh-youth")).to_have_text("Can mentor under-18s")


def test_mentors_who_cannot_be_asked_stay_last_whatever_the_sort(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "mentors/?sort=name")
    states = page.eval_on_selector_all("#mh-cards > li", "cards => cards.map(c => c.dataset.availability)")
    assert set(states) == {"accepting", "full", "paused", "stale"}
    assert states == sorted(states, key=["accepting", "full", "paused", "stale"].index)
    names = page.eval_on_selector_all("#mh-cards > li[data-availability=accepting]", "cards => cards.map(c => c.dataset.name)")
    assert names == sorted(names, key=str.casefold)


def test_text_filter_searches_bios(page: Page, demo_url: str, catalog: Catalog) -> None:
    mentor = catalog.mentors["ingrid-solberg"].model
    assert "municipality" in str(mentor.bio).lower() and "municipality" not in str(mentor.headline).lower()
    page.goto(demo_url + "mentors/")
    page.get_by_label("Search mentors").fill("municipality coastal")
    expect(page.locator("#mh-result-count")).to_have_text(re.compile(r"^1 of \d+ mentors match\.$"))
    assert visible_ids(page) == ["ingrid-solberg"]
    expect(page).to_have_url(re.compile(r"q=municipality\+coastal"))


def test_empty_result_offers_to_clear(page: Page, demo_url: str, catalog: Catalog) -> None:
    page.goto(demo_url + "mentors/?q=zzzznotaword")
    expect(page.locator("#mh-empty")).to_be_visible()
    page.get_by_role("button", name="Clear all filters").last.click()
    expect(page.locator("#mh-empty")).to_be_hidden()
    assert len(visible_ids(page)) == len(catalog.mentors)
    expect(page.get_by_label("Search mentors")).to_be_focused()


def test_filters_work_from_the_keyboard(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "mentors/")
    page.get_by_label("Search mentors").focus()
    page.keyboard.press("Tab")  # the "accepting" checkbox
    page.keyboard.press("Space")
    expect(page.get_by_label("Accepting new mentees only")).to_be_checked()
    assert "accepting=1" in page.url
    assert page.eval_on_selector_all("#mh-cards > li:not([hidden])",
                                     "cards => cards.every(c => c.dataset.availability === 'accepting')")


def test_profile_chip_opens_the_filtered_directory(page: Page, demo_url: str, catalog: Catalog) -> None:
    page.goto(demo_url + "mentors/ingrid-solberg/")
    page.get_by_role("link", name="Environment and climate").click()
    expect(page).to_have_url(re.compile(r"/mentors/\?expertise=environment$"))
    want = {e.id for e in catalog.mentors.values() if "environment" in e.model.expertise}
    assert set(visible_ids(page)) == want
    expect(page.locator("details[data-facet=expertise]")).to_have_attribute("open", "")


def test_search_finds_a_mentor_by_a_word_from_their_bio(page: Page, demo_url: str) -> None:
    page.goto(demo_url)
    page.get_by_label("Search the site").fill("adaptation")
    page.get_by_label("Search the site").press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=adaptation$"))
    result = page.locator(".mh-site-search__link").first
    expect(result).to_have_text("Ingrid Solberg")


def test_search_for_a_word_on_one_page_finds_that_page_alone(page: Page, demo_url: str) -> None:
    """No stray matches: a search for a word only a profile has lists that profile and nothing
    else. (Splitting the index into a profiles bundle and a pages bundle merged at search time
    broke this: Pagefind answers a word it lacks with loose prefix matches.)"""
    page.goto(demo_url + "search/?q=Solberg")
    expect(page.locator("#mh-site-search-status")).to_have_text("1 result for Solberg")
    expect(page.locator(".mh-site-search__link").first).to_have_text("Ingrid Solberg")
    page.goto(demo_url + "search/?q=boundaries")
    expect(page.locator(".mh-site-search__link", has_text="The mentor's role and its boundaries").first).to_be_visible()
    page.goto(demo_url + "search/?q=Solberg")
    page.locator(".mh-site-search__link").first.click()
    expect(page).to_have_url(re.compile(r"/mentors/ingrid-solberg/$"))


def test_search_payload_is_chunked(demo_site: Path) -> None:
    bundle = demo_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("index/*.pf_index"))
    assert not (demo_site / "search" / "search_index.json").exists(), "Material's lunr index is not built"


def test_without_javascript_every_mentor_is_listed(browser: Browser, demo_url: str, catalog: Catalog) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "mentors/?language=es")
    shown = page.eval_on_selector_all("#mh-cards > li:not([hidden])", "cards => cards.map(c => c.dataset.id)")
    assert len(shown) == len(catalog.mentors)  # 28: one page of the directory
    expect(page.locator("#mh-filters")).to_be_hidden()
    context.close()
