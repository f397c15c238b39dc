"""E-mail to coordinators through SMTP: a link to the dashboard, never the mentee's details."""

from __future__ import annotations

import logging

import pytest

from browser import free_port
from inbox_support import Env, adult, post_form, post_json
from smtp_fake import smtp_server

MENTEE = {"preferred_name": "Rosalind", "email": "rosalind@example.org", "goals": "Become a crystallographer",
          "mentor": "ana", "answers": {"school": "Kings College"}}


def test_a_new_request_sends_coordinators_a_link_and_nothing_else(env: Env, coordinator: tuple[str, str]) -> None:
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none",
                            smtp_from="inbox@programme.example")
        reference = post_json(client, adult(**MENTEE)).json()["id"]
        assert len(box.messages) == 1
        recipients, message = box.messages[0]
        assert recipients == ["coord@example.org"]  # every active coordinator when INBOX_NOTIFY_TO is unset
        assert message["From"] == "inbox@programme.example" and reference in message["Subject"]
        payload = message.get_payload(decode=True)
        assert isinstance(payload, bytes)
        body = payload.decode()
        assert f"http://inbox.test/dashboard/requests/{reference}" in body
        whole = message.as_string()
        for secret in ("Rosalind", "rosalind", "crystallographer", "Kings College", "Ana Pereira", "ana"):
            assert secret not in whole, secret
        # spam and repeats send nothing
        post_json(client, adult(**{**MENTEE, "email": "bot@example.org"}, website="http://x"))
        post_json(client, adult(**MENTEE, submission_id="once"))
        post_form(client, adult(**MENTEE, submission_id="once"))
        assert len(box.messages) == 2


def test_notify_to_overrides_the_recipients(env: Env, coordinator: tuple[str, str]) -> None:
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none",
                            notify_to=("team@programme.example", "lead@programme.example"))
        post_json(client, adult())
        assert box.messages[0][0] == ["team@programme.example", "lead@programme.example"]


def test_without_smtp_settings_nothing_is_sent(env: Env) -> None:
    with smtp_server() as box:
        client = env.client()
        assert post_json(client, adult()).status_code == 200
        assert box.messages == []


def test_a_failing_mail_server_never_loses_the_request(env: Env, coordinator: tuple[str, str],
                                                       caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    client = env.client(smtp_host="127.0.0.1", smtp_port=free_port(), smtp_tls="none")  # nothing listens
    reply = post_json(client, adult(**MENTEE))
    assert reply.status_code == 200
    reference = reply.json()["id"]
    assert env.scalar("SELECT preferred_name FROM requests WHERE public_id = :r", r=reference) == "Rosalind"
    assert f"notification about request {reference} failed: ConnectionRefusedError" in caplog.text
    assert "rosalind" not in caplog.text.lower()


def _body(message: object) -> str:
    payload = message.get_payload(decode=True)  # type: ignore[attr-defined]
    assert isinstance(payload, bytes)
    return payload.decode()


def test_the_programme_may_send_mentees_their_reference_and_nothing_they_wrote(
        env: Env, coordinator: tuple[str, str]) -> None:
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none",
                            smtp_from="inbox@programme.example", confirm_to_mentee=True)
        reference = post_json(client, adult(**MENTEE)).json()["id"]
        assert len(box.messages) == 2  # the coordinators' notice, then the mentee's copy
        recipients, message = box.messages[1]
        assert recipients == ["rosalind@example.org"] and message["To"] == "rosalind@example.org"
        assert reference in message["Subject"]
        body = _body(message)
        assert f"Your reference: {reference}" in body
        assert "for Ana Pereira" in body  # the mentor asked for: public, and how the mentee knows the request
        assert "working days" in body
        for private in ("Rosalind", "crystallographer", "Kings College"):
            assert private not in message.as_string(), private
        # spam gets no copy (a bot's address is anyone's), nor does a repeat
        post_json(client, adult(**{**MENTEE, "email": "bot@example.org"}, website="http://x"))
        post_json(client, adult(**MENTEE, submission_id="twice"))
        post_json(client, adult(**MENTEE, submission_id="twice"))
        assert [m[0] for m in box.messages[2:]] == [["coord@example.org"], ["rosalind@example.org"]]


def test_mentees_get_no_copy_unless_the_programme_asks(env: Env, coordinator: tuple[str, str]) -> None:
    with smtp_server() as box:
        client = env.client(smtp_host="127.0.0.1", smtp_port=box.port, smtp_tls="none")
        post_json(client, adult(**MENTEE))
        assert [m[0] for m in box.messages] == [["coord@example.org"]]
