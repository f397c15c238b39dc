"""Two kinds of mentoring: regular mentoring, which takes one of a mentor's places, and one-off
sessions, which take none. Eleven of 48 mentors in a real community sheet gave only sessions
(capacity 0): they must read as taking requests, never as "Full" or "up to 0 mentees"."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import html5lib
import pytest

from mentorhub.content.mentor_state import MentorStatus, kinds_offered, status_of
from mentorhub.content.request_form import RequestOptions
from mentorhub.content.requests import NO_SESSIONS, SESSIONS_ONLY, RequestAnswers, check_request, requested_kind
from support import TODAY, make_site, mkdocs_build, public_mentor

# A sessions-only mentor as a sign-up sheet gives one: no places, no monthly hours.
SESSIONS_ONLY_PROFILE = """\
name: Dilnoza Karimova
headline: Product designer who reviews portfolios and CVs
bio: One conversation, one clear next step.
role: engineer
expertise: [careers]
languages: [en]
location: {city: Tashkent, country: UZ}
timezone: Asia/Tashkent
formats: [virtual]
audiences: [university]
capacity: 0
sessions: true
hours_per_month: 0
reviewed: 2026-11-01
"""


@pytest.mark.parametrize(("capacity", "active", "sessions", "state", "free", "words"), [
    (2, 1, False, "accepting", 1, "Accepting mentees: 1 place free"),
    (2, 0, True, "accepting", 2, "Accepting mentees: 2 places free, and one-off sessions"),
    (2, 2, True, "accepting", 0, "Accepting one-off sessions"),  # places gone, sessions still given
    (0, 0, True, "accepting", 0, "Accepting one-off sessions"),
    (2, 2, False, "full", 0, "Full"),
    (0, 0, False, "full", 0, "Full"),
])
def test_the_state_counts_sessions_apart_from_places(capacity: int, active: int, sessions: bool, state: str,
                                                     free: int, words: str) -> None:
    now = status_of(capacity=capacity, active_mentees=active, accepting=True, paused_until=None,
                    reviewed=TODAY, today=TODAY, max_age_days=365, sessions=sessions)
    assert (now.state, now.free_places, now.words) == (state, free, words)
    assert now.takes("long-term") == (free > 0)
    assert now.takes("session") == sessions


def test_the_live_count_never_fills_a_mentor_who_gives_sessions() -> None:
    both = MentorStatus("accepting", 1, sessions=True)
    assert both.less(1) == MentorStatus("accepting", 0, sessions=True)
    assert not both.less(1).takes("long-term") and both.less(5).takes("session")
    assert MentorStatus("accepting", 1).less(1).state == "full"
    paused = status_of(capacity=0, active_mentees=0, accepting=False, paused_until=None, reviewed=TODAY,
                       today=TODAY, max_age_days=365, sessions=True)
    assert paused.state == "paused" and not paused.takes("session")  # a pause stops sessions too


def test_kinds_offered_follow_capacity_and_sessions() -> None:
    assert kinds_offered(None, False) == ("long-term",)  # no capacity given: one place
    assert kinds_offered(3, True) == ("long-term", "session")
    assert kinds_offered(0, True) == ("session",)
    assert kinds_offered(0, False) == ()


def test_a_sessions_only_profile_passes_and_zero_hours_need_zero_places(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    site.write("mentors/dilnoza-karimova.yml", SESSIONS_ONLY_PROFILE)
    assert site.catalog().status(site.catalog().mentors["dilnoza-karimova"].model).words == "Accepting one-off sessions"
    site.write("mentors/dilnoza-karimova.yml", SESSIONS_ONLY_PROFILE.replace("capacity: 0", "capacity: 2"))
    line = SESSIONS_ONLY_PROFILE.splitlines().index("hours_per_month: 0") + 1
    assert site.problems() == [
        f"mentors/dilnoza-karimova.yml:{line}: hours_per_month: is 0, but the profile offers 2 long-term places; "
        "give the hours, or set `capacity: 0` (and `sessions: true` for one-off sessions only)"]


# --- requests ------------------------------------------------------------------------------------

MENTORS = {m.id: m for m in (
    public_mentor("regular", free_places=1, capacity=2),
    public_mentor("sessions", free_places=0, capacity=0, sessions=True),
    public_mentor("both", free_places=0, capacity=1, sessions=True),
)}


def _request(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "age_band": "18-plus", "preferred_name": "Rui", "email": "rui@example.org", "goals": "A portfolio review",
        "languages": ["en"], "format": "either", "availability": ["weekends"], "privacy_version": "1",
        "privacy_consent": "true", "mentoring": "session", "mentor": "sessions"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(("mentor", "kind", "error"), [
    ("sessions", "session", None),
    ("both", "session", None),
    ("both", "long-term", None),  # full for regular mentoring: kept, and flagged by the receiver
    ("regular", "long-term", None),
    ("", "session", None),
    ("regular", "session", NO_SESSIONS.format(name="Regular")),
    ("sessions", "long-term", SESSIONS_ONLY.format(name="Sessions")),
])
def test_a_request_must_ask_a_mentor_for_what_they_give(mentor: str, kind: str, error: str | None) -> None:
    request, errors = check_request(_request(mentor=mentor, mentoring=kind), RequestOptions(), MENTORS)
    assert errors.get("mentor") == error
    assert (request is None) == bool(errors)


def test_the_kind_is_asked_whenever_a_mentor_gives_sessions() -> None:
    _, errors = check_request(_request(mentoring=None), RequestOptions(), MENTORS)
    assert errors == {"mentoring": "Select the kind of mentoring you are looking for"}
    regular_only = {"regular": MENTORS["regular"]}
    request, errors = check_request(_request(mentoring=None, mentor="regular"), RequestOptions(), regular_only)
    assert errors == {} and request is not None and request.mentoring == ""
    assert requested_kind(request, MENTORS["regular"]) == "long-term"
    # a form that did not ask: the one kind the chosen mentor gives, else regular mentoring
    unasked = RequestAnswers.model_validate({**_request(mentoring=None), "privacy_consent": True})
    assert requested_kind(unasked, MENTORS["sessions"]) == "session"
    assert requested_kind(unasked, MENTORS["both"]) == requested_kind(unasked, None) == "long-term"


# --- the built site ------------------------------------------------------------------------------


def test_the_site_shows_sessions_as_taking_requests(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site")
    site.write("content/privacy.md", "---\nversion: '1'\n---\nPrivacy.\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      requests: {delivery: inbox, url: 'http://127.0.0.1:8001'}")
    site.write("mentors/dilnoza-karimova.yml", SESSIONS_ONLY_PROFILE)
    result = mkdocs_build(site.root / "mkdocs.yml", site.root / "site")
    assert result.returncode == 0, result.stderr
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)

    def page(rel: str) -> Any:
        return parser.parse((site.root / "site" / rel).read_text("utf-8"))

    directory = page("mentors/index.html")
    card = directory.find(".//li[@data-id='dilnoza-karimova']")
    assert card is not None and card.get("data-availability") == "accepting"
    status = card.find(".//strong[@data-status-for='dilnoza-karimova']")
    assert status is not None and "".join(status.itertext()).strip() == "Accepting one-off sessions"
    assert status.get("data-sessions") is not None
    facet = directory.find(".//details[@data-facet='mentoring']")
    assert facet is not None, "the filter appears once a mentor gives sessions"
    counts = {box.get("value"): "".join(label.itertext()).split()[-1]
              for label in facet.iter("label") for box in label.iter("input")}
    assert counts == {"long-term": "2", "session": "1"}
    assert card.get("data-mentoring") == "session"

    profile = page("mentors/dilnoza-karimova/index.html")
    facts = profile.find(".//dl[@class='mh-facts']")
    assert facts is not None
    values = {"".join(t.itertext()).strip(): "".join(d.itertext()).strip() for t, d in zip(facts.iter("dt"), facts.iter("dd"))}
    assert values["Time"] == "One-off sessions only"
    text = "".join(profile.itertext())
    assert "0 mentees" not in text and "Full" not in text

    form = page("request/index.html")
    question = form.find(".//div[@data-field='mentoring']")
    assert question is not None and question.get("data-required") is not None
    assert [box.get("value") for box in question.iter("input")] == ["long-term", "session"]
    option = form.find(".//option[@value='dilnoza-karimova']")
    assert option is not None and option.get("data-kinds") == "session"

    match = (site.root / "site" / "match" / "index.html").read_text("utf-8")
    assert 'name="mentoring" value="session"' in match
    mentors = json.loads((site.root / "site" / "mentors.json").read_text("utf-8"))["mentors"]
    record = next(m for m in mentors if m["id"] == "dilnoza-karimova")
    assert (record["state"], record["free_places"], record["sessions"], record["capacity"]) == ("accepting", 0, True, 0)

