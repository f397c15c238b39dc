"""`PublicMentor`: one published mentor exactly as `mentors.json` has it.

The build makes these from the content (`Catalog.public_mentors`); the inbox reads them back
from a built site's `mentors.json`; matching, the request checks and the browser all read
this shape. Nothing private is in it, and anything added to the content model stays out
until it is added here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from .mentor_state import Kind, MentorStatus, State, kinds_offered
from .fields import MentorFormat


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class PublicPhoto(_Record):
    src: str
    alt: str


class PublicPlace(_Record):
    city: str | None = None
    region: str | None = None
    country: str


class PublicLink(_Record):
    label: str
    url: str


class PublicMentor(_Record):
    id: str
    url: str
    state: State
    free_places: int
    paused_until: dt.date | None = None
    name: str
    pronouns: str | None = None
    headline: str | None = None
    bio: str | None = None
    photo: PublicPhoto | None = None
    role: str | None = None
    organisation: str | None = None
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    location: PublicPlace | None = None  # the fields the programme may leave out are None or ()
    timezone: str | None = None
    formats: tuple[MentorFormat, ...] = ()
    audiences: tuple[str, ...] = ()
    capacity: int | None = None
    sessions: bool = False
    accepting: bool
    hours_per_month: int | None = None
    reviewed: dt.date
    youth_cleared: bool = False
    links: tuple[PublicLink, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _from_earlier_versions(cls, data: Any) -> Any:
        """mentors.json before `state` said `availability` (accepting, full, paused) and `stale`."""
        if isinstance(data, dict) and "state" not in data and "availability" in data:
            state = "stale" if data.get("stale") and data["availability"] != "paused" else data["availability"]
            return {**data, "state": state, "free_places": data.get("free_places", 0) if state == "accepting" else 0}
        return data

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return kinds_offered(self.capacity, self.sessions)

    @property
    def status(self) -> MentorStatus:
        return MentorStatus(self.state, self.free_places, self.paused_until, self.sessions)

    @property
    def requestable(self) -> bool:
        return self.state == "accepting"

    def live(self, taken: int) -> PublicMentor:
        """This record with `taken` more places promised (the inbox's live count)."""
        now = self.status.less(taken)
        return self if now == self.status else self.model_copy(
            update={"state": now.state, "free_places": now.free_places})

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def sessions_offered(mentors: Iterable[PublicMentor]) -> bool:
    """Whether any of `mentors` gives one-off sessions: only then do the request form, the match
    and the directory ask which kind of mentoring a mentee wants (otherwise every request is regular)."""
    return any(m.sessions for m in mentors)
