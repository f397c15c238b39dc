"""What the dashboard says, in the programme's words: statuses by their labels with counts, minors
flagged with their guardian's agreement, a request's choices as the site names them, its mentor
linked with their free places, proper plurals, and the programme's name on every page."""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from fastapi.testclient import TestClient

from inbox_support import ORIGIN, Env, adult, csrf, hidden, post_json, sign_in

NS = "{http://www.w3.org/1999/xhtml}"


def send(client: TestClient, **changes: Any) -> str:
    reply = post_json(client, adult(**changes))
    assert reply.status_code == 200, reply.text
    return str(reply.json()["id"])


def minor(**changes: Any) -> dict[str, Any]:
    """A 16-year-old's answers for a youth-cleared mentor, with their guardian's details."""
    return {"age_band": "16-17", "mentor": "lee", "guardian_name": "Ines", "guardian_email": "ines@example.org",
            **changes}


def parse(page: str) -> Element:
    document: Element = html5lib.parse(page)
    return document


def text(element: Element | None) -> str:
    assert element is not None
    return " ".join("".join(element.itertext()).split())


def rows(page: str) -> dict[str, dict[str, str]]:
    """The request list's rows, by reference: each cell's text by its column's name (`data-label`)."""
    found = {}
    for row in parse(page).iter(f"{NS}tr"):
        cells = {cell.get("data-label", ""): text(cell) for cell in row.iter(f"{NS}td") if cell.get("data-label")}
        if cells:
            found[cells["Reference"].split()[0]] = cells
    return found


def tabs(page: str) -> dict[str, str]:
    """The status tabs: each one's words, and which one is current (`aria-current`)."""
    nav = next(n for n in parse(page).iter(f"{NS}nav") if n.get("aria-label") == "Requests by status")
    return {text(a): a.get("aria-current") or "" for a in nav.iter(f"{NS}a")}


def details(page: str) -> dict[str, str]:
    """A request page's fields, term → text."""
    fields = next(d for d in parse(page).iter(f"{NS}dl") if "fields" in (d.get("class") or ""))
    terms = [text(dt) for dt in fields.iter(f"{NS}dt")]
    return dict(zip(terms, [text(dd) for dd in fields.iter(f"{NS}dd")]))


def move(client: TestClient, reference: str, status: str) -> None:
    token = csrf(client, f"/dashboard/requests/{reference}")
    reply = client.post(f"/dashboard/requests/{reference}/status", data={"csrf_token": token, "status": status})
    assert reply.status_code == 303, reply.text


def test_statuses_are_shown_by_their_labels_with_how_many_each_has(env: Env, dashboard: TestClient) -> None:
    first, second = send(dashboard, email="a@example.org"), send(dashboard, email="b@example.org")
    send(dashboard, email="c@example.org")
    send(dashboard, email="bot@example.org", website="http://spam.example")  # spam: not counted with requests
    move(dashboard, first, "contacted")
    move(dashboard, second, "contacted")
    move(dashboard, second, "declined")
    page = dashboard.get("/dashboard/").text
    assert tabs(page) == {"All (3)": "page", "Open (2)": "", "New (1)": "", "In progress (1)": "", "Matched (0)": "",
                          "Declined (1)": "", "Withdrawn (0)": "", "Closed (0)": ""}
    listed = rows(page)
    assert {r: cells["Status"] for r, cells in listed.items()} == {
        first: "In progress", second: "Declined", **{r: "New" for r in listed if r not in (first, second)}}
    options = [text(o) for o in parse(page).iter(f"{NS}option") if o.get("value") in ("", "open", "contacted")]
    assert options[:3] == ["All (3)", "Open (2)", "In progress (1)"]
    # a tab keeps the other filters, and the counts follow them: spam for review has one new request
    spam = dashboard.get("/dashboard/", params={"show": "spam", "status": "new"}).text
    assert tabs(spam)["New (1)"] == "page" and tabs(spam)["All (1)"] == ""
    assert 'href="?status=contacted&amp;show=spam"' in spam
    # the request's page and its history use the same words
    detail = dashboard.get(f"/dashboard/requests/{second}").text
    assert details(detail)["Status"].startswith("Declined (since")
    assert "New → In progress" in detail and "In progress → Declined" in detail
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00">', detail)  # valid HTML (vnu)
    assert 'Keep it as Declined (save the note only)' in detail and '<label for="to-closed">Closed</label>' in detail
    refused = dashboard.post(f"/dashboard/requests/{first}/status",
                             data={"csrf_token": csrf(dashboard), "status": "closed"})
    assert refused.status_code == 409
    assert "A request that is “In progress” cannot move to “Closed”; it can move to “Matched”, “Declined”, or " \
           "“Withdrawn”" in refused.text


def test_minors_are_flagged_in_words_with_their_guardians_agreement(env: Env, dashboard: TestClient) -> None:
    young = send(dashboard, **minor(preferred_name="Zoe", email="zoe@example.org"))
    grown = send(dashboard, mentor="lee", email="adult@example.org")
    listed = rows(dashboard.get("/dashboard/").text)
    assert listed[young]["Age"] == "Under 18 Guardian's agreement not recorded yet"
    assert listed[grown]["Age"] == "18 or over" and "Under 18" not in " ".join(listed[grown].values())
    page = dashboard.get(f"/dashboard/requests/{young}").text
    fields = details(page)
    assert fields["Age"] == "Under 18 16 or 17" and fields["Guardian's agreement"] == "Guardian's agreement not recorded yet"
    assert fields["Parent or guardian"] == "Ines (ines@example.org)"

    def record(reference: str, agreed: str) -> Any:
        token = hidden(dashboard.get(f"/dashboard/requests/{reference}").text, "csrf_token")
        return dashboard.post(f"/dashboard/requests/{reference}/guardian", data={"csrf_token": token, "agreed": agreed})

    assert dashboard.post(f"/dashboard/requests/{young}/guardian", data={"agreed": "1"}).status_code == 403  # no CSRF token
    assert record(young, "1").status_code == 303
    day = env.scalar("SELECT at FROM audit_events WHERE action = 'guardian agreed'")
    agreed = f"Guardian agreed (recorded {str(day)[:10]})"
    assert rows(dashboard.get("/dashboard/").text)[young]["Age"] == f"Under 18 {agreed}"
    assert details(dashboard.get(f"/dashboard/requests/{young}").text)["Guardian's agreement"] == agreed
    assert record(young, "1").status_code == 303  # the same answer again is no new event
    assert record(young, "0").status_code == 303  # taken back
    assert [e["action"] for e in env.rows("SELECT action FROM audit_events WHERE action LIKE 'guardian%' ORDER BY id")] \
        == ["guardian agreed", "guardian agreement withdrawn"]
    assert rows(dashboard.get("/dashboard/").text)[young]["Age"] == "Under 18 Guardian's agreement not recorded yet"
    adult_reply = record(grown, "1")
    assert adult_reply.status_code == 409 and "old enough" in adult_reply.text
    assert "/guardian" not in dashboard.get(f"/dashboard/requests/{grown}").text


def test_a_programme_that_asks_under_16s_for_a_guardian_flags_under_16s(env: Env, coordinator: tuple[str, str]) -> None:
    mkdocs = env.programme[1]
    mkdocs.write_text(mkdocs.read_text(encoding="utf-8").replace("reply_days: 5", "reply_days: 5\n        "
                                                                 "guardian_consent_under: 16"), encoding="utf-8")
    client = env.client()
    assert sign_in(client).status_code == 303
    fifteen = send(client, **minor(age_band="13-15", email="fifteen@example.org"))
    sixteen = send(client, age_band="16-17", mentor="lee", email="sixteen@example.org")
    listed = rows(client.get("/dashboard/").text)
    assert listed[fifteen]["Age"].startswith("Under 16 ") and listed[sixteen]["Age"] == "16 or 17"


@pytest.fixture
def labelled(env: Env, coordinator: tuple[str, str]) -> TestClient:
    """A dashboard whose mentors.json carries the vocabularies' labels, as a built site's does,
    and whose Lee speaks Arabic."""
    mentors_json = env.programme[0]
    document = json.loads(mentors_json.read_text(encoding="utf-8"))
    for mentor in document["mentors"]:
        if mentor["id"] == "lee":
            mentor["languages"] = ["ar", "en"]
    document["vocabularies"] = {"expertise": {"careers": "Career planning", "python": "Python programming"}}
    mentors_json.write_text(json.dumps(document), encoding="utf-8")
    client = env.client()
    assert sign_in(client).status_code == 303
    return client


def test_a_request_shows_the_sites_words_and_its_mentors_profile_and_places(labelled: TestClient) -> None:
    reference = send(labelled, mentor="lee", interests=["careers", "python"], languages=["ar", "en"],
                     format="virtual", availability=["weekday-evenings", "weekends"])
    page = labelled.get(f"/dashboard/requests/{reference}").text
    fields = details(page)
    assert fields["Topics"] == "Career planning, Python programming"
    assert fields["Languages"] == "Arabic (العربية), English"
    assert fields["Format"] == "Online" and fields["Usually free"] == "Weekday evenings, Weekends"
    assert fields["Age"] == "18 or over" and fields["Mentoring"] == "Regular mentoring over a few months"
    # Lee has 3 places; this request holds one of them
    assert fields["Mentor"] == "Lee Park (Accepting mentees: 2 places free)"
    assert f'<a href="{ORIGIN}/mentors/lee/">Lee Park</a>' in page


def test_a_request_for_a_full_mentor_links_the_suggested_ones(labelled: TestClient) -> None:
    send(labelled, mentor="ana", email="first@example.org")  # Ana's last place
    reference = send(labelled, mentor="ana", email="second@example.org")
    fields = details(labelled.get(f"/dashboard/requests/{reference}").text)
    assert fields["Mentor"].startswith("Ana Pereira (Full) — had no free place when chosen; suggested: ")
    assert re.search(r"suggested: [A-Z][a-z]+ [A-Z][a-z]+ \(Accepting mentees: \d places? free\)", fields["Mentor"])


def test_counts_are_proper_plurals_and_pages_carry_the_programmes_name(env: Env, dashboard: TestClient) -> None:
    first = send(dashboard)
    page = dashboard.get("/dashboard/").text
    assert "<p>1 request.</p>" in page
    send(dashboard, email="RUI@example.org", mentor="")
    detail = dashboard.get(f"/dashboard/requests/{first}").text
    assert "1 more request from the same address" in detail and "the 1 other from the same address" in detail
    erased = dashboard.post(f"/dashboard/requests/{first}/erase",
                            data={"csrf_token": hidden(detail, "csrf_token"), "confirm": "yes"})
    assert erased.headers["location"].endswith("?erased=2")
    after = dashboard.get(erased.headers["location"]).text
    assert "Erased the personal data of 2 requests." in after
    for shown in (page, detail, after, dashboard.get("/dashboard/?erased=1").text):
        assert "(s)" not in shown
    assert "Erased the personal data of 1 request." in dashboard.get("/dashboard/?erased=1").text
    # the site's name and home page, as the public pages have them (public.brand)
    header = next(parse(page).iter(f"{NS}header"))
    assert text(header).startswith("Inbox test programme Coordinators' inbox")
    assert any(a.get("href") == ORIGIN + "/" for a in header.iter(f"{NS}a"))
    assert "<title>Requests · Inbox test programme inbox</title>" in page
    login = env.client().get("/dashboard/login").text
    assert "<title>Sign in · Inbox test programme inbox</title>" in login
