"""Issue 21: the coordinators' dashboard speaks the site's default language (mkdocs.yml's
theme.language): the sign-in page, the requests list (its tabs, filters, counts, table and the
erasure form), the survey summary and the mentor applications' list, with the statuses' labels,
with none of our English words left. English is looked for as tests/test_languages_pages.py looks
for it: the catalogue's msgids from the templates and modules these pages are made of, and phrases
the templates held before they were wrapped. An application's own page is looked at new, in
screening, approved (youth clearance waiting), declined (erasure offered) and as spam, with its
profile's labels, the default screening steps and the training code's claims. So are the words the
dashboard's Python writes: every refusal a change can meet (a status moved meanwhile, a move the
transitions forbid, an unknown mentor, a bad mentor's address, erasure unconfirmed, approval and
youth clearance still waiting for steps), a match's timeline in each of its invitations' states,
and the audit trail's actions and the notes the dashboard writes into it."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from fastapi.testclient import TestClient

from sqlalchemy import select, update

from inbox_support import Env, adult, csrf, post_json, sign_in
from mentorhub.inbox.models import Match, RequestRecord, SurveyInvitation
from support import catalogue_phrases
from survey_records import matched, write_surveys
from test_inbox_applications_dashboard import application, decide, post, step

SOURCES = tuple("mentorhub/" + rel for rel in (  # as the catalogues' "#:" lines name them
    "inbox/templates/page.html", "inbox/templates/base.html", "inbox/templates/login.html",
    "inbox/templates/list.html", "inbox/templates/tabs.html", "inbox/templates/detail.html",
    "inbox/templates/history.html", "inbox/templates/surveys.html",
    "inbox/templates/responses.html", "inbox/templates/applications.html", "inbox/templates/message.html",
    "inbox/templates/application.html", "inbox/models.py", "inbox/words.py", "inbox/dashboard/common.py",
    "inbox/dashboard/applications.py", "inbox/dashboard/requests.py", "inbox/dashboard/accounts.py",
    "inbox/dashboard/surveys.py", "inbox/dashboard/guardian.py", "inbox/dashboard/erase.py", "inbox/screening.py",
    "content/programme.py"))
WRITTEN = (  # what the dashboard's Python wrote before it was msgids: each is on some page here
           "meanwhile; nothing was changed", "cannot move to", "it can move to", "nothing (it is closed)",
           "an unknown status", "published mentors", "is not a match yet", "for check-in surveys",
           "correct format", "Tick the box to confirm", "Request received", "Matched with", "the match ended",
           "for the mentee", "for the mentor", "not sent yet", "the code expired", "waiting for an answer",
           "answered (due", "checklist is closed", "Write a note or choose a decision", "still to record",
           "Only an approved mentor", "Only a declined or withdrawn", "no such screening step",
           "step recorded", "youth clearance removed", "was undone", "marked as spam", "mentor changed",
           "mentor e-mail set", "guardian agreed", "request form")
BEFORE = ("Coordinators' inbox", "The programme's site", "Signed in as", "Sign out", "Requests by status",
          "Filter requests", "Help me choose", "Spam for review", "Only waiting too long", "Name, email or reference",
          "Clear search", "Export CSV", "Received", "Reference", "Waiting", "Erase a mentee's data",
          "When someone asks to be forgotten", "Their email address", "asked for their data to be erased",
          "Email address", "Password", "Sign in", "Invitations sent", "Response rate", "Who, when",
          "The response rate counts invitations", "Mentor applications", "Applications by status", "Youth-cleared",
          "No applications here", "Not done", "All requests", "Preferred name", "Parent or guardian",
          "Town or area", "Usually free", "Privacy notice agreed", "Move it on or add a note", "save the note only",
          "Change mentor", "Not spam", "Mark as spam", "Erase the mentee's data", "Removes the personal details",
          "Record that the guardian agreed", "must agree before mentoring starts", "In progress", "Withdrawn", "Screening", "Approved", "1 request",
          # application.html and the profile's labels (words.py) before they were msgids
          "All applications", "Public profile", "Mentees at once", "Hours a month", "Time zone", "Works with",
          "Based in", "Pronouns", "Training progress code", "Screening checklist",
          "needed to approve", "Record as done", "Decision and notes", "Start screening", "Mentoring under-18s",
          "Mark as youth-cleared", "Erase the applicant's data", "after the decision", "First reference taken up",
          "Criminal-records check clear", "does not list the training modules", "Consents to the checks",
          *WRITTEN)

@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: what is checked here is words, which do not depend on the database."""
    return sqlite_url


def _text(page: str) -> str:
    """What a reader sees, attribute values included (the programme's and mentees' words, English
    here, are too short or too unlike the catalogue's to be mistaken for it)."""
    return html.unescape(re.sub(r'<input type="hidden"[^>]*>', "", page))


def _site_in(env: Env, code: str | None) -> None:
    if code:
        mkdocs = env.programme[1]
        mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + f"theme:\n  name: material\n  language: {code}\n",
                          encoding="utf-8")


def _pages(env: Env, code: str | None) -> dict[str, str]:
    _site_in(env, code)
    write_surveys(env)
    client: TestClient = env.client()
    pages = {"sign in": client.get("/dashboard/login").text}
    reference = post_json(client, adult()).json()["id"]
    minor = post_json(client, adult(email="mo@example.org", mentor="", age_band="16-17", guardian_name="Ana Mo",
                                    guardian_email="ana.mo@example.org")).json()["id"]
    assert sign_in(client).status_code == 303
    pages["a request"] = client.get(f"/dashboard/requests/{reference}").text
    pages["a minor's request"] = client.get(f"/dashboard/requests/{minor}").text
    pages["requests"] = client.get("/dashboard/").text
    pages.update(_request_refusals(client, reference))
    pages.update(_match(env, client))
    pages["surveys"] = client.get("/dashboard/surveys").text
    pages["applications"] = client.get("/dashboard/applications/").text
    pages.update(_applications(env, client))
    pages["not found"] = client.get("/dashboard/requests/NOPE-NOPE-NOPE").text
    pages["no such application"] = client.get("/dashboard/applications/NOPE-NOPE-NOPE").text
    pages["a page past the last"] = client.get("/dashboard/?page=0").text
    pages["a wrong password"] = sign_in(env.client(), "nobody@example.org", "not the password").text
    return pages


def _change(client: TestClient, reference: str, action: str, **data: str) -> str:
    """A change refused (the page again, saying why: 400 or 409) on a request's page."""
    token = csrf(client, f"/dashboard/requests/{reference}")
    reply = client.post(f"/dashboard/requests/{reference}/{action}", data={"csrf_token": token, **data})
    assert reply.status_code in (400, 409), (action, data, reply.status_code)
    return str(reply.text)


def _request_refusals(client: TestClient, reference: str) -> dict[str, str]:
    """Every refusal a change to a request can meet, each on the request's page."""
    return {"status moved meanwhile": _change(client, reference, "status", status="contacted", **{"from": "matched"}),
            "a move not allowed": _change(client, reference, "status", status="closed"),
            "an unknown status": _change(client, reference, "status", status="bogus"),
            "an unknown mentor": _change(client, reference, "mentor", mentor="nobody-at-all"),
            "a mentor changed meanwhile": _change(client, reference, "mentor", mentor="", from_mentor="someone"),
            "a bad mentor's address": _change(client, reference, "status", status="matched", mentor_email="not@"),
            "not a match yet": _change(client, reference, "mentor-email", mentor_email="ana@example.org"),
            "erasure unconfirmed": _change(client, reference, "erase")}


def _match(env: Env, client: TestClient) -> dict[str, str]:
    """A match's page: its timeline with an invitation in every state, and the audit trail with a
    mentor changed, spam marked and released, and the mentor's address set; then closed."""
    reference = matched(env, client)
    for action, data in (("spam", {"spam": "1"}), ("spam", {"spam": "0"}), ("mentor", {"mentor": ""}),
                         ("mentor", {"mentor": "ana"}), ("mentor-email", {"mentor_email": "ana.m@example.org"}),
                         ("status", {"status": "closed"})):
        token = csrf(client, f"/dashboard/requests/{reference}")
        assert client.post(f"/dashboard/requests/{reference}/{action}",
                           data={"csrf_token": token, **data}).status_code == 303, action
    now = dt.datetime.now(dt.timezone.utc)
    day, later = now - dt.timedelta(days=2), now + dt.timedelta(days=5)
    past = now - dt.timedelta(days=1)
    states = [("mentee", day, day, later), ("mentee", day, None, past), ("mentee", None, None, past),
              ("mentor", None, None, later), ("mentee", None, None, later), ("mentee", day, None, later)]
    with env.db.write() as session:  # answered, missed (sent, never sent), unsent (no address, next run), waiting
        match_id = session.scalar(select(Match.id).join(RequestRecord, RequestRecord.id == Match.request_id)
                                  .where(RequestRecord.public_id == reference))
        for n, (respondent, sent, used, expires) in enumerate(states):
            session.add(SurveyInvitation(match_id=match_id, survey_id="intake" if n % 2 else "gone-survey",
                                         respondent=respondent, due_on=(day + dt.timedelta(days=n)).date(),
                                         token_hash=f"{n:064d}",
                                         sent_at=sent, used_at=used, expires_at=expires))
        session.execute(update(Match).where(Match.id == match_id).values(mentor_email=None))
    return {"a match, closed": client.get(f"/dashboard/requests/{reference}").text,
            "a closed request moved": _change(client, reference, "status", status="new")}


def _applications(env: Env, client: TestClient) -> dict[str, str]:
    """An application's page in each state whose words differ (the mentor list's profile labels,
    the checklist recorded and not, the decision, youth clearance, erasure, spam)."""
    new = application(env, profile={"name": "Quillon Brightwater", "pronouns": "she/her", "headline": "Nurse",
                                    "bio": "Mentors nurses.", "organisation": "NHS", "expertise": ["nursing"],
                                    "languages": ["en"], "location": {"city": "Leeds", "country": "GB"},
                                    "timezone": "Europe/London", "formats": ["virtual"], "capacity": 2,
                                    "sessions": True, "hours_per_month": 4, "audiences": ["secondary-school"]},
                      honeypot="")
    screening, approved = application(env, status="screening"), application(env, status="screening")
    for reference in (screening, approved):
        assert step(client, reference, "reference-1", note="By phone").status_code == 303
    for step_id in ("reference-2", "interview"):
        step(client, approved, step_id)
    assert decide(client, approved, "approved").status_code == 303
    declined = application(env, status="declined", decided_at=dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    spam = application(env, spam=True, honeypot="https://spam.example", training_code="MH2-20RQ-RZF")
    assert post(client, spam, "spam", spam="1").status_code == 303
    assert post(client, approved, "youth-clearance", cleared="1").status_code == 409  # steps still to record
    for step_id in ("records-check", "training"):
        step(client, approved, step_id)
    assert post(client, approved, "youth-clearance", cleared="1").status_code == 303
    step(client, approved, "records-check", done=False)  # takes the clearance away: "… was undone"
    pages = {f"an application ({name})": client.get(f"/dashboard/applications/{reference}").text
             for name, reference in (("new", new), ("screening", screening), ("approved", approved),
                                     ("declined", declined), ("spam", spam))}
    refusals = {"an unknown step": (screening, "steps/no-such-step", {"done": "1"}),
                "a closed checklist": (declined, "steps/reference-1", {"done": "1"}),
                "neither note nor decision": (screening, "status", {"status": ""}),
                "an application moved meanwhile": (screening, "status", {"status": "approved", "from": "new"}),
                "an application's move not allowed": (declined, "status", {"status": "approved"}),
                "approval waiting for steps": (screening, "status", {"status": "approved"}),
                "clearance of an unapproved mentor": (screening, "youth-clearance", {"cleared": "1"}),
                "clearance waiting for steps": (approved, "youth-clearance", {"cleared": "1"}),
                "an application's erasure unconfirmed": (declined, "erase", {}),
                "erasure of an open application": (screening, "erase", {"confirm": "yes"})}
    for name, (reference, action, data) in refusals.items():
        reply = post(client, reference, action, **data)
        assert reply.status_code in (400, 409), (name, reply.status_code)
        pages[name] = reply.text
    return pages


def test_the_english_looked_for_comes_from_every_source() -> None:
    """The catalogues' locations are the sources' (a rename of the package once emptied the set)."""
    english = catalogue_phrases(SOURCES)
    for piece in ("Public profile, as it will read on the site", "Mentees at once", "First reference taken up",
                  "Erase a mentee's data"):
        assert piece in english


@pytest.mark.parametrize("code", ["es", "fr"])
def test_the_dashboard_speaks_the_sites_language(env: Env, coordinator: tuple[str, str], code: str) -> None:
    english = catalogue_phrases(SOURCES) | set(BEFORE)
    for name, page in _pages(env, code).items():
        assert f'<html lang="{code}"' in page, name
        text = _text(page)
        left = sorted(piece for piece in english if piece in text)
        assert not left, f"{code} {name} still shows: {left}"


def test_the_check_finds_english_on_an_english_dashboard(env: Env, coordinator: tuple[str, str]) -> None:
    english = catalogue_phrases(SOURCES) | set(BEFORE)
    pages = _pages(env, None)
    for name, page in pages.items():
        assert '<html lang="en"' in page, name
        assert {piece for piece in english if piece in _text(page)}, name
    everywhere = "".join(map(_text, pages.values()))
    missing = [piece for piece in WRITTEN if piece not in everywhere]
    assert not missing, f"no page shows {missing}"


def test_counts_and_statuses_are_the_languages(env: Env, coordinator: tuple[str, str]) -> None:
    page = html.unescape(_pages(env, "fr")["requests"])
    assert "2 demandes." in page and ">Nouvelle" in page and "En cours" in page
    assert "Se déconnecter" in page and "Boîte de la coordination" in page
