"""Pages that looked unfinished to a visitor (issue 18), read as a browser parses them from the
built demo (as of TODAY, SOURCE_DATE_EPOCH): the 404 page, past events, the thank-you page, the
programme's contact, the impact wording and the polish (dates, titles, navigation)."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib


def parse(site: Path, rel: str) -> Element:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return parser.parse((site / rel).read_bytes())


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def main_of(root: Element) -> Element:
    """The page's content (Material's article), without header, navigation and footer."""
    found = root.find(".//article")
    assert found is not None
    return found


def test_not_found_page_offers_search_and_the_main_pages(demo_site: Path) -> None:
    root = parse(demo_site, "404.html")
    content = main_of(root)
    assert "404 - Not found" not in text(content)
    h1 = content.find(".//h1")
    assert h1 is not None and text(h1) == "Page not found"
    forms = [f for f in content.iter("form") if f.get("role") == "search"]
    assert len(forms) == 1, "a search form in the page itself, not only the header's"
    assert forms[0].get("action") == "/riverside/search/"  # absolute: a 404 is served at any depth
    field = forms[0].find(".//input[@name='q']")
    assert field is not None and field.get("id") not in {"mh-search-q"}  # the header's form has that id
    labels = {label.get("for") for label in forms[0].iter("label")}
    assert field.get("id") in labels
    links = {a.get("href") for a in content.iter("a")}
    assert {"/riverside/mentors/", "/riverside/training/", "/riverside/request/", "/riverside/about/"} <= links
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    title = root.find(".//title")
    assert title is not None and text(title) == "Page not found - Riverside Mentoring Network"
