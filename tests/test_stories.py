"""Stories: the Atom feed, the tag filter and the mentors a story names."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
from playwright.sync_api import Browser, Page, expect

from support import REPO, TODAY, FixtureProgramme
from mentorhub.site.feeds import generate_files
from mentorhub.site.pages import generate_pages
from mentorhub.content.project import Project

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_of(site: FixtureProgramme) -> str:
    return {f.src_uri: f.content for f in generate_files(site.catalog())}["stories/feed.xml"]


def test_feed_is_valid_atom_with_absolute_urls_and_stable_ids(site: FixtureProgramme) -> None:
    parsed = feedparser.parse(feed_of(site))
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Fixture programme: success stories"
    (entry,) = parsed.entries
    assert entry.id == "tag:example.org,2026-10-01:stories/first-job"
    assert entry.link == "https://example.org/fixture/stories/first-job/"
    assert entry.updated == "2026-10-01T00:00:00Z"
    assert [(t.term, t.label) for t in entry.tags] == [("first-job", "First job")]  # a label, as the pages show it
    root = ET.fromstring(feed_of(site).encode())
    link = root.find(f"{ATOM}link[@rel='self']")
    assert link is not None and link.get("href") == "https://example.org/fixture/stories/feed.xml"


def test_feed_does_not_change_when_nothing_changed(site: FixtureProgramme) -> None:
    first = feed_of(site)
    site.edit("mentors/ana-pereira.yml", "hours_per_month: 4", "hours_per_month: 5")
    assert feed_of(site) == first


def test_no_site_url_means_no_feed(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "site_url: https://example.org/fixture/\n", "")
    assert "stories/feed.xml" not in {f.src_uri for f in generate_files(site.catalog())}


def test_demo_feed_is_published(demo_site: Path) -> None:
    parsed = feedparser.parse((demo_site / "stories" / "feed.xml").read_text(encoding="utf-8"))
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    assert not parsed.bozo and len(parsed.entries) == len(catalog.stories)
    assert all(e.link.startswith("https://example.org/riverside/stories/") for e in parsed.entries)


def test_tag_filter_narrows_and_is_kept_in_the_url(page: Page, demo_url: str) -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    tag = "career-change"  # the button shows the tag's label; the URL keeps its id
    label = catalog.vocabularies.tag_label(tag)
    want = sum(tag in s.model.tags for s in catalog.stories.values())
    page.goto(demo_url + "stories/")
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator("#mh-stories > li:not([hidden])")).to_have_count(want)
    expect(page).to_have_url(re.compile(rf"\?tag={tag}$"))
    expect(page.get_by_role("button", name=label, exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#mh-story-count")).to_have_text(f"{want} stories tagged “Career change”")
    page.reload()
    expect(page.locator("#mh-stories > li:not([hidden])")).to_have_count(want)
    page.get_by_role("button", name="All", exact=True).click()
    expect(page.locator("#mh-story-count")).to_have_text(f"{len(catalog.stories)} stories")
    expect(page.locator("#mh-stories > li:not([hidden])")).to_have_count(len(catalog.stories))


def test_story_shows_its_mentors_as_cards_and_profiles_list_their_stories(page: Page, demo_url: str) -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    story_id, story = next((i, s) for i, s in catalog.stories.items() if len(s.model.mentors) == 2)
    page.goto(demo_url + f"stories/{story_id}/")
    cards = page.locator(".mh-cards > li")
    expect(cards).to_have_count(2)
    cards.first.get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(rf"/mentors/{story.model.mentors[0]}/$"))
    expect(page.locator("#stories ~ ul")).to_contain_text(story.model.title)


def test_without_javascript_all_stories_are_listed(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "stories/?tag=first-job")
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    expect(page.locator("#mh-stories > li:visible")).to_have_count(len(catalog.stories))
    expect(page.locator("#mh-tag-filter")).to_be_hidden()
    context.close()


def story_tags(site: FixtureProgramme) -> object:
    pages = {p.src_uri: p for p in generate_pages(site.catalog())}
    return pages["stories/first-job.md"].data["story"]["tags"]


def test_a_tag_without_a_label_reads_as_its_words(site: FixtureProgramme) -> None:
    site.edit("stories/first-job.md", "tags: [first-job]", "tags: [first-job, career-change]")
    assert story_tags(site) == [{"id": "first-job", "label": "First job"}, {"id": "career-change", "label": "Career change"}]


def test_the_vocabulary_may_label_story_tags(site: FixtureProgramme) -> None:
    site.edit("vocabularies.yml", "roles:", "tags:\n  first-job: Your first job\nroles:")
    assert story_tags(site) == [{"id": "first-job", "label": "Your first job"}]
    index = {p.src_uri: p for p in generate_pages(site.catalog())}["stories/index.md"]
    assert index.data["tags"] == [{"id": "first-job", "label": "Your first job"}]


def test_a_malformed_tag_vocabulary_is_reported(site: FixtureProgramme) -> None:
    site.edit("vocabularies.yml", "roles:", "tags: [first-job]\nroles:")
    assert any("tags: list the terms as `term-id: {label: ...}` (or leave the section out)" in p for p in site.problems())
    site.edit("vocabularies.yml", "tags: [first-job]", "topics:\n  x: X")
    assert any("unknown vocabulary; expected one of: expertise, audiences, roles, tags" in p for p in site.problems())
