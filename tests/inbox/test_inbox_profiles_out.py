"""`python -m mentorhub.inbox write-profile` (issue 20): an approved application becomes mentors/<id>.yml that
passes `mentorhub check` and builds, with none of the applicant's private fields; everything else
is refused with one plain line and nothing written."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import delete, select, text
from sqlalchemy.exc import ProgrammingError

from mentorhub.adapters.cli import main as mentorhub
from mentorhub.inbox.__main__ import main
from mentorhub.inbox.db import Database
from mentorhub.inbox.models import ApplicationRecord, AuditEvent
from inbox_support import Env
from support import BUILD_DAY, REPO, FixtureProgramme, make_site, mkdocs_build
from test_inbox_applications_dashboard import STEPS, actions, decide, post, step
from test_inbox_applications_dashboard import application as dashboard_application

APPROVED_AT = dt.datetime(2026, 11, 20, 10, 30, tzinfo=dt.timezone.utc)  # before the fixture's build day
# Contact details in every private field: none may reach the profile or the site.
PRIVATE: dict[str, Any] = {
    "email": "hanh.private@example.net",
    "phone": "+44 7700 900123",
    "referees": [{"name": "Rosalind Quimby",
                  "contact": "rosalind.quimby@example.com, 12 Acacia Avenue, Leeds LS6 2AB",
                  "relationship": "Line manager"},
                 {"name": "Bartholomew Ferncastle", "contact": "+44 113 496 0999", "relationship": "Colleague"}],
    "training_code": "MHTRAIN-7Q2Z-SECRETCODE",
    "honeypot": "29 Juniper Close, Bristol BS1 4DJ",
    "body_hash": "f3a1c0ffee5ecret0hash",
    "submission_id": "submission-9f8e7d6c-private",
}
LEAKS = ["hanh.private", "7700 900123", "Rosalind", "Quimby", "Acacia", "LS6 2AB", "Bartholomew", "Ferncastle",
         "496 0999", "Line manager", "profile-field@", "MHTRAIN", "SECRETCODE", "Juniper", "BS1 4DJ", "c0ffee", "submission-9f8e"]


def profile(**changes: Any) -> dict[str, Any]:
    """An applicant's public profile, keys in no particular order (as JSON keeps them)."""
    return {"hours_per_month": 3, "capacity": 2, "name": "Nguyễn Thị Hạnh", "pronouns": "she/her",
            "headline": "Nurse who helps students into health careers", "role": "engineer",
            "bio": "I work nights at a city hospital.\n\nWe talk through applications and interviews.",
            "expertise": ["careers"], "languages": ["vi", "en"], "timezone": "Europe/London",
            "location": {"country": "GB", "city": "Leeds"}, "formats": ["virtual"], "audiences": ["university"],
            "links": [{"label": "Website", "url": "https://example.org/hanh"}], **changes}


@pytest.fixture
def site(tmp_path: Path) -> FixtureProgramme:
    return make_site(tmp_path / "repo")


@pytest.fixture
def db(database_url: str, site: FixtureProgramme, monkeypatch: pytest.MonkeyPatch) -> Iterator[Database]:
    for name in ("INBOX_MENTORS_JSON", "INBOX_MKDOCS_YML"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("INBOX_MKDOCS_YML", str(site.root / "mkdocs.yml"))
    database = Database(database_url)
    yield database
    database.dispose()


def add(db: Database, reference: str, status: str = "approved", **fields: Any) -> None:
    values: dict[str, Any] = {"status": status, "decided_at": APPROVED_AT if status == "approved" else None,
                              "profile": profile(), "checks_consent": True, **PRIVATE,
                              "submission_id": f"{PRIVATE['submission_id']}-{reference}", **fields}
    with db.write() as session:
        session.add(ApplicationRecord(public_id=reference, **values))


def write(*args: str) -> int:
    return main(["write-profile", *args])


def application(db: Database, reference: str) -> tuple[ApplicationRecord, list[AuditEvent]]:
    with db.read() as session:
        row = session.scalars(select(ApplicationRecord).where(ApplicationRecord.public_id == reference)).one()
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.application_id == row.id)))
        return row, events


def test_the_written_profile_passes_the_check_builds_and_holds_no_private_field(
        db: Database, site: FixtureProgramme, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
        tmp_path: Path) -> None:
    add(db, "7K3M-Q9TX-2P4R", profile=profile(email="profile-field@example.org", reviewed="2030-01-01", accepting=False,
                                                  listed=False, active_mentees=5, youth_cleared=True))
    assert write("7k3m-q9tx-2p4r") == 0
    assert "wrote mentors/nguyen-thi-hanh.yml for application 7K3M-Q9TX-2P4R" in capsys.readouterr().out
    text = (site.root / "mentors" / "nguyen-thi-hanh.yml").read_text(encoding="utf-8")
    assert text == """\
# yaml-language-server: $schema=../schemas/mentor.schema.json
name: Nguyễn Thị Hạnh
pronouns: she/her
headline: Nurse who helps students into health careers
bio: |
  I work nights at a city hospital.

  We talk through applications and interviews.
role: engineer
expertise: [careers]
languages: [vi, en]
location:
  city: Leeds
  country: GB
timezone: Europe/London
formats: [virtual]
audiences: [university]
capacity: 2
hours_per_month: 3
reviewed: 2026-11-20
youth_cleared: false
links:
  - label: Website
    url: https://example.org/hanh
"""
    row, events = application(db, "7K3M-Q9TX-2P4R")
    assert row.mentor_id == "nguyen-thi-hanh"
    assert [(e.actor, e.action, e.note) for e in events] == [("write-profile", "profile written",
                                                              "mentors/nguyen-thi-hanh.yml")]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    assert mentorhub(["-f", str(site.root / "mkdocs.yml"), "check"]) == 0, capsys.readouterr().err
    built = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "site" / "mentors" / "nguyen-thi-hanh" / "index.html").read_text(encoding="utf-8")
    assert "Nguyễn Thị Hạnh" in page and "city hospital" in page
    outputs = [p.read_bytes().decode("utf-8", "replace") for p in (tmp_path / "site").rglob("*") if p.is_file()]
    for leak in LEAKS:
        assert leak not in text
        assert not [o for o in outputs if leak in o], f"{leak!r} reached the built site"


def test_a_bio_typed_in_a_browser_is_written_as_editors_write_one(db: Database, site: FixtureProgramme) -> None:
    typed = ("I have worked nights at a city hospital for twelve years, so I know the shifts, the people and "
             "the pressure that comes with them.  \r\n\r\n\r\nWe can talk about:\r\n- applications\r\n"
             "- interviews   \r\n\r\n")
    add(db, "BIOS-0000-0001", profile=profile(bio=typed))
    assert write("BIOS-0000-0001") == 0
    text = (site.root / "mentors" / "nguyen-thi-hanh.yml").read_text(encoding="utf-8")
    assert """bio: |
  I have worked nights at a city hospital for twelve years, so I know the shifts, the
  people and the pressure that comes with them.

  We can talk about:
  - applications
  - interviews
role: engineer
""" in text
    assert max(len(line) for line in text.splitlines()) <= 88


@pytest.mark.parametrize(("name", "mentor_id"), [("Nguyễn Thị Hạnh", "nguyen-thi-hanh"),
                                                  ("Олена Коваль", "olena-koval"), ("王芳", "wangfang")])
def test_the_id_is_made_from_a_name_in_any_script(db: Database, site: FixtureProgramme, name: str,
                                                  mentor_id: str) -> None:
    add(db, "NAME-0000-0001", profile=profile(name=name))
    assert write("NAME-0000-0001") == 0
    assert yaml.safe_load((site.root / "mentors" / f"{mentor_id}.yml").read_text(encoding="utf-8"))["name"] == name


def test_the_id_is_the_one_given_then_the_one_chosen_on_the_dashboard(db: Database, site: FixtureProgramme) -> None:
    add(db, "IDID-0000-0001", mentor_id="hanh-n")
    add(db, "IDID-0000-0002", profile=profile(name="Olena Koval"), mentor_id="olena")
    assert write("IDID-0000-0001") == 0
    assert write("IDID-0000-0002", "--id", "olena-k") == 0
    assert sorted(p.name for p in (site.root / "mentors").iterdir()) == [
        "ana-pereira.yml", "hanh-n.yml", "kofi-mensah.yml", "olena-k.yml"]
    assert application(db, "IDID-0000-0002")[0].mentor_id == "olena-k"


def test_the_profile_goes_to_the_programmes_mentors_dir_in_the_repo_given(
        db: Database, site: FixtureProgramme, monkeypatch: pytest.MonkeyPatch) -> None:
    (site.root / "mentors").rename(site.root / "people")
    site.edit("mkdocs.yml", "      search_index: false\n", "      search_index: false\n      mentors_dir: people\n")
    monkeypatch.delenv("INBOX_MKDOCS_YML")
    add(db, "DIRS-0000-0001")
    assert write("DIRS-0000-0001") == 2  # neither --repo nor INBOX_MKDOCS_YML: where would it go?
    assert write("DIRS-0000-0001", "--repo", str(site.root)) == 0
    assert (site.root / "people" / "nguyen-thi-hanh.yml").is_file() and not (site.root / "mentors").exists()


@pytest.mark.parametrize(("approved_at", "day"), [
    (dt.datetime(2026, 11, 19, 8, 0, tzinfo=dt.timezone.utc), "2026-11-19"),
    (dt.datetime(2026, 11, 19, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2026-11-20"),  # UTC's day
])
def test_reviewed_is_the_approval_day(db: Database, site: FixtureProgramme, approved_at: dt.datetime,
                                      day: str) -> None:
    add(db, "DAYS-0000-0001", decided_at=approved_at, status_changed_at=approved_at + dt.timedelta(days=3))
    assert write("DAYS-0000-0001") == 0
    assert f"\nreviewed: {day}\n" in (site.root / "mentors" / "nguyen-thi-hanh.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("earned", [True, False])
def test_youth_cleared_only_when_screening_earned_it(db: Database, site: FixtureProgramme, earned: bool) -> None:
    add(db, "KIDS-0000-0001", youth_cleared=earned, profile=profile(youth_cleared=not earned))
    assert write("KIDS-0000-0001") == 0
    written = yaml.safe_load((site.root / "mentors" / "nguyen-thi-hanh.yml").read_text(encoding="utf-8"))
    assert written["youth_cleared"] is earned


@pytest.mark.parametrize(("status", "fields", "reference", "message"), [
    ("approved", {}, "NOPE-0000-0000", "inbox: there is no application NOPE-0000-0000"),
    ("screening", {}, "WAIT-0000-0001", "inbox: application WAIT-0000-0001 is screening, not approved yet"),
    ("new", {}, "WAIT-0000-0001", "inbox: application WAIT-0000-0001 is new, not approved yet"),
    ("declined", {"profile": None, "email": None, "phone": None, "referees": None, "training_code": None,
                  "erased_at": dt.datetime(2026, 11, 21, tzinfo=dt.timezone.utc)},
     "WAIT-0000-0001", "inbox: application WAIT-0000-0001's personal data was erased on 2026-11-21"),
])
def test_only_an_approved_application_that_is_not_erased_is_written(
        db: Database, site: FixtureProgramme, capsys: pytest.CaptureFixture[str], status: str, fields: dict[str, Any],
        reference: str, message: str) -> None:
    add(db, "WAIT-0000-0001", status, **fields)
    assert write(reference) == 2
    err = capsys.readouterr().err
    assert err.startswith(message) and len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert sorted(p.name for p in (site.root / "mentors").iterdir()) == ["ana-pereira.yml", "kofi-mensah.yml"]
    assert application(db, "WAIT-0000-0001")[1] == []


@pytest.mark.parametrize(("name", "args", "message"), [
    ("Hạnh", ["--id", "Ana Pereira"], "inbox: 'Ana Pereira' cannot be the id of application IDNO-0000-0001's profile: "
                                      "use lower-case letters, digits and hyphens, such as 'ana-pereira'"),
    ("Hạnh", ["--id", "../../etc/passwd"], "inbox: '../../etc/passwd' cannot be the id"),
    ("— · —", [], "inbox: cannot make an id from the name '— · —' of application IDNO-0000-0001; give one with --id"),
])
def test_an_id_that_cannot_be_a_file_name_is_refused(db: Database, site: FixtureProgramme,
                                                     capsys: pytest.CaptureFixture[str], name: str, args: list[str],
                                                     message: str) -> None:
    add(db, "IDNO-0000-0001", profile=profile(name=name))
    assert write("IDNO-0000-0001", *args) == 2
    assert capsys.readouterr().err.startswith(message)
    assert sorted(p.name for p in (site.root / "mentors").iterdir()) == ["ana-pereira.yml", "kofi-mensah.yml"]


def test_an_existing_file_is_replaced_only_with_force(db: Database, site: FixtureProgramme,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    add(db, "SAME-0000-0001", profile=profile(name="Ana Pereira"))
    before = (site.root / "mentors" / "ana-pereira.yml").read_text(encoding="utf-8")
    assert write("SAME-0000-0001") == 2
    err = capsys.readouterr().err
    assert err == ("inbox: mentors/ana-pereira.yml already uses the id 'ana-pereira', so nothing was written for "
                   "application SAME-0000-0001. If this is a different mentor, give a free id: --id ana-pereira-2; "
                   "to replace the file, add --force\n")
    assert (site.root / "mentors" / "ana-pereira.yml").read_text(encoding="utf-8") == before
    assert application(db, "SAME-0000-0001")[0].mentor_id == ""
    assert write("SAME-0000-0001", "--force") == 0
    assert "replaced (--force) mentors/ana-pereira.yml" in capsys.readouterr().out
    assert "Nurse who helps" in (site.root / "mentors" / "ana-pereira.yml").read_text(encoding="utf-8")
    assert [e.note for e in application(db, "SAME-0000-0001")[1]] == ["mentors/ana-pereira.yml (replaced, --force)"]


def test_a_profile_that_would_fail_the_check_is_not_written(db: Database, site: FixtureProgramme,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    add(db, "BADS-0000-0001", profile=profile(expertise=["basket-weaving"], capacity=99))
    assert write("BADS-0000-0001") == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == ("inbox: nothing was written for application BADS-0000-0001, because "
                        "mentors/nguyen-thi-hanh.yml would not pass the check")
    assert [line.split(": ", 1)[0] for line in lines[1:]] == ["  mentors/nguyen-thi-hanh.yml:10",
                                                              "  mentors/nguyen-thi-hanh.yml:18"]
    assert "expertise[0]:" in lines[1] and "capacity:" in lines[2]
    assert not (site.root / "mentors" / "nguyen-thi-hanh.yml").exists()
    row, events = application(db, "BADS-0000-0001")
    assert (row.mentor_id, events) == ("", [])


def test_approved_writes_each_waiting_profile_once(db: Database, site: FixtureProgramme,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    add(db, "ONEA-0000-0001", profile=profile(name="Олена Коваль"))
    add(db, "ONEA-0000-0002", profile=profile(name="Tomás Ó Briain"), mentor_id="tomas")
    add(db, "ONEA-0000-0003", "screening", profile=profile(name="Still Screening"))
    add(db, "ONEA-0000-0004", profile=profile(name="Ana Pereira"))  # her id is taken: refused, the rest written
    assert write("--approved") == 1
    out, err = capsys.readouterr()
    assert [line.split(" for ")[0] for line in out.splitlines()] == ["inbox: wrote mentors/olena-koval.yml",
                                                                    "inbox: wrote mentors/tomas.yml"]
    assert err.startswith("inbox: mentors/ana-pereira.yml already uses the id 'ana-pereira'")
    (site.root / "mentors" / "olena-koval.yml").unlink()  # written once: not again, even when the file is gone
    with db.write() as session:
        session.execute(delete(ApplicationRecord).where(ApplicationRecord.public_id == "ONEA-0000-0004"))
    assert write("--approved") == 0
    assert capsys.readouterr().out == "inbox: no approved application is waiting for its profile\n"
    assert write("--approved", "--force") == 2


def test_the_command_is_listed_in_the_inbox_help() -> None:
    result = subprocess.run([sys.executable, "-m", "mentorhub.inbox", "--help"], capture_output=True, text=True, check=True,
                            timeout=60)
    assert "write-profile" in result.stdout and "mentors/<id>.yml" in result.stdout


def test_the_scheduled_workflow_opens_a_pull_request_only_with_its_secret() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "profiles.yml").read_text(encoding="utf-8"))
    job = workflow["jobs"]["profiles"]
    assert job["env"]["DATABASE_URL"] == "${{ secrets.INBOX_PROFILES_DATABASE_URL }}"
    first, *rest = job["steps"]
    assert first["if"] == "env.DATABASE_URL == ''"
    assert all(step["if"].startswith("env.DATABASE_URL != ''") for step in rest)
    runs = "\n".join(step.get("run", "") for step in rest)
    assert runs.index("write-profile --approved") < runs.index("mentorhub check") < runs.index("gh pr create")


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_the_workflows_database_role_may_do_all_write_profile_does(
        db: Database, database_url: str, site: FixtureProgramme,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The grants profiles.yml's comments give are enough for write-profile --approved, and no more
    is asked: the role cannot read a request."""
    workflow = (REPO / ".github" / "workflows" / "profiles.yml").read_text(encoding="utf-8")
    grants = [line.lstrip("# ") for line in workflow.splitlines() if line.lstrip("# ").startswith("GRANT ")]
    assert len(grants) == 4
    with db.engine.begin() as connection:
        connection.execute(text("DO $$ BEGIN CREATE ROLE profiles LOGIN; "
                                "EXCEPTION WHEN duplicate_object THEN NULL; END $$"))
        for grant in grants:
            connection.execute(text(grant))
    add(db, "ROLE-0000-0001")
    monkeypatch.setenv("DATABASE_URL", database_url.replace("postgres@", "profiles@", 1))
    assert write("--approved") == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("inbox: wrote mentors/nguyen-thi-hanh.yml")
    assert [e.action for e in application(db, "ROLE-0000-0001")[1]] == ["profile written"]
    role = Database(database_url.replace("postgres@", "profiles@", 1))
    try:
        with pytest.raises(ProgrammingError, match="permission denied"), role.read() as session:
            session.execute(text("SELECT email FROM requests")).all()
    finally:
        role.dispose()


def test_approved_and_youth_cleared_on_the_dashboard_then_written(
        db: Database, env: Env, dashboard: TestClient, site: FixtureProgramme) -> None:
    """End to end: the screening engineer's dashboard approves and clears, write-profile writes what it recorded."""
    reference = dashboard_application(env, status="screening", profile=profile())
    for step_id in STEPS:
        step(dashboard, reference, step_id)
    assert decide(dashboard, reference, "approved").status_code == 303
    assert post(dashboard, reference, "youth-clearance", cleared="1").status_code == 303
    approved_on = application(db, reference)[0].decided_at
    assert approved_on is not None
    assert write(reference) == 0
    written = yaml.safe_load((site.root / "mentors" / "nguyen-thi-hanh.yml").read_text(encoding="utf-8"))
    assert (written["reviewed"], written["youth_cleared"]) == (approved_on.astimezone(dt.timezone.utc).date(), True)
    assert actions(env, reference)[-1] == "profile written"
