"""The directory at scale, on the demo cut into pages of six: every profile reachable by page
links without JavaScript; with it, filters over every page; no layout shift; facets that stay
short; filters behind a button on a phone."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from browser import serve
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project
from support import REPO, TODAY, demo_copy, mkdocs_build

PAGE_SIZE = 6


@pytest.fixture(scope="module")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    demo_copy(root, lambda config: config.replace(
        "  - mentorship:\n", f"  - mentorship:\n      search_index: false\n      directory_page_size: {PAGE_SIZE}\n"))
    result = mkdocs_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def paged_url(paged_site: Path) -> Iterator[str]:
    with serve(paged_site) as url:
        yield url


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def shown(page: Page) -> list[str]:
    page.wait_for_selector("#mh-filters[data-ready]", state="attached")
    return [str(i) for i in page.eval_on_selector_all("#mh-cards > li:not([hidden])", "cs => cs.map(c => c.dataset.id)")]


def test_without_javascript_the_page_links_reach_every_profile(browser: Browser, paged_url: str,
                                                                catalog: Catalog) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(paged_url + "mentors/")
    seen: list[str] = []
    pages = 0
    while True:
        pages += 1
        cards = page.eval_on_selector_all("#mh-cards > li", "cs => cs.map(c => c.dataset.id)")
        assert 0 < len(cards) <= PAGE_SIZE
        seen += cards
        following = page.locator(".mh-pagination a[rel=next]")
        if not following.count():
            break
        following.click()
        expect(page).to_have_url(re.compile(rf"/mentors/page/{pages + 1}/$"))
    assert pages == -(-len(catalog.mentors) // PAGE_SIZE)
    assert sorted(seen) == sorted(catalog.mentors), "every profile once, by page links alone"
    expect(page.locator("#mh-filters")).to_be_hidden()
    expect(page.locator(".mh-pagination [aria-current=page]")).to_have_text(re.compile(rf"{pages}$"))
    context.close()


def test_filters_cover_every_page_and_the_cards_they_bring_link_right(page: Page, paged_url: str,
                                                                       catalog: Catalog) -> None:
    page.goto(paged_url + "mentors/page/3/?language=es")
    want = {e.id for e in catalog.mentors.values() if "es" in e.model.languages}
    assert len(want) > PAGE_SIZE / 2
    found = shown(page)
    assert set(found) == set(found[:PAGE_SIZE]) and set(found) <= want
    expect(page.locator("#mh-result-count")).to_have_text(f"{len(want)} of {len(catalog.mentors)} mentors match.")
    expect(page.locator(".mh-pagination")).to_be_hidden()
    if len(want) > PAGE_SIZE:  # the rest a button away
        page.get_by_role("button", name="Show more mentors").click()
        assert set(shown(page)) == want
    first = page.locator("#mh-cards > li:not([hidden]) .mh-card__name a").first
    mentor_id = first.evaluate("a => a.closest('li').dataset.id")
    first.click()
    expect(page).to_have_url(re.compile(rf"/mentors/{mentor_id}/$"))


def test_the_index_is_compact_and_has_every_mentor(paged_site: Path, catalog: Catalog) -> None:
    index = json.loads((paged_site / "mentors" / "directory.json").read_text(encoding="utf-8"))
    assert index["page_size"] == PAGE_SIZE and len(index["pages"]) == -(-len(catalog.mentors) // PAGE_SIZE)
    assert sorted(m[0] for m in index["mentors"]) == sorted(catalog.mentors)
    assert "bio" not in json.dumps(index["mentors"][0])  # bios are a separate file, fetched on a search
    bios = json.loads((paged_site / "mentors" / "bios.json").read_text(encoding="utf-8"))["bios"]
    assert len(bios) == len(index["mentors"])


@pytest.mark.parametrize("width", [390, 1280])
def test_nothing_shifts_when_the_script_starts(browser: Browser, paged_url: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.add_init_script("""
        window.__cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__cls += e.value;
        }).observe({type: "layout-shift", buffered: true});
    """)
    page.goto(paged_url + "mentors/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__cls") < 0.1
    context.close()


def test_on_a_phone_the_filters_open_from_a_button_that_counts_them(browser: Browser, paged_url: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(paged_url + "mentors/?language=pt")
    shown(page)
    toggle = page.get_by_role("button", name=re.compile(r"^Filters"))
    expect(toggle).to_have_text(re.compile(r"Filters\s*\(1\)"))
    expect(page.locator("details[data-facet=language]")).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator("details[data-facet=language]")).to_be_visible()
    context.close()


def test_a_long_facet_shows_the_most_used_and_searches_the_rest(page: Page, paged_url: str, catalog: Catalog) -> None:
    page.goto(paged_url + "mentors/")
    page.locator("details[data-facet=expertise] summary").click()
    facet = page.locator("details[data-facet=expertise]")
    options = facet.locator("label.mh-check")
    total = options.count()
    assert total > 8
    expect(facet.locator("label.mh-check:visible")).to_have_count(8)
    facet.get_by_role("button", name=f"Show all {total}").click()
    expect(facet.locator("label.mh-check:visible")).to_have_count(total)
    facet.get_by_role("button", name="Show fewer").click()
    facet.get_by_role("searchbox", name="Search expertise").fill("climate")
    expect(facet.locator("label.mh-check:visible")).to_have_count(1)
    facet.get_by_role("checkbox", name=re.compile("Environment and climate")).check()
    want = {e.id for e in catalog.mentors.values() if "environment" in e.model.expertise}
    assert set(shown(page)) == want
    # once a filter applies, options nothing matches are out of the way
    page.locator("details[data-facet=language] summary").click()
    spoken = {code for e in catalog.mentors.values() if e.id in want for code in e.model.languages}
    expect(page.locator("details[data-facet=language] label.mh-check:visible")).to_have_count(min(len(spoken), 8))


@pytest.mark.parametrize(("path", "legend"), [("request/", "Which topics interest you?"),
                                              ("match/", "What would you like help with?")])
def test_the_request_form_and_the_match_use_the_same_topic_list(page: Page, paged_url: str, path: str,
                                                               legend: str) -> None:
    page.goto(paged_url + path)
    topics = page.get_by_role("group", name=legend)
    total = topics.locator("input[type=checkbox]").count()  # role queries leave hidden options out
    assert total > 12
    expect(topics.get_by_role("checkbox")).to_have_count(8)
    topics.get_by_role("searchbox").fill("climate")
    expect(topics.get_by_role("checkbox")).to_have_count(1)
    topics.get_by_role("checkbox").check()
    topics.get_by_role("searchbox").fill("")
    expect(topics.get_by_role("checkbox", name=re.compile("climate"))).to_be_checked()  # a choice stays in view
    topics.get_by_role("button", name=f"Show all {total}").click()
    expect(topics.get_by_role("checkbox")).to_have_count(total)
