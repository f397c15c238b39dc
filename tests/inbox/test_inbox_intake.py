"""POST /requests: the receiver contract, stored once, spam kept, capacity, the per-mentee limit."""

from __future__ import annotations

import threading
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from inbox_support import ORIGIN, Env, adult, post_form, post_json


def test_a_json_request_is_stored_and_answered_as_the_contract_says(env: Env, client: TestClient) -> None:
    data = adult(interests=["python", "careers"], answers={"school": "Riverside College"})
    reply = post_json(client, data)
    assert reply.status_code == 200
    body = reply.json()
    assert body["status"] == "received" and body["id"]
    assert reply.headers["access-control-allow-origin"] == ORIGIN
    (row,) = env.rows("SELECT * FROM requests")
    assert row["public_id"] == body["id"] and row["submission_id"] == data["submission_id"]
    assert (row["preferred_name"], row["email"], row["email_key"], row["mentor_id"], row["status"], row["spam"]) == (
        "Rui", "rui@example.org", "rui@example.org", "ana", "new", False)
    events = env.rows("SELECT actor, action, to_status FROM audit_events WHERE request_id = :id", id=row["id"])
    assert [dict(e) for e in events] == [{"actor": "request form", "action": "received", "to_status": "new"}]


def test_a_plain_form_post_is_sent_to_the_thank_you_page(env: Env, client: TestClient) -> None:
    reply = post_form(client, adult(email="Rui@Example.org"))
    assert reply.status_code == 303
    location = urlsplit(reply.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == ORIGIN + "/request/thanks/"
    reference = parse_qs(location.query)["ref"][0]
    assert env.scalar("SELECT email FROM requests WHERE public_id = :r", r=reference) == "rui@example.org"


def test_next_only_ever_leads_to_an_allowed_origin(env: Env, client: TestClient) -> None:
    cases = {
        "https://evil.example/phish/": ORIGIN + "/phish/",  # its path, on the site's origin
        "https://example.org/riverside/request/thanks/": ORIGIN + "/riverside/request/thanks/",
        "//evil.example/x": ORIGIN + "/x",
        "javascript:alert(1)": ORIGIN + "/request/thanks/",
        "": ORIGIN + "/request/thanks/",
    }
    for n, (given, expected) in enumerate(cases.items()):
        reply = post_form(client, adult(next=given, email=f"mentee{n}@example.org"))
        assert reply.status_code == 303
        assert reply.headers["location"].split("?")[0] == expected, given
    other = env.client(site_origins=("https://site.example", ORIGIN))
    reply = other.post("/requests", data=adult(next="https://site.example/thanks/"),
                       headers={"Origin": "https://site.example"})
    assert reply.headers["location"].startswith("https://site.example/thanks/?ref=")


def test_a_repeated_submission_id_is_stored_once_and_gets_the_first_answer(env: Env, client: TestClient) -> None:
    data = adult()
    first = post_json(client, data).json()
    assert post_json(client, data).json() == first
    again_as_form = post_form(client, data)
    assert parse_qs(urlsplit(again_as_form.headers["location"]).query)["ref"] == [first["id"]]
    # other answers under the same id are refused (issue 14), as a reused idempotency key is
    other = post_json(client, {**data, "goals": "Something else"})
    assert other.status_code == 409 and "submission_id" in other.json()["errors"]
    assert env.counts() == (1, 1)


def test_concurrent_repeats_of_one_submission_are_one_request(env: Env, client: TestClient) -> None:
    data = adult()
    answers: list[str] = []

    def send() -> None:
        answers.append(post_json(client, data).json()["id"])

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == 8 and len(set(answers)) == 1
    assert env.counts() == (1, 1)


def test_a_filled_honeypot_looks_accepted_and_is_kept_as_spam(env: Env, client: TestClient) -> None:
    reply = post_json(client, adult(website="http://cheap-pills.example"))
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) == {"status", "id", "mentor_full", "alternatives"} and body["status"] == "received"
    (row,) = env.rows("SELECT spam, honeypot, status FROM requests")
    assert (row["spam"], row["honeypot"], row["status"]) == (True, "http://cheap-pills.example", "new")
    form = post_form(client, adult(website="x"))
    assert form.status_code == 303
    assert env.scalar("SELECT count(*) FROM requests WHERE spam") == 2


def test_a_request_for_a_full_mentor_is_kept_and_offers_alternatives(env: Env, client: TestClient) -> None:
    # kofi was full when the site was built: stored all the same, with accepting mentors who share expertise
    reply = post_json(client, adult(mentor="kofi"))
    assert reply.status_code == 200
    body = reply.json()
    assert body["mentor_full"] is True
    # the profile's "similar mentors": kofi is youth-cleared, so only cleared mentors replace him;
    # lee shares "careers", sam shares no topic but meets the same way
    assert body["alternatives"] == ["lee", "sam"]
    assert body["message"] == ("Kofi Mensah has just filled up. We have kept your request; a coordinator will suggest "
                               "one of these mentors, who have similar experience and are taking mentees: Lee Park, "
                               "Sam Roy.")
    assert body["alternative_mentors"] == [{"id": "lee", "name": "Lee Park", "url": "mentors/lee/"},
                                           {"id": "sam", "name": "Sam Roy", "url": "mentors/sam/"}]
    row = env.rows("SELECT mentor_id, mentor_full, alternatives, status FROM requests")[0]
    assert (row["mentor_id"], row["mentor_full"], row["status"]) == ("kofi", True, "new")
    # the same answer for a plain form post, on the thank-you page's address
    form = post_form(client, adult(mentor="kofi", email="zoe@example.org"))
    query = parse_qs(urlsplit(form.headers["location"]).query)
    assert query["mentor_full"] == ["kofi"] and query["alternatives"] == ["lee,sam"]


def test_a_mentor_fills_up_through_the_inbox_and_minors_get_youth_cleared_alternatives(
        env: Env, client: TestClient) -> None:
    first = post_json(client, adult(mentor="pat")).json()
    assert first["mentor_full"] is False and first["alternatives"] == []
    second = post_json(client, adult(mentor="pat", email="zoe@example.org")).json()
    assert second["mentor_full"] is True
    assert second["alternatives"] == ["sam", "ana", "lee"]  # sam and ana share python; olu is stale, mo paused
    # a minor asking for the full mentor kofi is offered only youth-cleared mentors
    minor = adult(mentor="kofi", age_band="16-17", guardian_name="Maria", guardian_email="maria@example.org",
                  email="kid@example.org")
    assert post_json(client, minor).json()["alternatives"] == ["lee", "sam"]
    assert env.scalar("SELECT count(*) FROM requests") == 3


def test_paused_and_stale_mentors_are_refused_with_the_shared_rules(env: Env, client: TestClient) -> None:
    for mentor, name in (("mo", "Mo Salah"), ("olu", "Olu Dare")):
        reply = post_json(client, adult(mentor=mentor))
        assert reply.status_code == 422
        assert reply.json() == {"errors": {"mentor": f"{name} is not taking new mentees at the moment; "
                                                     "choose another mentor"}}
    assert env.counts() == (0, 0)


def test_each_mentee_has_at_most_three_open_requests(env: Env, client: TestClient) -> None:
    for n, address in enumerate(["rui@example.org", "RUI@example.org", " Rui@EXAMPLE.org "]):
        assert post_json(client, adult(email=address, mentor="")).status_code == 200, n
    refused = post_json(client, adult(email="rui@example.org", mentor=""))
    assert refused.status_code == 422
    assert "3 open requests" in refused.json()["errors"]["email"]
    assert post_json(client, adult(email="other@example.org", mentor="")).status_code == 200
    assert post_json(client, adult(email="rui@example.org", website="spam")).status_code == 200  # spam: not counted
    # once one is no longer open, another may be sent
    env.execute("UPDATE requests SET status = 'declined' WHERE id = (SELECT min(id) FROM requests)")
    assert post_json(client, adult(email="rui@example.org", mentor="")).status_code == 200
    assert env.scalar("SELECT count(*) FROM requests WHERE email_key = 'rui@example.org'") == 5


def test_the_limit_holds_when_one_mentee_sends_many_at_once(env: Env, client: TestClient) -> None:
    statuses: list[int] = []

    def send() -> None:
        statuses.append(post_json(client, adult(mentor="")).status_code)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * 3 + [422] * 5
    assert env.scalar("SELECT count(*) FROM requests") == 3


def test_the_open_request_limit_is_configurable(env: Env) -> None:
    client = env.client(max_open_requests=1)
    assert post_json(client, adult()).status_code == 200
    reply = post_json(client, adult())
    assert reply.status_code == 422 and "1 open requests" in reply.json()["errors"]["email"]


def test_health(client: TestClient) -> None:
    reply = client.get("/health")
    assert reply.status_code == 200 and reply.json() == {"status": "ok"}


def test_only_the_sites_origins_may_post_and_read(env: Env, client: TestClient) -> None:
    refused = client.post("/requests", json=adult(), headers={"Accept": "application/json",
                                                              "Origin": "https://evil.example"})
    assert refused.status_code == 403 and "origin" in refused.json()["errors"]
    assert "access-control-allow-origin" not in refused.headers
    assert client.post("/requests", data=adult(), headers={"Origin": "null"}).status_code == 403
    preflight = client.options("/requests", headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST",
                                                     "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200 and preflight.headers["access-control-allow-origin"] == ORIGIN
    bad_preflight = client.options("/requests", headers={"Origin": "https://evil.example",
                                                         "Access-Control-Request-Method": "POST"})
    assert bad_preflight.status_code == 400 and "access-control-allow-origin" not in bad_preflight.headers
    assert env.counts() == (0, 0)
    # callers that send no Origin (curl, servers) are not browsers on another site
    assert client.post("/requests", json=adult(), headers={"Accept": "application/json"}).status_code == 200


def test_the_town_or_area_is_kept_and_checked(env: Env, client: TestClient) -> None:
    reply = post_json(client, adult(email="town@example.org", format="in-person", location="  Leeds, Headingley "))
    assert reply.status_code == 200, reply.text
    (row,) = env.rows("SELECT location FROM requests WHERE email = 'town@example.org'")
    assert row["location"] == "Leeds, Headingley"
    refused = post_json(client, adult(email="bell@example.org", location="Leeds\u0007"))
    assert refused.status_code == 422 and "location" in refused.json()["errors"]
    too_long = post_json(client, adult(email="long@example.org", location="x" * 81))
    assert too_long.status_code == 422 and "location" in too_long.json()["errors"]
    assert post_json(client, adult(email="online@example.org", format="virtual")).status_code == 200
    (unasked,) = env.rows("SELECT location FROM requests WHERE email = 'online@example.org'")
    assert unasked["location"] is None  # not answered: nothing kept
