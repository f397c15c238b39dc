"""Issue 21: the inbox's own pages for a mentee (a plain form post that needs fixing, the thank-you
pages, a survey's and a mentor application's) speak the language of the page the mentee came from
(its posted `language`), with no English word of ours left; and the site's survey and application
forms post that language, so the inbox's answers, errors, pages and e-mails follow it.

English is looked for as tests/test_languages_pages.py looks for it: the catalogue's own msgids
from the sources these pages are made of (long enough to be phrases, not a word a translation
shares), and phrases the templates held before they were wrapped."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from inbox_support import ORIGIN, Env, adult, post_form
from support import catalogue_phrases
from smtp_fake import smtp_server
from survey_records import answer, body
from test_inbox_application_form import application, applying_inbox

SOURCES = tuple("mentorhub/" + rel for rel in (  # as the catalogues' "#:" lines name them
    "inbox/templates/page.html", "inbox/templates/public_base.html", "inbox/templates/form_fields.html",
    "inbox/templates/request_form.html", "inbox/templates/request_thanks.html",
    "inbox/templates/survey_form.html", "inbox/templates/survey_thanks.html",
    "inbox/templates/application_form.html", "inbox/templates/application_thanks.html",
    "inbox/public.py", "inbox/intake.py", "inbox/responses.py", "inbox/applications.py",
    "content/request_form.py", "content/requests.py", "content/surveys.py",
    "content/application_form.py", "content/applications.py"))
BEFORE = ("There is a problem", "Request a mentor", "(optional)", "Send request", "Leave this field empty",
          "Your request has not been sent", "privacy notice", "go back to the request form", "Request sent",
          "No request sent", "Your reference", "Keep this reference", "What happens next", "working days",
          "Back to the mentors", "home page", "Skip to main content", "Send answers", "Answers sent",
          "Thank you for answering", "Survey not found", "Your answers have not been sent", "Become a mentor",
          "Your public profile", "For the programme only", "Send application", "Application sent",
          "A coordinator reads your application")


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    """SQLite only: what is checked here is words, which do not depend on the database."""
    return sqlite_url


def _text(page: str) -> str:
    """What a reader sees, attribute values included; the hidden fields' values (the answers the
    mentee typed and the site's addresses) are theirs, not ours."""
    return html.unescape(re.sub(r'<input type="hidden"[^>]*>', "", page))


def _pages(env: Env, code: str | None) -> dict[str, str]:
    """Every public page of the inbox, reached as a mentee reaches it from a page in `code`."""
    lang = {"language": code} if code else {}
    query = f"&language={code}" if code else ""
    client = env.client()
    pages: dict[str, Any] = {
        "request form with errors": post_form(client, adult(email="not-an-address", goals="", **lang)),
        "request form for a mentor": client.get(f"/requests/new?mentor=ana&privacy_version=2026-09{query}"),
        "no request sent": client.get(f"/requests/thanks?x=1{query}"),
    }
    sent = post_form(client, adult(next="/requests/thanks", **lang))
    assert sent.status_code == 303, sent.text
    pages["request sent"] = client.get(sent.headers["location"])
    pages["request sent, mentor full"] = client.get(
        f"/requests/thanks?ref=ABCD-EFGH-JKMN&mentor_full=ana&alternatives=lee{query}")
    pages["survey with errors"] = answer(client, "monthly", {"token": "", **lang})
    done = answer(client, "feedback", {"idea": "More evening sessions", **lang})
    assert done.status_code == 303, done.text
    pages["survey thanks"] = client.get(done.headers["location"])
    pages["no such survey"] = client.get(f"/surveys/nope/thanks?x=1{query}")
    applied = applying_inbox(env)
    pages["application with errors"] = applied.post("/applications", data=application(email="not-an-address", **lang),
                                                     headers={"Origin": ORIGIN})
    sent = applied.post("/applications", data=application(**lang), headers={"Origin": ORIGIN})
    assert sent.status_code == 303, sent.text
    pages["application sent"] = applied.get(sent.headers["location"])
    pages["no application sent"] = applied.get(f"/applications/thanks?x=1{query}")
    return {name: reply.text for name, reply in pages.items()}


@pytest.fixture
def with_surveys(env: Env) -> Env:
    from survey_records import write_surveys
    write_surveys(env)
    return env


def test_the_english_looked_for_comes_from_every_source() -> None:
    """The catalogues' locations are the sources' (a rename of the package once left the inbox's out)."""
    english = catalogue_phrases(SOURCES)
    for piece in ("There is a problem", "Send application", "This answer must be text",
                  "Enter the code from your invitation e-mail"):
        assert piece in english


@pytest.mark.parametrize("code", ["es", "fr"])
def test_a_mentees_pages_on_the_inbox_speak_the_language_of_the_page_they_came_from(with_surveys: Env,
                                                                                     code: str) -> None:
    english = catalogue_phrases(SOURCES) | set(BEFORE)
    for name, page in _pages(with_surveys, code).items():
        assert f'<html lang="{code}"' in page, name
        text = _text(page)
        left = sorted(piece for piece in english if piece in text)
        assert not left, f"{code} {name} still shows: {left}"


def test_the_check_finds_english_on_the_english_pages(with_surveys: Env) -> None:
    """The same look-up on the pages in English finds our words, so the test above can fail."""
    english = catalogue_phrases(SOURCES) | set(BEFORE)
    for name, page in _pages(with_surveys, None).items():
        assert '<html lang="en"' in page, name
        assert {piece for piece in english if piece in _text(page)}, name


def test_a_refused_plain_post_is_sent_again_in_its_language(with_surveys: Env) -> None:
    page = post_form(with_surveys.client(), adult(email="not-an-address", language="fr")).text
    assert '<input type="hidden" name="language" value="fr">' in page
    assert "Saisissez une adresse e-mail au bon format" in page and "Il y a un problème" in page


# --- the survey and application forms post their language ------------------------------------------

SURVEY_ERRORS = {"es": "Introduce el código de tu correo de invitación",
                 "fr": "Saisissez le code de votre e-mail d’invitation"}


@pytest.mark.parametrize("code", ["es", "fr"])
def test_a_surveys_errors_come_back_in_the_language_it_was_posted_from(with_surveys: Env, code: str) -> None:
    client = with_surveys.client()
    reply = client.post("/surveys/monthly/responses", json={"language": code, "satisfaction": "4", "worry": "no"},
                        headers={"Origin": ORIGIN, "Accept": "application/json"})
    assert reply.status_code == 422
    assert reply.json()["errors"]["token"] == _translated(code, "Enter the code from your invitation e-mail")
    plain = answer(client, "monthly", {"token": "", "language": code})
    assert _translated(code, "Enter the code from your invitation e-mail") in html.unescape(plain.text)


def test_a_survey_posted_with_no_language_is_answered_in_the_sites(with_surveys: Env) -> None:
    reply = with_surveys.client().post("/surveys/monthly/responses", json={"satisfaction": "4"},
                                       headers={"Origin": ORIGIN, "Accept": "application/json"})
    assert reply.json()["errors"]["token"] == "Enter the code from your invitation e-mail"


@pytest.mark.parametrize("code", ["es", "fr"])
def test_an_applications_errors_thanks_and_acknowledgement_follow_its_page(env: Env, coordinator: tuple[str, str],
                                                                           code: str) -> None:
    applied = applying_inbox(env)
    reply = applied.post("/applications", json=application(email="not-an-address", name="", language=code),
                         headers={"Origin": ORIGIN, "Accept": "application/json"})
    assert reply.status_code == 422
    errors = reply.json()["errors"]
    assert errors["email"] == _translated(code, "Enter an email address in the correct format, like name@example.com")
    assert errors["name"] == _translated(code, "Enter your name")
    with smtp_server() as box:
        mailing = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none",
                             smtp_from="inbox@programme.example")
        sent = mailing.post("/applications", data=application(language=code), headers={"Origin": ORIGIN})
        assert sent.status_code == 303 and f"language={code}" in sent.headers["location"]
        thanks = mailing.get(sent.headers["location"]).text
        assert _translated(code, "Application sent") in thanks
        to_applicant = next(m for to, m in box.messages if to == ["ada.obi@example.org"])
        assert _translated(code, "If you did not apply, you can ignore this e-mail.") in body(to_applicant)
        to_office = next(m for to, m in box.messages if to != ["ada.obi@example.org"])
        assert "A new mentor application has arrived." in body(to_office)  # coordinators: the site's language


def _translated(code: str, msgid: str) -> str:
    from mentorhub.content.languages import language
    text = language(code).gettext(msgid)
    assert text != msgid, (code, msgid)
    return text
