"""The test programme's surveys (written as the built site's surveys.json beside its mentors.json),
and the steps a survey test takes: a request matched on the dashboard, `send-check-ins` run
against the fake SMTP server, a code read out of the e-mail, answers posted as the site's page
posts them."""

from __future__ import annotations

import datetime as dt
import json
import re
from email.message import Message
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from mentorhub.content.surveys import Survey
from mentorhub.inbox.checkins import Summary, send_check_ins
from mentorhub.inbox.mentors import DirectorySource
from mentorhub.inbox.models import Match, RequestRecord
from mentorhub.inbox.notify import Notifier
from inbox_support import ORIGIN, Env, adult, csrf, post_json

SCALE = {"low": "Not at all", "high": "Very"}
SURVEYS: dict[str, dict[str, Any]] = {
    "intake": {"title": "Welcome survey", "summary": "Where you are starting from.", "respondents": "mentees",
               "when": "intake", "questions": [
                   {"id": "confidence", "text": "How confident are you about applying for jobs?", "kind": "scale",
                    "scale": SCALE, "pre_post": True},
                   {"id": "hopes", "text": "What do you hope to get from mentoring?", "kind": "long-text",
                    "required": False}]},
    "monthly": {"title": "Monthly check-in", "summary": "Two minutes on how it is going.", "respondents": "mentees",
                "when": "check-in", "every_weeks": 4, "questions": [
                    {"id": "satisfaction", "text": "How happy are you with your mentoring?", "kind": "scale",
                     "scale": SCALE},
                    {"id": "worry", "text": "Is anything about your mentoring making you uncomfortable?",
                     "kind": "single", "alert": True,
                     "options": [{"value": "no", "label": "No"}, {"value": "yes", "label": "Yes", "alert": True}]},
                    {"id": "topics", "text": "What did you talk about?", "kind": "multiple", "required": False,
                     "options": [{"value": "cv", "label": "My CV"}, {"value": "jobs", "label": "Jobs"}]},
                    {"id": "tell", "text": "Anything else?", "kind": "long-text", "required": False}]},
    "mentor-monthly": {"title": "Mentor check-in", "summary": "How your mentoring is going.",
                       "respondents": "mentors", "when": "check-in", "every_weeks": 4, "questions": [
                           {"id": "progress", "text": "How is your mentee progressing?", "kind": "scale",
                            "scale": SCALE},
                           {"id": "notes", "text": "Notes for the coordinators", "kind": "long-text",
                            "required": False}]},
    "closure": {"title": "Closing survey", "summary": "Where you have got to.", "respondents": "mentees",
                "when": "closure", "questions": [
                    {"id": "confidence", "text": "How confident are you about applying for jobs?", "kind": "scale",
                     "scale": SCALE, "pre_post": True}]},
    "feedback": {"title": "Feedback", "summary": "Tell us anything.", "respondents": "mentees", "when": "open",
                 "questions": [{"id": "idea", "text": "Your idea", "kind": "short-text"}]},
}
CODE = re.compile(r"^([0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3})\r?$", re.MULTILINE)  # the code on its own line
START = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)


def write_surveys(env: Env, surveys: dict[str, dict[str, Any]] | None = None) -> None:
    """The surveys as the site's surveys.json lists them, beside the programme's mentors.json."""
    chosen = SURVEYS if surveys is None else surveys
    entries = [{"id": sid, "url": f"surveys/{sid}/", **Survey.model_validate(s).model_dump(mode="json")}
               for sid, s in chosen.items()]
    Path(env.programme[0]).with_name("surveys.json").write_text(json.dumps({"surveys": entries}), encoding="utf-8")


def smtp(env: Env, port: int) -> dict[str, Any]:
    return {"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "none", "smtp_from": "inbox@programme.example"}


def matched(env: Env, dashboard: TestClient, mentor_email: str = "ana.mentor@example.org", **changes: Any) -> str:
    """A request sent, contacted and matched on the dashboard (with the mentor's address); its reference."""
    reply = post_json(dashboard, adult(**changes))
    assert reply.status_code == 200, reply.text
    reference = str(reply.json()["id"])
    for status in ("contacted", "matched"):
        data = {"csrf_token": csrf(dashboard, f"/dashboard/requests/{reference}"), "status": status,
                "mentor_email": mentor_email if status == "matched" else ""}
        assert dashboard.post(f"/dashboard/requests/{reference}/status", data=data).status_code == 303
    return reference


def start_match_at(env: Env, reference: str, started: dt.datetime = START, ended: dt.datetime | None = None) -> None:
    """Move a match's dates (through the models, so both databases store them their own way)."""
    with env.db.write() as session:
        request_id = select(RequestRecord.id).where(RequestRecord.public_id == reference).scalar_subquery()
        session.execute(update(Match).where(Match.request_id == request_id).values(started_at=started, ended_at=ended))


def run(env: Env, now: dt.datetime, **settings: Any) -> Summary:
    """One `send-check-ins` run at `now` on the env's settings with `settings` changed."""
    chosen = env.settings(**settings)
    directory = DirectorySource(chosen, recheck_seconds=0).current()
    return send_check_ins(env.db, directory, chosen, Notifier(chosen, env.db), now)


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def code_in(message: Message) -> str:
    found = CODE.search(body(message))
    assert found, body(message)
    return found.group(1)


def answer(client: TestClient, survey_id: str, data: dict[str, Any], **headers: str) -> Any:
    """Answers posted as the site's survey page posts them (a plain form)."""
    return client.post(f"/surveys/{survey_id}/responses", data=data, headers={"Origin": ORIGIN, **headers})
