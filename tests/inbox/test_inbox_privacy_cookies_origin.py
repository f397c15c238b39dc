"""Sign-in cookies (`__Host-` and Secure over https), Origin/Referer checks on dashboard posts,
the list's `page` parameter and NUL bytes in every dashboard input."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from mentorhub.inbox.app import create_app
from inbox_support import COORDINATOR, QUICK_HASHER, Env, adult, csrf, hidden, post_json, search, sign_in


def _set_cookies(reply: httpx.Response) -> list[str]:
    return [value for key, value in reply.headers.multi_items() if key == "set-cookie"]


@pytest.fixture
def https_client(env: Env, coordinator: tuple[str, str]) -> Iterator[TestClient]:
    app = create_app(env.settings(public_url="https://inbox.test", cookie_secure=False),  # https wins
                     hasher=QUICK_HASHER)
    with TestClient(app, base_url="https://inbox.test", follow_redirects=False) as client:
        yield client


def test_cookies_are_host_prefixed_and_secure_over_https(https_client: TestClient) -> None:
    page = https_client.get("/dashboard/login")
    (login,) = _set_cookies(page)
    assert login.startswith("__Host-inbox_login=") and "Secure" in login and "Path=/;" in login + ";"
    assert "Domain" not in login
    reply = sign_in(https_client)
    assert reply.status_code == 303
    session = next(c for c in _set_cookies(reply) if c.startswith("__Host-inbox_session="))
    assert "Secure" in session and "HttpOnly" in session and "Path=/" in session and "Domain" not in session
    assert https_client.get("/dashboard/").status_code == 200
    https_client.cookies.set("inbox_session", str(https_client.cookies.get("__Host-inbox_session")))
    del https_client.cookies["__Host-inbox_session"]
    assert https_client.get("/dashboard/").status_code == 303  # the unprefixed name is not the session


def test_cookies_keep_plain_names_over_http(env: Env, coordinator: tuple[str, str]) -> None:
    client = env.client()
    (login,) = _set_cookies(client.get("/dashboard/login"))
    assert login.startswith("inbox_login=") and "Secure" not in login
    reply = sign_in(client)
    session = next(c for c in _set_cookies(reply) if c.startswith("inbox_session="))
    assert "Secure" not in session and client.get("/dashboard/").status_code == 200


def test_posts_from_another_origin_are_refused(env: Env, dashboard: TestClient) -> None:
    reference = post_json(dashboard, adult()).json()["id"]
    token = csrf(dashboard, f"/dashboard/requests/{reference}")
    path, data = f"/dashboard/requests/{reference}/status", {"csrf_token": token, "status": "contacted"}
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}, {"Origin": "http://inbox.test.evil"},
                    {"Referer": "https://evil.example/dashboard/"}, {"Origin": "https://inbox.test"}):
        refused = dashboard.post(path, data=data, headers=headers)
        assert refused.status_code == 403, headers
        assert env.scalar("SELECT status FROM requests") == "new"
    for headers in ({"Origin": "https://evil.example"}, {"Referer": "https://evil.example/"}):
        assert dashboard.post("/dashboard/erase", data={"csrf_token": token, "email": "rui@example.org",
                                                        "confirm": "yes"}, headers=headers).status_code == 403
        assert dashboard.post("/dashboard/logout", data={"csrf_token": token}, headers=headers).status_code == 403
    assert env.scalar("SELECT email FROM requests") == "rui@example.org"
    assert dashboard.post(path, data=data, headers={"Origin": "http://inbox.test"}).status_code == 303
    assert env.scalar("SELECT status FROM requests") == "contacted"
    moved = dashboard.post(path, data={"csrf_token": token, "status": "matched"},
                           headers={"Referer": "http://inbox.test/dashboard/requests/x"})
    assert moved.status_code == 303  # no Origin: the Referer is checked instead


def test_sign_in_from_another_origin_is_refused(env: Env, coordinator: tuple[str, str]) -> None:
    client = env.client()
    page = client.get("/dashboard/login")
    reply = client.post("/dashboard/login", headers={"Origin": "https://evil.example"},
                        data={"email": COORDINATOR[0], "password": COORDINATOR[1],
                              "csrf_token": hidden(page.text, "csrf_token")})
    assert reply.status_code == 403 and "inbox_session" not in reply.headers.get("set-cookie", "")


@pytest.mark.parametrize("page", ["100000000000000000000", "-1", "0", "abc", "1e3", "", "٣"])
def test_a_page_that_is_no_page_is_refused(dashboard: TestClient, page: str) -> None:
    assert dashboard.get("/dashboard/", params={"page": page}).status_code == 400


def test_a_page_beyond_the_last_shows_the_last(dashboard: TestClient) -> None:
    post_json(dashboard, adult())
    reply = dashboard.get("/dashboard/", params={"page": "999999"})
    assert reply.status_code == 200 and "Rui" in reply.text


def test_nul_bytes_in_dashboard_inputs_are_refused(env: Env, dashboard: TestClient,
                                                   coordinator: tuple[str, str]) -> None:
    reference = post_json(dashboard, adult()).json()["id"]
    token = csrf(dashboard, f"/dashboard/requests/{reference}")
    assert search(dashboard, q="Rui\x00").status_code == 400
    for params in ({"mentor": "ana\x00"}, {"status": "new\x00"}, {"show": "all\x00"}, {"page": "1\x00"}):
        assert dashboard.get("/dashboard/", params=params).status_code == 400, params
    assert dashboard.get("/dashboard/requests/" + reference + "%00").status_code in (400, 404)
    assert dashboard.get("/dashboard/requests/%00").status_code in (400, 404)
    for path, data in ((f"/dashboard/requests/{reference}/status", {"status": "", "note": "a\x00b"}),
                       (f"/dashboard/requests/{reference}%00/status", {"status": "contacted"}),
                       (f"/dashboard/requests/{reference}%00/erase", {"confirm": "yes"}),
                       (f"/dashboard/requests/{reference}/mentor", {"mentor": "bo\x00"}),
                       ("/dashboard/erase", {"email": "rui@example.org\x00", "confirm": "yes"}),
                       ("/dashboard/export.csv", {"q": "\x00"})):
        reply = dashboard.post(path, data={"csrf_token": token, **data})
        assert reply.status_code in (400, 404), (path, reply.status_code)
    assert env.scalar("SELECT count(*) FROM audit_events WHERE action = 'note'") == 0
    assert env.scalar("SELECT status FROM requests") == "new"
    assert env.scalar("SELECT email FROM requests") == "rui@example.org"
    client = env.client()
    page = client.get("/dashboard/login")
    for email in ("coord@example.org\x00", "\x00"):
        reply = client.post("/dashboard/login", data={"email": email, "password": "x\x00",
                                                      "csrf_token": hidden(page.text, "csrf_token")})
        assert reply.status_code == 400


def test_the_origin_the_request_was_sent_to_is_the_inbox_too(env: Env, coordinator: tuple[str, str]) -> None:
    """As Django: an Origin equal to the request's own scheme and Host passes even when
    INBOX_PUBLIC_URL names another address (the inbox reached on another port or name)."""
    client = env.client(public_url="http://127.0.0.1:8001")  # the test client is http://inbox.test
    page = client.get("/dashboard/login")
    data = {"email": COORDINATOR[0], "password": COORDINATOR[1], "csrf_token": hidden(page.text, "csrf_token")}
    assert client.post("/dashboard/login", data=data, headers={"Origin": "http://evil.test"}).status_code == 403
    page = client.get("/dashboard/login")
    data["csrf_token"] = hidden(page.text, "csrf_token")
    assert client.post("/dashboard/login", data=data, headers={"Origin": "http://inbox.test"}).status_code == 303
    token = csrf(client)
    assert search(client, q="x").status_code == 200 and token
    assert client.post("/dashboard/search", data={"csrf_token": token, "q": "x"},
                       headers={"Origin": "http://127.0.0.1:8001"}).status_code == 200
