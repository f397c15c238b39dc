"""Site search results that say what they are (issue 17): each result's type, a mentor's state,
index pages left out, facts that read as separate words, the query kept in the header's box,
and a type filter. Over the demo's real Pagefind index, read from disk and in Chromium."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from mentorhub.content.kinds import PAGES, page_url
from mentorhub.content.mentor_state import LABELS

RESULT = ".mh-site-search__result"
INDEX_PAGES = ("mentors", "stories", "events", "training", "match", "request", "request_thanks",
               "request_cannot_use", "search", "impact")
"""The programme's listings and forms: never a search result (the reference page is one)."""


def fragments(site: Path) -> dict[str, dict[str, Any]]:
    """Every indexed page's Pagefind record (url, content, meta, filters), by URL."""
    records = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data[len(b"pagefind_dcd"):])
        records[record["url"]] = record
    return records


def test_every_indexed_page_has_a_type_and_no_listing_is_indexed(demo_site: Path) -> None:
    records = fragments(demo_site)
    for name in INDEX_PAGES:
        assert "/" + page_url(PAGES[name]) not in records, name
    assert "/" + page_url(PAGES["reference"]) in records
    types = {url: record["filters"].get("type") for url, record in records.items()}
    assert all(t and len(t) == 1 for t in types.values()), {u: t for u, t in types.items() if not t or len(t) != 1}
    by_type = {t[0] for t in types.values() if t}
    assert by_type == {"Mentor", "Story", "Event", "Training module", "Page"}
    mentors = [r for r in records.values() if r["filters"]["type"] == ["Mentor"]]
    assert mentors and all(r["meta"]["state"] for r in mentors)
    assert records["/mentors/rafael-costa/"]["meta"]["state"] == LABELS["paused"]


def test_facts_are_separate_words_in_the_index(demo_site: Path) -> None:
    """Pagefind joins adjacent elements' text: <dt>Format</dt><dd>In person</dd> was "FormatIn person"."""
    records = fragments(demo_site)
    event = records["/events/celebration-of-matches-2026/"]["content"]
    assert "Format Hybrid. Where Centro" in event and "Online Joining page. For everyone." in event
    profile = records["/mentors/ingrid-solberg/"]["content"]
    assert "Languages Norwegian (Norsk), English. Based in Bergen" in profile
    assert "Meets Online. Works with University" in profile
    assert "is full" not in profile, "the hidden 'cannot be requested' box is not indexed"
    for url, record in records.items():
        assert not re.search(r"\b(Format|Online|Registration|Languages|Meets)[A-Z]", record["content"]), url


def test_a_mentor_result_shows_mentor_and_their_state(page: Page, demo_url: str) -> None:
    page.goto(demo_url)
    page.get_by_label("Search the site").fill("Solberg")
    page.get_by_label("Search the site").press("Enter")
    expect(page.get_by_role("status")).to_have_text("1 result for Solberg")
    result = page.locator(RESULT)
    expect(result).to_have_count(1)
    expect(result.get_by_role("link")).to_have_text("Ingrid Solberg")
    expect(result.locator(".mh-site-search__type")).to_have_text("Mentor")
    expect(result.locator(".mh-site-search__state")).to_have_text(re.compile("^" + re.escape(LABELS["accepting"])))
    page.goto(demo_url + "search/?q=Rafael+Costa")
    paused = page.locator(RESULT, has=page.get_by_role("link", name="Rafael Costa", exact=True))
    expect(paused.locator(".mh-site-search__state")).to_have_text(LABELS["paused"])


def test_the_header_box_and_the_page_box_hold_the_query(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "search/?q=mentor+boundaries")
    expect(page.locator("#mh-search-q")).to_have_value("mentor boundaries")
    expect(page.get_by_label("Search for")).to_have_value("mentor boundaries")
    expect(page.locator(RESULT).first).to_be_visible()


def test_an_index_page_is_never_a_result(page: Page, demo_url: str) -> None:
    """"Events" and "stories" are the listings' own titles: the listings must not come up."""
    listings = {"/" + page_url(PAGES[name]) for name in INDEX_PAGES}
    for query in ("events", "stories", "training", "mentors"):
        page.goto(demo_url + "search/?q=" + query)
        expect(page.locator(RESULT).first).to_be_visible()
        hrefs = page.locator(f"{RESULT} h2 a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
        assert hrefs and not listings & set(hrefs), (query, hrefs)


def test_an_event_excerpt_reads_as_separate_words(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "search/?q=hybrid")
    celebration = page.locator(RESULT, has=page.get_by_role("link", name="Celebrating this year's matches"))
    expect(celebration.locator(".mh-site-search__type")).to_have_text("Event")
    expect(celebration.locator(".mh-site-search__excerpt")).to_contain_text("Format Hybrid.")


def types_shown(page: Page) -> set[str]:
    return set(page.locator(f"{RESULT} .mh-site-search__type").all_text_contents())


def test_a_type_filter_narrows_the_results_and_works_with_the_keyboard(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "search/?q=mentors")
    expect(page.locator(RESULT).first).to_be_visible()
    everything = page.get_by_role("status").text_content() or ""
    assert len(types_shown(page)) > 2, "the word is on pages of several types"
    stories = page.get_by_role("group", name="Show only").get_by_role("checkbox", name=re.compile(r"^Story \(\d+\)$"))
    stories.focus()
    page.keyboard.press("Space")
    expect(stories).to_be_checked()
    expect(page.get_by_role("status")).not_to_have_text(everything)
    expect(page.locator(RESULT).first).to_be_visible()
    assert types_shown(page) == {"Story"}
    expect(page).to_have_url(re.compile(r"[?&]type=Story(&|$)"))
    page.keyboard.press("Tab")  # the next type: ticking it too lists both (any of them)
    page.keyboard.press("Space")
    expect(page.locator(f"{RESULT} .mh-site-search__type", has_text=re.compile("^(?!Story$)")).first).to_be_visible()
    assert "Story" in types_shown(page) and len(types_shown(page)) == 2
    page.reload()  # the filter is in the URL
    expect(stories).to_be_checked()
