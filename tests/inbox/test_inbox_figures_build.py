"""The loop closed, end to end: a fresh inbox (`python -m mentorhub.inbox migrate`) receives requests and
survey answers through its own receiver, dashboard and `send-check-ins`, `python -m mentorhub.inbox
export-figures FILE` writes the figures, and the demo builds its impact page from that file;
on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mentorhub.content.project import Project
from mentorhub.content.surveys import Survey
from mentorhub.inbox.app import create_app
from mentorhub.inbox.auth import create_coordinator
from mentorhub.inbox.checkins import send_check_ins
from mentorhub.inbox.db import Database
from mentorhub.inbox.mentors import DirectorySource
from mentorhub.inbox.settings import Rate, Settings
from inbox_support import COORDINATOR, ORIGIN, QUICK_HASHER, adult, csrf, post_json, sign_in
from survey_records import code_in
from support import TODAY, demo_copy, mkdocs_build

EXPORT = "reports/inbox-figures.json"
SECRET = "My mentor Mr Bloggs is lovely but late"  # typed into every text question: never published
LINK = re.compile(r"/surveys/([a-z0-9-]+)/#token=")


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of each kind: nothing in it yet, not even the tables."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'inbox.db'}"
        return
    cluster = request.getfixturevalue("postgres_cluster")  # conftest.Cluster
    name = f"figures_{uuid.uuid4().hex[:8]}"
    cluster.admin(f"CREATE DATABASE {name}")
    yield cluster.url + name
    cluster.admin(f"DROP DATABASE {name} WITH (FORCE)")


class Outbox:
    """Stands in for the SMTP server: keeps what `send-check-ins` sends."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    def deliver(self, message: EmailMessage) -> None:
        self.messages.append(message)

    def take(self) -> list[EmailMessage]:
        taken, self.messages = self.messages, []
        return taken


def inbox(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "mentorhub.inbox", *args], capture_output=True, text=True, timeout=120,
                            env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result


def answers(survey: Survey, pre_post: int) -> dict[str, str | list[str]]:
    """A complete answer to `survey`: `pre_post` on the before/after scales, 4 on other scales, the
    first option that raises no concern, and SECRET wherever text may be typed."""
    data: dict[str, str | list[str]] = {}
    for question in survey.questions:
        if question.kind == "scale":
            data[question.id] = str(pre_post if question.pre_post else 4)
        elif question.kind in ("single", "multiple"):
            value = next(o.value for o in question.options if not o.alert)
            data[question.id] = value if question.kind == "single" else [value]
        else:
            data[question.id] = SECRET
    return data


def test_the_demo_builds_its_impact_page_from_figures_the_inbox_exported(fresh_database: str, tmp_path: Path) -> None:
    review = "review_max_age_days: 365"
    config = demo_copy(tmp_path / "demo", lambda text: text.replace(
        review, f"{review}\n      impact: {{inbox_export: {EXPORT}}}", 1))
    (config.parent / "reports").mkdir()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("INBOX_")},
           "DATABASE_URL": fresh_database, "INBOX_MKDOCS_YML": str(config)}
    inbox("migrate", env=env)

    settings = Settings(database_url=fresh_database, mkdocs_yml=config, site_origins=(ORIGIN,),
                        public_url="http://inbox.test", rate_limit=Rate(10_000, 60), login_rate_limit=Rate(1_000, 60))
    db = Database(fresh_database)
    create_coordinator(db, *COORDINATOR, hasher=QUICK_HASHER)
    catalog = Project.from_mkdocs_yml(config).load(TODAY)
    surveys = {sid: entry.model for sid, entry in catalog.surveys.items()}
    accepting = [m for m in catalog.public_mentors if m.state == "accepting"][:6]
    outbox = Outbox()
    client = TestClient(create_app(settings, hasher=QUICK_HASHER), base_url="http://inbox.test",
                        follow_redirects=False)
    with client:
        assert sign_in(client).status_code == 303
        references = []
        for index, mentor in enumerate(accepting):  # six mentees, each asking a different mentor
            reply = post_json(client, adult(mentor=mentor.id, email=f"mentee{index}@example.org", goals=SECRET,
                                            interests=[mentor.expertise[0]], languages=[mentor.languages[0]],
                                            privacy_version=catalog.privacy_version))
            assert reply.status_code == 200, reply.text
            references.append(reply.json()["id"])
        spam = post_json(client, adult(mentor=accepting[0].id, email="bot@example.org", website="http://spam.example",
                                       interests=[accepting[0].expertise[0]], languages=[accepting[0].languages[0]],
                                       privacy_version=catalog.privacy_version))
        assert spam.status_code == 200

        def move(reference: str, status: str) -> None:
            data = {"csrf_token": csrf(client, f"/dashboard/requests/{reference}"), "status": status,
                    "mentor_email": f"mentor-{reference}@example.org" if status == "matched" else ""}
            assert client.post(f"/dashboard/requests/{reference}/status", data=data).status_code == 303

        def send_and_answer(pre_post: int, how_many: int) -> None:
            directory = DirectorySource(settings, recheck_seconds=0).current()
            send_check_ins(db, directory, settings, outbox, dt.datetime.now(dt.timezone.utc))  # type: ignore[arg-type]
            sent = outbox.take()
            assert sent, "send-check-ins sent nothing"
            for message in sent[:how_many]:
                found = LINK.search(message.get_content())
                assert found, message.get_content()
                survey_id = found.group(1)
                data = {"token": code_in(message), **answers(surveys[survey_id], pre_post)}
                reply = client.post(f"/surveys/{survey_id}/responses", data=data, headers={"Origin": ORIGIN})
                assert reply.status_code in (200, 303), reply.text

        for reference in references:
            move(reference, "contacted")
            move(reference, "matched")
        send_and_answer(pre_post=2, how_many=6)  # the intake, as each match starts
        for reference in references:
            move(reference, "closed")
        send_and_answer(pre_post=4, how_many=5)  # the closure: one mentee never answers
    db.dispose()

    figures_file = config.parent / EXPORT
    printed = inbox("export-figures", str(figures_file), env=env).stdout
    assert printed.startswith(f"inbox: wrote the figures from {dt.datetime.now(dt.timezone.utc).date()}")
    text = figures_file.read_text(encoding="utf-8")
    assert SECRET not in text and "example.org" not in text and not any(r in text for r in references)
    written = json.loads(text)
    assert (written["requests_received"], written["requests_matched"]) == (6, 6), "spam left out"
    assert (written["matches"]["active"], written["matches"]["closed"]) == (0, 6)
    rates = {r["survey"]: r for r in written["responses"]["surveys"]}
    assert (rates["mentee-intake"]["invited"], rates["mentee-intake"]["answered"]) == (6, 6)
    assert (rates["mentee-closure"]["invited"], rates["mentee-closure"]["answered"]) == (6, 5)
    assert rates["mentor-check-in"] == {"survey": "mentor-check-in", "people": 0, "withheld": True}
    changes = {c["question"]: c for c in written["pre_post"]}
    assert changes["confidence-applying"] == {
        "question": "confidence-applying", "intake": "mentee-intake", "closure": "mentee-closure", "people": 5,
        "before": 2.0, "after": 4.0, "change": 2.0, "improved": 5, "same": 0, "worse": 0}

    site = tmp_path / "site"
    result = mkdocs_build(config, site)
    assert result.returncode == 0, result.stderr
    page = (site / "impact" / "index.html").read_text(encoding="utf-8")
    assert SECRET not in page
    assert "Requests and outcomes" in page and "a figure worked out from fewer than 5 people is not shown" in page
    question = surveys["mentee-closure"].question("confidence-applying")
    assert question is not None
    section = page[page.index('aria-labelledby="mh-chart-pre-post-confidence-applying-heading"'):]
    section = section[:section.index("</section>")]
    assert question.text in section and 'role="img"' in section
    assert "From 5 people who answered both times: 5 answered higher at the end" in section
    assert "Not shown: fewer than 5 people answered" in page  # the open feedback survey: nobody answered it
    published = json.loads((site / "impact.json").read_text(encoding="utf-8"))["requests"]
    assert published["pre_post"] == written["pre_post"] and published["received"] == 6
