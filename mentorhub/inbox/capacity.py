"""Free places, counted live: each mentor's record as the site built it (`PublicMentor`, whose
free places already leave out the mentees the content records) less the requests the inbox holds
for them (open requests and active matches). The rule for what that makes a mentor is
`mentorhub.content.mentor_state`; the alternatives offered for a full mentor are the profile's own
"similar mentors" (`mentorhub.content.matching.SimilarMentors`), over the live places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from mentorhub.content.matching import SimilarMentors
from mentorhub.content.project import build_date
from mentorhub.content.public import PublicMentor

from .mentors import Directory
from .models import HOLDS_A_PLACE, RequestRecord

ALTERNATIVES = 3


def places_taken(session: Session, mentor_id: str | None = None) -> dict[str, int]:
    """Requests holding a place, per mentor id (all, or just `mentor_id`): open ones and active
    matches for regular mentoring (a one-off session takes no place), spam left out."""
    table = cast(Table, RequestRecord.__table__)
    which = table.c.mentor_id == mentor_id if mentor_id else table.c.mentor_id != ""
    rows = session.execute(
        select(table.c.mentor_id, func.count())
        .where(table.c.spam.is_(False), table.c.status.in_(HOLDS_A_PLACE), table.c.mentoring != "session", which)
        .group_by(table.c.mentor_id))
    return {mentor_id: count for mentor_id, count in rows}


def live_mentors(directory: Directory, taken: Mapping[str, int]) -> dict[str, PublicMentor]:
    """Every published mentor with the inbox's requests counted: a state and free places."""
    return {mentor_id: mentor.live(taken.get(mentor_id, 0)) for mentor_id, mentor in directory.mentors.items()}


def alternatives(live: Mapping[str, PublicMentor], mentor_id: str) -> list[str]:
    """Mentors to suggest instead of `mentor_id`: the ones its profile would list now."""
    if mentor_id not in live:
        return []
    reference = dt.datetime.combine(build_date(), dt.time(), dt.timezone.utc)
    return [s.id for s in SimilarMentors(list(live.values()), reference)(mentor_id, ALTERNATIVES)]


def mentor_name(mentors: Mapping[str, PublicMentor], mentor_id: str) -> str:
    mentor = mentors.get(mentor_id)
    return mentor.name if mentor else mentor_id
