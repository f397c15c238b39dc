"""The one availability rule (mentorhub/content/mentor_state.py), and the record mentors.json carries it in."""

from __future__ import annotations

from typing import Any

import datetime as dt

import pytest

from support import FixtureProgramme, public_mentor
from mentorhub.content.mentor_state import MentorStatus, status_of
from mentorhub.content.errors import ContentError
from mentorhub.content.public import PublicMentor

TODAY = dt.date(2026, 11, 22)
RECENT, OLD = dt.date(2026, 6, 1), dt.date(2025, 6, 1)


@pytest.mark.parametrize(("profile", "expected"), [
    ({}, MentorStatus("accepting", 2)),
    ({"active_mentees": 3}, MentorStatus("full", 0)),
    ({"accepting": False}, MentorStatus("paused", 0)),
    ({"paused_until": TODAY}, MentorStatus("paused", 0, TODAY)),  # the last day of the pause
    ({"paused_until": TODAY - dt.timedelta(days=1)}, MentorStatus("accepting", 2)),  # over: back by itself
    ({"reviewed": OLD}, MentorStatus("stale", 0)),
    ({"reviewed": OLD, "active_mentees": 3}, MentorStatus("stale", 0)),  # nobody can say the places are real
    ({"reviewed": OLD, "accepting": False}, MentorStatus("paused", 0)),  # the mentor's own word wins
    ({"reviewed": TODAY - dt.timedelta(days=365)}, MentorStatus("accepting", 2)),  # 365 days is still in time
    ({"capacity": 0, "active_mentees": 0}, MentorStatus("full", 0)),
], ids=["accepting", "full", "paused", "paused-until-today", "pause-over", "stale", "stale-beats-full",
        "paused-beats-stale", "on-the-age-limit", "no-capacity"])
def test_exactly_one_state_per_profile(profile: dict[str, object], expected: MentorStatus) -> None:
    values: dict[str, Any] = {"capacity": 3, "active_mentees": 1, "accepting": True, "paused_until": None, "reviewed": RECENT,
              **profile}
    assert status_of(**values, today=TODAY, max_age_days=365) == expected


@pytest.mark.parametrize(("built", "taken", "now"), [
    (MentorStatus("accepting", 2), 1, MentorStatus("accepting", 1)),
    (MentorStatus("accepting", 2), 2, MentorStatus("full", 0)),
    (MentorStatus("accepting", 2), 5, MentorStatus("full", 0)),
    (MentorStatus("full", 0), 1, MentorStatus("full", 0)),
    (MentorStatus("paused", 0, TODAY), 0, MentorStatus("paused", 0, TODAY)),
    (MentorStatus("stale", 0), 0, MentorStatus("stale", 0)),
])
def test_live_places_move_only_between_accepting_and_full(built: MentorStatus, taken: int,
                                                          now: MentorStatus) -> None:
    assert built.less(taken) == now
    assert now.requestable == (now.state == "accepting")


@pytest.mark.parametrize(("earlier", "state", "free"), [
    ({"availability": "accepting", "stale": False, "free_places": 2}, "accepting", 2),
    ({"availability": "full", "stale": False, "free_places": 0}, "full", 0),
    ({"availability": "paused", "stale": True, "free_places": 0}, "paused", 0),
    ({"availability": "accepting", "stale": True, "free_places": 2}, "stale", 0),
])
def test_mentors_json_from_before_state_reads_the_same_way(earlier: dict[str, object], state: str,
                                                           free: int) -> None:
    record = public_mentor("ana").model_dump(mode="json")
    del record["state"]
    found = PublicMentor.model_validate({**record, **earlier})
    assert (found.state, found.free_places) == (state, free)


def test_every_published_record_carries_its_state(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    records = {m.id: m for m in catalog.public_mentors}
    for entry in catalog.mentors.values():
        if entry.id in records:
            assert records[entry.id].status == catalog.status(entry.model)
            assert records[entry.id].requestable == catalog.is_requestable(entry.id)


def test_a_pause_with_an_end_needs_accepting_true(site: FixtureProgramme) -> None:
    site.edit("mentors/ana-pereira.yml", "accepting: true", "accepting: false\npaused_until: 2027-01-31")
    with pytest.raises(ContentError) as caught:
        site.catalog()
    [problem] = caught.value.problems
    assert (problem.path, problem.field) == ("mentors/ana-pereira.yml", "paused_until")
    assert "needs `accepting: true`" in problem.message
