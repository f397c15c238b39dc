"""Catalog → pages, without MkDocs: which pages exist, what they carry, what stays out of the nav."""

from __future__ import annotations

import frontmatter

from support import TODAY, FixtureProgramme
from mentorhub.site.pages import GeneratedPage, generate_pages


def pages_of(site: FixtureProgramme) -> dict[str, GeneratedPage]:
    return {page.src_uri: page for page in generate_pages(site.catalog())}


def test_one_page_per_item_plus_indexes_and_reference(site: FixtureProgramme) -> None:
    assert sorted(pages_of(site)) == [
        "become-a-mentor.md",
        "events/index.md", "events/mentor-circle.md", "events/open-evening.md", "events/spring-fair.md",
        "impact.md", "match.md", "mentors/ana-pereira.md", "mentors/index.md", "mentors/kofi-mensah.md",
        "reference.md", "search.md",
        "stories/first-job.md", "stories/index.md",
        "training/index.md", "training/listening.md", "training/role.md",
    ]


def test_only_index_pages_go_in_the_nav(site: FixtureProgramme) -> None:
    in_nav = sorted(uri for uri, page in pages_of(site).items() if page.in_nav)
    assert in_nav == ["events/index.md", "impact.md", "match.md", "mentors/index.md", "stories/index.md",
                      "training/index.md"]  # reference.md is for editors: linked from the footer


def test_mentor_facts_are_derived(site: FixtureProgramme) -> None:
    pages = pages_of(site)
    ana = pages["mentors/ana-pereira.md"].data["mentor"]
    kofi = pages["mentors/kofi-mensah.md"].data["mentor"]
    assert (ana["availability"], ana["free_places"], ana["stale"]) == ("accepting", 1, False)
    assert (kofi["availability"], kofi["free_places"], kofi["stale"]) == ("stale", 0, True)  # full, and overdue
    assert [lang["label"] for lang in ana["languages"]] == ["Português", "English"]
    assert ana["role"] == {"id": "engineer", "label": "Engineer"}
    assert ana["stories"][0]["url"] == "stories/first-job/"
    assert "email" not in str(ana).lower()


def test_directory_lists_accepting_mentors_first(site: FixtureProgramme) -> None:
    cards = pages_of(site)["mentors/index.md"].data["mentors"]
    assert [c["id"] for c in cards] == ["ana-pereira", "kofi-mensah"]
    site.edit("mentors/ana-pereira.yml", "accepting: true", "accepting: false")
    cards = pages_of(site)["mentors/index.md"].data["mentors"]
    # the order of mentorhub/availability.STATES: accepting, full, paused, stale (Kofi is full and overdue)
    assert [(c["id"], c["availability"]) for c in cards] == [("ana-pereira", "paused"), ("kofi-mensah", "stale")]


def test_hidden_stale_profiles_leave_the_site_but_not_their_stories(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      review_stale: hide")
    site.edit("stories/first-job.md", "mentors: [ana-pereira]", "mentors: [ana-pereira, kofi-mensah]")
    pages = pages_of(site)
    assert "mentors/kofi-mensah.md" not in pages
    story = pages["stories/first-job.md"].data["story"]
    assert story["mentors"][1] == {"id": "kofi-mensah", "name": "Kofi Mensah", "url": None}


def test_events_split_on_the_build_day_and_series_stay_upcoming(site: FixtureProgramme) -> None:
    index = pages_of(site)["events/index.md"].data
    assert [e["id"] for e in index["upcoming"]] == ["open-evening", "mentor-circle"]  # by next occurrence
    assert [e["id"] for e in index["past"]] == ["spring-fair"]
    circle = index["upcoming"][1]
    assert circle["repeats"] == "Repeats every month, 12 times"
    assert circle["when"] == "Sunday 6 December 2026, 19:00–20:00 GMT (London time)"  # the next meeting
    assert circle["end_utc"] == "2027-09-06T19:00:00+00:00"  # 12th meeting ends 20:00 BST
    assert index["upcoming"][0]["when"] == "Thursday 3 December 2026, 18:00–19:30 WET (Lisbon time)"
    assert TODAY.isoformat() < circle["end_utc"]


def test_module_pages_replace_their_source_and_link_prerequisites(site: FixtureProgramme) -> None:
    module = pages_of(site)["training/listening.md"]
    assert module.body.startswith("## Listening")
    assert module.data["module"]["prerequisites"] == [
        {"id": "role", "title": "The mentor's role", "url": "training/role/"}
    ]
    assert site.catalog().consumed_sources() == {
        "training/role.md", "training/listening.md",
        "events/open-evening.yml", "events/mentor-circle.yml", "events/spring-fair.yml",
    }


def test_markdown_export_round_trips(site: FixtureProgramme) -> None:
    page = pages_of(site)["mentors/ana-pereira.md"]
    post = frontmatter.loads(page.to_markdown())
    assert post.metadata == page.meta
    assert post.content.startswith("I build software")


def test_reference_page_documents_every_field(site: FixtureProgramme) -> None:
    body = pages_of(site)["reference.md"].body
    # Dotted names may wrap only after a dot (<wbr>; see reference._field_breaks_at_dots).
    for field in ("`headline` **required**", '"mh-field-name">location.<wbr>country</code>', "`self_check`",
                  '"mh-field-name">recurrence.<wbr>count</code>',
                  "`review_max_age_days`", "`python` | Python | py, python3",
                  "## Surveys", "`every_weeks`", '"mh-field-name">questions.<wbr>pre_post</code>',
                  '"mh-field-name">questions.<wbr>options.<wbr>alert</code>', "`surveys_dir`"):
        assert field in body
