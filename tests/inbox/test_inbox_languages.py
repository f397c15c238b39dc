"""Issue 21: the receiver answers a request form's field errors in the language the form was posted
from (its hidden `language` field: a language Mentor Hub has a catalogue for, else the site's default
language), keeps that language with the request, and writes the mentee's e-mails in it (their
confirmation, their survey invitations); coordinators' e-mails are in the site's default language."""

from __future__ import annotations

import datetime as dt
from email.header import decode_header, make_header
from email.message import Message

import pytest
from fastapi.testclient import TestClient

from inbox_support import Env, adult, post_form, post_json
from smtp_fake import smtp_server
from survey_records import START, body, matched, run, smtp, start_match_at

HOUR, WEEK = dt.timedelta(hours=1), dt.timedelta(weeks=1)

ERRORS = {
    "es": {"email": "Introduce una dirección de correo electrónico con el formato correcto, como nombre@example.com",
           "goals": "Cuéntanos qué te gustaría conseguir con la mentoría"},
    "fr": {"email": "Saisissez une adresse e-mail au bon format, comme nom@example.com",
           "goals": "Dites-nous ce que vous aimeriez retirer du mentorat"},
    "en": {"email": "Enter an email address in the correct format, like name@example.com",
           "goals": "Tell us what you would like to get from mentoring"},
}


@pytest.mark.parametrize(("posted", "said"), [("es", "es"), ("fr", "fr"), ("xx", "en"), (None, "en")])
def test_field_errors_come_back_in_the_forms_language(env: Env, client: TestClient, posted: str | None,
                                                      said: str) -> None:
    reply = post_json(client, adult(email="not-an-address", goals="", language=posted))
    assert reply.status_code == 422
    errors = reply.json()["errors"]
    assert {k: errors[k] for k in ERRORS[said]} == ERRORS[said]
    assert env.counts()[0] == 0


def test_a_named_mentors_message_is_translated_with_the_name_kept(env: Env, client: TestClient) -> None:
    reply = post_json(client, adult(mentor="nobody-here", language="fr"))
    assert reply.status_code == 422
    assert reply.json()["errors"]["mentor"] == "Choisissez un mentor dans la liste, ou « Aidez-moi à choisir »"


def test_a_plain_form_post_shows_its_errors_in_its_language(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(email="not-an-address", language="es"))
    assert reply.status_code == 422
    assert "Introduce una dirección de correo electrónico con el formato correcto" in reply.text


def test_a_valid_request_with_a_language_is_stored(env: Env, client: TestClient) -> None:
    assert post_json(client, adult(language="es")).status_code == 200


# --- the request's language, kept, and the e-mails written in it ------------------------------------

MAIL = {"preferred_name": "Rui", "email": "rui@example.org", "mentor": "ana"}
CONFIRMATION = {
    "es": ("Tu solicitud de mentoría a Inbox test programme: {ref}",
           ["Gracias: Inbox test programme ha recibido tu solicitud de mentoría con Ana Pereira.",
            "Tu referencia: {ref}", "responde en un plazo de 5 días laborables.",
            "Para preguntar por ella, escribe a office@inbox-test.example",
            "Si no enviaste esta solicitud, puedes ignorar este correo."]),
    "fr": ("Votre demande de mentorat à Inbox test programme : {ref}",
           ["Merci : Inbox test programme a bien reçu votre demande de mentorat auprès de Ana Pereira.",
            "Votre référence : {ref}", "répond sous 5 jours ouvrés.", "Pour toute question, écrivez à",
            "Si vous n’avez pas envoyé cette demande, vous pouvez ignorer cet e-mail."]),
    "en": ("Your mentor request to Inbox test programme: {ref}",
           ["Thank you: Inbox test programme has your mentor request for Ana Pereira.\n\nYour reference: {ref}\n\n"
            "A coordinator reads every request and replies within 5 working days. To ask about it, write to",
            "If you did not send this request, you can ignore this e-mail.\n"]),
}


def subject_of(message: Message) -> str:
    """The subject as its reader sees it (non-ASCII subjects travel RFC 2047-encoded)."""
    return str(make_header(decode_header(str(message["Subject"]))))


def _in_french(env: Env) -> None:
    """The programme's site speaks French by default (mkdocs.yml's theme.language)."""
    mkdocs = env.programme[1]
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "theme:\n  name: material\n  language: fr\n",
                      encoding="utf-8")


def _mailing(env: Env, port: int) -> TestClient:
    return env.client(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none", smtp_from="inbox@programme.example",
                      confirm_to_mentee=True)


@pytest.mark.parametrize(("posted", "said"), [("es", "es"), ("fr", "fr"), ("xx", "en"), (None, "en")])
def test_the_request_keeps_its_pages_language_and_the_mentees_copy_is_written_in_it(
        env: Env, coordinator: tuple[str, str], posted: str | None, said: str) -> None:
    with smtp_server() as box:
        reference = post_json(_mailing(env, box.port), adult(**MAIL, language=posted)).json()["id"]
        assert env.scalar("SELECT language FROM requests WHERE public_id = :r", r=reference) == said
        (to_office, notice), (to_mentee, copy) = box.messages
        assert to_mentee == ["rui@example.org"]
        subject, parts = CONFIRMATION[said]
        assert subject_of(copy) == subject.format(ref=reference)
        text = body(copy).replace("\r\n", "\n")
        for part in parts:
            assert part.format(ref=reference) in text, (part, text)
        # the coordinators' notice is in the site's default language (English here), whatever the page's
        assert subject_of(notice) == f"New mentor request {reference}"
        assert "A new mentor request has arrived." in body(notice)


def test_a_sites_default_language_is_the_coordinators_and_a_page_that_names_none(
        env: Env, coordinator: tuple[str, str]) -> None:
    _in_french(env)
    with smtp_server() as box:
        client = _mailing(env, box.port)
        reference = post_json(client, adult(**MAIL)).json()["id"]
        assert env.scalar("SELECT language FROM requests WHERE public_id = :r", r=reference) == "fr"
        notice, copy = (message for _, message in box.messages)
        assert subject_of(notice) == f"Nouvelle demande de mentorat {reference}"
        assert "Une nouvelle demande de mentorat est arrivée." in body(notice)
        assert f"Votre référence : {reference}" in body(copy)
        reference = post_json(client, adult(**{**MAIL, "email": "rui2@example.org"}, language="es")).json()["id"]
        assert subject_of(box.messages[3][1]) == f"Tu solicitud de mentoría a Inbox test programme: {reference}"
        # field errors too: a page naming no language Mentor Hub knows is answered in the site's
        reply = post_json(client, adult(email="not-an-address", language="xx"))
        assert reply.json()["errors"]["email"] == ERRORS["fr"]["email"]


def test_a_spanish_mentees_survey_invitation_is_spanish_and_their_mentors_is_the_sites(
        env: Env, surveyed: TestClient) -> None:
    reference = matched(env, surveyed, language="es")
    start_match_at(env, reference)
    with smtp_server() as box:
        run(env, START + HOUR, **smtp(env, box.port))
        (to, invitation), = box.messages
        assert to == ["rui@example.org"]
        assert subject_of(invitation) == "Welcome survey, de Inbox test programme"  # the survey's own words stay
        text = body(invitation).replace("\r\n", "\n")
        assert text.startswith("Hola, Rui:\n\nInbox test programme te pide que respondas a una breve encuesta: "
                               "Welcome survey.")
        assert "Ábrela aquí:" in text and "Si la página te pide tu código, es este:" in text
        # the code works 14 days after it is due: Babel's Spanish date
        assert "El código sirve una sola vez, hasta el miércoles, 16 de diciembre de 2026." in text
        run(env, START + 4 * WEEK + HOUR, **smtp(env, box.port))
        run(env, START + 4 * WEEK + 2 * HOUR, **smtp(env, box.port))
        mentor_mail = next(m for r, m in box.messages if r == ["ana.mentor@example.org"])
        assert "Hello Ana Pereira," in body(mentor_mail) and "started on Wednesday 2 December 2026" in body(mentor_mail)
        mentee_mail = next(m for r, m in box.messages[1:] if r == ["rui@example.org"])
        assert subject_of(mentee_mail) == "Monthly check-in, de Inbox test programme"


def test_requests_from_before_languages_were_kept_are_written_to_in_the_sites_language(
        env: Env, surveyed: TestClient) -> None:
    reference = matched(env, surveyed, language="es")
    env.execute("UPDATE requests SET language = NULL WHERE public_id = :r", r=reference)  # as 0008 leaves them
    _in_french(env)
    start_match_at(env, reference)
    with smtp_server() as box:
        run(env, START + HOUR, **smtp(env, box.port))
        assert body(box.messages[0][1]).startswith("Bonjour Rui,\r\n\r\n")
