"""Free places, counted live: a mentor's capacity less the mentees the content repository
records (`active_mentees`, as the built site published it) and the requests the inbox holds
for them (open requests and active matches)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from .mentors import Directory
from .models import HOLDS_A_PLACE, MenteeRequest

ALTERNATIVES = 3


@dataclass(frozen=True)
class Places:
    accepting: bool
    free_places: int


def places_taken(session: Session, mentor_id: str | None = None) -> dict[str, int]:
    """Requests holding a place, per mentor id (all, or just `mentor_id`): open ones and active
    matches, spam left out."""
    table = cast(Table, MenteeRequest.__table__)
    which = table.c.mentor_id == mentor_id if mentor_id else table.c.mentor_id != ""
    rows = session.execute(
        select(table.c.mentor_id, func.count())
        .where(table.c.spam.is_(False), table.c.status.in_(HOLDS_A_PLACE), which)
        .group_by(table.c.mentor_id))
    return {mentor_id: count for mentor_id, count in rows}


def availability(directory: Directory, taken: Mapping[str, int]) -> dict[str, Places]:
    out = {}
    for mentor_id, mentor in directory.mentors.items():
        open_to_requests = mentor.get("availability") in ("accepting", "full") and not mentor.get("stale")
        capacity = int(mentor.get("capacity") or 0)
        # mentors.json gives free_places = capacity - active_mentees for a mentor it shows as accepting
        recorded = capacity - int(mentor.get("free_places") or 0) if mentor.get("availability") == "accepting" \
            else capacity
        free = max(capacity - recorded - taken.get(mentor_id, 0), 0) if open_to_requests else 0
        out[mentor_id] = Places(accepting=free > 0, free_places=free)
    return out


def alternatives(directory: Directory, places: Mapping[str, Places], mentor_id: str, minor: bool) -> list[str]:
    """Accepting mentors who share expertise with `mentor_id`: most shared topics, then most places."""
    chosen = directory.mentors.get(mentor_id)
    if chosen is None:
        return []
    topics = set(chosen.get("expertise") or [])
    ranked = []
    for other_id, other in directory.mentors.items():
        shared = len(topics & set(other.get("expertise") or []))
        if other_id == mentor_id or not shared or not places[other_id].accepting:
            continue
        if minor and not other.get("youth_cleared"):
            continue
        ranked.append((-shared, -places[other_id].free_places, other_id))
    return [other_id for *_, other_id in sorted(ranked)[:ALTERNATIVES]]


def mentor_name(mentors: Mapping[str, Mapping[str, Any]], mentor_id: str) -> str:
    mentor = mentors.get(mentor_id)
    return str(mentor["name"]) if mentor and mentor.get("name") else mentor_id
