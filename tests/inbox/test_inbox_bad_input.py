"""Bad input: each gets a clear 4xx that names the field, and nothing is written at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from inbox_support import ORIGIN, Env, adult, post_json, search

JSON_HEADERS = {"Accept": "application/json", "Origin": ORIGIN}
PAYLOADS = ("Robert'); DROP TABLE requests;-- \" OR 1=1 --", "<script>alert('x')</script><img src=x onerror=alert(1)>")


def without(name: str) -> dict[str, Any]:
    data = adult()
    del data[name]
    return data


def raw(body: bytes | str, content_type: str) -> dict[str, Any]:
    return {"content": body, "headers": {**JSON_HEADERS, "Content-Type": content_type}}


# (case, keyword arguments for client.post, expected status, field the answer must name)
CASES: list[tuple[str, dict[str, Any], int, str]] = [
    ("oversized body", raw(json.dumps(adult(goals="x" * 40_000)), "application/json"), 413, "body"),
    ("oversized form", raw(urlencode(adult(goals="x" * 40_000)), "application/x-www-form-urlencoded"), 413, "body"),
    ("text/plain", raw("hello", "text/plain"), 415, "content_type"),
    ("xml", raw("<request/>", "application/xml"), 415, "content_type"),
    ("multipart", {"files": {"goals": ("g.txt", b"x")}, "data": {"preferred_name": "Rui"},
                   "headers": JSON_HEADERS}, 415, "content_type"),
    ("latin-1 charset", raw("preferred_name=Rui", "application/x-www-form-urlencoded; charset=latin-1"), 415,
     "content_type"),
    ("no content type", raw("preferred_name=Rui", ""), 415, "content_type"),
    ("broken json", raw('{"preferred_name": ', "application/json"), 400, "body"),
    ("json array", raw("[1, 2]", "application/json"), 400, "body"),
    ("invalid utf-8", raw(b"preferred_name=%FF%FE", "application/x-www-form-urlencoded"), 400, "body"),
    ("raw invalid utf-8", raw(b'{"preferred_name": "\xff"}', "application/json"), 400, "body"),
    ("too many fields", raw("&".join(f"f{i}=x" for i in range(500)), "application/x-www-form-urlencoded"), 400,
     "body"),
    *[(f"missing {name}", {"json": without(name), "headers": JSON_HEADERS}, 422, name)
      for name in ("preferred_name", "email", "age_band", "goals", "languages", "format", "availability",
                   "privacy_version", "privacy_consent")],
    ("empty name", {"json": adult(preferred_name="   "), "headers": JSON_HEADERS}, 422, "preferred_name"),
    ("invalid email", {"json": adult(email="rui at example"), "headers": JSON_HEADERS}, 422, "email"),
    ("email with spaces", {"json": adult(email="rui @example.org"), "headers": JSON_HEADERS}, 422, "email"),
    ("invalid guardian email", {"json": adult(age_band="16-17", mentor="lee", guardian_name="Maria",
                                              guardian_email="maria@"), "headers": JSON_HEADERS}, 422,
     "guardian_email"),
    ("minor without guardian", {"json": adult(age_band="16-17", mentor="lee"), "headers": JSON_HEADERS}, 422,
     "guardian_name"),
    ("too young", {"json": adult(age_band="under-13", mentor=""), "headers": JSON_HEADERS}, 422, "age_band"),
    ("unknown mentor", {"json": adult(mentor="nobody-here"), "headers": JSON_HEADERS}, 422, "mentor"),
    ("mentor not a slug", {"json": adult(mentor="ana'; DROP TABLE requests;--"), "headers": JSON_HEADERS}, 422,
     "mentor"),
    ("unknown age band", {"json": adult(age_band="42"), "headers": JSON_HEADERS}, 422, "age_band"),
    ("unknown format", {"json": adult(format="<b>"), "headers": JSON_HEADERS}, 422, "format"),
    ("unknown availability", {"json": adult(availability=["midnight"]), "headers": JSON_HEADERS}, 422,
     "availability"),
    ("no consent", {"json": adult(privacy_consent="false"), "headers": JSON_HEADERS}, 422, "privacy_consent"),
    ("name too long", {"json": adult(preferred_name="R" * 61), "headers": JSON_HEADERS}, 422, "preferred_name"),
    ("goals too long", {"json": adult(goals="g" * 1501), "headers": JSON_HEADERS}, 422, "goals"),
    ("unknown field", {"json": adult(favourite_colour="blue"), "headers": JSON_HEADERS}, 422, "favourite_colour"),
    ("object for a name", {"json": adult(preferred_name={"first": "Rui"}), "headers": JSON_HEADERS}, 422,
     "preferred_name"),
    ("nested list", {"json": adult(languages=[["en"]]), "headers": JSON_HEADERS}, 422, "languages"),
    ("object as an answer", {"json": adult(answers={"school": {"a": 1}}), "headers": JSON_HEADERS}, 422,
     "answers.school"),
    ("NUL in goals", {"json": adult(goals="first\x00job"), "headers": JSON_HEADERS}, 422, "goals"),
    ("control character in name", {"json": adult(preferred_name="Rui\x1b[31m"), "headers": JSON_HEADERS}, 422,
     "preferred_name"),
    ("lone surrogate", raw('{"preferred_name": "\\ud800", "email": "a@b.org"}', "application/json"), 422,
     "preferred_name"),
    ("NUL in a form", raw(urlencode(adult(goals="a\x00b"), doseq=True), "application/x-www-form-urlencoded"), 422,
     "goals"),
    ("oversized submission id", {"json": adult(submission_id="s" * 65), "headers": JSON_HEADERS}, 422,
     "submission_id"),
]


@pytest.fixture
def small_client(env: Env) -> Iterator[TestClient]:
    yield env.client(max_body_bytes=16 * 1024)


@pytest.mark.parametrize("case, kwargs, status, field", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_naming_the_field(env: Env, small_client: TestClient, case: str,
                                               kwargs: dict[str, Any], status: int, field: str) -> None:
    reply = small_client.post("/requests", **kwargs)
    assert reply.status_code == status, reply.text
    errors = reply.json()["errors"]
    assert field in errors and errors[field], errors
    assert env.counts() == (0, 0), "nothing may be written for a refused request"
    assert env.scalar("SELECT count(*) FROM audit_events") == 0


def test_a_streamed_body_over_the_limit_is_cut_off(env: Env, small_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"goals=" + b"x" * 1000 + b"&"

    reply = small_client.post("/requests", content=chunks(),
                              headers={**JSON_HEADERS, "Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 413 and "body" in reply.json()["errors"]
    assert env.counts() == (0, 0)


def test_a_plain_form_post_gets_an_html_page_naming_each_field(env: Env, client: TestClient) -> None:
    data = adult(email="not-an-email")
    del data["goals"]
    reply = client.post("/requests", data=data, headers={"Origin": ORIGIN, "Referer": ORIGIN + "/request/"})
    assert reply.status_code == 422 and reply.headers["content-type"].startswith("text/html")
    assert "Your email address" in reply.text and "Enter an email address in the correct format" in reply.text
    assert "What would you like to get from mentoring?" in reply.text
    assert f'href="{ORIGIN}/request/"' in reply.text
    assert env.counts() == (0, 0)


@pytest.mark.parametrize("payload", PAYLOADS, ids=["sql", "html"])
def test_sql_and_html_in_every_field_are_stored_as_text_or_refused(env: Env, client: TestClient,
                                                                  payload: str) -> None:
    text_fields = ("preferred_name", "goals", "guardian_name", "privacy_version", "submission_id")
    data = adult(age_band="16-17", mentor="lee", guardian_email="maria@example.org", interests=["careers"],
                 languages=["en"], answers={"school": payload},
                 **{name: payload[:40] if name in ("privacy_version",) else payload for name in text_fields})
    data["preferred_name"] = payload[:60]
    reply = post_json(client, data)
    assert reply.status_code == 200, reply.text
    row = env.rows("SELECT * FROM requests")[0]
    assert row["preferred_name"] == payload[:60] and row["goals"] == payload and row["guardian_name"] == payload
    assert row["privacy_version"] == payload[:40] and row["submission_id"] == payload
    answers = json.loads(row["answers"]) if isinstance(row["answers"], str) else row["answers"]
    assert answers == {"school": payload}
    # fields with fixed answers refuse it, naming the field; nothing else is stored
    for name in ("mentor", "age_band", "format", "availability", "interests", "languages", "email",
                 "guardian_email"):
        value: Any = [payload] if name in ("availability", "interests", "languages") else payload
        refused = post_json(client, {**adult(age_band="16-17", mentor="lee", guardian_name="M",
                                             guardian_email="m@example.org"), name: value})
        assert refused.status_code == 422 and name in refused.json()["errors"], name
    assert env.counts() == (1, 1)
    assert env.scalar("SELECT count(*) FROM coordinators") == 0  # every table still there


def test_sql_and_html_are_shown_as_text_on_the_dashboard(env: Env, dashboard: TestClient) -> None:
    payload = PAYLOADS[1]
    reply = post_json(dashboard, adult(preferred_name=payload[:60], goals=payload, answers={"school": payload}))
    reference = reply.json()["id"]
    for page in (dashboard.get("/dashboard/"), dashboard.get(f"/dashboard/requests/{reference}")):
        assert page.status_code == 200
        assert "<script>" not in page.text and "<img src=x" not in page.text
        assert "&lt;script&gt;" in page.text
    email = "o'brien--b@example.org"  # `<b>` is no part of an address (email-validator refuses it)
    assert post_json(dashboard, adult(email=email)).status_code == 200
    listed = search(dashboard, q="o'brien--b")
    assert 'value="o&#39;brien--b"' in listed.text and "1 request." in listed.text
    assert 'value="&lt;b&gt;o&#39;"' in search(dashboard, q="<b>o'").text
    assert env.scalar("SELECT count(*) FROM requests WHERE email = :e", e=email) == 1


def test_the_inbox_own_error_pages_are_in_the_sites_language(env: Env) -> None:
    """A body too large is refused before it is read, so in the site's language, for a page and
    for a script alike (issue 21)."""
    mkdocs = env.programme[1]
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8") + "theme:\n  name: material\n  language: fr\n",
                      encoding="utf-8")
    client = env.client(max_body_bytes=16 * 1024)
    page = client.post("/requests", content=urlencode(adult(goals="x" * 40_000)),
                       headers={"Origin": ORIGIN, "Content-Type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413 and '<html lang="fr"' in page.text
    assert "Erreur 413" in page.text and "octets" in page.text
    script = client.post("/requests", content=json.dumps(adult(goals="x" * 40_000)),
                         headers={**JSON_HEADERS, "Content-Type": "application/json"})
    assert script.status_code == 413 and "octets" in script.json()["errors"]["body"]
    assert env.counts() == (0, 0)
