"""What the built site tells feed readers and search engines: every page names the feeds, result
pages are `noindex` and left out of sitemap.xml, and each `lastmod` is when the page's files
last changed (git), not the build day. One `git log` per build answers every file."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import REPO, TODAY, FixtureProgramme, git, mkdocs_build
from mentorhub.content import revisions
from mentorhub.site.build import build_site
from mentorhub.site.ical import calendar_files

DEMO_URL = "https://example.org/riverside/"
UTC = dt.timezone.utc
# The pages a visitor lands on after doing something, the 404 page, and the surveys (for the
# people invited to them): not for search engines.
RESULTS = {"404.html", "search/index.html", "request/thanks/index.html", "request/cannot-use/index.html",
           *(f"surveys/{p.stem}/index.html" for p in (REPO / "content" / "surveys").glob("*.yml"))}


class Head(HTMLParser):
    """The <link rel="alternate"> and <meta name="robots"> tags of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.feeds: list[tuple[str, str]] = []
        self.robots: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel") == "alternate":
            self.feeds.append((attributes.get("type") or "", attributes.get("href") or ""))
        if tag == "meta" and attributes.get("name") == "robots":
            self.robots.append(attributes.get("content") or "")


def head_of(page: Path) -> Head:
    head = Head()
    head.feed(page.read_text(encoding="utf-8").split("</head>", 1)[0])
    return head


def html_pages(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in sorted(site.rglob("*.html"))}


def sitemap(site: Path) -> dict[str, str | None]:
    """loc → lastmod (None when there is none)."""
    entries = {}
    for block in re.findall(r"<url>(.*?)</url>", (site / "sitemap.xml").read_text(encoding="utf-8"), re.S):
        loc, lastmod = re.search(r"<loc>([^<]*)</loc>", block), re.search(r"<lastmod>([^<]*)</lastmod>", block)
        assert loc, block
        entries[loc.group(1)] = lastmod.group(1) if lastmod else None
    return entries


def url_of(rel: str, site_url: str = DEMO_URL) -> str:
    return site_url + rel.removesuffix("index.html")


def test_every_page_names_the_stories_and_events_feeds(demo_site: Path) -> None:
    """Each page, the 404 page too, links the Atom feed and the calendar, and each link reaches the file."""
    pages = html_pages(demo_site)
    assert len(pages) > 50
    mount = urlsplit(DEMO_URL).path
    for rel, page in pages.items():
        feeds = head_of(page).feeds
        assert [kind for kind, _ in feeds] == ["application/atom+xml", "text/calendar"], rel
        for _, href in feeds:
            target = demo_site / href.removeprefix(mount) if href.startswith("/") else (page.parent / href)
            assert target.resolve().is_file(), (rel, href)
        assert [Path(href).name for _, href in feeds] == ["feed.xml", "events.ics"], rel


def test_result_pages_are_noindex_and_every_other_page_is_in_the_sitemap(demo_site: Path) -> None:
    pages = html_pages(demo_site)
    noindex = {rel for rel, page in pages.items() if head_of(page).robots}
    assert noindex == RESULTS
    assert {robots for rel in RESULTS for robots in head_of(pages[rel]).robots} == {"noindex"}
    assert set(sitemap(demo_site)) == {url_of(rel) for rel in pages if rel not in RESULTS}


ADDED = dt.datetime(2026, 9, 1, 12, tzinfo=UTC)
EDITED = dt.datetime(2026, 10, 15, 8, tzinfo=UTC)
HOME_EDITED = dt.datetime(2026, 10, 20, 8, tzinfo=UTC)
AFTER_BUILD_DAY = dt.datetime(2026, 12, 1, 8, tzinfo=UTC)  # committed after SOURCE_DATE_EPOCH (TODAY)


def programme_in_git(site: FixtureProgramme) -> None:
    """The fixture programme with a history: all added on ADDED, Ana's profile edited on EDITED,
    the home page on HOME_EDITED, and the story after the build day."""
    git(site.root, "init", "-q")
    git(site.root, "add", ".")
    git(site.root, "commit", "-q", "-m", "The programme", when=ADDED)
    for rel, old, new, when in (("mentors/ana-pereira.yml", "headline: ", "headline: Edited. ", EDITED),
                                ("content/index.md", "\n", "\n\nEdited.\n", HOME_EDITED),
                                ("stories/first-job.md", "\n---\n", "\n---\n\nEdited.\n", AFTER_BUILD_DAY)):
        site.edit(rel, old, new)
        git(site.root, "commit", "-q", "-am", f"Edit {rel}", when=when)


def test_lastmod_is_when_the_pages_files_last_changed(site: FixtureProgramme, tmp_path: Path) -> None:
    """A profile: its YAML's last commit; a listing: its kind's latest; a hand-written page: its
    own file; a page from the whole programme: the latest content file; never after the build."""
    programme_in_git(site)
    result = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    dates = sitemap(tmp_path / "site")
    url = "https://example.org/fixture/"
    assert {page: dates[url + page] for page in (
        "", "mentors/ana-pereira/", "mentors/kofi-mensah/", "mentors/", "events/open-evening/", "events/",
        "training/role/", "stories/first-job/", "stories/", "impact/")} == {
        "": "2026-10-20", "mentors/ana-pereira/": "2026-10-15", "mentors/kofi-mensah/": "2026-09-01",
        "mentors/": "2026-10-15", "events/open-evening/": "2026-09-01", "events/": "2026-09-01",
        "training/role/": "2026-09-01", "stories/first-job/": TODAY.isoformat(), "stories/": TODAY.isoformat(),
        "impact/": TODAY.isoformat()}  # impact: from every content file, the story among them
    assert url + "search/" not in dates


def test_one_git_log_answers_every_file_of_a_build(site: FixtureProgramme, monkeypatch: pytest.MonkeyPatch) -> None:
    """Thousands of mentors must not mean thousands of subprocesses: the pages' dates and the
    calendars' revisions of one build come from a single `git log`."""
    programme_in_git(site)
    calls: list[list[str]] = []
    run = subprocess.run

    def counting(command: list[str], **options: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return run(command, **options)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(f"{revisions.__name__}.subprocess.run", counting)
    built = build_site(site.project(), TODAY)
    changed = {page.src_uri: built.last_changed(page.src_uri) for page in built.pages}
    calendars = calendar_files(built.catalog)
    assert [command[3] for command in calls] == ["log"]
    assert changed["mentors/ana-pereira.md"] == EDITED and changed["mentors/kofi-mensah.md"] == ADDED
    assert "LAST-MODIFIED:20260901T120000Z" in calendars["events/open-evening.ics"]
