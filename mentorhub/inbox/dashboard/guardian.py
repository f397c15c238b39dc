"""A minor's parent or guardian agreeing to the mentoring, as coordinators record it.

The programme asks a guardian to agree before mentoring starts (the request form says so); the
coordinator who asked records the answer here. It is kept in the audit trail, not in a column of
its own, so the state is the latest of the two actions below ("not recorded" before either) and
each change says who made it and when. The actions name nobody, so erasing the mentee keeps them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_

from ..context import inbox_of
from ..models import AuditEvent
from ..words import minor_tag
from .common import NO_REQUEST, StateChange, load_request, refused

log = logging.getLogger("mentorhub.inbox.dashboard")
router = APIRouter(prefix="/dashboard")
AGREED = N_("guardian agreed")  # audit actions (models.py)
NOT_AGREED = N_("guardian agreement withdrawn")  # recorded by mistake, or taken back


@dataclass(frozen=True)
class Consent:
    """The guardian's agreement to one request, in words for the list and the request's page:
    `words` is a msgid (`message`) filled with `recorded`, the day it was recorded."""

    agreed: bool
    message: str
    recorded: str = ""

    @property
    def words(self) -> str:
        """In English (the templates say `message` in the site's language)."""
        return self.message % {"date": self.recorded} if self.recorded else self.message


AGREED_WORDS = N_("Guardian agreed (recorded %(date)s)")
NOT_RECORDED = Consent(False, N_("Guardian's agreement not recorded yet"))


def consents(session: Session, request_ids: Iterable[int]) -> dict[int, Consent]:
    """The agreement recorded for each of these requests (absent: not recorded)."""
    ids = list(request_ids)
    if not ids:
        return {}
    events = session.scalars(select(AuditEvent).where(AuditEvent.request_id.in_(ids),
                                                      AuditEvent.action.in_((AGREED, NOT_AGREED)))
                             .order_by(AuditEvent.at, AuditEvent.id))
    latest = {event.request_id: event for event in events if event.request_id is not None}
    return {request_id: Consent(True, AGREED_WORDS, f"{event.at:%Y-%m-%d}") if event.action == AGREED
            else NOT_RECORDED for request_id, event in latest.items()}


@router.post("/requests/{reference}/guardian")
async def record_consent(request: Request, reference: str, posted: StateChange) -> Response:
    """Record that the guardian agreed (`agreed=1`), or take that back (`agreed=0`)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    agreed = form.get("agreed") == "1"

    def change() -> str:
        with inbox.db.write() as session:
            row = load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            if not minor_tag(directory, row.age_band):
                return "adult"
            if consents(session, [row.id]).get(row.id, NOT_RECORDED).agreed != agreed:
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action=AGREED if agreed else NOT_AGREED,
                                       from_status=row.status, to_status=row.status))
            return ""

    problem = await run_in_threadpool(change)
    if problem == "missing":
        return refused(request, signed_in, NO_REQUEST, 404)
    if problem:
        return refused(request, signed_in, N_("This mentee is old enough to join without a guardian's agreement; "
                                              "nothing was recorded."), 409)
    log.info("coordinator %d recorded that the guardian of request %s %s", signed_in.coordinator_id, reference,
             "agreed" if agreed else "did not agree")
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}", status_code=303)
