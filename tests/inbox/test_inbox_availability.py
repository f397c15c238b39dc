"""GET /availability.json: live places per mentor for the site, without personal data."""

from __future__ import annotations

import json
import os
from pathlib import Path

from fastapi.testclient import TestClient

from inbox_support import MENTORS, ORIGIN, Env, adult, csrf, post_json


def places(client: TestClient) -> dict[str, tuple[str, int]]:
    """Each mentor's (state, free places); `accepting`, kept for pages built before `state`, must agree."""
    document = client.get("/availability.json").json()
    assert document["version"] == 1
    for m in document["mentors"].values():
        assert m["accepting"] == (m["state"] == "accepting") == (m["free_places"] > 0)
    return {mid: (m["state"], m["free_places"]) for mid, m in document["mentors"].items()}


def test_the_document_has_every_mentor_and_no_personal_data(env: Env, client: TestClient) -> None:
    post_json(client, adult(mentor="ana"))
    reply = client.get("/availability.json", headers={"Origin": ORIGIN})
    assert reply.status_code == 200
    assert reply.headers["cache-control"] == "public, max-age=60"
    assert reply.headers["access-control-allow-origin"] == ORIGIN
    assert "access-control-allow-origin" not in client.get("/availability.json",
                                                           headers={"Origin": "https://evil.example"}).headers
    document = reply.json()
    assert set(document) == {"version", "mentors"}
    assert set(document["mentors"]) == {m["id"] for m in MENTORS}
    for entry in document["mentors"].values():
        assert set(entry) == {"state", "accepting", "free_places"}
    assert "rui" not in reply.text.lower() and "example.org" not in reply.text


def test_places_follow_requests_and_their_states(env: Env, dashboard: TestClient) -> None:
    assert places(dashboard) == {"ana": ("accepting", 1), "lee": ("accepting", 3), "kofi": ("full", 0),
                                 "mo": ("paused", 0), "olu": ("stale", 0), "pat": ("accepting", 1),
                                 "sam": ("accepting", 2)}
    lee = [post_json(dashboard, adult(mentor="lee", email=f"m{n}@example.org")).json()["id"] for n in range(3)]
    post_json(dashboard, adult(mentor="lee", email="bot@example.org", website="x"))  # spam holds no place
    post_json(dashboard, adult(mentor="", email="anyone@example.org"))  # "help me choose" holds none either
    assert places(dashboard)["lee"] == ("full", 0)  # full, never "paused": the bug this issue was about
    # a request for a full mentor is kept, first in line for a freed place; paused and stale stay as they were
    late = post_json(dashboard, adult(mentor="lee", email="late@example.org")).json()
    assert late["mentor_full"] and places(dashboard)["lee"] == ("full", 0)
    assert (places(dashboard)["mo"], places(dashboard)["olu"]) == (("paused", 0), ("stale", 0))

    def move(reference: str, *statuses: str) -> None:
        for status in statuses:
            reply = dashboard.post(f"/dashboard/requests/{reference}/status",
                                   data={"csrf_token": csrf(dashboard), "status": status})
            assert reply.status_code == 303

    move(lee[0], "contacted", "matched")  # an active match still holds the place
    assert places(dashboard)["lee"] == ("full", 0)
    move(lee[1], "contacted", "declined")  # a declined request frees it, for the late request
    assert places(dashboard)["lee"] == ("full", 0)
    move(lee[0], "closed")  # closed: recorded in the content repository or ended
    assert places(dashboard)["lee"] == ("accepting", 1)
    move(late["id"], "contacted", "withdrawn")
    assert places(dashboard)["lee"] == ("accepting", 2)


def test_a_rebuilt_mentors_json_is_picked_up(env: Env) -> None:
    client = env.client(mentors_recheck_seconds=0.0)  # every request checks the files
    mentors_json: Path = env.programme[0]
    assert places(client)["ana"] == ("accepting", 1)
    changed = [{**m, "free_places": 0, "state": "full"} if m["id"] == "ana" else m for m in MENTORS]
    changed.append({**MENTORS[0], "id": "new-mentor", "name": "New Mentor", "url": "mentors/new-mentor/"})
    mentors_json.write_text(json.dumps({"version": 1, "mentors": changed}), encoding="utf-8")
    stat = mentors_json.stat()
    os.utime(mentors_json, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    now = places(client)
    assert now["ana"] == ("full", 0) and now["new-mentor"] == ("accepting", 1)
    # a broken file (say, half-written by a build) keeps the last good mentors
    mentors_json.write_text("{not json", encoding="utf-8")
    os.utime(mentors_json, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))
    assert places(client) == now
