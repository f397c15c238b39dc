"""The programme decides what a profile must give (`profiles.required`) and adds fields of its
own (`profiles.fields`, given under `details:`): checked, shown on the profile, filterable."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import html5lib
import pytest

from mentorhub.content.matching import Preferences, score
from mentorhub.content.models import Mentor
from mentorhub.content.profile_rules import DEFAULT_REQUIRED
from mentorhub.content.programme import Programme, load_programme
from mentorhub.site.pages import cards
from mentorhub.site.pages.directory import FACETS
from mentorhub.content.profiles import DIRECTORY_NAMES
from support import MKDOCS_YML, FixtureProgramme, make_site, mkdocs_build, public_mentor

PROFILES = """\
      profiles:
        required: [location.country, capacity]
        fields:
          - id: years_of_experience
            label: Years of experience
            type: number
          - id: ideal_mentee
            label: Ideal mentee
          - id: mentee_stage
            label: Mentee stage
            type: multi-choice
            options: [Student, Career change, New manager]
            facet: true
            required: true
"""
# A sign-up sheet's answers: no role, audiences, city, time zone, formats or hours.
IMPORTED = """\
name: Wanjiru Kamau
bio: Built payment systems in Nairobi for ten years.
expertise: [python]
languages: [en]
location: {country: KE}
capacity: 2
reviewed: 2026-10-01
details:
  years_of_experience: 12
  ideal_mentee: Someone switching into software from another field
  mentee_stage: [Career change, Student]
"""


def programme_with_profiles(root: Path) -> FixtureProgramme:
    site = make_site(root)
    site.write("mkdocs.yml", MKDOCS_YML.format(profiles=PROFILES))
    for rel in ("mentors/ana-pereira.yml", "mentors/kofi-mensah.yml"):
        with (site.root / rel).open("a", encoding="utf-8") as profile:
            profile.write("details: {mentee_stage: Student}\n")
    site.write("mentors/wanjiru-kamau.yml", IMPORTED)
    return site


@pytest.fixture
def custom(tmp_path: Path) -> FixtureProgramme:
    return programme_with_profiles(tmp_path / "programme")


def test_by_default_a_programme_requires_only_the_core() -> None:
    assert tuple(Programme().profiles.required) == DEFAULT_REQUIRED == ()
    assert set(FACETS) <= DIRECTORY_NAMES


def test_a_profile_without_the_optional_fields_passes(custom: FixtureProgramme) -> None:
    mentor = custom.catalog().mentors["wanjiru-kamau"].model
    assert (mentor.role, mentor.timezone, mentor.formats, mentor.audiences, mentor.hours_per_month) == (None, None, [], [], None)
    assert mentor.location is not None and (mentor.location.city, mentor.location.country) == (None, "KE")
    assert mentor.details == {"years_of_experience": 12, "ideal_mentee": "Someone switching into software from another field",
                              "mentee_stage": ["Career change", "Student"]}


def test_fields_the_programme_requires_are_reported_with_their_line(custom: FixtureProgramme) -> None:
    rel = "mentors/wanjiru-kamau.yml"
    custom.write(rel, IMPORTED.replace("location: {country: KE}\ncapacity: 2\n", "").replace(
        "  mentee_stage: [Career change, Student]\n", ""))
    assert custom.problems() == [f"{rel}:1: capacity: this required field is missing",
                                 f"{rel}:1: location: this required field is missing",
                                 f"{rel}:6: details.mentee_stage: this required field is missing"]


def test_the_default_programme_still_requires_every_field(site: FixtureProgramme) -> None:
    site.write("mentors/wanjiru-kamau.yml", IMPORTED.replace("details:\n", "").replace("  ", "# "))
    problems = [p.split(": ", 1)[1] for p in site.problems()]
    assert sorted(problems) == [f"{name}: this required field is missing" for name in (
        "audiences", "formats", "headline", "hours_per_month", "location.city", "role", "timezone")]


def test_the_core_is_always_required(custom: FixtureProgramme) -> None:
    rel = "mentors/wanjiru-kamau.yml"
    custom.write(rel, IMPORTED.replace("bio: Built payment systems in Nairobi for ten years.\n", "")
                 .replace("languages: [en]\n", ""))
    assert custom.problems() == [f"{rel}:1: languages: this required field is missing"]
    custom.write(rel, IMPORTED.replace("bio: Built payment systems in Nairobi for ten years.\n", ""))
    assert custom.problems() == [f"{rel}:1: headline: give a headline, a bio or both"]


def test_details_are_checked_against_the_programme_fields(custom: FixtureProgramme) -> None:
    rel = "mentors/wanjiru-kamau.yml"
    custom.edit(rel, "  years_of_experience: 12\n", "  years_of_experiense: 12\n  ideal_mentee: call +44 20 7946 0958\n")
    custom.edit(rel, "  ideal_mentee: Someone switching into software from another field\n", "")
    custom.edit(rel, "[Career change, Student]", "[Career chnage]")
    problems = custom.problems()
    assert problems[0] == f"{rel}:9: details.years_of_experiense: unknown field; did you mean 'years_of_experience'?"
    assert problems[1].startswith(f"{rel}:10: details.ideal_mentee: looks like a phone number")
    assert problems[2] == (f"{rel}:11: details.mentee_stage: 'Career chnage' is not one of the choices (did you mean "
                           "'Career change'?); the choices are: Student, Career change, New manager")
    assert len(problems) == 3
    custom.write(rel, IMPORTED.replace("years_of_experience: 12", "years_of_experience: twelve"))
    assert custom.problems() == [f"{rel}:9: details.years_of_experience: expected a number, not 'twelve'"]


# Programme fields with a problem each: a choice without options, a repeated id, a text facet,
# an id the directory uses, an id that is not one.
BAD_FIELDS = [
    {"id": "stage", "label": "Stage", "type": "choice"},
    {"id": "stage", "label": "Again"},
    {"id": "notes", "label": "Notes", "facet": True},
    {"id": "country", "label": "Country", "type": "choice", "options": ["A"], "facet": True},
    {"id": "Bad Id", "label": "Bad"},
]


def test_programme_field_problems_are_reported_on_the_options() -> None:
    _, problems, _ = load_programme({"profiles": {"required": ["role", "role", "name"], "fields": BAD_FIELDS}})
    messages = {".".join(map(str, loc)): message for loc, message in problems}
    assert set(messages) == {"profiles.required.2"}  # not a field a programme may require: the type says so
    _, problems, _ = load_programme({"profiles": {"required": ["role", "role"], "fields": BAD_FIELDS}})
    messages = {".".join(map(str, loc)): message for loc, message in problems}
    assert messages == {
        "profiles.required.1": "'role' is listed twice",
        "profiles.fields.0.options": "a choice field needs its options",
        "profiles.fields.1.id": "the field 'stage' is listed twice",
        "profiles.fields.2.facet": "only choice and multi-choice fields can be directory filters, not text",
        "profiles.fields.3.id": "'country' is a name the directory already uses; give the facet another id",
        "profiles.fields.4.id": "'Bad Id' cannot be an id: use lower-case letters, digits and _, such as 'bad_id'",
    }


def test_cards_and_facets_cope_without_the_optional_fields(custom: FixtureProgramme) -> None:
    catalog = custom.catalog()
    card = cards.resolve_mentor(catalog, catalog.mentors["wanjiru-kamau"])
    assert card["role"] is None and card["location"]["city"] is None
    assert card["facets"]["country"] == ["KE"] and card["facets"]["role"] == []
    assert card["facets"]["mentee_stage"] == ["career-change", "student"]
    assert [(d["label"], d["value"]) for d in card["details"]] == [
        ("Years of experience", "12"), ("Ideal mentee", "Someone switching into software from another field"),
        ("Mentee stage", "Career change, Student")]
    public = next(m for m in catalog.public_mentors if m.id == "wanjiru-kamau")
    assert (public.timezone, public.formats, public.audiences, public.role, public.hours_per_month) == (None, (), (), None, None)


def test_matching_without_time_zone_or_formats() -> None:
    reference = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
    mentor = public_mentor("wanjiru", timezone=None, formats=[], audiences=[], location=None, role=None)
    found = score(mentor, Preferences(interests=("careers",), timezone="Europe/Lisbon"), reference)
    assert found is not None and found.score == 100
    assert not any("time" in reason or "meets" in reason for reason in found.reasons)
    assert score(mentor, Preferences(format="in-person"), reference) is None


def test_mentor_without_context_uses_the_default_rules() -> None:
    with pytest.raises(Exception):
        Mentor.model_validate({"name": "A", "bio": "B", "expertise": ["python"], "languages": ["en"],
                               "reviewed": "2026-01-01"})


def test_the_built_profile_and_directory_show_the_programme_fields(custom: FixtureProgramme) -> None:
    result = mkdocs_build(custom.root / "mkdocs.yml", custom.root / "site")
    assert result.returncode == 0, result.stderr
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    profile = parser.parse((custom.root / "site" / "mentors" / "wanjiru-kamau" / "index.html").read_text("utf-8"))
    facts = profile.find(".//dl[@class='mh-facts']")
    assert facts is not None
    terms = ["".join(dt_.itertext()).strip() for dt_ in facts.iter("dt")]
    assert terms == ["Expertise", "Languages", "Based in", "Under-18s", "Time", "Years of experience", "Ideal mentee",
                     "Mentee stage"]
    values = {t: "".join(dd.itertext()).strip() for t, dd in zip(terms, facts.iter("dd"))}
    assert values["Based in"] == "Kenya"
    assert values["Time"] == "Up to 2 mentees at once"
    assert values["Mentee stage"] == "Career changeStudent"  # chips, each a link to the directory's filter
    stage_links = [a.get("href") for a in facts.iter("a") if "mentee_stage=" in (a.get("href") or "")]
    assert stage_links == ["../?mentee_stage=career-change", "../?mentee_stage=student"]
    directory = parser.parse((custom.root / "site" / "mentors" / "index.html").read_text("utf-8"))
    facet = directory.find(".//details[@data-facet='mentee_stage']")
    summary = facet.find("summary") if facet is not None else None
    assert facet is not None and summary is not None and "Mentee stage" in "".join(summary.itertext())
    counts = {box.get("value"): "".join(label.itertext()).split()[-1]
              for label in facet.iter("label") for box in label.iter("input")}
    assert counts == {"career-change": "1", "student": "3"}
    card = directory.find(".//li[@data-id='wanjiru-kamau']")
    assert card is not None and card.get("data-mentee_stage") == "career-change student"
    assert card.get("data-country") == "KE" and card.get("data-role") == ""
    assert card.find(".//p[@class='mh-card__role']") is None  # no role line without a role
    mentors = json.loads((custom.root / "site" / "mentors.json").read_text("utf-8"))["mentors"]
    wanjiru = next(m for m in mentors if m["id"] == "wanjiru-kamau")
    assert (wanjiru["timezone"], wanjiru["formats"], wanjiru["location"]["city"]) == (None, [], None)
