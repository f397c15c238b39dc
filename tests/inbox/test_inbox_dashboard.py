"""The coordinators' dashboard: sign-in, CSRF, states, audit trail, CSV export, erasure, stale requests."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from http.cookies import SimpleCookie
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from inbox_support import COORDINATOR, Env, adult, csrf, export, hidden, post_json, search, sign_in

PERSONAL = ("Rui", "rui@example.org", "Find my first job in software")


def send(client: TestClient, **changes: object) -> str:
    reply = post_json(client, adult(**changes))
    assert reply.status_code == 200, reply.text
    return str(reply.json()["id"])


def move(client: TestClient, reference: str, status: str, note: str = "", token: str | None = None) -> httpx.Response:
    token = csrf(client, f"/dashboard/requests/{reference}") if token is None else token
    reply: httpx.Response = client.post(f"/dashboard/requests/{reference}/status",
                                        data={"csrf_token": token, "status": status, "note": note})
    return reply


def status_of(env: Env, reference: str) -> str:
    return str(env.scalar("SELECT status FROM requests WHERE public_id = :r", r=reference))


def test_pages_and_exports_refuse_anyone_not_signed_in(env: Env, client: TestClient,
                                                       coordinator: tuple[str, str]) -> None:
    reference = send(client)
    for path in ("/dashboard/", f"/dashboard/requests/{reference}", "/dashboard/export.csv",
                 "/dashboard/?show=all&status=new"):
        reply = client.get(path)
        assert reply.status_code == 303 and reply.headers["location"].startswith("/dashboard/login?next=")
        assert not any(p in reply.text for p in PERSONAL)
    for path, data in ((f"/dashboard/requests/{reference}/status", {"status": "contacted"}),
                       (f"/dashboard/requests/{reference}/erase", {"confirm": "yes"}),
                       (f"/dashboard/requests/{reference}/spam", {"spam": "1"}),
                       ("/dashboard/erase", {"email": "rui@example.org", "confirm": "yes"}),
                       ("/dashboard/search", {"q": "rui"}), ("/dashboard/export.csv", {}),
                       ("/dashboard/logout", {})):
        reply = client.post(path, data={**data, "csrf_token": "guess"})
        assert reply.status_code == 403, path
        assert not any(p in reply.text for p in PERSONAL)
    assert status_of(env, reference) == "new"
    assert env.scalar("SELECT email FROM requests") == "rui@example.org"
    # a forged or tampered session cookie is no session
    client.cookies.set("inbox_session", "forged.cookie.value")
    assert client.get("/dashboard/").status_code == 303


def test_sign_in_and_out(env: Env, client: TestClient, coordinator: tuple[str, str]) -> None:
    assert sign_in(client, password="wrong password!").status_code == 401
    assert sign_in(client, email="nobody@example.org").status_code == 401
    page = client.get("/dashboard/login")
    no_token = client.post("/dashboard/login", data={"email": COORDINATOR[0], "password": COORDINATOR[1]})
    assert no_token.status_code == 403 and "inbox_session" not in no_token.cookies
    assert "csrf_token" in page.text
    reply = sign_in(client)
    assert reply.status_code == 303 and reply.headers["location"] == "/dashboard/"
    cookie = SimpleCookie(reply.headers["set-cookie"].split(", inbox_login")[0])["inbox_session"]
    assert cookie["httponly"] and cookie["samesite"].lower() == "lax"
    session_value = client.cookies.get("inbox_session")
    listing = client.get("/dashboard/")
    assert listing.status_code == 200 and "Signed in as coord@example.org" in listing.text
    assert listing.headers["cache-control"] == "no-store"
    assert "frame-ancestors 'none'" in listing.headers["content-security-policy"]
    out = client.post("/dashboard/logout", data={"csrf_token": hidden(listing.text, "csrf_token")})
    assert out.status_code == 303 and out.headers["location"] == "/dashboard/login"
    assert client.get("/dashboard/").status_code == 303
    # the old cookie is dead on the server too, not just forgotten by the browser
    client.cookies.set("inbox_session", str(session_value))
    assert client.get("/dashboard/").status_code == 303
    actions = [r["action"] for r in env.rows("SELECT action FROM audit_events ORDER BY id")]
    assert actions == ["signed in", "signed out"]


def test_sign_in_returns_to_the_page_asked_for(env: Env, client: TestClient, coordinator: tuple[str, str]) -> None:
    reference = send(client)
    first = client.get(f"/dashboard/requests/{reference}")
    login = client.get(first.headers["location"])
    reply = client.post("/dashboard/login", data={"email": COORDINATOR[0], "password": COORDINATOR[1],
                                                  "csrf_token": hidden(login.text, "csrf_token"),
                                                  "next": hidden(login.text, "next")})
    assert reply.headers["location"] == f"/dashboard/requests/{reference}"
    evil = client.post("/dashboard/logout", data={"csrf_token": csrf(client)})
    login = client.get("/dashboard/login")
    reply = client.post("/dashboard/login", data={"email": COORDINATOR[0], "password": COORDINATOR[1],
                                                  "csrf_token": hidden(login.text, "csrf_token"),
                                                  "next": "https://evil.example/"})
    assert evil.status_code == 303 and reply.headers["location"] == "/dashboard/"


def test_a_change_without_a_valid_csrf_token_is_refused(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard)
    for token in ("", "not-the-token", csrf(dashboard)[:-1] + "x"):
        reply = move(dashboard, reference, "contacted", token=token)
        assert reply.status_code == 403 and "nothing was changed" in reply.text
    for path, data in ((f"/dashboard/requests/{reference}/erase", {"confirm": "yes"}),
                       (f"/dashboard/requests/{reference}/spam", {"spam": "1"}),
                       ("/dashboard/erase", {"email": "rui@example.org", "confirm": "yes"}),
                       ("/dashboard/search", {"q": "rui"}), ("/dashboard/export.csv", {}),
                       ("/dashboard/logout", {})):
        reply = dashboard.post(path, data=data)
        assert reply.status_code == 403 and "Rui" not in reply.text, path
    assert status_of(env, reference) == "new"
    assert env.scalar("SELECT count(*) FROM audit_events WHERE request_id IS NOT NULL") == 1  # "received" only
    assert env.scalar("SELECT email FROM requests") == "rui@example.org"
    assert move(dashboard, reference, "contacted").status_code == 303


def test_states_move_only_along_the_allowed_paths(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard)
    for refused in ("matched", "closed", "declined", "withdrawn", "new", "bogus", ""):
        reply = move(dashboard, reference, refused)
        assert reply.status_code == 409, refused
        assert "cannot move" in reply.text
    assert status_of(env, reference) == "new"
    for status in ("contacted", "matched", "closed"):
        assert move(dashboard, reference, status).status_code == 303
        assert status_of(env, reference) == status
    for status in ("new", "contacted", "matched", "closed"):
        assert move(dashboard, reference, status).status_code == 409
    for end in ("declined", "withdrawn"):
        other = send(dashboard, email=f"{end}@example.org")
        for status in ("contacted", end, "closed"):
            assert move(dashboard, other, status).status_code == 303
    # a form shown before someone else moved the request does not overwrite their change
    late = send(dashboard, email="late@example.org")
    token = csrf(dashboard)
    assert move(dashboard, late, "contacted").status_code == 303
    stale_form = dashboard.post(f"/dashboard/requests/{late}/status",
                                data={"csrf_token": token, "status": "contacted", "from": "new"})
    assert stale_form.status_code == 409 and "meanwhile" in stale_form.text


def test_every_change_is_in_the_audit_trail(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard)
    move(dashboard, reference, "contacted", note="Phoned <b>twice</b>")
    move(dashboard, reference, "matched", note="Matched with Ana")
    events = env.rows("SELECT actor, action, from_status, to_status, note, at FROM audit_events "
                      "WHERE request_id IS NOT NULL ORDER BY id")
    assert [(e["actor"], e["action"], e["from_status"], e["to_status"], e["note"]) for e in events] == [
        ("request form", "received", None, "new", None),
        ("coord@example.org", "status", "new", "contacted", "Phoned <b>twice</b>"),
        ("coord@example.org", "status", "contacted", "matched", "Matched with Ana"),
    ]
    assert all(e["at"] is not None for e in events)
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "New → In progress" in page and "In progress → Matched" in page and "coord@example.org" in page
    assert "Phoned &lt;b&gt;twice&lt;/b&gt;" in page


def test_list_filters(env: Env, dashboard: TestClient) -> None:
    a = send(dashboard, mentor="ana", preferred_name="Alice", email="alice@example.org")
    send(dashboard, mentor="", preferred_name="Bruno", email="bruno@example.org")
    send(dashboard, mentor="", preferred_name="Spammy", email="spam@example.org", website="http://x")
    move(dashboard, a, "contacted")

    def names(**params: str) -> list[str]:
        page = (search(dashboard, **params) if "q" in params else dashboard.get("/dashboard/", params=params)).text
        return [n for n in ("Alice", "Bruno", "Spammy") if f'<td data-label="Name">{n}</td>' in page]

    assert names() == ["Alice", "Bruno"]
    assert names(status="contacted") == ["Alice"]
    assert names(status="new") == ["Bruno"]
    assert names(status="open") == ["Alice", "Bruno"]
    assert names(mentor="ana") == ["Alice"]
    assert names(mentor="-") == ["Bruno"]
    assert names(show="spam") == ["Spammy"]
    assert names(show="all") == ["Alice", "Bruno", "Spammy"]
    assert names(q="BRUNO@") == ["Bruno"]
    assert names(q="%") == []  # a wildcard is searched for as itself
    assert names(q="example.org", mentor="-") == ["Bruno"]  # a search keeps the other filters
    # a search is never read from a URL (addresses in URLs end up in proxies' logs)
    assert [n for n in ("Alice", "Bruno") if f'<td data-label="Name">{n}</td>' in dashboard.get("/dashboard/?q=bruno").text] == [
        "Alice", "Bruno"]


def test_spam_is_kept_for_review_and_can_be_released(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard, website="http://x")
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "Marked as <strong>spam</strong>" in page
    reply = dashboard.post(f"/dashboard/requests/{reference}/spam",
                           data={"csrf_token": hidden(page, "csrf_token"), "spam": "0"})
    assert reply.status_code == 303
    assert env.scalar("SELECT spam FROM requests") in (False, 0)  # SQLite answers 0
    assert env.rows("SELECT action FROM audit_events ORDER BY id")[-1]["action"] == "marked as not spam"


def test_csv_export_escapes_formulas(env: Env, dashboard: TestClient) -> None:
    dangerous = {"preferred_name": "=HYPERLINK(\"http://evil\")", "goals": "+1+cmd|' /C calc'!A0",
                 "guardian_name": "-2+3", "answers": {"school": "@SUM(A1:A9)"}}
    send(dashboard, age_band="16-17", mentor="lee", guardian_email="parent@example.org", **dangerous)
    tab = send(dashboard, email="tab@example.org", preferred_name="Tabby", goals="return", mentor="")
    # the form strips leading white space, so put a tab and a carriage return in place directly
    env.execute("UPDATE requests SET preferred_name = :n, goals = :g WHERE public_id = :r", n="\tTabby",
                g="\rreturn", r=tab)
    send(dashboard, email="plain@example.org", preferred_name="Plain - name", goals="ok = fine", mentor="")
    assert dashboard.get("/dashboard/export.csv").status_code == 303  # exports are posted
    reply = export(dashboard)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/csv")
    assert reply.headers["content-disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(reply.content.decode("utf-8-sig"))))
    assert len(rows) == 3
    by_name = {r["email"]: r for r in rows}
    first = by_name["rui@example.org"]
    assert first["preferred_name"] == "'=HYPERLINK(\"http://evil\")"
    assert first["goals"] == "'+1+cmd|' /C calc'!A0"
    assert first["guardian_name"] == "'-2+3"
    assert first["answers.school"] == "'@SUM(A1:A9)"
    assert by_name["tab@example.org"]["preferred_name"] == "'\tTabby"
    assert by_name["tab@example.org"]["goals"] == "'\rreturn"
    assert by_name["plain@example.org"]["preferred_name"] == "Plain - name"
    assert by_name["plain@example.org"]["goals"] == "ok = fine"
    for row in rows:
        assert not any(v.startswith(("=", "+", "-", "@", "\t", "\r")) for v in row.values())
    assert env.rows("SELECT action, note FROM audit_events ORDER BY id")[-1] == {
        "action": "exported", "note": "3 requests as CSV"}
    filtered = export(dashboard, q="plain")
    assert len(list(csv.DictReader(io.StringIO(filtered.content.decode("utf-8-sig"))))) == 1


def test_formula_escaping_covers_every_dangerous_first_character() -> None:
    from mentorhub.inbox.export import cell

    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert cell(start + "1") == "'" + start + "1"
    assert cell("1-2") == "1-2" and cell(None) == "" and cell(["a", "=b"]) == "a; =b" and cell(True) == "yes"
    assert cell(["=a", "b"]) == "'=a; b"


def test_erasing_a_mentee_keeps_the_fact_of_their_requests(env: Env, dashboard: TestClient) -> None:
    first = send(dashboard, mentor="ana", answers={"school": "Riverside College"})
    second = send(dashboard, email="RUI@example.org", mentor="", goals="Second try")
    other = send(dashboard, email="someone@example.org", preferred_name="Someone")
    move(dashboard, second, "contacted", note="Rui said his sister Ana can help")
    page = dashboard.get(f"/dashboard/requests/{first}").text
    assert "1 more request from the same address" in page
    refused = dashboard.post(f"/dashboard/requests/{first}/erase", data={"csrf_token": hidden(page, "csrf_token")})
    assert refused.status_code == 400 and env.scalar("SELECT count(*) FROM requests WHERE erased_at IS NULL") == 3
    reply = dashboard.post(f"/dashboard/requests/{first}/erase",
                           data={"csrf_token": hidden(page, "csrf_token"), "confirm": "yes"})
    assert reply.status_code == 303 and reply.headers["location"].endswith("?erased=2")
    erased = env.rows("SELECT * FROM requests WHERE public_id IN (:a, :b) ORDER BY id", a=first, b=second)
    for row in erased:
        for name in ("preferred_name", "email", "email_key", "guardian_name", "guardian_email", "goals", "answers",
                     "honeypot"):
            assert row[name] is None, name
        assert row["erased_at"] is not None and row["status"] == "withdrawn"
        assert row["age_band"] == "18-plus" and row["received_at"] is not None and row["privacy_version"]
    assert [r["mentor_id"] for r in erased] == ["ana", ""]
    notes = env.rows("SELECT note FROM audit_events WHERE request_id IN (SELECT id FROM requests WHERE "
                     "erased_at IS NOT NULL)")
    assert all(n["note"] is None for n in notes)
    assert env.scalar("SELECT preferred_name FROM requests WHERE public_id = :r", r=other) == "Someone"
    detail = dashboard.get(f"/dashboard/requests/{first}").text
    assert "Erased on" in detail and "Riverside College" not in detail and "erased personal data" in detail
    exported = export(dashboard).text
    assert "rui@example.org" not in exported and "Riverside College" not in exported and "Second try" not in exported


def test_erase_by_email_address(env: Env, dashboard: TestClient) -> None:
    send(dashboard)
    send(dashboard, mentor="", website="spam too")
    keep = send(dashboard, email="keep@example.org")
    token = csrf(dashboard)
    nothing = dashboard.post("/dashboard/erase", data={"csrf_token": token, "email": "rui@example.org"})
    assert nothing.status_code == 400
    reply = dashboard.post("/dashboard/erase", data={"csrf_token": token, "email": " Rui@Example.ORG ",
                                                     "confirm": "yes"})
    assert reply.status_code == 303 and reply.headers["location"] == "/dashboard/?erased=2"
    assert env.scalar("SELECT count(*) FROM requests WHERE email IS NULL AND erased_at IS NOT NULL") == 2
    assert env.scalar("SELECT email FROM requests WHERE public_id = :r", r=keep) == "keep@example.org"
    assert "Erased the personal data of 2 requests." in dashboard.get(reply.headers["location"]).text


@pytest.mark.parametrize("days, expected", [(None, 5), (2, 2)])
def test_requests_waiting_in_new_too_long_are_highlighted(env: Env, coordinator: tuple[str, str],
                                                          days: int | None, expected: int) -> None:
    client = env.client(stale_days=days)  # None: the programme's reply_days (5 in its mkdocs.yml)
    assert sign_in(client).status_code == 303
    old = send(client, preferred_name="Waiting", email="old@example.org")
    fresh = send(client, preferred_name="Fresh", email="fresh@example.org")
    contacted = send(client, preferred_name="Handled", email="handled@example.org")
    move(client, contacted, "contacted")
    for reference, age in ((old, expected + 1), (fresh, expected - 1), (contacted, expected + 3)):
        env.execute("UPDATE requests SET received_at = :t WHERE public_id = :r", r=reference,
                    t=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None) - dt.timedelta(days=age, hours=1))
    page = client.get("/dashboard/").text
    rows = {name: line for line in page.split("<tr") for name in ("Waiting", "Fresh", "Handled")
            if f'<td data-label="Name">{name}</td>' in line}
    assert 'class="stale' in rows["Waiting"] and f"{expected + 1} days: over {expected}" in rows["Waiting"]
    assert 'class="stale' not in rows["Fresh"] and 'class="stale' not in rows["Handled"]
    assert f"waiting as <em>New</em> for more than {expected} days" in page  # one msgid, its lines joined
    only = client.get("/dashboard/", params={"stale": "1"}).text
    assert '<td data-label="Name">Waiting</td>' in only and '<td data-label="Name">Fresh</td>' not in only
    assert f"Waiting {expected + 1} days as New" in client.get(f"/dashboard/requests/{old}").text


# --- giving a request a mentor; notes without a status change ---------------------------------------

def free_places(client: TestClient) -> dict[str, int]:
    return {mid: m["free_places"] for mid, m in client.get("/availability.json").json()["mentors"].items()}


def change_mentor(client: TestClient, reference: str, mentor: str, **extra: str) -> Any:
    page = client.get(f"/dashboard/requests/{reference}").text
    data = {"csrf_token": hidden(page, "csrf_token"), "from_mentor": hidden(page, "from_mentor"), "mentor": mentor}
    return client.post(f"/dashboard/requests/{reference}/mentor", data={**data, **extra})


def mentor_row(env: Env, reference: str) -> tuple[str, bool, list[str]]:
    row = env.rows("SELECT mentor_id, mentor_full, alternatives FROM requests WHERE public_id = :r", r=reference)[0]
    others = row["alternatives"]
    return row["mentor_id"], bool(row["mentor_full"]), json.loads(others) if isinstance(others, str) else others


def test_a_coordinator_gives_a_request_a_mentor_and_the_place_moves(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard, mentor="")
    before = free_places(dashboard)
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    select = page.split('<select id="mentor" name="mentor">', 1)[1].split("</select>", 1)[0]
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    assert options[0] == ("", " selected", "Help me choose (no mentor yet)")
    assert ("lee", "", "Lee Park — Accepting mentees: 3 places free") in options
    assert ("kofi", "", "Kofi Mensah — Full") in options and ("mo", "", "Mo Salah — Paused") in options
    assert {o[0] for o in options} == {"", "ana", "kofi", "lee", "mo", "olu", "pat", "sam"}  # every published mentor

    reply = change_mentor(dashboard, reference, "lee")
    assert reply.status_code == 303 and reply.headers["location"] == f"/dashboard/requests/{reference}"
    assert mentor_row(env, reference) == ("lee", False, [])
    after = free_places(dashboard)
    assert after["lee"] == before["lee"] - 1 and {m: n for m, n in after.items() if m != "lee"} == {
        m: n for m, n in before.items() if m != "lee"}
    # and on to another mentor: the place moves with it
    assert change_mentor(dashboard, reference, "sam").status_code == 303
    moved = free_places(dashboard)
    assert (moved["lee"], moved["sam"]) == (before["lee"], before["sam"] - 1)
    # back to "help me choose": nobody's place
    assert change_mentor(dashboard, reference, "").status_code == 303
    assert free_places(dashboard) == before and mentor_row(env, reference) == ("", False, [])
    events = env.rows("SELECT actor, action, note FROM audit_events WHERE action = 'mentor changed' ORDER BY id")
    assert [(e["actor"], e["note"]) for e in events] == [
        ("coord@example.org", "from Help me choose to Lee Park"), ("coord@example.org", "from Lee Park to Sam Roy"),
        ("coord@example.org", "from Sam Roy to Help me choose")]
    history = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "mentor changed from Help me choose to Lee Park" in history
    assert "mentor changed from Lee Park to Sam Roy" in history
    # the same mentor again is no change and no event
    assert change_mentor(dashboard, reference, "").status_code == 303
    assert env.scalar("SELECT count(*) FROM audit_events WHERE action = 'mentor changed'") == 3


def test_a_request_for_a_full_mentor_is_redirected_to_an_alternative(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard, mentor="kofi")
    mentor, full, others = mentor_row(env, reference)
    assert (mentor, full) == ("kofi", True) and others
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "had no free place when chosen" in page
    assert f'<option value="{others[0]}">' in page and "(suggested)" in page
    before = free_places(dashboard)
    assert change_mentor(dashboard, reference, others[0]).status_code == 303
    assert mentor_row(env, reference) == (others[0], False, [])  # it has a place now: nothing to suggest
    assert free_places(dashboard)[others[0]] == before[others[0]] - 1
    assert "had no free place" not in dashboard.get(f"/dashboard/requests/{reference}").text
    # given a mentor with no place, the request says so again, with alternatives for that mentor
    assert change_mentor(dashboard, reference, "kofi").status_code == 303
    mentor, full, again = mentor_row(env, reference)
    assert (mentor, full) == ("kofi", True) and again and "kofi" not in again


def test_a_mentor_change_is_refused_when_it_should_be(env: Env, dashboard: TestClient) -> None:
    minor = send(dashboard, mentor="", age_band="16-17", guardian_name="Maria", guardian_email="m@example.org")
    page = dashboard.get(f"/dashboard/requests/{minor}").text
    assert 'value="ana"' not in page and 'value="pat"' not in page and 'value="lee"' in page  # youth-cleared only
    refused = change_mentor(dashboard, minor, "ana")
    assert refused.status_code == 409 and "not cleared to mentor under-18s" in refused.text
    assert change_mentor(dashboard, minor, "nobody").status_code == 409
    # without the session's CSRF token, or without a session, nothing changes
    assert dashboard.post(f"/dashboard/requests/{minor}/mentor", data={"mentor": "lee"}).status_code == 403
    assert dashboard.post(f"/dashboard/requests/{minor}/mentor",
                          data={"mentor": "lee", "csrf_token": "guess"}).status_code == 403
    assert env.client().post(f"/dashboard/requests/{minor}/mentor",
                             data={"mentor": "lee", "csrf_token": csrf(dashboard)}).status_code == 403
    assert mentor_row(env, minor) == ("", False, [])
    # a form shown before someone else changed the mentor does not overwrite their change
    stale_form = dashboard.get(f"/dashboard/requests/{minor}").text
    assert change_mentor(dashboard, minor, "lee").status_code == 303
    late = dashboard.post(f"/dashboard/requests/{minor}/mentor", data={
        "csrf_token": hidden(stale_form, "csrf_token"), "from_mentor": "", "mentor": "sam"})
    assert late.status_code == 409 and "meanwhile" in late.text and mentor_row(env, minor)[0] == "lee"
    # a request that holds no place any more keeps its mentor
    done = send(dashboard, mentor="ana", email="done@example.org")
    for status in ("contacted", "declined"):
        move(dashboard, done, status)
    assert 'name="mentor"' not in dashboard.get(f"/dashboard/requests/{done}").text
    closed = dashboard.post(f"/dashboard/requests/{done}/mentor", data={"csrf_token": csrf(dashboard),
                                                                       "mentor": "lee"})
    assert closed.status_code == 409 and mentor_row(env, done)[0] == "ana"
    assert env.scalar("SELECT count(*) FROM audit_events WHERE action = 'mentor changed'") == 1


def test_a_note_is_saved_without_changing_the_status(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard)
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    assert '<input type="radio" id="to-keep" name="status" value="" checked>' in page
    reply = move(dashboard, reference, "", note="Left a voicemail")
    assert reply.status_code == 303 and status_of(env, reference) == "new"
    assert move(dashboard, reference, "", note="   ").status_code == 409
    move(dashboard, reference, "contacted", note="Spoke to Rui")
    # a closed request takes notes too
    for status in ("matched", "closed"):
        move(dashboard, reference, status)
    closed = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "Add a note" in closed and 'name="note"' in closed
    assert move(dashboard, reference, "", note="Mentoring ended well").status_code == 303
    events = env.rows("SELECT action, from_status, to_status, note FROM audit_events WHERE request_id IS NOT NULL "
                      "ORDER BY id")
    assert [(e["action"], e["from_status"], e["to_status"], e["note"]) for e in events] == [
        ("received", None, "new", None), ("note", "new", "new", "Left a voicemail"),
        ("status", "new", "contacted", "Spoke to Rui"), ("status", "contacted", "matched", None),
        ("status", "matched", "closed", None), ("note", "closed", "closed", "Mentoring ended well")]
    history = dashboard.get(f"/dashboard/requests/{reference}").text
    assert "Left a voicemail" in history and "Mentoring ended well" in history
    assert len(re.findall(r"coord@example.org ·\s+note\s", history)) == 2


def test_erasing_a_mentee_keeps_the_mentor_changes_and_removes_the_notes(env: Env, dashboard: TestClient) -> None:
    reference = send(dashboard, mentor="")
    move(dashboard, reference, "", note="Rui's phone is 0700 000 000")
    change_mentor(dashboard, reference, "lee")
    page = dashboard.get(f"/dashboard/requests/{reference}").text
    dashboard.post(f"/dashboard/requests/{reference}/erase", data={"csrf_token": hidden(page, "csrf_token"),
                                                                   "confirm": "yes"})
    notes = {e["action"]: e["note"] for e in env.rows("SELECT action, note FROM audit_events")}
    assert notes["note"] is None and notes["mentor changed"] == "from Help me choose to Lee Park"
