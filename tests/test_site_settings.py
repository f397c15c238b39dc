"""The demo built with the MkDocs settings a programme may choose differently: plain `.html`
URLs (`use_directory_urls: false`) and "edit this page" links to the repository."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from support import REPO, demo_copy, mkdocs_build
from test_site_output import HtmlPage, broken_links, parse

REPO_URL = "https://github.com/example/riverside/"
EDIT_URI = "edit/main/content/"


@pytest.fixture(scope="module")
def flat_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's content and theme, with flat URLs and edit links; no search index (Pagefind's
    files are the only links left unchecked)."""
    root = tmp_path_factory.mktemp("flat")
    demo_copy(root, lambda config: config
              .replace("docs_dir: content\n", f"docs_dir: content\nuse_directory_urls: false\n"
                       f"repo_url: {REPO_URL}\nedit_uri: {EDIT_URI}\n")
              .replace("    - navigation.top\n", "    - navigation.top\n    - content.action.edit\n")
              .replace("  - mentorship:\n", "  - mentorship:\n      search_index: false\n"))
    result = mkdocs_build(root / "mkdocs.yml", root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def flat_pages(flat_site: Path) -> dict[str, HtmlPage]:
    return {page.path: page for page in (parse(flat_site, f) for f in sorted(flat_site.rglob("*.html")))}


def test_pages_and_data_use_html_urls(flat_site: Path) -> None:
    assert (flat_site / "mentors" / "aisha-mohammed.html").is_file()
    assert not (flat_site / "mentors" / "aisha-mohammed").exists()
    mentors = json.loads((flat_site / "mentors.json").read_text(encoding="utf-8"))["mentors"]
    assert mentors and all(m["url"] == f"mentors/{m['id']}.html" for m in mentors)


def test_every_internal_link_resolves_with_html_urls(flat_site: Path, flat_pages: dict[str, HtmlPage]) -> None:
    site_url = str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])
    broken, checked = broken_links(flat_site, flat_pages, site_url, unbuilt=("pagefind/",))
    assert checked > 1000
    assert broken == []


@pytest.mark.parametrize(("page", "source"), [
    ("mentors/aisha-mohammed.html", "mentors/aisha-mohammed.yml"),
    ("stories/finding-a-voice-in-cairo.html", "stories/finding-a-voice-in-cairo.md"),
    ("events/monthly-mentor-circle.html", "content/events/monthly-mentor-circle.yml"),
    ("about.html", "content/about.md"),
])
def test_edit_links_lead_to_the_file_an_editor_changes(flat_pages: dict[str, HtmlPage], page: str,
                                                        source: str) -> None:
    assert (REPO / source).is_file()
    edits = [a.get("href") for a in flat_pages[page].root.iter("a") if "md-content__button" in (a.get("class") or "")]
    assert edits == [f"{REPO_URL}edit/main/{source}"]


def test_pages_made_from_the_whole_catalog_have_no_edit_link(flat_pages: dict[str, HtmlPage]) -> None:
    for page in ("mentors/index.html", "impact.html", "reference.html", "match.html"):
        assert not [a for a in flat_pages[page].root.iter("a") if "md-content__button" in (a.get("class") or "")]
