"""The editor workflow around the content: annotations, review reminders, GitHub and pre-commit files.

Workflow files are read with the build's YAML 1.2 loader, as GitHub reads them: `on:` is a
key (YAML 1.1 would make it `true`) and a key written twice is an error.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from support import BUILD_DAY, REPO, FixtureProgramme
from mentorhub.adapters.cli import main
from mentorhub.content.profile_rules import STRICT
from mentorhub.content.models import CONTACT_FIELDS, Mentor, Place
from mentorhub.content.sources import ContentLoader

ANA = "mentors/ana-pereira.yml"
KOFI = "mentors/kofi-mensah.yml"
PUBLIC = ("this repository and the site are public, so contact details never go in it; "
          "mentees reach mentors through the request form")


@pytest.fixture(autouse=True)
def build_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])


def run(site: FixtureProgramme, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["-f", str(site.root / "mkdocs.yml"), *args])
    out, err = capsys.readouterr()
    return code, out, err


def load(rel: str) -> Any:
    return yaml.load((REPO / rel).read_text(encoding="utf-8"), Loader=ContentLoader)


# --- annotations ------------------------------------------------------------------------


def test_github_annotations_point_at_the_line_of_every_problem(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(ANA, "languages: [pt, en]", "langauges: [pt, en]")
    site.edit(ANA, "accepting: true", "accepting: yes")
    site.edit(KOFI, "now teaching nursing.", "now teaching nursing. Call +44 20 7946 0958.")
    site.edit(KOFI, "capacity: 1\n", "capacity: 1\nemail: kofi@example.org\n")
    site.edit("stories/first-job.md", "consent: true", "consent: false")
    site.edit("content/events/open-evening.yml", "timezone: Europe/Lisbon", "timezone: Europe/Lisbn")
    site.edit("content/training/role.md", "        correct: true\n", "")
    site.edit("content/training/listening.md", "title: Active listening", "title: Active: listening")
    code, out, err = run(site, capsys, "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=content/events/open-evening.yml,line=4,title=Content problem timezone::"
        "unknown time zone 'Europe/Lisbn' (did you mean 'Europe/Lisbon'?); use an IANA name such as Europe/Lisbon",
        "::error file=content/training/listening.md,line=2,title=Content problem::"
        "YAML syntax error: a value containing ': ' must be put in quotes",
        "::error file=content/training/role.md,line=11,title=Content problem self_check[0].options::"
        "mark at least one option `correct: true`",
        f"::error file={ANA},line=11,title=Content problem langauges::unknown field; did you mean 'languages'?",
        f"::error file={ANA},line=20,title=Content problem accepting::expected true or false, not 'yes'",
        f"::error file={KOFI},line=3,title=Content problem bio::looks like a phone number; {PUBLIC}",
        f"::error file={KOFI},line=12,title=Content problem email::contact fields are not allowed: {PUBLIC}",
        "::error file=stories/first-job.md,line=6,title=Content problem consent::"
        "must be true; a story without the mentee's consent must not be in this public repository",
    ]
    assert err.splitlines()[-1] == "8 problems found."


# --- stale profiles ---------------------------------------------------------------------


def test_stale_lists_overdue_profiles_oldest_first(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2025-06-02")
    assert run(site, capsys, "stale") == (0, (
        f"{KOFI}: Kofi Mensah — last confirmed 2025-01-15 (676 days ago)\n"
        f"{ANA}: Ana Pereira — last confirmed 2025-06-02 (538 days ago)\n"
        "2 of 2 profiles are overdue for review (last confirmed more than 365 days ago); "
        "the site flags a stale profile until its reviewed: date is updated.\n"), "")


def test_stale_annotates_the_reviewed_line(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2025-06-02")
    site.edit(ANA, "name: Ana Pereira", 'name: "Pereira, Ana: 100%"')
    code, out, _ = run(site, capsys, "stale", "--format", "github")
    assert code == 0
    assert out.splitlines()[:2] == [
        f"::warning file={KOFI},line=14,title=Profile overdue for review::"
        "Kofi Mensah: last confirmed 2025-01-15 (676 days ago); ask them to confirm it, then update reviewed:",
        f"::warning file={ANA},line=22,title=Profile overdue for review::"
        "Pereira, Ana: 100%25: last confirmed 2025-06-02 (538 days ago); ask them to confirm it, then update reviewed:",
    ]


def test_stale_skips_unlisted_profiles_and_counts_from_the_programme_option(
        site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit(KOFI, "youth_cleared: true", "youth_cleared: true\nlisted: false")
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2025-11-22")  # exactly 365 days: still current
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      review_stale: hide")
    assert run(site, capsys, "stale") == (0, (
        "0 of 2 profiles are overdue for review (last confirmed more than 365 days ago); "
        "the site hides a stale profile until its reviewed: date is updated.\n"), "")
    site.edit(ANA, "reviewed: 2025-11-22", "reviewed: 2025-11-21")
    first = run(site, capsys, "stale")[1].splitlines()[0]
    assert first == f"{ANA}: Ana Pereira — last confirmed 2025-11-21 (366 days ago)"


# --- GitHub -----------------------------------------------------------------------------


def test_the_mentor_proposal_form_asks_only_for_public_profile_fields() -> None:
    form = load(".github/ISSUE_TEMPLATE/propose-mentor-profile.yml")
    assert {"name", "description", "body"} <= set(form)
    fields = [item for item in form["body"] if item["type"] != "markdown"]
    ids = [item["id"] for item in fields]
    assert ids == ["name", "pronouns", "headline", "bio", "role", "organisation", "expertise", "languages", "city",
                   "country", "timezone", "formats", "audiences", "capacity", "hours_per_month", "links",
                   "public-confirmation"]
    assert set(ids[:-1]) <= set(Mentor.model_fields) | set(Place.model_fields)
    assert [i for item in fields for i in (item["id"], item["attributes"]["label"]) if CONTACT_FIELDS.search(i)] == []
    required = {item["id"] for item in fields if item.get("validations", {}).get("required")}
    # the proposal form asks for a complete profile (profile_rules.STRICT): more than the core a
    # programme must require, so a coordinator can publish it as it comes
    mentor_required = {name for name, info in Mentor.model_fields.items() if info.is_required()} | set(STRICT)
    assert required == (mentor_required - {"location", "reviewed"}) | {"city", "country"}
    notice = form["body"][0]
    assert notice["type"] == "markdown"
    assert "**Everything you write in this form is public**" in notice["attributes"]["value"]
    assert "**Never include an email address, a phone number or a home address.**" in notice["attributes"]["value"]
    confirmation = fields[-1]
    assert confirmation["type"] == "checkboxes"
    assert [o["required"] for o in confirmation["attributes"]["options"]] == [True]


def test_pre_commit_runs_the_same_check_on_content_changes() -> None:
    config = load(".pre-commit-config.yaml")
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    [hook] = config["repos"][0]["hooks"]
    assert {k: hook[k] for k in ("entry", "language", "pass_filenames")} == {
        "entry": "mentorhub check", "language": "system", "pass_filenames": False}
    files = re.compile(hook["files"])
    watched = ["mentors/ana-pereira.yml", "stories/first-job.md", "content/events/open-evening.yml",
               "content/training/role.md", "vocabularies.yml", "mkdocs.yml"]
    assert [path for path in watched if not files.search(path)] == []
    assert [p for p in ["mentorhub/adapters/cli.py", "README.md", "tests/fixtures/site/mkdocs.yml.orig", "mentorhub/theme/main.html"]
            if files.search(p)] == []


# --- CONTRIBUTING -----------------------------------------------------------------------


@pytest.mark.parametrize(("rel", "old", "new", "message"), [
    (ANA, "languages: [pt, en]", "langauges: [pt, en]",
     f"{ANA}:11: langauges: unknown field; did you mean 'languages'?"),
    (ANA, "expertise: [python, careers]", "expertise: [python, carers]",
     f"{ANA}:10: expertise[1]: unknown expertise 'carers' (did you mean 'careers'?); "
     "the known terms are in vocabularies.yml"),
    (ANA, "accepting: true", "accepting: yes", f"{ANA}:20: accepting: expected true or false, not 'yes'"),
    (ANA, "organisation: Lisbon Libraries", "organisation: Lisbon: Libraries",
     f"{ANA}:9: YAML syntax error: a value containing ': ' must be put in quotes"),
    (ANA, "I build software", "Write to ana.pereira@example.org. I build software",
     f"{ANA}:4: bio: looks like an email address; {PUBLIC}"),
    ("stories/first-job.md", "consent: true", "consent: false",
     "stories/first-job.md:6: consent: must be true; "
     "a story without the mentee's consent must not be in this public repository"),
])
def test_contributing_quotes_messages_exactly_as_the_check_prints_them(
        site: FixtureProgramme, rel: str, old: str, new: str, message: str) -> None:
    site.edit(rel, old, new)
    assert site.problems() == [message]
    assert message in (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_readme_points_editors_to_contributing() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    editing = readme.split("## Editing content", 1)[1].split("\n## ", 1)[0]
    assert "[CONTRIBUTING.md](CONTRIBUTING.md)" in editing
