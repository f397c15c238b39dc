"""The inbox counts places for regular mentoring only: a one-off session takes none, so a mentor
who gives sessions is never filled up by them, and one with no places (capacity 0) takes requests."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from inbox_support import MENTORS, Env, adult, export, post_json
from mentorhub.content.requests import NO_SESSIONS, SESSIONS_ONLY


def _with_sessions(env: Env) -> TestClient:
    """The test programme plus a sessions-only mentor and one with one place and sessions."""
    extra = [{**MENTORS[0], "id": "ses", "url": "mentors/ses/", "name": "Sia Sessions", "capacity": 0,
              "free_places": 0, "sessions": True, "hours_per_month": 0},
             {**MENTORS[0], "id": "both", "url": "mentors/both/", "name": "Bo Both", "capacity": 1,
              "free_places": 1, "sessions": True}]
    mentors_json, _ = env.programme
    mentors_json.write_text(json.dumps({"version": 1, "mentors": [*MENTORS, *extra]}), encoding="utf-8")
    return env.client()


def _live(client: TestClient, mentor_id: str) -> tuple[str, int, bool]:
    live = client.get("/availability.json").json()["mentors"][mentor_id]
    return live["state"], live["free_places"], live["accepting"]


def test_sessions_take_no_place_and_regular_mentoring_does(env: Env) -> None:
    client = _with_sessions(env)
    for _ in range(3):  # as many sessions as are asked for
        reply = post_json(client, adult(mentor="ses", mentoring="session", email=f"s{_}@example.org"))
        assert reply.status_code == 200 and reply.json()["mentor_full"] is False, reply.text
    assert _live(client, "ses") == ("accepting", 0, True)

    assert post_json(client, adult(mentor="both", mentoring="long-term")).json()["mentor_full"] is False
    assert _live(client, "both") == ("accepting", 0, True)  # the place is gone; sessions go on
    late = post_json(client, adult(mentor="both", mentoring="long-term", email="late@example.org")).json()
    assert late["mentor_full"] is True  # kept for a coordinator, as for any mentor who filled up
    session = post_json(client, adult(mentor="both", mentoring="session", email="s@example.org")).json()
    assert session["mentor_full"] is False

    kinds = env.rows("SELECT mentor_id, mentoring FROM requests ORDER BY id")
    assert [(r["mentor_id"], r["mentoring"]) for r in kinds] == [
        ("ses", "session"), ("ses", "session"), ("ses", "session"),
        ("both", "long-term"), ("both", "long-term"), ("both", "session")]


def test_a_mentor_is_asked_only_for_what_they_give(env: Env) -> None:
    client = _with_sessions(env)
    reply = post_json(client, adult(mentor="ses", mentoring="long-term"))
    assert reply.status_code == 422
    assert reply.json()["errors"] == {"mentor": SESSIONS_ONLY.format(name="Sia Sessions")}
    reply = post_json(client, adult(mentor="ana", mentoring="session"))
    assert reply.json()["errors"] == {"mentor": NO_SESSIONS.format(name="Ana Pereira")}
    reply = post_json(client, adult(mentor="ana"))  # the form asks once a mentor gives sessions
    assert reply.json()["errors"] == {"mentoring": "Select the kind of mentoring you are looking for"}
    assert env.counts() == (0, 0)


def test_a_programme_without_sessions_is_unchanged(env: Env, client: TestClient) -> None:
    """No mentor gives sessions: the question is not asked, and a request is for regular mentoring."""
    assert post_json(client, adult(mentor="ana")).status_code == 200
    assert env.scalar("SELECT mentoring FROM requests") == "long-term"
    assert _live(client, "ana") == ("full", 0, False)


def test_the_export_says_which_kind(env: Env, dashboard: TestClient) -> None:
    client = _with_sessions(env)
    post_json(client, adult(mentor="ses", mentoring="session"))
    header, row = export(dashboard).text.lstrip("\ufeff").splitlines()[:2]
    columns = header.split(",")
    assert row.split(",")[columns.index("mentoring")] == "session"
