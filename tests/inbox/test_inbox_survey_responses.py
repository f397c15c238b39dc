"""`POST /surveys/{id}/responses`: a code works once, only for its survey, not after it expires;
answers are checked by the survey's rules and stored whole or not at all; a plain post that needs
fixing gets the survey's form again with every answer and the code kept."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from fastapi.testclient import TestClient

from mentorhub.content.languages import ENGLISH
from mentorhub.inbox.models import utcnow
from mentorhub.inbox.settings import Rate
from mentorhub.inbox.responses import EXPIRED, NO_CODE, OTHER_SURVEY, UNKNOWN_CODE, USED
from inbox_support import Env
from smtp_fake import smtp_server
from survey_records import answer, code_in, matched, run, smtp, start_match_at

GOOD = {"satisfaction": "4", "worry": "no", "topics": ["cv", "jobs"], "tell": "Zephyrine helped with my CV"}


def codes(env: Env, client: TestClient) -> dict[str, str]:
    """A match four weeks and a day old, its check-ins sent: the code each person got, by survey."""
    reference = matched(env, client)
    start_match_at(env, reference, utcnow() - dt.timedelta(weeks=4, days=1))
    with smtp_server() as box:
        summary = run(env, utcnow(), **smtp(env, box.port))
        assert (summary.created, summary.sent) == (2, 2)  # the intake has expired: not sent at all
        return {m["Subject"].split(" from ")[0]: code_in(m) for _, m in box.messages}


def responses(env: Env) -> int:
    return int(env.scalar("SELECT count(*) FROM survey_responses"))


def message_at(page: str, field_id: str) -> str:
    found = re.search(rf'<p class="error-message" id="{field_id}-error"><span class="visually-hidden">Error:</span> '
                      r'([^<]*)</p>', page)
    assert found, f"no message at {field_id}"
    return found.group(1).replace("&#39;", "'")


def test_a_code_works_once_and_only_for_its_survey(env: Env, surveyed: TestClient,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    code = codes(env, surveyed)["Monthly check-in"]
    other = answer(surveyed, "mentor-monthly", {"token": code, "progress": "3"})
    assert other.status_code == 422 and message_at(other.text, "survey-token") == OTHER_SURVEY
    # typed by hand: lower case, spaces, O for 0 and l for 1
    typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    reply = answer(surveyed, "monthly", {"token": typed, "submission_id": "sub-1", **GOOD})
    assert reply.status_code == 303 and reply.headers["location"] == "/surveys/monthly/thanks"
    thanks = surveyed.get(reply.headers["location"])
    assert thanks.status_code == 200 and "Answers sent" in thanks.text and "Monthly check-in" in thanks.text
    stored = env.rows("SELECT respondent, answers, concern, match_id FROM survey_responses")
    assert len(stored) == 1 and stored[0]["respondent"] == "mentee" and stored[0]["match_id"] is not None
    assert stored[0]["concern"] in (False, 0)
    assert env.scalar("SELECT count(*) FROM survey_invitations WHERE used_at IS NOT NULL") == 1
    # the page sent it again (a retry): the thank-you page again, one response
    again = answer(surveyed, "monthly", {"token": code, "submission_id": "sub-1", **GOOD})
    assert again.status_code == 303 and responses(env) == 1
    # a second, different submission with the same code
    second = answer(surveyed, "monthly", {"token": code, "submission_id": "sub-2", **GOOD})
    assert second.status_code == 422 and message_at(second.text, "survey-token") == USED
    assert responses(env) == 1
    for secret in (code, code.replace("-", ""), "Zephyrine"):
        assert secret not in caplog.text, secret


def test_a_code_stops_working_when_it_expires(env: Env, surveyed: TestClient) -> None:
    code = codes(env, surveyed)["Monthly check-in"]
    env.execute("UPDATE survey_invitations SET expires_at = :t WHERE survey_id = 'monthly'",
                t=(utcnow() - dt.timedelta(minutes=1)).replace(tzinfo=None) if env.db.dialect == "sqlite"
                else utcnow() - dt.timedelta(minutes=1))
    reply = answer(surveyed, "monthly", {"token": code, **GOOD})
    assert reply.status_code == 422
    expired = (utcnow() - dt.timedelta(minutes=1)).date()
    assert message_at(reply.text, "survey-token").startswith(EXPIRED.format(date=ENGLISH.format_date(expired)))  # as people write dates
    assert responses(env) == 0


@pytest.mark.parametrize(("token", "message"), [("", NO_CODE), ("ABCD-EFGH-JKMN-PQRS", UNKNOWN_CODE)])
def test_a_missing_or_wrong_code_is_refused_at_its_field(env: Env, surveyed: TestClient, token: str,
                                                         message: str) -> None:
    codes(env, surveyed)
    reply = answer(surveyed, "monthly", {"token": token, **GOOD})
    assert reply.status_code == 422 and message_at(reply.text, "survey-token") == message
    assert responses(env) == 0


def test_bad_answers_get_messages_at_their_fields_and_every_answer_is_kept(env: Env, surveyed: TestClient) -> None:
    code = codes(env, surveyed)["Monthly check-in"]
    reply = answer(surveyed, "monthly", {"token": code, "satisfaction": "9", "topics": ["cv", "boats"],
                                         "tell": "Kept words\x07", "submission_id": "s-9"})
    assert reply.status_code == 422
    page = reply.text
    assert message_at(page, "survey-satisfaction") == "Choose from the options the form offers"
    assert message_at(page, "survey-worry").startswith("Choose an answer")
    assert message_at(page, "survey-topics") == "Choose from the options the form offers"
    assert message_at(page, "survey-tell").startswith("This answer contains characters")
    # the error summary links each message to its field; the code and the answers are kept
    for field_id in ("survey-satisfaction", "survey-worry", "survey-topics", "survey-tell"):
        assert f'href="#{field_id}"' in page
    assert f'value="{code}"' in page and 'name="submission_id" value="s-9"' in page
    assert re.search(r'value="cv"\s+checked', page)
    assert "Kept words" in page
    assert 'action="responses"' in page
    assert responses(env) == 0 and env.scalar("SELECT count(*) FROM survey_invitations WHERE used_at IS NOT NULL") == 0


def test_an_open_survey_takes_answers_without_a_code(env: Env, surveyed: TestClient) -> None:
    reply = answer(surveyed, "feedback", {"idea": "More evening sessions"})
    assert reply.status_code == 303
    row = env.rows("SELECT match_id, invitation_id, respondent FROM survey_responses")
    assert row == [{"match_id": None, "invitation_id": None, "respondent": "mentee"}]
    # tied to no request, its answers are read on the survey summary
    summary = surveyed.get("/dashboard/surveys").text
    assert "Feedback: the latest answers" in summary and "<dt>Your idea</dt>" in summary
    assert "More evening sessions" in summary


def test_the_receivers_protections_apply(env: Env, surveyed: TestClient) -> None:
    foreign = answer(surveyed, "feedback", {"idea": "x"}, Origin="https://evil.example")
    assert foreign.status_code == 403 and responses(env) == 0
    wrong_type = surveyed.post("/surveys/feedback/responses", content=b"idea=x",
                               headers={"Origin": "http://127.0.0.1:8000", "Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    missing = answer(surveyed, "no-such-survey", {"idea": "x"})
    assert missing.status_code == 404 and "Survey not found" in missing.text
    as_json = surveyed.post("/surveys/feedback/responses", json={"idea": ""},
                            headers={"Origin": "http://127.0.0.1:8000", "Accept": "application/json"})
    assert as_json.status_code == 422 and "idea" in as_json.json()["errors"]
    limited = env.client(rate_limit=Rate(1, 3600))
    assert answer(limited, "feedback", {"idea": "one"}).status_code == 303
    too_many = answer(limited, "feedback", {"idea": "two"})
    assert too_many.status_code == 429 and "Retry-After" in too_many.headers and 'value="two"' in too_many.text
