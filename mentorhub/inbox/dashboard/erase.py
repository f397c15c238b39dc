"""The dashboard's erasure forms: from one request's page, or by the mentee's email address.

Both need the coordinator to confirm that the mentee asked; the erasing itself is erasure.py's.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_

from ..context import inbox_of
from ..erasure import erase_mentee_by_key, erase_request as erase_requests_of
from ..intake import mentee_key
from .common import NO_REQUEST, StateChange, refused
from .requests import show_detail

log = logging.getLogger("mentorhub.inbox.dashboard")
router = APIRouter(prefix="/dashboard")


@router.post("/requests/{reference}/erase")
async def erase_request(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    if form.get("confirm") != "yes":
        return await show_detail(request, signed_in, reference, status=400, error=inbox.source.current().words.gettext(
            N_("Tick the box to confirm that the mentee asked for their data to be erased.")))

    count = await run_in_threadpool(lambda: erase_requests_of(inbox.db, reference, signed_in.email,
                                                              inbox.source.current()))
    if count is None:
        return refused(request, signed_in, NO_REQUEST, 404)
    log.info("coordinator %d erased the personal data of %d requests", signed_in.coordinator_id, count)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}?erased={count}", status_code=303)


@router.post("/erase")
async def erase_by_email(request: Request, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    key = mentee_key(form.get("email", ""))
    if not key or form.get("confirm") != "yes":
        return refused(request, signed_in, N_("Enter the mentee's email address and tick the box to confirm "
                                          "that they asked for their data to be erased; nothing was changed."), 400)

    count = await run_in_threadpool(lambda: erase_mentee_by_key(inbox.db, key, signed_in.email,
                                                                inbox.source.current()))
    log.info("coordinator %d erased the personal data of %d requests", signed_in.coordinator_id, count)
    return RedirectResponse(f"/dashboard/?erased={count}", status_code=303)
