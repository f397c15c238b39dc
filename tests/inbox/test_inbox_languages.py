"""Issue 21: the receiver answers a request form's field errors in the language the form was posted
from (its hidden `language` field: a language Mentor Hub has a catalogue for, else English)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from inbox_support import Env, adult, post_form, post_json

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
