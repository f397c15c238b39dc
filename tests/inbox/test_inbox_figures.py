"""The programme's figures (`mentorhub/inbox/figures.py`, `python -m mentorhub.inbox export-figures`): each computed
from seeded rows, withheld below 5 people, nothing but aggregates in the file, written whole."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from mentorhub.content.inbox_export import InboxExport, export_json, read_inbox_export
from mentorhub.content.request_form import RequestOptions
from mentorhub.content.surveys import Survey
from mentorhub.inbox.db import Database
from mentorhub.inbox.erasure import erase_mentee
from mentorhub.inbox.figures import compute_figures, write_figures
from mentorhub.inbox.mentors import Directory
from support import REPO
from mentorhub.inbox.models import AuditEvent, Match, RequestRecord, SurveyInvitation, SurveyResponse

START, END = dt.date(2026, 3, 1), dt.date(2026, 11, 30)
DAY0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
SECRET = "Mr Bloggs at Riverside shouts at me"  # free text that must never leave the inbox


def survey(data: dict[str, Any]) -> Survey:
    return Survey.model_validate({"summary": "A few questions.", "respondents": "mentees", **data})


SURVEYS = {
    "intake": survey({"title": "Starting out", "when": "intake", "questions": [
        {"id": "confidence", "text": "How confident are you?", "kind": "scale", "pre_post": True,
         "scale": {"low": "Not at all", "high": "Very"}},
        {"id": "hopes", "text": "What do you hope for?", "kind": "long-text", "required": False}]}),
    "closure": survey({"title": "Looking back", "when": "closure", "questions": [
        {"id": "confidence", "text": "How confident are you?", "kind": "scale", "pre_post": True,
         "scale": {"low": "Not at all", "high": "Very"}},
        {"id": "satisfied", "text": "How satisfied are you?", "kind": "scale",
         "scale": {"low": "Not at all", "high": "Very"}},
        {"id": "goals-met", "text": "Did you get what you wanted?", "kind": "single",
         "options": [{"value": "yes", "label": "Yes"}, {"value": "partly", "label": "Partly"},
                     {"value": "no", "label": "No"}]},
        {"id": "uncomfortable", "text": "Is anything making you uncomfortable?", "kind": "single", "alert": True,
         "options": [{"value": "no", "label": "No"}, {"value": "yes", "label": "Yes", "alert": True}]},
        {"id": "story", "text": "Tell us more", "kind": "long-text", "required": False}]}),
}


class Seed:
    """Rows as the inbox keeps them, at chosen moments (the receiver and dashboard stamp 'now')."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def request(self, received: dt.datetime, *, contacted_after: float | None = None, spam: bool = False,
                name: str = "Rui") -> int:
        with self.db.write() as session:
            row = RequestRecord(public_id=uuid.uuid4().hex[:12].upper(), received_at=received, status="new",
                                status_changed_at=received, spam=spam, preferred_name=name,
                                email=f"{uuid.uuid4().hex[:8]}@example.org", goals=SECRET, age_band="18-plus",
                                format="virtual", privacy_version="2026-09", interests=["python"], languages=["en"])
            session.add(row)
            session.flush()
            if contacted_after is not None:
                at = received + dt.timedelta(days=contacted_after)
                session.add(AuditEvent(request_id=row.id, actor="coord@example.org", action="status",
                                       from_status="new", to_status="contacted", at=at))
                row.status, row.status_changed_at = "contacted", at
            return row.id

    def match(self, request_id: int, started: dt.datetime, days: float | None = None) -> int:
        with self.db.write() as session:
            row = session.get(RequestRecord, request_id)
            assert row is not None
            session.add(AuditEvent(request_id=request_id, actor="coord@example.org", action="status",
                                   from_status=row.status, to_status="matched", at=started))
            row.status = "matched"
            match = Match(request_id=request_id, mentor_id="ana", mentor_email="ana@example.org", started_at=started,
                          ended_at=None if days is None else started + dt.timedelta(days=days))
            session.add(match)
            session.flush()
            return match.id

    def invite(self, match_id: int, survey_id: str, sent: dt.datetime | None) -> int:
        with self.db.write() as session:
            row = SurveyInvitation(match_id=match_id, survey_id=survey_id, respondent="mentee", due_on=(sent or DAY0).date(),
                                   token_hash=uuid.uuid4().hex, sent_at=sent,
                                   expires_at=(sent or DAY0) + dt.timedelta(days=14))
            session.add(row)
            session.flush()
            return row.id

    def answer(self, match_id: int | None, survey_id: str, answers: dict[str, Any], at: dt.datetime,
               invitation_id: int | None = None) -> None:
        with self.db.write() as session:
            session.add(SurveyResponse(invitation_id=invitation_id, match_id=match_id, survey_id=survey_id,
                                       respondent="mentee", received_at=at, answers=answers))
            if invitation_id is not None:
                invitation = session.get(SurveyInvitation, invitation_id)
                assert invitation is not None
                invitation.used_at = at


@pytest.fixture
def seed(database_url: str) -> Iterator[Seed]:
    db = Database(database_url)
    yield Seed(db)
    db.dispose()


def figures(seed: Seed, surveys: dict[str, Survey] = SURVEYS) -> InboxExport:
    with seed.db.read() as session:
        export = compute_figures(session, surveys, START, END)
    assert export.first_contact and export.matches and export.responses, "an inbox's export has every figure"
    return export


def one_person(seed: Seed, index: int, *, before: int = 2, after: int = 4) -> None:
    """A mentee who asked, was contacted, matched for a while, and answered intake and closure."""
    received = DAY0 + dt.timedelta(days=index)
    match_id = seed.match(seed.request(received, contacted_after=1 + index), received + dt.timedelta(days=7),
                          days=30 + 10 * index)
    seed.answer(match_id, "intake", {"confidence": before}, received + dt.timedelta(days=8))
    ended = received + dt.timedelta(days=37 + 10 * index)
    invitation = seed.invite(match_id, "closure", ended)
    seed.answer(match_id, "closure", {"confidence": after, "satisfied": 4, "goals-met": "yes", "uncomfortable": "no"},
                ended + dt.timedelta(days=1), invitation)


@pytest.mark.parametrize("people", [4, 5])
def test_a_figure_from_four_people_is_withheld_and_one_from_five_is_shown(seed: Seed, people: int) -> None:
    for index in range(people):
        one_person(seed, index)
    export = figures(seed)
    assert export.first_contact and export.matches and export.responses and export.satisfaction and export.pre_post
    assert export.requests_received == export.requests_matched == export.matches.closed == people  # counts: as they are
    satisfied = next(d for d in export.satisfaction if d.question == "satisfied")
    closure = next(r for r in export.responses.surveys if r.survey == "closure")
    shown = [export.first_contact, export.matches.length, export.responses.overall, closure, satisfied,
             export.pre_post[0]]
    assert [f.people for f in shown] == [people] * 6
    assert [f.withheld for f in shown] == [people < 5] * 6
    written = json.loads(export_json(export))
    if people < 5:
        assert written["first_contact"] == written["matches"]["length"] == {"people": 4, "withheld": True}
        assert written["median_days_to_first_contact"] is None
        assert written["pre_post"][0] == {"question": "confidence", "intake": "intake", "closure": "closure",
                                          "people": 4, "withheld": True}
        assert "counts" not in written["satisfaction"][0] and "answered" not in written["responses"]["overall"]
    else:
        assert written["first_contact"] == {"people": 5, "median_days": 3.0}  # 1 to 5 days
        assert written["median_days_to_first_contact"] == 3.0
        assert written["satisfaction"][0]["counts"][3] == {"value": "4", "count": 5}


def test_each_figure_is_computed_from_the_rows(seed: Seed) -> None:
    """Spam and rows outside the period are left out, what happened after it too; an erased request still counts."""
    received = [DAY0 + dt.timedelta(days=d) for d in range(7)]
    contacted = [1, 2, 3, 4, 10, None, None]  # days to first contact: the median of five is 3
    requests = [seed.request(at, contacted_after=after) for at, after in zip(received, contacted)]
    seed.request(DAY0, contacted_after=0.5, spam=True)
    seed.request(dt.datetime(2026, 2, 27, tzinfo=dt.timezone.utc), contacted_after=0.5)  # before the period
    lengths = [30, 40, 50, 60, 100, 200]  # ended in the period: the median is 55
    matches = [seed.match(r, received[i] + dt.timedelta(days=5), days) for i, (r, days) in
               enumerate(zip(requests, lengths))]
    seed.match(requests[6], dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc))  # still going on
    seed.request(dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc), contacted_after=5)  # contacted after the period
    late = seed.request(DAY0, contacted_after=1)
    seed.match(late, dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc), days=90)  # ends after the period: going on
    before, after = [2, 2, 3, 1, 4, 3], [4, 2, 4, 3, 3]  # the sixth never answers at closure
    satisfied, goals = [5, 4, 4, 5, 3], ["yes", "yes", "partly", "no", "yes"]
    for index, match_id in enumerate(matches):
        seed.answer(match_id, "intake", {"confidence": before[index], "hopes": SECRET}, received[index])
        invitation = seed.invite(match_id, "closure", received[index] + dt.timedelta(days=20))
        if index < 5:
            seed.answer(match_id, "closure", {"confidence": after[index], "satisfied": satisfied[index],
                                              "goals-met": goals[index], "uncomfortable": "no"},
                        received[index] + dt.timedelta(days=21), invitation)
    seed.invite(matches[0], "closure", dt.datetime(2026, 2, 1, tzinfo=dt.timezone.utc))  # sent before the period
    with seed.db.write() as session:  # the mentee whose match is going on asks to be erased
        erase_mentee(session, [session.get_one(RequestRecord, requests[6])], "coord@example.org",
                     Directory({}, RequestOptions.model_validate({})))

    export = figures(seed)
    assert export.first_contact and export.matches and export.responses and export.satisfaction and export.pre_post
    assert (export.requests_received, export.requests_matched) == (9, 8)
    assert export.first_contact.model_dump() == {"people": 6, "median_days": 2.5}
    assert export.median_days_to_first_contact == 2.5  # of 1, 2, 3, 4, 10 and the late request's 1
    assert (export.matches.active, export.matches.closed) == (2, 6)
    assert export.matches.length.median_days == 55.0 and export.matches.length.people == 6
    assert export.responses.overall.model_dump() == {"people": 6, "invited": 6,
                                                                      "answered": 5}
    assert [(r.survey, r.invited, r.answered) for r in export.responses.surveys] == [
        ("intake", None, None), ("closure", 6, 5)]  # nobody is invited to the intake here: withheld, 0 people
    by_question = {d.question: d for d in export.satisfaction}
    assert set(by_question) == {"satisfied", "goals-met"}, "pre/post, alert and text questions are not here"
    assert [(c.value, c.count) for c in by_question["satisfied"].counts or ()] == [
        ("1", 0), ("2", 0), ("3", 1), ("4", 2), ("5", 2)]
    assert [(c.value, c.count) for c in by_question["goals-met"].counts or ()] == [("yes", 3), ("partly", 1), ("no", 1)]
    change = export.pre_post[0]
    assert (change.people, change.before, change.after, change.change) == (5, 2.4, 3.2, 0.8)
    assert (change.improved, change.same, change.worse) == (3, 1, 1)


def strings_and_keys(value: Any) -> tuple[set[str], set[str]]:
    if isinstance(value, dict):
        found = [strings_and_keys(v) for v in value.values()]
        return set().union(*(s for s, _ in found)), set(value).union(*(k for _, k in found))
    if isinstance(value, list):
        found = [strings_and_keys(v) for v in value]
        return set().union(*(s for s, _ in found)), set().union(*(k for _, k in found))
    return ({value} if isinstance(value, str) else set()), set()


def test_the_file_has_no_free_text_no_ids_and_no_dates_but_the_period(seed: Seed, tmp_path: Path) -> None:
    for index in range(6):
        one_person(seed, index)
    with seed.db.read() as session:
        references = set(session.scalars(select(RequestRecord.public_id)))
        first = min(session.scalars(select(Match.id)))
    # Text where text belongs, text where a choice or a number belongs, and answers to questions no survey asks.
    seed.answer(first, "closure", {"story": SECRET, "goals-met": SECRET, "satisfied": "5 stars", "confidence": True,
                                   "nickname": SECRET}, DAY0 + dt.timedelta(days=60))
    seed.answer(None, "closure", {"story": SECRET, "satisfied": 9}, DAY0 + dt.timedelta(days=61))
    seed.answer(first, "retired-survey", {"why": SECRET, "score": 5}, DAY0 + dt.timedelta(days=62))
    path = tmp_path / "figures.json"
    write_figures(path, figures(seed))
    text = path.read_text(encoding="utf-8")
    assert SECRET not in text and "stars" not in text and "nickname" not in text and "retired" not in text
    assert not any(reference in text for reference in references)
    strings, keys = strings_and_keys(json.loads(text))
    offered = {"1", "2", "3", "4", "5", "yes", "partly", "no"}
    assert strings <= {START.isoformat(), END.isoformat(), *SURVEYS, "confidence", "satisfied", "goals-met",
                       "scale", "single", *offered}, strings
    assert keys <= {"requests_received", "requests_matched", "median_days_to_first_contact", "period", "from", "to",
                    "version", "minimum_people", "first_contact", "matches", "active", "closed", "length", "people",
                    "withheld", "median_days", "responses", "overall", "surveys", "survey", "invited", "answered",
                    "satisfaction", "question", "kind", "answers", "counts", "value", "count", "pre_post", "intake",
                    "closure", "before", "after", "change", "improved", "same", "worse"}, keys
    satisfied = next(d for d in json.loads(text)["satisfaction"] if d["question"] == "satisfied")
    assert satisfied["answers"] == 6, "the refused answers ('5 stars', 9) are not counted"
    assert read_inbox_export(path, "figures.json") == figures(seed)


def test_the_file_is_replaced_whole_or_not_at_all(seed: Seed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    path = folder / "figures.json"
    path.write_text("the previous figures", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_figures(path, figures(seed))
    assert path.read_text(encoding="utf-8") == "the previous figures"
    assert [p.name for p in folder.iterdir()] == ["figures.json"], "no temporary file left behind"
    monkeypatch.undo()
    write_figures(path, figures(seed))
    assert json.loads(path.read_text(encoding="utf-8"))["requests_received"] == 0
    assert [p.name for p in folder.iterdir()] == ["figures.json"]


def inbox_command(*args: str, database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INBOX_")}
    return subprocess.run([sys.executable, "-m", "mentorhub.inbox", *args], capture_output=True, text=True, timeout=120,
                          env={**environment, "DATABASE_URL": database_url, **env}, check=False)


def test_the_command_refuses_a_period_that_ends_before_it_starts_and_a_missing_folder(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'inbox.db'}"
    assert inbox_command("migrate", database_url=url).returncode == 0
    backwards = inbox_command("export-figures", str(tmp_path / "f.json"), "--from", "2026-05-01", "--to", "2026-04-01",
                              database_url=url)
    assert (backwards.returncode, backwards.stderr.strip()) == (2, "inbox: --from 2026-05-01 is after --to 2026-04-01")
    missing = inbox_command("export-figures", str(tmp_path / "no-such-folder" / "f.json"), database_url=url)
    assert (missing.returncode, missing.stderr.strip()) == (2, f"inbox: the folder {tmp_path / 'no-such-folder'} "
                                                               "does not exist")
    assert not (tmp_path / "f.json").exists()


def test_a_new_inbox_exports_its_empty_figures_and_an_old_one_is_never_migrated_by_it(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    new = inbox_command("export-figures", str(tmp_path / "new.json"), database_url=url, INBOX_MKDOCS_YML=str(REPO / "mkdocs.yml"))
    assert new.returncode == 0, new.stderr
    figures = json.loads((tmp_path / "new.json").read_text(encoding="utf-8"))
    assert (figures["requests_received"], figures["responses"]["overall"]) == (0, {"people": 0, "withheld": True})
    old = f"sqlite:///{tmp_path / 'old.db'}"
    assert inbox_command("migrate", database_url=old).returncode == 0
    with sqlite3.connect(tmp_path / "old.db") as connection:  # as an inbox that an older release migrated
        connection.execute("UPDATE alembic_version SET version_num = '0005'")
    refused = inbox_command("export-figures", str(tmp_path / "old.json"), database_url=old)
    assert refused.returncode == 2 and "run `python -m mentorhub.inbox migrate` first" in refused.stderr
    assert not (tmp_path / "old.json").exists()
