"""Surveys on the dashboard: matches start and end with the request's status, concerns are shown on
every page until acknowledged, a match's timeline and answers, response rates, and erasure."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, make_url

from mentorhub.inbox.db import database_url as engine_url
from mentorhub.inbox.models import utcnow
from inbox_support import Env, csrf, export, post_json, adult
from smtp_fake import smtp_server
from survey_records import answer, body, code_in, matched, run, smtp, start_match_at

CONCERNING = {"satisfaction": "2", "worry": "yes", "tell": "Xanthippe said something odd"}
BANNER = "raised a concern: read and acknowledge"


def checked_in(env: Env, client: TestClient, **smtp_settings: object) -> tuple[str, dict[str, str]]:
    """A match four weeks and a day old with its check-ins sent: its reference and the codes by survey."""
    reference = matched(env, client)
    start_match_at(env, reference, utcnow() - dt.timedelta(weeks=4, days=1))
    with smtp_server() as box:
        run(env, utcnow(), **smtp(env, box.port))
        return reference, {m["Subject"].split(" from ")[0]: code_in(m) for _, m in box.messages}


def test_a_concern_reaches_the_dashboard_at_once_and_leaves_it_when_acknowledged(env: Env, surveyed: TestClient) -> None:
    reference, codes = checked_in(env, surveyed)
    with smtp_server() as box:
        mailing = env.client(**smtp(env, box.port))
        assert answer(mailing, "monthly", {"token": codes["Monthly check-in"], **CONCERNING}).status_code == 303
        assert len(box.messages) == 1  # the coordinators, told at once: a link and nothing of the answers
        notice = box.messages[0][1]
        assert f"http://inbox.test/dashboard/requests/{reference}" in body(notice)
        for private in ("Xanthippe", "Yes", "uncomfortable", "Rui"):
            assert private not in notice.as_string(), private
    for page in ("/dashboard/", "/dashboard/surveys", f"/dashboard/requests/{reference}"):
        assert BANNER in surveyed.get(page).text, page
    detail = surveyed.get(f"/dashboard/requests/{reference}").text
    assert '<dd class="text concern-answer"><strong>Raised a concern:</strong> Yes</dd>' in detail
    assert "raised a concern, not acknowledged yet" in detail
    response_id = env.scalar("SELECT id FROM survey_responses")
    refused = surveyed.post(f"/dashboard/concerns/{response_id}/acknowledge", data={"csrf_token": "guess"})
    assert refused.status_code == 403 and BANNER in surveyed.get("/dashboard/").text
    done = surveyed.post(f"/dashboard/concerns/{response_id}/acknowledge",
                         data={"csrf_token": csrf(surveyed), "next": f"/dashboard/requests/{reference}"})
    assert done.status_code == 303 and done.headers["location"] == f"/dashboard/requests/{reference}"
    assert BANNER not in surveyed.get("/dashboard/").text
    detail = surveyed.get(f"/dashboard/requests/{reference}").text
    assert "concern acknowledged by coord@example.org" in detail
    audit = env.rows("SELECT actor, action FROM audit_events WHERE action = 'acknowledged a concern'")
    assert audit == [{"actor": "coord@example.org", "action": "acknowledged a concern"}]
    assert env.scalar("SELECT concern_acknowledged_by FROM survey_responses") == "coord@example.org"


def test_the_timeline_the_answers_apart_and_the_response_rates(env: Env, surveyed: TestClient) -> None:
    reference, codes = checked_in(env, surveyed)
    assert answer(surveyed, "monthly", {"token": codes["Monthly check-in"], "satisfaction": "5", "worry": "no",
                                        "topics": ["cv"]}).status_code == 303
    detail = surveyed.get(f"/dashboard/requests/{reference}").text
    assert "Request received" in detail and "Matched with Ana Pereira" in detail
    assert "Monthly check-in, for the mentee: answered" in detail
    assert "Mentor check-in, for the mentor: sent, waiting for an answer" in detail
    mentee = detail.split("The mentee's answers")[1].split("The mentor's answers")[0]
    assert "<dt>How happy are you with your mentoring?</dt>" in mentee and "5 – Very" in mentee and "My CV" in mentee
    assert "None yet." in detail.split("The mentor's answers")[1]
    summary = surveyed.get("/dashboard/surveys").text
    monthly = summary.split("Monthly check-in")[1].split("</tr>")[0]
    assert ">1</td>" in monthly and "100%" in monthly
    mentor = summary.split("Mentor check-in")[1].split("</tr>")[0]
    assert "0%" in mentor


def test_a_match_starts_when_matched_and_ends_when_closed(env: Env, surveyed: TestClient) -> None:
    reply = post_json(surveyed, adult())
    reference = reply.json()["id"]
    move = {"csrf_token": csrf(surveyed, f"/dashboard/requests/{reference}")}
    surveyed.post(f"/dashboard/requests/{reference}/status", data={**move, "status": "contacted"})
    bad = surveyed.post(f"/dashboard/requests/{reference}/status",
                        data={**move, "status": "matched", "mentor_email": "not an address"})
    assert bad.status_code == 400 and "Mentor&#39;s e-mail address, for check-in surveys: Enter an email" in bad.text
    assert env.scalar("SELECT count(*) FROM matches") == 0
    assert env.scalar("SELECT status FROM requests") == "contacted"
    surveyed.post(f"/dashboard/requests/{reference}/status",
                  data={**move, "status": "matched", "mentor_email": " Ana@Example.ORG "})
    assert env.rows("SELECT mentor_id, mentor_email, ended_at FROM matches") == [
        {"mentor_id": "ana", "mentor_email": "ana@example.org", "ended_at": None}]
    # another mentor: the address was the old mentor's
    surveyed.post(f"/dashboard/requests/{reference}/mentor", data={**move, "mentor": "lee"})
    assert env.rows("SELECT mentor_id, mentor_email FROM matches") == [{"mentor_id": "lee", "mentor_email": None}]
    surveyed.post(f"/dashboard/requests/{reference}/status", data={**move, "status": "closed"})
    assert env.scalar("SELECT ended_at FROM matches") is not None
    with smtp_server() as box:
        summary = run(env, utcnow() + dt.timedelta(minutes=1), **smtp(env, box.port))
        subjects = sorted(m["Subject"] for _, m in box.messages)
        assert subjects == ["Closing survey from Inbox test programme", "Welcome survey from Inbox test programme"]
        assert summary.no_address == 0  # no mentor's survey is due at the start or the end


def table_files(env: Env, table: str) -> dict[str, bytes]:
    """The files that hold `table` as the disk has them: SQLite's main file and -wal, or the table's
    own files on PostgreSQL (after a CHECKPOINT)."""
    url = make_url(env.database_url)
    if url.drivername.startswith("sqlite"):
        main = Path(str(url.database))
        return {p.name: p.read_bytes() for p in (main, Path(f"{main}-wal")) if p.exists()}
    engine = create_engine(engine_url(env.database_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CHECKPOINT")
            data = Path(str(connection.exec_driver_sql("SHOW data_directory").scalar()))
            relation = str(connection.exec_driver_sql(f"SELECT pg_relation_filepath('{table}')").scalar())
            return {p.name: p.read_bytes() for p in sorted((data / relation).parent.glob(Path(relation).name + "*"))}
    finally:
        engine.dispose()


def test_erasing_a_mentee_removes_their_survey_answers(env: Env, surveyed: TestClient) -> None:
    reference, codes = checked_in(env, surveyed)
    answer(surveyed, "monthly", {"token": codes["Monthly check-in"], **CONCERNING})
    answer(surveyed, "mentor-monthly", {"token": codes["Mentor check-in"], "progress": "4",
                                        "notes": "Worried about Xanthippe at home"})
    assert env.scalar("SELECT count(*) FROM survey_responses") == 2
    csv_text = export(surveyed, show="all").text
    assert "Xanthippe" not in csv_text and "Worried" not in csv_text  # the export never carries answers
    token = csrf(surveyed, f"/dashboard/requests/{reference}")
    assert surveyed.post(f"/dashboard/requests/{reference}/erase",
                         data={"csrf_token": token, "confirm": "yes"}).status_code == 303
    assert env.rows("SELECT respondent, answers FROM survey_responses") == [
        {"respondent": "mentor", "answers": '{"progress": 4}' if env.db.dialect == "sqlite" else {"progress": 4}}]
    assert env.scalar("SELECT count(*) FROM survey_invitations WHERE respondent = 'mentee'") == 0
    assert env.scalar("SELECT count(*) FROM survey_invitations WHERE respondent = 'mentor'") == 1
    assert env.scalar("SELECT mentor_email FROM matches") is None
    page = surveyed.get(f"/dashboard/requests/{reference}").text
    assert "Xanthippe" not in page and "Worried" not in page
    with smtp_server() as box:  # the next run makes no new invitation for the erased mentee's match
        assert run(env, utcnow(), **smtp(env, box.port)).created == 0 and box.messages == []
    assert env.scalar("SELECT count(*) FROM survey_invitations") == 1
    assert not [name for name, content in table_files(env, "survey_responses").items() if b"Xanthippe" in content]
