"""Training and story pages as the built demo serves them, before any script runs (issue 18):
the path from module to module, durations written one way, model answers that read as
sentences, the printed record's name line, and story tags by their labels, never their slugs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast
from xml.etree.ElementTree import Element

import html5lib

from support import REPO, TODAY
from mentorhub.content.catalog import Catalog
from mentorhub.content.project import Project
from mentorhub.content.languages import ENGLISH

DURATION = re.compile(r"^(\d+ hours?)?( ?\d+ minutes?)?$")


def parse(site: Path, rel: str) -> Element:
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    return cast(Element, parser.parse((site / rel).read_bytes()))


def text(element: Element) -> str:
    return " ".join("".join(element.itertext()).split())


def demo() -> Catalog:
    return Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)


def by_class(root: Element, name: str) -> list[Element]:
    return [e for e in root.iter() if name in (e.get("class") or "").split()]


def test_every_module_links_the_next_and_the_last_leads_back_to_the_overview(demo_site: Path) -> None:
    modules = demo().modules_in_order()
    for position, entry in enumerate(modules):
        nav = next(e for e in parse(demo_site, f"training/{entry.id}/index.html").iter("nav")
                   if e.get("aria-label") == "Learning path")
        links = {a.get("rel") or text(a): (text(a), a.get("href")) for a in nav.iter("a")}
        if position + 1 < len(modules):
            following = modules[position + 1]
            assert links["next"] == (f"Next module: {following.model.title} →", f"../{following.id}/"), entry.id
        else:
            assert "next" not in links
            assert ("End of the path: All modules and your record →", "../#mh-progress") in links.values()
        if position:
            assert links["prev"] == (f"← Previous module: {modules[position - 1].model.title}",
                                     f"../{modules[position - 1].id}/"), entry.id
        else:
            assert "prev" not in links


def test_durations_are_written_one_way_on_the_index_and_module_pages(demo_site: Path) -> None:
    modules = demo().modules_in_order()
    index = parse(demo_site, "training/index.html")
    total = ENGLISH.format_duration(sum(m.model.minutes for m in modules))
    assert total == "3 hours"
    assert f"{len(modules)} modules, {total} of self-study in total." in text(index)
    assert "about 3.0 hours" not in text(index)
    for entry in modules:
        item = next(li for li in index.iter("li") if li.get("data-module-id") == entry.id)
        meta = text(by_class(item, "mh-list__meta")[0]).split(" · ")[0]
        assert meta == ENGLISH.format_duration(entry.model.minutes) and DURATION.match(meta), (entry.id, meta)
        page = parse(demo_site, f"training/{entry.id}/index.html")
        assert text(by_class(page, "mh-list__meta")[0]).startswith(ENGLISH.format_duration(entry.model.minutes) + " · for ")
    track = next(h for h in index.iter("h2") if h.get("id") == "track-before-first-meeting")
    siblings = list(next(p for p in index.iter() if track in list(p)))
    assert text(siblings[siblings.index(track) + 1]) == "6 modules · 1 hour 50 minutes"


def test_model_answers_read_as_sentences(demo_site: Path) -> None:
    """Each option runs into its explanation with one full stop, none after a ? or a quote."""
    glitches = re.compile(r"[.?!…]['\"’”)]*\.(\s|$)|\.\.")
    found = []
    for entry in demo().modules_in_order():
        answers = next(e for e in parse(demo_site, f"training/{entry.id}/index.html").iter("ol")
                       if e.get("id") == "self-check-answers")
        found += [f"{entry.id}: {text(li)}" for li in answers.iter("li") if glitches.search(text(li))]
    assert not found, "\n".join(found)
    listening = text(parse(demo_site, "training/active-listening/index.html"))
    assert "avoid awkwardness. It may leave" in listening
    assert "shouldn't you?' This is a leading question." in listening


def test_the_printed_record_has_a_name_line_and_a_name_field_that_is_only_printed(demo_site: Path) -> None:
    index = parse(demo_site, "training/index.html")
    record = next(e for e in index.iter("section") if e.get("id") == "mh-record")
    assert [text(p) for p in by_class(record, "mh-record__name")] == ["Name:"]
    field = next(e for e in index.iter("input") if e.get("id") == "mh-record-name-input")
    label = next(e for e in index.iter("label") if e.get("for") == "mh-record-name-input")
    assert text(label) == "Name on the record (optional)" and field.get("autocomplete") == "name"
    hint = next(e for e in index.iter("p") if e.get("id") == field.get("aria-describedby"))
    assert "not saved or sent" in text(hint)
    reset = next(e for e in index.iter("button") if e.get("id") == "mh-progress-reset")
    assert reset.get("hidden") is not None  # offered by training.js once something is recorded


def test_the_complete_button_is_described_by_its_hint(demo_site: Path) -> None:
    page = parse(demo_site, "training/mentor-role-and-boundaries/index.html")
    button = next(e for e in page.iter("button") if e.get("id") == "mh-complete-button")
    assert button.get("aria-describedby") == "mh-complete-hint"
    assert any(e.get("id") == "mh-complete-hint" for e in page.iter("p"))


def test_story_tags_show_their_labels_on_the_index_its_filter_and_each_story(demo_site: Path) -> None:
    catalog = demo()
    labels = catalog.vocabularies.tag_label
    index = parse(demo_site, "stories/index.html")
    filter_nav = next(e for e in index.iter("nav") if e.get("id") == "mh-tag-filter")
    buttons = [(b.get("data-tag"), text(b)) for b in filter_nav.iter("button")]
    tags = {t for s in catalog.stories.values() for t in s.model.tags}
    assert buttons[0] == ("", "All")
    assert sorted(buttons[1:]) == sorted((t, labels(t)) for t in tags)
    assert [label for _, label in buttons[1:]] == sorted((label for _, label in buttons[1:]), key=str.casefold)
    assert ("career-change", "Career change") in buttons and ("first-generation", "First in family to study") in buttons
    for story_id, story in catalog.stories.items():
        item = next(li for li in index.iter("li") if li.get("data-tags") is not None
                    and any(a.get("href") == f"{story_id}/" for a in li.iter("a")))
        assert item.get("data-tags") == " ".join(story.model.tags)
        assert [text(c) for c in by_class(item, "mh-chip")] == [labels(t) for t in story.model.tags]
        page = parse(demo_site, f"stories/{story_id}/index.html")
        tag_list = next(ul for ul in page.iter("ul") if ul.get("aria-label") == "Tags")
        chips = [(text(a), a.get("href")) for a in tag_list.iter("a")]
        assert chips == [(labels(t), f"../?tag={t}") for t in story.model.tags], story_id
