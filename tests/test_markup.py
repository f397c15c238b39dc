"""The built demo's markup, page by page: a "Skip to content" link on every page, headings that
never skip a level (a screen reader's outline of the page), and no bold line standing in for a
heading over a list (WCAG 1.3.1; vnu, HTML_CodeSniffer G141 and Lighthouse heading-order).

Each test collects every problem over the whole site and lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

HEADING = re.compile(r"h[1-6]")
BLOCKS_A_HEADING_INTRODUCES = {"ul", "ol", "dl", "table"}
FORMAT_WORD = re.compile(r"(?:^|[,·]\s*)Virtual(?:\s*[,·]|$)")  # a way of meeting in a list, not "Virtual careers fair"
def text(el: Element) -> str:
    return " ".join("".join(el.itertext()).split())


@pytest.fixture(scope="module")
def pages(demo_site: Path) -> dict[str, Element]:
    """Every built page drawn with the site's theme (Material's header), parsed once."""
    parsed = {}
    for file in sorted(demo_site.rglob("*.html")):
        root = html5lib.parse(file.read_bytes(), namespaceHTMLElements=False)
        if root.find(".//header[@class='md-header']") is not None:
            parsed[file.relative_to(demo_site).as_posix()] = root
    assert len(parsed) > 30, "the demo should have pages of every kind"
    return parsed


def elements(root: Element) -> Iterator[Element]:
    return (el for el in root.iter() if isinstance(el.tag, str))


def test_every_page_starts_with_a_skip_link_to_its_content(pages: dict[str, Element]) -> None:
    """The first link in the body skips the header and navigation to the content column, which
    holds the page's h1; Material's own link (drawn only with a table of contents) is hidden."""
    problems = []
    for path, root in pages.items():
        body = root.find("body")
        assert body is not None
        hidden_skip = {id(a) for div in body.iter("div") if div.get("data-md-component") == "skip" for a in div.iter("a")}
        links = [a for a in body.iter("a") if id(a) not in hidden_skip]
        content = next((el for el in elements(root) if el.get("id") == "mh-content"), None)
        if not links or links[0].get("href") != "#mh-content" or text(links[0]) != "Skip to content":
            problems.append(f"{path}: the first link is {links[0].get('href') if links else None!r}, not the skip link")
        elif content is None or content.get("tabindex") != "-1":
            problems.append(f"{path}: no focusable #mh-content for the skip link to land on")
        elif not any(el.tag == "h1" for el in content.iter()):
            problems.append(f"{path}: the page's h1 is not inside #mh-content")
    assert not problems, "\n".join(problems)


def test_headings_start_at_h1_and_never_skip_a_level(pages: dict[str, Element]) -> None:
    """In document order, hidden ones too (an error summary shown later still sits where it is
    in the outline): the first heading is the h1, and each one is at most one level deeper than
    the one before."""
    problems = []
    for path, root in pages.items():
        level = 0
        body = root.find("body")
        assert body is not None
        for el in elements(body):
            if HEADING.fullmatch(el.tag):
                new = int(el.tag[1])
                if new > level + 1:
                    problems.append(f"{path}: <{el.tag}> {text(el)[:50]!r} follows "
                                    + (f"an <h{level}>" if level else "no heading"))
                level = new
    assert not problems, f"{len(problems)} skipped heading levels:\n" + "\n".join(problems)


def test_no_bold_line_stands_in_for_a_heading(pages: dict[str, Element]) -> None:
    """`**Agenda**` on a line of its own above a list reads as a heading but is a paragraph to a
    screen reader: such labels are written as Markdown headings."""
    problems = []
    for path, root in pages.items():
        for parent in elements(root):
            children = [c for c in parent if isinstance(c.tag, str)]
            for p, after in zip(children, children[1:]):
                if (p.tag == "p" and len(p) == 1 and p[0].tag in ("strong", "b") and not (p.text or "").strip()
                        and not (p[0].tail or "").strip() and after.tag in BLOCKS_A_HEADING_INTRODUCES):
                    problems.append(f"{path}: <p><strong>{text(p)}</strong></p> above a <{after.tag}>")
    assert not problems, "\n".join(problems)


# --- the same words for the same things -------------------------------------------------------


def choice_labels(root: Element, names: set[str]) -> dict[str, str]:
    """{value: label text} for the check boxes named `names`: a wrapping <label> (its count
    left out) or the <label for> of the input's id."""
    by_for = {str(label.get("for")): text(label) for label in root.iter("label") if label.get("for")}
    found = {}
    for label in root.iter("label"):
        for box in label.iter("input"):
            if box.get("name") in names:
                counts = " ".join(text(c) for c in label.iter("span") if "mh-count" in (c.get("class") or ""))
                found[str(box.get("value"))] = text(label).removesuffix(counts).strip()
    for box in root.iter("input"):
        if box.get("name") in names and box.get("id") in by_for:
            found[str(box.get("value"))] = by_for[str(box.get("id"))]
    return found


def test_a_language_reads_the_same_on_every_page(pages: dict[str, Element]) -> None:
    """English name, then the language's own: "Arabic (العربية)" in the request form, the
    directory's filter, the match's questions, on every card and every profile."""
    words = choice_labels(pages["request/index.html"], {"languages"})
    assert words.get("ar") == "Arabic (العربية)", words
    assert choice_labels(pages["mentors/index.html"], {"language"}).items() <= words.items()
    assert choice_labels(pages["match/index.html"], {"languages"}).items() <= words.items()
    problems = []
    for path, root in pages.items():
        for card in root.iter("li"):
            if "mh-card" in (card.get("class") or "").split():
                problems += [f"{path}: card {card.get('data-id')} lacks {words[code]!r}"
                             for code in (card.get("data-language") or "").split() if words[code] not in text(card)]
        for dl in root.iter("dl"):
            for dd in dl.iter("dd"):
                problems += [f"{path}: {text(dd)!r} lacks {words[str(s.get('lang'))]!r}"
                             for s in dd.iter("span") if s.get("lang") in words and words[str(s.get("lang"))] not in text(dd)]
    assert not problems, "\n".join(problems)


def test_formats_are_online_and_audiences_are_who_a_mentor_works_with(pages: dict[str, Element]) -> None:
    """The form and the match ask "Online"; cards, profiles, filters and events said "Virtual".
    "Mentors" as the audience filter's name read as a list of mentors: it is "Works with"."""
    problems = []
    for path, root in pages.items():
        shown = [*choice_labels(root, {"format"}).values(), *(text(dd) for dd in root.iter("dd")),
                 *(text(li) for li in root.iter("li") if "mh-card" in (li.get("class") or "").split())]
        problems += [f"{path}: {words!r}" for words in shown if FORMAT_WORD.search(words)]
    facets = [text(s) for s in pages["mentors/index.html"].iter("summary")]
    assert any(f.startswith("Works with") for f in facets) and not any(f.startswith("Mentors") for f in facets), facets
    for path, root in pages.items():
        problems += [f"{path}: <dt>Mentors</dt>" for dt in root.iter("dt") if text(dt) == "Mentors"]
    assert not problems, "\n".join(problems)


def test_optional_questions_say_so_in_their_label(pages: dict[str, Element]) -> None:
    """GOV.UK: the form says its questions are required, and each one that is not says
    "(optional)" in its label or legend, so it is read with the question."""
    groups = [g for g in pages["request/index.html"].iter("div") if "mh-form-group" in (g.get("class") or "").split()]
    problems = []
    for group in groups:
        question = next((el for el in group.iter() if el.tag in ("legend", "label")), None)
        if question is None or group.get("data-control") == "consent" or group.get("data-minors-only") is not None:
            continue
        says = text(question).endswith("(optional)")
        if says == (group.get("data-required") is not None):
            problems.append(f"{group.get('id')}: {text(question)!r}")
    assert "Which topics interest you? (optional)" in [text(el) for g in groups for el in g.iter("legend")]
    assert not problems, "\n".join(problems)
