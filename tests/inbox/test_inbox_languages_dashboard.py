"""Issue 21: the coordinators' dashboard speaks the site's default language (mkdocs.yml's
theme.language): the sign-in page, the requests list (its tabs, filters, counts, table and the
erasure form), the survey summary and the mentor applications' list, with the statuses' labels,
with none of our English words left. English is looked for as tests/test_languages_pages.py looks
for it: the catalogue's msgids from the templates and modules these pages are made of, and phrases
the templates held before they were wrapped.

Not covered yet (README "What is translated"): an application's own page (application.html), and
the words the dashboard's Python writes (refusals, the survey timeline, profile labels, the
guardian's agreement, audit entries)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from mentorhub.content.languages import LOCALE_DIR
from inbox_support import Env, adult, post_json, sign_in
from survey_records import write_surveys

SOURCES = ("inbox/templates/page.html", "inbox/templates/base.html", "inbox/templates/login.html",
           "inbox/templates/list.html", "inbox/templates/tabs.html", "inbox/templates/detail.html",
           "inbox/templates/history.html", "inbox/templates/surveys.html",
           "inbox/templates/responses.html", "inbox/templates/applications.html", "inbox/templates/message.html",
           "inbox/models.py", "inbox/dashboard/common.py", "inbox/dashboard/applications.py")
BEFORE = ("Coordinators' inbox", "The programme's site", "Signed in as", "Sign out", "Requests by status",
          "Filter requests", "Help me choose", "Spam for review", "Only waiting too long", "Name, email or reference",
          "Clear search", "Export CSV", "Received", "Reference", "Waiting", "Erase a mentee's data",
          "When someone asks to be forgotten", "Their email address", "asked for their data to be erased",
          "Email address", "Password", "Sign in", "Invitations sent", "Response rate", "Who, when",
          "The response rate counts invitations", "Mentor applications", "Applications by status", "Youth-cleared",
          "No applications here", "Not done", "All requests", "Preferred name", "Parent or guardian",
          "Town or area", "Usually free", "Privacy notice agreed", "Move it on or add a note", "save the note only",
          "Change mentor", "Not spam", "Mark as spam", "Erase the mentee's data", "Removes the personal details",
          "Record that the guardian agreed", "must agree before mentoring starts", "In progress", "Withdrawn", "Screening", "Approved", "1 request")
FRAGMENT = re.compile(r"%\(\w+\)[sd]|\{\w+\}|<[^>]+>")


@pytest.fixture
def database_url(tmp_path: Path, sqlite_template: Path) -> Iterator[str]:
    """SQLite only: what is checked here is words, which do not depend on the database."""
    path = tmp_path / "inbox.db"
    shutil.copy(sqlite_template, path)
    yield f"sqlite:///{path}"


def _english() -> set[str]:
    found: set[str] = set()
    for pot in LOCALE_DIR.glob("*.pot"):
        with pot.open("rb") as file:
            for message in read_po(file):
                if not message.id or not any(where in SOURCES for where, _ in message.locations):
                    continue
                for msgid in [message.id] if isinstance(message.id, str) else message.id:
                    found |= {piece.strip(" .:;,()") for piece in FRAGMENT.split(msgid)}
    return {piece for piece in found if len(piece) >= 12 and " " in piece}


def _text(page: str) -> str:
    """What a reader sees, attribute values included, less what the programme and the mentee wrote
    (the survey titles, mentors' and mentees' names, the programme's name: content, English here)."""
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
    pages["surveys"] = client.get("/dashboard/surveys").text
    pages["applications"] = client.get("/dashboard/applications/").text
    pages["not found"] = client.get("/dashboard/requests/NOPE-NOPE-NOPE").text
    return pages


@pytest.mark.parametrize("code", ["es", "fr"])
def test_the_dashboard_speaks_the_sites_language(env: Env, coordinator: tuple[str, str], code: str) -> None:
    english = _english() | set(BEFORE)
    for name, page in _pages(env, code).items():
        assert f'<html lang="{code}"' in page, name
        text = _text(page)
        left = sorted(piece for piece in english if piece in text)
        assert not left, f"{code} {name} still shows: {left}"


def test_the_check_finds_english_on_an_english_dashboard(env: Env, coordinator: tuple[str, str]) -> None:
    english = _english() | set(BEFORE)
    for name, page in _pages(env, None).items():
        assert '<html lang="en"' in page, name
        assert {piece for piece in english if piece in _text(page)}, name


def test_counts_and_statuses_are_the_languages(env: Env, coordinator: tuple[str, str]) -> None:
    page = html.unescape(_pages(env, "fr")["requests"])
    assert "2 demandes." in page and ">Nouvelle" in page and "En cours" in page
    assert "Se déconnecter" in page and "Boîte de la coordination" in page
