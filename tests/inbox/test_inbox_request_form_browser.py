"""The request form against the real inbox (uvicorn on loopback), in Chromium: told about a mentor
who filled up before sending (from /availability.json), and after sending (the inbox's
`mentor_full` answer). Places are filled through `POST /requests` of the real app. Also: the
fake receiver the other browser tests use answers exactly what this inbox answers.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from browser import fill_adult_request
from mentorhub.content.requests import KEPT_FOR_FULL, MENTOR_JUST_FILLED
from support import BuiltRequestProgramme
from inbox_support import LiveSite, adult, live_programme
from receiver import Inbox


@pytest.fixture(scope="module")
def live_site(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path,
              request_programme_build: BuiltRequestProgramme) -> Iterator[LiveSite]:
    with live_programme(tmp_path_factory.mktemp("request-form-browser"), sqlite_template,
                        built=request_programme_build) as running:
        yield running


@pytest.fixture
def live(live_site: LiveSite) -> LiveSite:
    """Every test starts with no requests: Ana Pereira has one free place (capacity 2, 1 mentee)."""
    live_site.env.execute("DELETE FROM audit_events")
    live_site.env.execute("DELETE FROM requests")
    return live_site


def send(live: LiveSite, data: dict[str, Any]) -> dict[str, Any]:
    reply = httpx.post(live.inbox + "/requests", json=data, headers={"Origin": live.origin,
                                                                     "Accept": "application/json"}, timeout=10)
    assert reply.status_code == 200, reply.text
    answer: dict[str, Any] = reply.json()
    return answer


def fill_ana(live: LiveSite) -> None:
    """Ana's last place, taken by someone else through the inbox."""
    assert send(live, adult(mentor="ana-pereira", email="first@example.org", languages=["en"]))["mentor_full"] is False


def test_a_mentor_who_filled_up_is_marked_and_no_request_is_sent_for_them(page: Page, live: LiveSite) -> None:
    fill_ana(live)
    page.goto(live.site + "request/?mentor=ana-pereira")  # the profile's Request link, built while she had space
    mentor = page.get_by_label("Mentor you would like")
    expect(page.locator("#request-mentor option[value=ana-pereira]")).to_have_text("Ana Pereira — full")
    expect(page.locator("#request-mentor option[value=ana-pereira]")).to_be_disabled()
    expect(page.locator("#request-mentor option[value=lee-park]")).to_be_enabled()
    just_filled = MENTOR_JUST_FILLED.format(name="Ana Pereira")
    expect(page.locator("#request-mentor-note")).to_have_text(just_filled)
    fill_adult_request(page, "page@example.org")
    page.get_by_role("button", name="Send request").click()
    summary = page.locator("#mh-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([just_filled])
    expect(page.locator("#request-mentor-error")).to_have_text(f"Error: {just_filled}")
    expect(mentor).to_have_attribute("aria-invalid", "true")
    summary.get_by_role("link").click()
    expect(mentor).to_be_focused()
    assert live.env.scalar("SELECT count(*) FROM requests WHERE email = 'page@example.org'") == 0
    mentor.select_option("")  # "Help me choose"
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    (row,) = live.env.rows("SELECT mentor_id FROM requests WHERE email = 'page@example.org'")
    assert row["mentor_id"] == ""


def test_a_request_for_a_mentor_who_filled_up_meanwhile_says_so_after_sending(page: Page, live: LiveSite) -> None:
    page.goto(live.site + "request/?mentor=ana-pereira")
    page.wait_for_load_state("networkidle")  # availability read while Ana still had her place
    expect(page.locator("#request-mentor option[value=ana-pereira]")).to_have_text("Ana Pereira")
    fill_adult_request(page, "late@example.org")
    fill_ana(live)  # while the mentee was typing
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request received")
    (row,) = live.env.rows("SELECT public_id, mentor_id, mentor_full, alternatives FROM requests "
                           "WHERE email = 'late@example.org'")
    assert (row["mentor_id"], bool(row["mentor_full"])) == ("ana-pereira", True)
    alternatives = json.loads(row["alternatives"]) if isinstance(row["alternatives"], str) else row["alternatives"]
    assert alternatives == ["lee-park"]
    full = page.locator("#mh-request-full")
    expect(full.locator("p")).to_have_text(KEPT_FOR_FULL.format(name="Ana Pereira"))
    expect(full.get_by_role("link")).to_have_text(["Lee Park"])
    assert full.get_by_role("link").evaluate("a => a.href") == live.site + "mentors/lee-park/"
    expect(page.locator("#mh-request-reference")).to_have_text(f"Your reference: {row['public_id']}")
    expect(page).to_have_url(re.compile(r"\?ref=" + re.escape(row["public_id"]) + "&mentor_full=ana-pereira"))
    page.reload()  # the same page again: still the same answer
    expect(full.get_by_role("link")).to_have_text(["Lee Park"])


def test_the_fake_receiver_answers_what_the_inbox_answers(live: LiveSite) -> None:
    fake = Inbox(live.programme.project().programme.requests, {m.id: m for m in live.programme.catalog().public_mentors})
    first = adult(mentor="ana-pereira", email="first@example.org", languages=["en"])
    assert fake.receive(first)[1] == {**send(live, first), "id": first["submission_id"]}
    fake.availability["ana-pereira"] = {"state": "full", "free_places": 0}  # what the first request did
    real = httpx.get(live.inbox + "/availability.json", timeout=10).json()
    assert real["mentors"]["ana-pereira"] == {"state": "full", "accepting": False, "free_places": 0}
    assert fake.availability_json() == real
    second = adult(mentor="ana-pereira", email="second@example.org", languages=["en"])
    answer = send(live, second)
    assert answer["mentor_full"] is True and answer["alternative_mentors"]
    assert fake.receive(second) == (200, {**answer, "id": second["submission_id"]})
