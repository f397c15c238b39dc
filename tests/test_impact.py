"""Impact figures, charts and the inbox export, over the fixture programme as of TODAY."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support import FixtureProgramme
from mentorhub.content.errors import ContentError
from mentorhub.content.inbox_export import read_inbox_export
from playwright.sync_api import Browser, expect

from mentorhub.site.charts import TOP_BARS, render_bar_chart
from mentorhub.site.impact import impact_figures, impact_page_data

SVG = "{http://www.w3.org/2000/svg}"
EXPORT = "reports/inbox-export.json"
GOOD_EXPORT = """\
{
  "requests_received": 42,
  "requests_matched": 30,
  "median_days_to_first_contact": 2.5,
  "period": {"from": "2026-01-01", "to": "2026-10-31"}
}
"""


def export_problems(site: FixtureProgramme, text: str) -> list[str]:
    path = site.write(EXPORT, text)
    with pytest.raises(ContentError) as caught:
        read_inbox_export(path, EXPORT)
    return [str(p) for p in caught.value.problems]


def test_figures_for_the_fixture_programme(site: FixtureProgramme) -> None:
    figures = impact_figures(site.catalog())
    assert figures == {
        "version": 1,
        "as_of": "2026-11-22",
        "mentors": {"listed": 2, "accepting": 1, "full": 0, "paused": 0, "stale": 1, "capacity": 3,
                    "free_places": 1, "overdue_for_review": 1},
        "expertise": {"covered": 3, "total": 3, "uncovered": [], "mentors": [
            {"id": "careers", "label": "Career planning", "count": 1},
            {"id": "nursing", "label": "Nursing", "count": 1},
            {"id": "python", "label": "Python", "count": 1}],
            "open": 2, "closed": ["Nursing"]},  # Kofi (nursing) is stale: not accepting
        "languages": [{"id": "en", "label": "English", "count": 2}, {"id": "pt", "label": "Portuguese", "count": 1}],
        "formats": [{"id": "in-person", "label": "In person", "count": 2},
                    {"id": "virtual", "label": "Online", "count": 1}],
        "audiences": [{"id": "secondary-school", "label": "Secondary school students", "count": 1},
                      {"id": "university", "label": "University students", "count": 1}],
        "roles": [{"id": "educator", "label": "Educator", "count": 1},
                  {"id": "engineer", "label": "Engineer", "count": 1}],
        "stories": {"published": 1},
        "events": {"held": 0, "upcoming": 2, "cancelled": 1, "recurring": 1},
        "training": {"modules": 2, "minutes": 35},
        "requests": None,
    }
    assert json.loads(json.dumps(figures)) == figures
    assert list(json.loads(json.dumps(figures))) == list(figures)


def test_coverage_names_the_gaps_and_keeps_them_in_the_counts(site: FixtureProgramme) -> None:
    site.edit("mentors/kofi-mensah.yml", "expertise: [nursing]", "expertise: [careers]")
    site.edit("vocabularies.yml", "audiences:", "  arts:\n    label: arts and culture\naudiences:")
    expertise = impact_figures(site.catalog())["expertise"]
    assert (expertise["covered"], expertise["total"]) == (2, 4)
    assert expertise["uncovered"] == ["arts and culture", "Nursing"]
    assert [(row["id"], row["count"]) for row in expertise["mentors"]] == [
        ("careers", 2), ("python", 1), ("arts", 0), ("nursing", 0)]
    data = impact_page_data(site.catalog())
    assert data["gaps"] == ["arts and culture", "Nursing"]
    assert {"label": "Topics open to new mentees", "value": "2 of 4"} in data["headline"]


def test_topics_open_count_only_what_accepting_mentors_offer(site: FixtureProgramme) -> None:
    """Issue 18: "27 of 27 topics covered" counted topics only full or paused mentors offer."""
    site.edit("mentors/ana-pereira.yml", "accepting: true", "accepting: false")  # Ana paused, Kofi stale
    expertise = impact_figures(site.catalog())["expertise"]
    assert (expertise["covered"], expertise["open"], expertise["total"]) == (3, 0, 3)
    assert expertise["closed"] == ["Career planning", "Nursing", "Python"]
    data = impact_page_data(site.catalog())
    headline = {f["label"]: f["value"] for f in data["headline"]}
    assert headline["Topics open to new mentees"] == "0 of 3" and headline["Mentors accepting mentees"] == 0
    assert "Accepting mentees" not in headline and "Topics covered" not in headline


def test_hidden_and_unlisted_profiles_are_not_counted_but_overdue_ones_are(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      review_stale: hide")
    mentors = impact_figures(site.catalog())["mentors"]
    assert mentors == {"listed": 1, "accepting": 1, "full": 0, "paused": 0, "stale": 0, "capacity": 2,
                       "free_places": 1, "overdue_for_review": 1}
    site.edit("mentors/kofi-mensah.yml", "youth_cleared: true", "youth_cleared: true\nlisted: false")
    assert impact_figures(site.catalog())["mentors"]["overdue_for_review"] == 0


def test_a_repeating_event_counts_once_and_the_build_day_splits_held_from_upcoming(site: FixtureProgramme) -> None:
    site.write("content/events/cv-clinic.yml", """\
title: CV clinic
start: 2026-09-01 18:00
end: 2026-09-01 19:00
timezone: Europe/Lisbon
recurrence: {frequency: weekly, count: 4}
format: virtual
online_url: https://example.org/clinic
audience: [mentees]
summary: Bring your CV.
description: Four evenings.
""")
    site.edit("content/events/spring-fair.yml", "status: cancelled", "status: scheduled")
    for _ in ("start", "end"):  # on the build day: still upcoming, as on the events page
        site.edit("content/events/open-evening.yml", "2026-12-03", "2026-11-22")
    figures = impact_figures(site.catalog())["events"]
    assert figures == {"held": 2, "upcoming": 2, "cancelled": 0, "recurring": 2}
    for _ in ("start", "end"):
        site.edit("content/events/open-evening.yml", "2026-11-22", "2026-11-21")
    assert impact_figures(site.catalog())["events"] == {"held": 3, "upcoming": 1, "cancelled": 0, "recurring": 2}
    events = next(c for c in impact_page_data(site.catalog())["charts"] if c["id"] == "mh-chart-events")
    assert events["rows"] == [{"label": "Held", "count": 3}, {"label": "Upcoming", "count": 1},
                              {"label": "Cancelled", "count": 0}]
    assert events["note"] == ("A repeating event counts once, as upcoming while any of its dates is still to come "
                              "(CV clinic, Mentor circle). Cancelled events count as neither held nor upcoming.")


def test_the_inbox_export_is_read_when_it_exists(site: FixtureProgramme) -> None:
    """An export from an inbox older than the outcomes still builds: its figures, the rest null."""
    assert impact_figures(site.catalog(), Path(EXPORT))["requests"] is None
    site.write(EXPORT, GOOD_EXPORT)
    expected = {"received": 42, "matched": 30, "median_days_to_first_contact": 2.5,
                "period": {"from": "2026-01-01", "to": "2026-10-31"}, "minimum_people": 5,
                "first_contact": None, "matches": None, "responses": None, "satisfaction": None, "pre_post": None}
    assert impact_figures(site.catalog(), Path(EXPORT))["requests"] == expected
    assert impact_figures(site.catalog(), site.root / EXPORT)["requests"] == expected
    assert impact_figures(site.catalog())["requests"] is None
    data = impact_page_data(site.catalog(), Path(EXPORT))
    assert data["requests"]["period_label"] == "Thursday 1 January 2026 to Saturday 31 October 2026"
    assert data["outcomes"] is None
    site.write(EXPORT, GOOD_EXPORT.replace("2.5", "null"))
    assert impact_figures(site.catalog(), Path(EXPORT))["requests"]["median_days_to_first_contact"] is None


def test_a_bad_export_names_the_line_and_field_of_each_problem(site: FixtureProgramme) -> None:
    assert export_problems(site, """\
{
  "requests_received": -1,
  "requests_matched": "3",
  "median_days_to_contact": 2,
  "period": {"from": "2026-01-01", "to": "soon"}
}
""") == [
        f"{EXPORT}:1: median_days_to_first_contact: this required field is missing",
        f"{EXPORT}:2: requests_received: must be greater than or equal to 0",
        f"{EXPORT}:3: requests_matched: expected a whole number, not '3'",
        f"{EXPORT}:5: period.to: expected a date like 2025-03-14, not 'soon'",
    ]
    assert export_problems(site, GOOD_EXPORT.replace("30", "43").replace('"2026-01-01"', '"2026-11-01"')) == [
        f"{EXPORT}:3: requests_matched: is 43, more than the 42 requests received",
        f"{EXPORT}:5: period.to: 2026-10-31 is before the start of the period",
    ]
    assert export_problems(site, '{"period": {"form": "2026-01-01", "to": "2026-10-31"}, "version": 2}') == [
        f"{EXPORT}:1: median_days_to_first_contact: this required field is missing",
        f"{EXPORT}:1: period.from: this required field is missing",
        f"{EXPORT}:1: requests_matched: this required field is missing",
        f"{EXPORT}:1: requests_received: this required field is missing",
    ]
    assert export_problems(site, GOOD_EXPORT.replace("42,", "42")) == [
        f"{EXPORT}:3: not valid JSON: Expecting ',' delimiter (column 3)"]
    assert export_problems(site, "[1, 2]") == [
        f"{EXPORT}:1: expected a JSON object with the fields: requests_received, requests_matched, "
        "median_days_to_first_contact, period"]


def test_a_bad_export_stops_the_figures(site: FixtureProgramme) -> None:
    site.write(EXPORT, "{}")
    with pytest.raises(ContentError) as caught:
        impact_figures(site.catalog(), Path(EXPORT))
    assert str(caught.value.problems[0]) == f"{EXPORT}:1: median_days_to_first_contact: this required field is missing"


def test_mentorhub_check_reports_a_bad_export(site: FixtureProgramme) -> None:
    """Page data and data files are made lazily; the export must still be read by the check."""
    site.edit("mkdocs.yml", "review_max_age_days: 365", f"review_max_age_days: 365\n      impact: {{inbox_export: {EXPORT}}}")
    site.write(EXPORT, GOOD_EXPORT.replace('"requests_matched": 30', '"requests_matched": "thirty"'))
    assert site.problems() == [f"{EXPORT}:3: requests_matched: expected a whole number, not 'thirty'"]


def text_of(root: ET.Element, tag: str) -> str:
    """The text of the chart's one <title> or <desc>."""
    element = root.find(f"{SVG}{tag}")
    assert element is not None and element.text is not None, tag
    return element.text


def test_a_chart_is_an_accessible_image_with_its_numbers_as_text() -> None:
    rows = [("Python", 2), ("Nursing", 1), ("Law", 0)]
    svg = render_bar_chart("Mentors per topic", rows, summary="Mentors by topic.")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "mh-chart-mentors-per-topic-title mh-chart-mentors-per-topic-desc"
    assert text_of(root, "title") == "Mentors per topic"
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == "Mentors by topic. Python: 2; Nursing: 1; Law: 0."
    assert [t.text for t in root.iter(f"{SVG}text")] == ["Python", "2", "Nursing", "1", "Law", "0"]
    assert [r.get("width") for r in root.iter(f"{SVG}rect")] == ["312", "156"]  # no bar for 0
    assert all(r.get("style") == "fill:var(--mh-chart-bar,#00695c)" for r in root.iter(f"{SVG}rect"))
    assert (root.get("viewBox"), root.get("height")) == ("0 0 360 120", "120")
    assert svg == render_bar_chart("Mentors per topic", rows, summary="Mentors by topic.")


def test_an_empty_chart_says_so() -> None:
    root = ET.fromstring(render_bar_chart("Languages & <dialects>", []))
    assert [t.text for t in root.iter(f"{SVG}text")] == ["None yet"]
    assert text_of(root, "title") == "Languages & <dialects>"
    assert text_of(root, "desc") == "no data."
    assert root.get("aria-labelledby") == "mh-chart-languages-dialects-title mh-chart-languages-dialects-desc"


def test_chart_text_from_the_vocabulary_is_escaped(site: FixtureProgramme) -> None:
    site.edit("vocabularies.yml", "label: Career planning", 'label: "Careers & <jobs>"')
    first = impact_page_data(site.catalog())
    topics = next(c for c in first["charts"] if c["id"] == "mh-chart-expertise")
    assert "Careers &amp; &lt;jobs&gt;" in topics["svg"] and "<jobs>" not in topics["svg"]
    root = ET.fromstring(topics["svg"])
    assert [t.text for t in root.iter(f"{SVG}text")][:2] == ["Careers & <jobs>", "1"]
    assert "Careers & <jobs>: 1" in text_of(root, "desc")
    assert first == impact_page_data(site.catalog())


def test_every_chart_on_the_page_has_its_table_and_a_unique_id(site: FixtureProgramme) -> None:
    charts = impact_page_data(site.catalog())["charts"]
    assert [(c["id"], c["title"], c["column"], c["unit"]) for c in charts] == [
        ("mh-chart-availability", "Mentors by availability", "Availability", "Mentors"),
        ("mh-chart-expertise", "Mentors per topic", "Topic", "Mentors"),
        ("mh-chart-languages", "Languages mentors speak", "Language", "Mentors"),
        ("mh-chart-formats", "How mentors meet", "Format", "Mentors"),
        ("mh-chart-audiences", "Who mentors work with", "Audience", "Mentors"),
        ("mh-chart-roles", "Community leaders by role", "Role", "Mentors"),
        ("mh-chart-events", "Events", "Status", "Events"),
    ]
    availability = charts[0]
    assert availability["rows"] == [{"label": "Accepting mentees", "count": 1}, {"label": "Full", "count": 0},
                                    {"label": "Paused", "count": 0}, {"label": "Not confirmed recently", "count": 1}]
    assert availability["note"] == "1 of 3 places are free."
    for chart in charts:
        root = ET.fromstring(chart["svg"])
        assert root.get("aria-labelledby") == f"{chart['id']}-title {chart['id']}-desc"
        assert [t.text for t in root.iter(f"{SVG}text")][1::2] == [str(row["count"]) for row in chart["rows"]]


def test_a_long_list_draws_its_largest_values_and_keeps_every_row_in_the_table(site: FixtureProgramme) -> None:
    """211 topics drew 211 bars (14,062 px): past TOP_BARS rows the chart draws the largest only."""
    extra = "".join(f"  topic-{n:02}:\n    label: Topic {n:02}\n" for n in range(TOP_BARS + 2))
    site.edit("vocabularies.yml", "audiences:\n", extra + "audiences:\n")
    data = impact_page_data(site.catalog())
    topics = next(c for c in data["charts"] if c["id"] == "mh-chart-expertise")
    total = data["figures"]["expertise"]["total"]
    assert total == TOP_BARS + 5 and len(topics["rows"]) == total
    assert data["figures"]["expertise"]["mentors"] == impact_figures(site.catalog())["expertise"]["mentors"]
    root = ET.fromstring(topics["svg"])
    labels = [t.text for t in root.iter(f"{SVG}text")][0::2]
    assert labels == [row["label"] for row in topics["rows"][:TOP_BARS]]
    counts = [row["count"] for row in topics["rows"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0 == counts[-1], "the largest first, the gaps kept"
    assert topics["all_label"] == f"All {total} topics"
    assert topics["top"] == f"The {TOP_BARS} topics with the most mentors, of {total}."
    assert text_of(root, "desc").startswith(f"Mentors by topic; the {TOP_BARS} topics with the most mentors, of {total}.")
    short = next(c for c in data["charts"] if c["id"] == "mh-chart-availability")
    assert short["all_label"] == short["top"] == ""


def test_the_demo_page_puts_long_tables_behind_a_disclosure(demo_site: Path) -> None:
    page = (demo_site / "impact" / "index.html").read_text()
    figures = json.loads((demo_site / "impact.json").read_text())
    root = ET.fromstring(page[page.index('<section class="mh-impact-chart" aria-labelledby="mh-chart-expertise'):].split("</section>")[0]
                         + "</section>")
    details = root.find(".//details")
    assert details is not None
    summary = details.find("summary")
    assert summary is not None and summary.text == f"All {figures['expertise']['total']} topics"
    table = details.find("table")
    assert table is not None and table.find("caption") is not None
    assert [th.get("scope") for th in table.iter("th")][:2] == ["col", "col"]
    assert len(table.findall("tbody/tr")) == figures["expertise"]["total"] > TOP_BARS
    assert len(root.findall(f".//{SVG}rect")) + len(root.findall(".//rect")) <= TOP_BARS
    availability = page[page.index('aria-labelledby="mh-chart-availability'):].split("</section>")[0]
    assert "<details" not in availability and "<table" in availability


def test_the_full_table_opens_without_javascript(browser: Browser, demo_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_url + "impact/")
    section = page.locator("section", has=page.get_by_role("heading", name="Mentors per topic"))
    table = section.get_by_role("table", name="Mentors per topic: the numbers")
    expect(table).to_be_hidden()
    section.get_by_text("All ", exact=False).first.focus()
    page.keyboard.press("Enter")
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader", name="Topic")).to_be_visible()
    context.close()


NEW_EXPORT = """\
{
  "requests_received": 42,
  "requests_matched": 30,
  "median_days_to_first_contact": 2.5,
  "period": {"from": "2026-01-01", "to": "2026-10-31"},
  "version": 2,
  "minimum_people": 5,
  "first_contact": {"people": 28, "median_days": 2.5},
  "matches": {"active": 12, "closed": 3, "length": {"people": 3, "withheld": true}},
  "responses": {"overall": {"people": 19, "invited": 50, "answered": 41},
                "surveys": [{"survey": "check-in", "people": 12, "invited": 40, "answered": 32},
                            {"survey": "closure", "people": 4, "withheld": true}]},
  "satisfaction": [
    {"survey": "check-in", "question": "useful", "kind": "scale", "people": 12, "answers": 30,
     "counts": [{"value": "1", "count": 0}, {"value": "2", "count": 1}, {"value": "3", "count": 4},
                {"value": "4", "count": 15}, {"value": "5", "count": 10}]},
    {"survey": "closure", "question": "goals-met", "kind": "single", "people": 4, "withheld": true}
  ],
  "pre_post": [
    {"question": "confidence-applying", "intake": "intake", "closure": "closure", "people": 6,
     "before": 2.33, "after": 3.83, "change": 1.5, "improved": 5, "same": 1, "worse": 0}
  ]
}
"""


def test_the_outcomes_show_beside_their_people_and_withheld_ones_say_why(site: FixtureProgramme) -> None:
    site.write(EXPORT, NEW_EXPORT)
    data = impact_page_data(site.catalog(), Path(EXPORT))
    outcomes = data["outcomes"]
    assert outcomes["rule"].startswith("To protect the people who take part, a figure worked out from fewer than "
                                       "5 people is not shown")
    assert outcomes["cards"] == [
        {"label": "Median days to first contact", "value": "2.5", "note": "from 28 mentees contacted"},
        {"label": "Matches going on", "value": "12", "note": ""},
        {"label": "Matches ended", "value": "3", "note": ""},
        {"label": "Median days a match lasted", "value": "Not shown", "note": "fewer than 5 matches that ended"}]
    sections = {s["id"]: s["groups"] for s in outcomes["sections"]}
    assert list(sections) == ["responses", "satisfaction", "pre-post"]
    [rates] = sections["responses"]
    assert (rates["withheld"], rates["withheld_names"]) == ("Not shown: fewer than 5 people were invited", ["Closure"])
    [chart] = rates["charts"]
    assert chart["rows"] == [{"label": "Check in", "count": "32 of 40 (80%), 12 people"}]
    assert chart["note"] == "Overall, 41 of 50 invitations were answered, sent to 19 people."
    assert [t.text for t in ET.fromstring(chart["svg"]).iter(f"{SVG}text")] == ["Check in", "80%"]
    check_in, closure = sections["satisfaction"]
    assert (check_in["title"], check_in["withheld_names"]) == ("Check in", [])
    [useful] = check_in["charts"]
    assert (useful["title"], useful["note"]) == ("Useful", "From 12 people, 30 answers.")
    assert [row["count"] for row in useful["rows"]] == [0, 1, 4, 15, 10]
    assert ET.fromstring(useful["svg"]).get("role") == "img"
    assert closure == {"title": "Closure", "charts": [], "withheld": "Not shown: fewer than 5 people answered",
                       "withheld_names": ["Goals met"]}
    [changes] = sections["pre-post"]
    [change] = changes["charts"]
    assert [(row["label"], row["count"]) for row in change["rows"]][:3] == [
        ("Before: when the match started", "2.3"), ("After: when it ended", "3.8"), ("Change, on average", "+1.5")]
    root = ET.fromstring(change["svg"])
    assert [r.get("width") for r in root.iter(f"{SVG}rect")] == ["145.4", "239"], "of 312 for a 5"
    assert text_of(root, "desc").endswith("Before: when the match started: 2.3; After: when it ended: 3.8.")
    figures = impact_figures(site.catalog(), Path(EXPORT))["requests"]
    assert figures["matches"]["length"] == {"people": 3, "withheld": True}
    assert figures["pre_post"][0]["change"] == 1.5


def test_a_figure_from_too_few_people_must_be_withheld_in_the_file(site: FixtureProgramme) -> None:
    """The build refuses a file that would publish a figure from 4 people, whatever wrote it."""
    shown = NEW_EXPORT.replace('"length": {"people": 3, "withheld": true}', '"length": {"people": 3, "median_days": 80.0}')
    half = NEW_EXPORT.replace('{"survey": "closure", "people": 4, "withheld": true}',
                              '{"survey": "closure", "people": 4, "withheld": true, "invited": 4}')
    fewer = NEW_EXPORT.replace('"minimum_people": 5', '"minimum_people": 3')
    missing = NEW_EXPORT.replace('"first_contact": {"people": 28, "median_days": 2.5}', '"first_contact": {"people": 28}')
    assert export_problems(site, shown) == [
        f"{EXPORT}:9: matches.length.withheld: is computed from 3 people, fewer than 5: it must be withheld "
        '(`"withheld": true` and no values)']
    assert export_problems(site, half) == [f"{EXPORT}:12: responses.surveys[1].invited: is given although the "
                                           "figure is withheld"]
    assert export_problems(site, fewer) == [f"{EXPORT}:7: minimum_people: must be greater than or equal to 5"]
    assert export_problems(site, missing) == [
        f"{EXPORT}:4: median_days_to_first_contact: differs from first_contact.median_days (null when it is withheld)",
        f"{EXPORT}:8: first_contact.median_days: this required field is missing (the figure is not withheld)"]


def test_the_demo_says_its_survey_figures_are_to_come_until_it_publishes_them(demo_site: Path) -> None:
    """The home page promises the figures; with an inbox and no export yet the impact page says they will come."""
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert 'publish the\nfigures on our <a href="impact/">impact page</a>' in home
    page = (demo_site / "impact" / "index.html").read_text(encoding="utf-8")
    assert "Figures from requests and from our surveys of mentees and mentors will appear here" in page
    assert json.loads((demo_site / "impact.json").read_text(encoding="utf-8"))["requests"] is None
