"""`python -m mentorhub.inbox send-check-ins`: which surveys are due, their codes, and each invitation sent
once, run after run, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from fastapi.testclient import TestClient

from browser import free_port
from mentorhub.content.surveys import Survey
from mentorhub.inbox.__main__ import main
from mentorhub.inbox.checkins import RUN_LOCK, due_at, new_token, normalise_token, token_hash
from mentorhub.inbox.mentors import DirectorySource, MentorsError
from inbox_support import Env
from smtp_fake import smtp_server
from survey_records import SURVEYS, START, body, code_in, matched, run, smtp, start_match_at, write_surveys

HOUR = dt.timedelta(hours=1)
WEEK = dt.timedelta(weeks=1)


def test_codes_are_read_however_people_type_them() -> None:
    code = new_token()
    assert len(code) == 19 and code.count("-") == 3 and normalise_token(code) == code.replace("-", "")
    assert new_token() != code
    typed = {"abcd-efgh-jkmn-pqrs": "ABCDEFGHJKMNPQRS", " 0OIl 1111 2222 3333 ": "0011111122223333",
             "ABCDEFGHJKMNPQRS": "ABCDEFGHJKMNPQRS"}
    for text, chars in typed.items():
        assert normalise_token(text) == chars
    assert token_hash("abcd efgh jkmn pqrs") == token_hash("ABCD-EFGH-JKMN-PQRS")
    for wrong in ("ABCD-EFGH-JKMN-PQRU", "ABCD-EFGH-JKMN", "ABCD-EFGH-JKMN-PQRS-T", "", "ÀBCD-EFGH-JKMN-PQRS"):
        assert normalise_token(wrong) is None, wrong


def test_when_each_kind_of_survey_is_due() -> None:
    surveys = {sid: Survey.model_validate(s) for sid, s in SURVEYS.items()}
    assert due_at(surveys["intake"], START, None, START - HOUR) is None
    assert due_at(surveys["intake"], START, None, START + HOUR) == START
    assert due_at(surveys["monthly"], START, None, START + 4 * WEEK - HOUR) is None
    assert due_at(surveys["monthly"], START, None, START + 4 * WEEK + HOUR) == START + 4 * WEEK
    # after an outage only the most recent check-in, never the ones missed
    assert due_at(surveys["monthly"], START, None, START + 13 * WEEK) == START + 12 * WEEK
    assert due_at(surveys["monthly"], START, START + 5 * WEEK, START + 9 * WEEK) is None  # the match ended
    assert due_at(surveys["closure"], START, None, START + 9 * WEEK) is None
    assert due_at(surveys["closure"], START, START + 5 * WEEK, START + 9 * WEEK) == START + 5 * WEEK
    assert due_at(surveys["feedback"], START, START + 5 * WEEK, START + 9 * WEEK) is None


def test_running_twice_sends_each_invitation_once(env: Env, surveyed: TestClient) -> None:
    reference = matched(env, surveyed)
    start_match_at(env, reference)
    with smtp_server() as box:
        first = run(env, START + HOUR, **smtp(env, box.port))
        assert (first.created, first.sent, first.failed) == (1, 1, 0)
        again = run(env, START + 2 * HOUR, **smtp(env, box.port))
        assert (again.created, again.sent) == (0, 0)
        assert [recipients for recipients, _ in box.messages] == [["rui@example.org"]]
        recipients, message = box.messages[0]
        assert message["Subject"] == "Welcome survey from Inbox test programme"
        code = code_in(message)
        text = body(message)
        assert f"http://127.0.0.1:8000/surveys/intake/#token={code}" in text and "Hello Rui," in text
        assert "Where you are starting from." in text
        for private in ("rui@example.org", "Find my first job", "Ana", "ana.mentor"):
            assert private not in text, private
        assert env.scalar("SELECT token_hash FROM survey_invitations") == token_hash(code)  # the hash, not the code
        # four weeks on, the mentee's and the mentor's check-ins; the mentor's says nothing of the mentee
        run(env, START + 4 * WEEK + HOUR, **smtp(env, box.port))
        run(env, START + 4 * WEEK + 2 * HOUR, **smtp(env, box.port))
        assert sorted(r[0] for r, _ in box.messages[1:]) == ["ana.mentor@example.org", "rui@example.org"]
        mentor_mail = next(m for r, m in box.messages if r == ["ana.mentor@example.org"])
        assert "Hello Ana Pereira," in body(mentor_mail) and "started on Wednesday 2 December 2026" in body(mentor_mail)
        assert "Rui" not in body(mentor_mail)
        # a long outage: one check-in each (the most recent), not the eight missed
        late = run(env, START + 13 * WEEK, **smtp(env, box.port))
        assert (late.created, late.sent) == (2, 2)
        assert env.scalar("SELECT count(*) FROM survey_invitations") == 5


def test_a_failed_send_is_tried_again_by_the_next_run(env: Env, surveyed: TestClient) -> None:
    start_match_at(env, matched(env, surveyed))
    failed = run(env, START + HOUR, **{**smtp(env, 0), "smtp_port": free_port()})  # nothing listens
    assert (failed.created, failed.sent, failed.failed) == (1, 0, 1)
    assert env.scalar("SELECT count(*) FROM survey_invitations WHERE sent_at IS NULL") == 1
    with smtp_server() as box:
        retried = run(env, START + 2 * HOUR, **smtp(env, box.port))
        assert (retried.created, retried.sent, retried.failed) == (0, 1, 0)
        assert len(box.messages) == 1
        # the code in the e-mail that arrived is the one that works
        assert env.scalar("SELECT token_hash FROM survey_invitations") == token_hash(code_in(box.messages[0][1]))


def test_a_mentor_without_an_address_is_not_written_to_until_they_have_one(env: Env, surveyed: TestClient) -> None:
    reference = matched(env, surveyed, mentor_email="")
    start_match_at(env, reference, START - 4 * WEEK)
    with smtp_server() as box:
        summary = run(env, START + HOUR, **smtp(env, box.port))
        assert (summary.sent, summary.no_address) == (1, 1)
        page = surveyed.get(f"/dashboard/requests/{reference}").text
        assert "No e-mail address for the mentor" in page and "no e-mail address for the mentor" in page
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        assert surveyed.post(f"/dashboard/requests/{reference}/mentor-email",
                              data={"csrf_token": token, "mentor_email": "Ana.Mentor@Example.org"}).status_code == 303
        later = run(env, START + 2 * HOUR, **smtp(env, box.port))
        assert (later.created, later.sent) == (0, 1)
        assert box.messages[-1][0] == ["ana.mentor@example.org"]


def test_overlapping_runs_do_not_both_send(env: Env, surveyed: TestClient) -> None:
    start_match_at(env, matched(env, surveyed))
    with smtp_server() as box, env.db.only_one(RUN_LOCK) as alone:
        assert alone
        summary = run(env, START + HOUR, **smtp(env, box.port))
        assert summary.busy and box.messages == []
    assert env.scalar("SELECT count(*) FROM survey_invitations") == 0


def test_the_command_without_smtp_says_so_and_makes_no_codes(env: Env, surveyed: TestClient,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    start_match_at(env, matched(env, surveyed))
    monkeypatch.setenv("DATABASE_URL", env.database_url)
    monkeypatch.setenv("INBOX_MENTORS_JSON", str(env.programme[0]))
    monkeypatch.setenv("INBOX_MKDOCS_YML", str(env.programme[1]))
    monkeypatch.delenv("INBOX_SMTP_HOST", raising=False)
    assert main(["send-check-ins", "--now", (START + HOUR).isoformat()]) == 1
    assert "INBOX_SMTP_HOST is not set" in capsys.readouterr().err
    assert env.scalar("SELECT count(*) FROM survey_invitations") == 0
    assert main(["send-check-ins", "--dry-run", "--now", (START + HOUR).isoformat()]) == 0
    assert "1 invitation due would be created and sent" in capsys.readouterr().out
    assert env.scalar("SELECT count(*) FROM survey_invitations") == 0
    with smtp_server() as box:
        monkeypatch.setenv("INBOX_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("INBOX_SMTP_PORT", str(box.port))
        monkeypatch.setenv("INBOX_SMTP_TLS", "none")
        assert main(["send-check-ins", "--now", (START + HOUR).isoformat()]) == 0
        assert "1 invitation created, 1 sent, 0 failed" in capsys.readouterr().out
        assert len(box.messages) == 1
    with pytest.raises(SystemExit):
        main(["send-check-ins", "--now", "yesterday"])
    assert "not an ISO 8601 time" in capsys.readouterr().err


def test_the_surveys_come_from_the_built_sites_surveys_json(env: Env) -> None:
    assert DirectorySource(env.settings()).current().surveys == {}  # a site built without surveys
    write_surveys(env)
    directory = DirectorySource(env.settings()).current()
    assert list(directory.surveys) == list(SURVEYS) and directory.surveys["monthly"].every_weeks == 4
    assert directory.survey_url("monthly") == "surveys/monthly/"
    env.programme[0].with_name("surveys.json").write_text('{"surveys": [{"id": "x"}]}', encoding="utf-8")
    with pytest.raises(MentorsError, match="surveys.json is not a surveys.json this inbox can read"):
        DirectorySource(env.settings()).current()
