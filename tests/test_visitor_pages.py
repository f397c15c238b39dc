"""Pages that looked unfinished to a visitor (issue 18), read as a browser parses them from the
built demo (as of TODAY, SOURCE_DATE_EPOCH): the 404 page, past events, the thank-you page, the
programme's contact, the impact wording and the polish (dates, titles, navigation)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element

import html5lib

from support import FixtureProgramme
from mentorhub.adapters.cli import main

from mentorhub.content.programme import load_programme
from mentorhub.content.languages import ENGLISH, language
from mentorhub.content.zones import describe_zone, zone_words
from mentorhub.site.pages.base import link_programme_office


def parse(site: Path, rel: str) -> Element:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return cast(Element, parser.parse((site / rel).read_bytes()))


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


def facts(content: Element) -> dict[str, str]:
    """An event's or profile's facts: each <dt> with the <dd> after it."""
    pairs: dict[str, str] = {}
    for group in content.iter("dl"):
        terms = list(group.iter("dt"))
        values = list(group.iter("dd"))
        pairs |= {text(t): text(v) for t, v in zip(terms, values)}
    return pairs


def shown(element: Element) -> bool:
    return element.get("hidden") is None


def test_a_past_event_says_it_has_passed_and_offers_no_registration(demo_site: Path) -> None:
    content = main_of(parse(demo_site, "events/mentor-training-day-lisbon-2026/index.html"))
    notes = [n for n in content.iter("div") if n.get("data-event-passed") is not None]
    assert len(notes) == 1 and shown(notes[0]) and "This event has passed" in text(notes[0])
    assert "Registration" not in facts(content) and "Add to calendar" not in facts(content)
    assert not [a for a in content.iter("a") if (a.get("href") or "").endswith(".ics")]


def test_an_upcoming_event_keeps_its_actions(demo_site: Path) -> None:
    content = main_of(parse(demo_site, "events/mentor-training-day-chicago-2027/index.html"))
    notes = [n for n in content.iter("div") if n.get("data-event-passed") is not None]
    assert len(notes) == 1 and not shown(notes[0])
    assert {"Registration", "Add to calendar"} <= set(facts(content))
    when = facts(content)["When"]
    assert when == "Saturday 23 January 2027, 09:00–16:00 CST (Chicago time)", when
    assert "America/" not in text(content)


def test_events_index_takes_the_full_width(demo_site: Path) -> None:
    root = parse(demo_site, "events/index.html")
    sidebars = [s for s in root.iter("div") if "md-sidebar" in (s.get("class") or "").split()]
    assert sidebars and all(not shown(s) for s in sidebars), "Material hides both sidebars (hide: navigation, toc)"


def test_zones_are_named_as_people_say_them() -> None:
    assert zone_words("America/Toronto") == "Toronto time"
    assert zone_words("America/Argentina/Buenos_Aires") == "Buenos Aires time"
    assert zone_words("UTC") is None and zone_words("Etc/GMT+5") is None
    winter, summer = dt.date(2026, 12, 1), dt.date(2026, 7, 1)
    assert describe_zone("America/Toronto", winter, ENGLISH) == "Toronto time (UTC\u22125)"
    assert describe_zone("America/Toronto", summer, ENGLISH) == "Toronto time (UTC\u22124)"
    assert describe_zone("Asia/Kolkata", winter, ENGLISH) == "Kolkata time (UTC+5:30)"
    assert describe_zone("Europe/London", winter, ENGLISH) == "London time (UTC+0)"
    assert describe_zone("UTC", winter, ENGLISH) == "UTC" and describe_zone("Etc/GMT+5", winter, ENGLISH) == "UTC\u22125"
    # In the page's language, by the city's name in that language (CLDR)
    assert describe_zone("Europe/London", winter, language("es")) == "hora de Londres (UTC+0)"
    assert describe_zone("Etc/GMT+5", winter, language("fr")) == "UTC\u22125"


OFFICE = "mailto:office@riverside-mentoring.example"


def test_every_page_links_the_programme_office_and_the_content_reference_in_its_footer(demo_site: Path) -> None:
    for rel in ("index.html", "mentors/amara-okafor/index.html", "events/index.html", "404.html"):
        root = parse(demo_site, rel)
        footer = root.find(".//footer")
        assert footer is not None
        links = {text(a): a.get("href") for a in footer.iter("a")}
        assert links.get("office@riverside-mentoring.example") == OFFICE, rel
        assert "Content reference" in links, rel
        tabs = [a for nav in root.iter("nav") if "md-tabs" in (nav.get("class") or "") for a in nav.iter("a")]
        assert tabs and "Content reference" not in {text(a) for a in tabs}, f"{rel}: an editors' page in the tabs"


def test_pages_that_name_the_programme_office_link_to_it(demo_site: Path) -> None:
    for rel in ("about/index.html", "privacy/index.html", "mentors/amara-okafor/index.html"):
        content = main_of(parse(demo_site, rel))
        assert OFFICE in {a.get("href") for a in content.iter("a")}, rel
        assert "(see About)" not in text(content) and "[programme office]" not in text(content), rel
    about = text(main_of(parse(demo_site, "about/index.html")))
    assert "application form" not in about  # there is none yet: mentors write to the office


def test_programme_contact_is_an_office_address_or_a_page() -> None:
    for good, href in (("office@example.org", "mailto:office@example.org"),
                       ("https://example.org/contact", "https://example.org/contact")):
        programme, problems, _ = load_programme({"contact": good})
        assert problems == [] and programme is not None and programme.contact_href == href
    for bad in ("Ana, on 0123 456 789", "office@", "example.org/contact"):
        programme, problems, _ = load_programme({"contact": bad})
        assert programme is None and problems[0][0] == ("contact",)
        assert "e-mail address" in problems[0][1]
    words = "Write to the [programme office]."
    assert link_programme_office(words, None) == "Write to the programme office."
    linked = link_programme_office(words, "mailto:office@example.org")
    assert linked.endswith("[programme office]: <mailto:office@example.org>\n")
    assert link_programme_office("[programme office](https://x.example)", None) == "[programme office](https://x.example)"


def test_impact_headline_counts_mentors_as_mentors_and_only_open_topics(demo_site: Path) -> None:
    figures = json.loads((demo_site / "impact.json").read_text(encoding="utf-8"))
    content = main_of(parse(demo_site, "impact/index.html"))
    headline = facts(content)
    assert headline["Mentors accepting mentees"] == str(figures["mentors"]["accepting"])
    expertise = figures["expertise"]
    assert expertise["open"] < expertise["covered"], "the demo has topics only unavailable mentors offer"
    assert headline["Topics open to new mentees"] == f"{expertise['open']} of {expertise['total']}"
    assert "Accepting mentees" not in headline and "Topics covered" not in headline
    for label in expertise["closed"]:
        assert label in text(content)


def test_home_title_is_the_site_name_once(demo_site: Path) -> None:
    title = parse(demo_site, "index.html").find(".//title")
    assert title is not None and text(title) == "Riverside Mentoring Network"


def test_profiles_name_time_zones_as_places_not_identifiers(demo_site: Path) -> None:
    zone_id = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Z]")
    profiles = sorted(demo_site.glob("mentors/*/index.html"))
    assert len(profiles) >= 28
    for profile in profiles:
        content = main_of(parse(demo_site, profile.relative_to(demo_site).as_posix()))
        words = text(content)
        assert not zone_id.search(words), f"{profile}: {zone_id.search(words)}"
        assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", words), profile
    toronto = facts(main_of(parse(demo_site, "mentors/amara-okafor/index.html")))
    assert re.search(r" time \(UTC(?:[+\u2212]\d+(?::\d\d)?)?\)$", toronto.get("Based in", toronto.get("Time zone", "")))


def test_reference_field_names_break_only_at_dots(demo_site: Path) -> None:
    content = main_of(parse(demo_site, "reference/index.html"))
    names = [c for c in content.iter("code") if c.get("class") == "mh-field-name"]
    assert any(text(c) == "location.region" for c in names)
    for code in names:
        assert len(list(code.iter("wbr"))) == text(code).count("."), text(code)


def test_export_links_the_programme_office_in_hand_written_pages(site: FixtureProgramme, tmp_path: Path) -> None:
    site.write("content/about.md", "# About\n\nWrite to the [programme office].\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      contact: office@example.org")
    target = tmp_path / "export"
    assert main(["-f", str(site.root / "mkdocs.yml"), "export", str(target)]) == 0
    exported = (target / "docs" / "about.md").read_text(encoding="utf-8")
    assert exported.endswith("[programme office]: <mailto:office@example.org>\n")
    assert (site.root / "content" / "about.md").read_text(encoding="utf-8").count("mailto:") == 0  # source untouched
