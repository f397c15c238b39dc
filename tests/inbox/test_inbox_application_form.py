"""`POST /applications` (issue 20): a mentor's application checked with the profile model's own
rules and the programme's `profiles:` options, stored once with its first audit event, the
private answers kept out of the public profile; on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import uuid
from concurrent.futures import ThreadPoolExecutor
from email.message import Message
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mentorhub.content.application_form import PHONE_FORMAT, PRIVATE_NAMES
from mentorhub.content.applications import CONTACT_IN_PROFILE
from mentorhub.content.catalog import validation_context
from mentorhub.content.models import Mentor
from mentorhub.content.profiles import Profiles
from mentorhub.content.vocabulary import read_vocabularies
from mentorhub.inbox.settings import Rate
from inbox_support import ORIGIN, PROGRAMME_YML, Env
from smtp_fake import smtp_server
from support import REPO

# A programme that requires more than the core and has a field of its own (profiles.py).
PROFILES_YML = """\
      profiles:
        required: [bio, role, location, timezone, formats, audiences]
        fields:
          - id: years_of_experience
            label: Years of experience
            type: number
            required: true
          - id: sector
            label: Sector
            type: choice
            options: [Public, Private, Voluntary]
"""
PRIVATE = {"email": "ada.obi@example.org", "phone": "+44 7700 900123",
           "referees.1.name": "Bea Kim", "referees.1.contact": "bea.kim@example.net",
           "referees.1.relationship": "My manager for three years",
           "referees.2.name": "Chidi Eze", "referees.2.contact": "01632 960 001",
           "referees.2.relationship": "Coach at my running club", "available_from": "2027-01-15",
           "training_code": "MH1-ABCD", "checks_consent": "true"}


def application(**changes: Any) -> dict[str, Any]:
    """A complete, valid application to the PROFILES_YML programme, as the site's form posts it."""
    data: dict[str, Any] = {
        "submission_id": uuid.uuid4().hex, "name": "Ada Obi", "pronouns": "she/her",
        "headline": "Software engineer who loves helping people into tech",
        "bio": "I have built software for twelve years and mentored apprentices.", "role": "engineer",
        "expertise": ["python", "careers"], "languages": ["en", "pt"], "location.city": "Leeds",
        "location.country": "GB", "timezone": "Europe/London", "formats": ["virtual", "in-person"],
        "audiences": ["early-career"], "capacity": "2", "sessions": "yes", "hours_per_month": "4",
        "links.1.url": "https://ada.example.org", "links.1.label": "Personal website",
        "details.years_of_experience": "12", "details.sector": "Private", **PRIVATE}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def applying_inbox(env: Env) -> TestClient:
    """An inbox whose programme has the repository's vocabularies and PROFILES_YML's rules."""
    mentors, mkdocs = env.programme
    shutil.copy(REPO / "vocabularies.yml", mkdocs.parent / "vocabularies.yml")
    mkdocs.write_text(PROGRAMME_YML + PROFILES_YML, encoding="utf-8")
    return env.client()


@pytest.fixture
def applied(env: Env) -> TestClient:
    return applying_inbox(env)


def post_json(client: TestClient, data: dict[str, Any]) -> Any:
    return client.post("/applications", json=data, headers={"Accept": "application/json", "Origin": ORIGIN})


def post_form(client: TestClient, data: dict[str, Any]) -> Any:
    return client.post("/applications", data=data, headers={"Origin": ORIGIN})


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def stored(env: Env) -> list[dict[str, Any]]:
    rows = env.rows("SELECT * FROM applications ORDER BY id")
    return [{**row, "profile": json.loads(row["profile"]) if isinstance(row["profile"], str) else row["profile"],
             "referees": json.loads(row["referees"]) if isinstance(row["referees"], str) else row["referees"]}
            for row in rows]


def test_an_empty_application_is_a_422_naming_the_required_fields(applied: TestClient, env: Env) -> None:
    reply = post_json(applied, {})
    assert reply.status_code == 422
    errors = reply.json()["errors"]
    for name in ("name", "bio", "role", "expertise", "languages", "location.city", "location.country",
                 "timezone", "formats", "audiences", "details.years_of_experience", "email", "phone",
                 "referees.1.name", "referees.2.contact", "checks_consent"):
        assert name in errors, name
    assert errors["name"] == "Enter your name"
    # optional: a headline too, since this programme requires a bio (the model needs one of them)
    assert "pronouns" not in errors and "training_code" not in errors and "headline" not in errors
    assert env.scalar("SELECT count(*) FROM applications") == 0


def test_a_valid_application_is_stored_with_the_private_fields_apart(applied: TestClient, env: Env) -> None:
    reply = post_json(applied, application())
    assert reply.status_code == 200, reply.text
    reference = reply.json()["id"]
    [row] = stored(env)
    assert row["public_id"] == reference and row["status"] == "new" and not row["spam"]
    assert row["email"] == "ada.obi@example.org" and row["phone"] == "+44 7700 900123"
    assert row["referees"][1] == {"name": "Chidi Eze", "contact": "01632 960 001",
                                  "relationship": "Coach at my running club"}
    assert row["training_code"] == "MH1-ABCD" and row["checks_consent"]
    assert str(row["available_from"])[:10] == "2027-01-15"
    profile = row["profile"]
    assert profile["location"] == {"city": "Leeds", "country": "GB"} and profile["sessions"] is True
    assert profile["details"] == {"years_of_experience": 12, "sector": "Private"}
    assert profile["links"] == [{"label": "Personal website", "url": "https://ada.example.org"}]
    text = json.dumps(profile)
    for secret in ("ada.obi@", "7700", "Bea Kim", "bea.kim", "Chidi", "960 001", "MH1-ABCD", "2027-01-15"):
        assert secret not in text, secret
    assert not set(profile) & {"email", "phone", "referees", "reviewed", "youth_cleared", "accepting", "listed",
                               "active_mentees", "photo"}
    events = env.rows("SELECT actor, action, to_status FROM audit_events WHERE application_id IS NOT NULL")
    assert [tuple(e.values()) for e in events] == [("application form", "received", "new")]


def test_the_stored_profile_with_reviewed_is_a_valid_mentor_under_the_programmes_rules(
        applied: TestClient, env: Env) -> None:
    assert post_json(applied, application(**{"expertise": ["Python", "career planning"]})).status_code == 200
    [row] = stored(env)
    assert row["profile"]["expertise"] == ["python", "careers"]  # synonyms stored as term ids
    mkdocs = env.programme[1]
    profiles = Profiles.model_validate({"required": ["bio", "role", "location", "timezone", "formats", "audiences"],
                                        "fields": [{"id": "years_of_experience", "label": "Years of experience",
                                                    "type": "number", "required": True},
                                                   {"id": "sector", "label": "Sector", "type": "choice",
                                                    "options": ["Public", "Private", "Voluntary"]}]})
    context = validation_context(read_vocabularies(mkdocs.parent, "vocabularies.yml"), mkdocs.parent,
                                 mkdocs.parent / "content", dt.date.today(), profiles)
    mentor = Mentor.model_validate({**row["profile"], "reviewed": dt.date.today()}, context=context)
    assert list(mentor.checks()) == []
    with pytest.raises(ValueError):  # and the rules bite: without the programme's own field it is not a profile
        Mentor.model_validate({**row["profile"], "details": {}, "reviewed": dt.date.today()}, context=context)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("bio", "Ring me on +44 7700 900456 after six", CONTACT_IN_PROFILE.format(kind="a phone number")),
    ("bio", "Write to ada@example.org any time", CONTACT_IN_PROFILE.format(kind="an email address")),
    ("headline", "Mentor: ada@example.org", CONTACT_IN_PROFILE.format(kind="an email address")),
    ("links.1.url", "mailto:ada@example.org", None),
])
def test_contact_details_in_public_fields_are_refused(applied: TestClient, env: Env, field: str, value: str,
                                                      message: str | None) -> None:
    reply = post_json(applied, application(**{field: value}))
    assert reply.status_code == 422
    errors = reply.json()["errors"]
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == message
    assert "public" in errors[field] and "contact" in errors[field]
    assert env.scalar("SELECT count(*) FROM applications") == 0


RULES: list[tuple[dict[str, Any], str, str | None]] = [
    ({"name": "A" * 81}, "name", "Your name must be 80 characters or fewer"),
    ({"headline": "x" * 121}, "headline", "Headline must be 120 characters or fewer"),
    ({"bio": "x" * 5001}, "bio", "About you must be 5000 characters or fewer"),
    ({"referees.1.relationship": "x" * 101}, "referees.1.relationship",
     "How your first referee knows you must be 100 characters or fewer"),
    ({"name": {"first": "Ada"}}, "name", "This answer must be text"),
    ({"name": "Ada\u200bObi"}, "name", "This answer contains characters that cannot be stored; remove them and try again"),
    ({"bio": "Line one\nline two\x00"}, "bio", None),
    ({"expertise": ["python", "basket-weaving"]}, "expertise", "Choose from the options the form offers"),
    ({"languages": ["xx"]}, "languages", "Choose from the options the form offers"),
    ({"location.country": "Narnia"}, "location.country", "Choose from the options the form offers"),
    ({"role": "wizard"}, "role", "Choose from the options the form offers"),
    ({"formats": ["telepathy"]}, "formats", "Choose from the options the form offers"),
    ({"timezone": "Mars/Olympus"}, "timezone", None),
    ({"capacity": "two"}, "capacity", "Enter how many mentees you can mentor at once, as a whole number like 2"),
    ({"capacity": "25"}, "capacity", "Enter how many mentees you can mentor at once, 20 or fewer"),
    ({"sessions": "maybe"}, "sessions", "Choose from the options the form offers"),
    ({"details.sector": "Pirate"}, "details.sector", None),
    ({"details.years_of_experience": "lots"}, "details.years_of_experience",
     "Enter years of experience, as a number"),
    ({"links.1.label": None}, "links.1.label", "Enter what the link is, such as 'Personal website'"),
    ({"email": "ada@"}, "email", "Enter an email address in the correct format, like name@example.com"),
    ({"phone": "call me"}, "phone", PHONE_FORMAT),
    ({"referees.1.contact": "not a contact"}, "referees.1.contact", None),
    ({"referees.1.contact": "ADA.OBI@example.org"}, "referees.1.contact", None),
    ({"referees.2.contact": "bea.kim@example.net"}, "referees.2.contact", "Give two different referees"),
    ({"available_from": "next spring"}, "available_from", None),
    ({"checks_consent": None}, "checks_consent", "You must agree to the programme's checks to apply"),
    ({"favourite_colour": "green"}, "favourite_colour", "This question is not on the form"),
    ({"bio": "Write to ada@example.org any time"}, "bio", CONTACT_IN_PROFILE.format(kind="an email address")),
]


@pytest.mark.parametrize(("changes", "field", "message"), RULES)
def test_each_rule_refuses_with_a_message_at_its_field(applied: TestClient, env: Env, changes: dict[str, Any],
                                                       field: str, message: str | None) -> None:
    reply = post_json(applied, application(**changes))
    assert reply.status_code == 422, reply.text
    errors = reply.json()["errors"]
    assert field in errors, errors
    if message is not None:
        assert errors[field] == message
    assert env.scalar("SELECT count(*) FROM applications") == 0
    assert env.scalar("SELECT count(*) FROM audit_events") == 0


def test_a_repeated_submission_is_stored_once_and_answered_as_the_first(applied: TestClient, env: Env) -> None:
    data = application()
    first = post_json(applied, data)
    again = post_json(applied, {**data, "name": "  Ada Obi  "})  # the same answers, typed again
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert env.scalar("SELECT count(*) FROM applications") == 1
    other = post_json(applied, {**data, "name": "Someone Else"})
    assert other.status_code == 409 and "submission_id" in other.json()["errors"]
    assert env.scalar("SELECT count(*) FROM applications") == 1


def test_a_filled_honeypot_is_stored_as_spam_and_answered_as_success(applied: TestClient, env: Env) -> None:
    reply = post_json(applied, application(website="http://spam.example"))
    assert reply.status_code == 200 and reply.json()["id"]
    [row] = stored(env)
    assert row["spam"] and row["honeypot"] == "http://spam.example"


def test_a_plain_post_is_redirected_to_the_thank_you_page(applied: TestClient) -> None:
    reply = post_form(applied, application())
    assert reply.status_code == 303
    target = reply.headers["location"]
    assert target.startswith("/applications/thanks?ref=")
    page = applied.get(target)
    assert page.status_code == 200
    assert "Application sent" in page.text and target.split("=")[1] in page.text
    assert "Ada" not in page.text
    assert "No application sent" in applied.get("/applications/thanks?ref=<script>").text


def test_a_plain_post_with_mistakes_shows_the_form_again_with_every_answer_kept(applied: TestClient) -> None:
    data = application(bio="Call me on 0113 496 0000", phone="", **{"links.1.url": "https://ada.example.org/é"})
    reply = post_form(applied, data)
    assert reply.status_code == 422
    page = reply.text
    assert "There is a problem" in page and 'href="#application-bio"' in page and 'href="#application-phone"' in page
    assert "Call me on 0113 496 0000</textarea>" in page
    assert 'value="Leeds"' in page and 'value="bea.kim@example.net"' in page and 'value="2027-01-15"' in page
    assert 'value="python" checked' in page and 'value="in-person" checked' in page
    assert 'id="application-checks-consent" type="checkbox" name="checks_consent" value="true" required checked' in page
    assert f'name="submission_id" value="{data["submission_id"]}"' in page


@pytest.mark.parametrize("headers", [{"Content-Type": "application/x-www-form-urlencoded"}, {}],
                         ids=["empty-form", "no-body"])
def test_an_empty_plain_post_names_every_question_on_the_page(applied: TestClient, headers: dict[str, str]) -> None:
    reply = applied.post("/applications", content=b"", headers={"Origin": ORIGIN, **headers})
    assert reply.status_code == 422
    assert 'href="#application-name"' in reply.text and 'href="#application-checks-consent"' in reply.text


def test_a_foreign_origin_is_refused(applied: TestClient, env: Env) -> None:
    reply = applied.post("/applications", json=application(), headers={"Origin": "https://evil.example"})
    assert reply.status_code == 403 and "origin" in reply.json()["errors"]
    assert env.scalar("SELECT count(*) FROM applications") == 0


def test_without_the_vocabularies_the_inbox_says_it_cannot_check_applications(env: Env) -> None:
    client = env.client()  # the fixture programme has no vocabularies.yml beside its mkdocs.yml
    reply = post_json(client, application())
    assert reply.status_code == 503 and "vocabularies" in reply.json()["errors"]["form"]


def test_every_private_question_is_kept_out_of_the_profile(applied: TestClient, env: Env) -> None:
    """Contact details in every private field (issue 20's own test is on the written profile)."""
    marks = {name: f"private-mark-{index}" for index, name in enumerate(PRIVATE_NAMES)}
    data = application(**{**marks, "email": "mark@example.org", "phone": "+1 202 555 0147",
                          "referees.1.contact": "ref1@example.org", "referees.2.contact": "+1 202 555 0199",
                          "available_from": "2027-03-01", "checks_consent": "true"})
    assert post_json(applied, data).status_code == 200
    [row] = stored(env)
    text = json.dumps(row["profile"])
    for value in (*marks.values(), "mark@example.org", "555 0147", "ref1@", "555 0199", "2027-03-01"):
        assert value not in text, value


def test_coordinators_get_a_dashboard_link_and_the_applicant_their_reference_and_none_of_their_answers(
        env: Env, coordinator: tuple[str, str]) -> None:
    mentors, mkdocs = env.programme
    shutil.copy(REPO / "vocabularies.yml", mkdocs.parent / "vocabularies.yml")
    mkdocs.write_text(PROGRAMME_YML + PROFILES_YML, encoding="utf-8")
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none",
                            smtp_from="inbox@programme.example")
        reference = post_json(client, application()).json()["id"]
        assert [to for to, _ in box.messages] == [["coord@example.org"], ["ada.obi@example.org"]]
        notice, acknowledgement = (m for _, m in box.messages)
        assert f"http://inbox.test/dashboard/applications/{reference}" in notice.as_string()
        assert reference in acknowledgement["Subject"] and reference in acknowledgement.as_string()
        assert "What happens next" in body(acknowledgement)
        for message in (notice, acknowledgement):
            for answer in ("Ada", "Obi", "7700", "Bea Kim", "Chidi", "Leeds", "twelve years", "MH1-ABCD"):
                assert answer not in body(message), answer
        post_json(client, application(website="http://spam.example"))  # spam and repeats send nothing
        assert len(box.messages) == 2


def test_each_rule_refuses_in_the_sites_language(env: Env) -> None:
    """The application form posts no language of its own: a French site's refusals are French, the
    values that are messages themselves too (a question's label, "an email address"; issue 21)."""
    english = applying_inbox(env)
    said = [post_json(english, application(**changes)).json()["errors"][field] for changes, field, _ in RULES]
    mkdocs = env.programme[1]
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "theme:\n  name: material\n  language: fr\n",
                      encoding="utf-8")
    french = env.client()
    for (changes, field, _), english_words in zip(RULES, said):
        dit = post_json(french, application(**changes)).json()["errors"][field]
        pieces = [p.strip() for p in re.split(r"[,.:;]", english_words) if len(p.strip()) >= 12 and " " in p.strip()]
        assert dit != english_words and not [p for p in pieces if p in dit], (changes, english_words, dit)


def test_application_e_mails_are_in_the_sites_default_language(env: Env, coordinator: tuple[str, str]) -> None:
    """The application form posts no language of its own: its e-mails speak the site's (issue 21)."""
    mentors, mkdocs = env.programme
    shutil.copy(REPO / "vocabularies.yml", mkdocs.parent / "vocabularies.yml")
    mkdocs.write_text(PROGRAMME_YML + PROFILES_YML + "theme:\n  name: material\n  language: fr\n", encoding="utf-8")
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none")
        reference = post_json(client, application()).json()["id"]
        notice, acknowledgement = (m for _, m in box.messages)
        assert "Une nouvelle demande de mentorat" not in body(notice)
        assert body(notice).startswith("Une nouvelle candidature de mentor est arrivée.")
        text = body(acknowledgement)
        assert text.startswith("Merci d’avoir proposé d’être mentor avec Inbox test programme.")
        assert f"Votre référence : {reference}" in text and "écrivez à office@inbox-test.example" in text


def test_the_request_receivers_rate_limit_and_content_types_apply(env: Env) -> None:
    mentors, mkdocs = env.programme
    shutil.copy(REPO / "vocabularies.yml", mkdocs.parent / "vocabularies.yml")
    client = env.client(rate_limit=Rate(2, 60))
    assert client.post("/applications", content=b"<x/>", headers={"Origin": ORIGIN, "Content-Type": "text/xml",
                                                                  "Accept": "application/json"}).status_code == 415
    assert post_json(client, {}).status_code == 422
    refused = post_json(client, application())
    assert refused.status_code == 429 and "Retry-After" in refused.headers and "form" in refused.json()["errors"]
    assert env.scalar("SELECT count(*) FROM applications") == 0


def test_copies_of_one_submission_sent_at_once_are_stored_once(applied: TestClient, env: Env) -> None:
    """A double click that reaches two workers: the unique submission id keeps one, and every copy
    gets its reference (on PostgreSQL the loser's insert fails inside its transaction)."""
    data = application()
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(lambda _: post_json(applied, data), range(4)))
    assert [r.status_code for r in replies] == [200] * 4
    assert len({r.json()["id"] for r in replies}) == 1
    assert env.scalar("SELECT count(*) FROM applications") == 1
    assert env.scalar("SELECT count(*) FROM audit_events") == 1
