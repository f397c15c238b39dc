"""`mentorhub new`: starter files that pass the check untouched and explain every field."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from support import BUILD_DAY, REPO, TODAY, FixtureProgramme, with_surveys
from mentorhub.adapters.cli import main
from mentorhub.content.models import ContentModel, Event, Mentor, Place, Story, TrainingModule, Venue
from mentorhub.content.project import Project
from mentorhub.content.surveys import Survey
from mentorhub.adapters.scaffold import scaffold
from mentorhub.content.sources import ContentLoader

NEW: list[tuple[str, str, str, type[ContentModel]]] = [
    ("mentor", "Lindiwe Dube", "mentors/lindiwe-dube.yml", Mentor),
    ("story", "A first job", "stories/a-first-job.md", Story),
    ("event", "Spring open evening", "content/events/spring-open-evening.yml", Event),
    ("module", "Giving feedback", "content/training/giving-feedback.md", TrainingModule),
]
NEXT_STEP = ": replace every REPLACE in it, then run mentorhub check.\n"


@pytest.fixture(autouse=True)
def build_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])


def new(site: FixtureProgramme, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-f", str(site.root / "mkdocs.yml"), "new", *args])
    out, err = capsys.readouterr()
    return code, out, err


def front_matter(text: str) -> dict[str, Any]:
    """The YAML data of a starter file, read the way the build reads it (dates stay text)."""
    front = text.split("---\n")[1] if text.startswith("---\n") else text
    data = yaml.load(front, Loader=ContentLoader)
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(("kind", "title", "rel"), [(kind, title, rel) for kind, title, rel, _ in NEW])
def test_starter_file_passes_the_check_unchanged(site: FixtureProgramme, capsys: pytest.CaptureFixture[str],
                                                 kind: str, title: str, rel: str) -> None:
    code, out, err = new(site, capsys, kind, title)
    assert (code, err) == (0, "")
    assert out == f"Created {rel}{NEXT_STEP}"
    assert main(["-f", str(site.root / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")
    catalog = site.catalog()
    items: dict[str, dict[str, Any]] = {"mentor": catalog.mentors, "story": catalog.stories,
                                        "event": catalog.events, "module": catalog.modules}
    assert Path(rel).stem in items[kind]


@pytest.mark.parametrize(("kind", "title", "model"), [(kind, title, model) for kind, title, _, model in NEW]
                         + [("survey", "Halfway check-in", Survey)])
def test_every_field_is_present_under_its_description(site: FixtureProgramme, kind: str, title: str,
                                                      model: type[ContentModel]) -> None:
    if kind == "survey":
        with_surveys(site)
    lines = scaffold(site.project(), kind, title, TODAY).front.splitlines()
    nested: dict[str, list[type[ContentModel]]] = {"mentor": [Place], "event": [Venue]}
    expected = [(name, info.description or "", "") for name, info in model.model_fields.items()]
    expected += [(name, info.description or "", "  ") for sub in nested.get(kind, [])
                 for name, info in sub.model_fields.items()]
    for name, description, indent in expected:
        at = next(i for i, line in enumerate(lines) if re.fullmatch(rf"{indent}(# )?{name}:.*", line))
        above: list[str] = []
        while lines[at - 1 - len(above)].startswith(f"{indent}# ") and not re.match(
                rf"{indent}# \w+:", lines[at - 1 - len(above)]):
            above.insert(0, lines[at - 1 - len(above)].removeprefix(f"{indent}# "))
        assert " ".join(above).startswith(description.replace("`", "")), name


def test_survey_starter_passes_the_check_unchanged(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    with_surveys(site)
    code, out, err = new(site, capsys, "survey", "Halfway check-in")
    assert (code, out, err) == (0, f"Created content/surveys/halfway-check-in.yml{NEXT_STEP}", "")
    assert main(["-f", str(site.root / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 2 mentors, 1 stories, 3 events, 2 training modules, 5 surveys")
    created = (site.root / "content/surveys/halfway-check-in.yml").read_text()
    assert created.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/survey.schema.json"
    survey = site.catalog().surveys["halfway-check-in"].model
    assert (survey.when, survey.every_weeks, [q.kind for q in survey.questions]) == ("check-in", 4, ["scale", "long-text"])


def test_a_survey_starter_is_refused_without_the_inbox(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(site.root.rglob("*"))
    assert new(site, capsys, "survey", "Halfway check-in") == (1, "", (
        "mentorhub: surveys are answered through Mentor Hub's inbox, and this programme does not use it: set "
        "`requests: delivery: inbox` (and its url) in mkdocs.yml first\n"))
    assert sorted(site.root.rglob("*")) == files


def test_mentor_starter_uses_the_programme_vocabularies_and_today(site: FixtureProgramme) -> None:
    created = scaffold(site.project(), "mentor", "Lindiwe Dube", TODAY)
    lines = created.text.splitlines()
    assert lines[0] == "# yaml-language-server: $schema=../schemas/mentor.schema.json"
    assert "# Choose from: engineer, educator" in lines
    assert "# Choose from: python, careers, nursing" in lines
    assert "# pronouns: she/her" in lines and "  # region: REPLACE" in lines
    assert front_matter(created.text) == {
        "name": "Lindiwe Dube",
        "headline": "REPLACE with one line about what you offer mentees",
        "bio": "REPLACE with a few short paragraphs in your own words: your background, what you can\n"
               "help with and what a mentee can expect from sessions with you. Mentees reach you\n"
               "through the programme's request form, so leave out any contact details.\n",
        "role": "engineer",
        "expertise": ["python"],
        "languages": ["en"],
        "location": {"city": "REPLACE", "country": "GB"},
        "timezone": "Europe/London",
        "formats": ["virtual"],
        "audiences": ["secondary-school"],
        "capacity": 1,
        "sessions": False,
        "active_mentees": 0,
        "accepting": True,
        "hours_per_month": 2,
        "reviewed": "2026-11-22",
        "youth_cleared": False,
        "listed": True,
    }


def test_story_starter_names_a_mentor_and_warns_about_consent(site: FixtureProgramme) -> None:
    created = scaffold(site.project(), "story", "A first job", TODAY)
    assert front_matter(created.text) == {
        "title": "A first job", "date": "2026-11-22", "mentors": ["ana-pereira"], "mentee": "REPLACE",
        "full_name_allowed": False, "consent": True,
        "summary": "REPLACE with one or two sentences for lists and feeds",
    }
    lines = created.front.splitlines()
    consent = lines.index("consent: true")
    assert lines[consent - 2:consent] == [
        "# !!! STOP: leave this true ONLY when you hold the mentee's consent IN WRITING (and a",
        "# parent's or guardian's for under-18s). Without it, do not add the story.",
    ]
    assert "# REPLACE ana-pereira with the ids of the story's mentors: their file names in mentors/," in lines
    assert created.text.startswith("---\n# A success story")
    assert created.body is not None and created.body.startswith("## REPLACE with a heading: where it started\n")


def test_event_starter_is_thirty_days_ahead_in_the_evening(site: FixtureProgramme) -> None:
    created = scaffold(site.project(), "event", "Spring open evening", TODAY)
    assert created.text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/event.schema.json"
    assert front_matter(created.text) == {
        "title": "Spring open evening", "start": "2026-12-22 18:00", "end": "2026-12-22 19:30",
        "timezone": "Europe/London", "format": "in-person",
        "venue": {"name": "REPLACE", "city": "REPLACE", "country": "GB"}, "audience": ["everyone"],
        "status": "scheduled", "summary": "REPLACE with one or two sentences for lists and calendars",
        "description": "REPLACE with the details: the agenda, step-free access and other accessibility,\n"
                       "what to bring.\n",
    }
    assert "# online_url: https://example.org/REPLACE" in created.text.splitlines()


def test_module_starter_takes_the_next_order_in_the_core_track(site: FixtureProgramme) -> None:
    site.write("content/training/later.md", "---\ntitle: Later\norder: 7\nminutes: 5\nobjectives: [x]\n---\n")
    site.write("content/training/other-track.md",
               "---\ntitle: Other\ntrack: advanced\norder: 12\nminutes: 5\nobjectives: [x]\n---\n")
    created = scaffold(site.project(), "module", "Giving feedback", TODAY)
    data = front_matter(created.text)
    assert (data["order"], data["track"], data["prerequisites"]) == (8, "core", [])
    assert data["self_check"] == [{
        "question": "REPLACE with a question that checks the main point",
        "options": [
            {"text": "REPLACE with a right answer", "correct": True,
             "explanation": "REPLACE with why this answer is right"},
            {"text": "REPLACE with a wrong answer", "correct": False,
             "explanation": "REPLACE with why this answer is wrong"},
        ],
    }]
    assert created.body is not None
    assert '!!! question "Scenario: REPLACE with a short title"\n    REPLACE' in created.body
    assert '??? success "Model answer"\n    REPLACE' in created.body


def test_refuses_to_overwrite_and_suggests_a_free_id(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    before = (site.root / "mentors/ana-pereira.yml").read_text()
    site.write("mentors/ana-pereira-2.yaml", before)
    code, out, err = new(site, capsys, "mentor", "Ana Pereira")
    assert (code, out) == (1, "")
    assert err == ("mentorhub: mentors/ana-pereira.yml already exists, so nothing was written. If this is a "
                   'different mentor, give it a free id: mentorhub new mentor "Ana Pereira" --id ana-pereira-3\n')
    assert (site.root / "mentors/ana-pereira.yml").read_text() == before
    code, out, _ = new(site, capsys, "mentor", "Ana Pereira", "--id", "ana-pereira-3")
    assert (code, out) == (0, f"Created mentors/ana-pereira-3.yml{NEXT_STEP}")


@pytest.mark.parametrize(("args", "message"), [
    (["mentor", "Ana at ana@example.org"],
     "nothing was written, because the new file would not pass the check: name: looks like an email address; "
     "this repository and the site are public, so contact details never go in it; "
     "mentees reach mentors through the request form"),
    (["mentor", "N" * 81], "nothing was written, because the new file would not pass the check: "
                           "name: is 81 characters long; keep it to 80"),
    (["event", "Fair", "--id", "Spring Fair"],
     "'Spring Fair' cannot be an id: use lower-case letters, digits and hyphens, such as 'spring-fair'"),
    (["mentor", "¿?"], "cannot make an id from '¿?'; give one with --id, such as --id ana-pereira"),
])
def test_refusals_are_explained_and_write_nothing(site: FixtureProgramme, capsys: pytest.CaptureFixture[str],
                                                  args: list[str], message: str) -> None:
    files = sorted(site.root.rglob("*"))
    assert new(site, capsys, *args) == (1, "", f"mentorhub: {message}\n")
    assert sorted(site.root.rglob("*")) == files


def test_accents_are_dropped_from_the_id(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = new(site, capsys, "mentor", "José Núñez")
    assert (code, out) == (0, f"Created mentors/jose-nunez.yml{NEXT_STEP}")
    assert site.catalog().mentors["jose-nunez"].model.name == "José Núñez"


def test_a_story_needs_a_mentor_first(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    for path in (site.root / "mentors").iterdir():
        path.unlink()
    assert new(site, capsys, "story", "A first job") == (
        1, "", "mentorhub: a story is about a mentor, and there are no mentor profiles yet; add one first\n")


@pytest.mark.parametrize(("kind", "title"), [("mentor", "Lindiwe Dube"), ("event", "Spring open evening")])
def test_demo_starter_files_satisfy_the_committed_schema(kind: str, title: str) -> None:
    """What VS Code checks as the editor types: the starter file must not start out underlined."""
    created = scaffold(Project.from_mkdocs_yml(REPO / "mkdocs.yml"), kind, title, TODAY)
    schema_path = created.text.splitlines()[0].split("=", 1)[1]
    assert (created.path.parent / schema_path).resolve() == REPO / "schemas" / f"{kind}.schema.json"
    validator = jsonschema.Draft7Validator(json.loads((REPO / "schemas" / f"{kind}.schema.json").read_text()))
    assert [e.message for e in validator.iter_errors(front_matter(created.text))] == []


def test_starter_files_pass_the_check_in_the_demo_programme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo configures training tracks, so a module starts in its first track, not `core`."""
    for rel in ("mentors", "stories", "content"):
        shutil.copytree(REPO / rel, tmp_path / rel)
    for rel in ("mkdocs.yml", "vocabularies.yml"):
        shutil.copy(REPO / rel, tmp_path / rel)
    demo = FixtureProgramme(tmp_path)
    for kind, title, _, _ in NEW:
        assert new(demo, capsys, kind, title)[0] == 0
    module = front_matter((tmp_path / "content/training/giving-feedback.md").read_text())
    assert (module["track"], module["order"]) == ("before-first-meeting", 7)
    assert "# Choose from the tracks in mkdocs.yml: before-first-meeting, ongoing" in (
        tmp_path / "content/training/giving-feedback.md").read_text().splitlines()
    assert main(["-f", str(tmp_path / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 29 mentors, 8 stories, 13 events, 11 training modules")


def test_a_name_in_any_script_gets_a_readable_id(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(site.root / "mkdocs.yml"), "new", "mentor", "李小龙"]) == 0
    assert (site.root / "mentors" / "lixiaolong.yml").is_file()
