"""The dashboard's requests: the list (filtered, searched, paged), one request with its audit
trail, the CSV export, and the changes a coordinator makes (status and note, mentor, spam).

A request can be moved along its states, given a note, or given another mentor (which moves the
place it holds). Each change is written to the audit trail in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_
from mentorhub.content.requests import AGE_BANDS

from ..auth import SignedIn
from ..capacity import alternatives, live_mentors, mentor_name, places_taken
from ..context import inbox_of
from ..export import requests_csv
from ..mentors import Directory
from ..models import (EXPORTED, HOLDS_A_PLACE, MARKED_NOT_SPAM, MARKED_SPAM, MENTOR_CHANGED, MENTOR_EMAIL_REMOVED,
                      MENTOR_EMAIL_SET, NOTE, STATUS, STATUSES, TRANSITIONS, AuditEvent, Match, RequestRecord, utcnow)
from ..words import minor_tag, request_words
from .common import (NO_REQUEST, TABS, Coordinator, Filters, StateChange, after_change, cannot_move, erased_count,
                     is_stale, load_request, quoted, refused, render, stale_days)
from .guardian import NOT_RECORDED, Consent, consents
from .surveys import MENTOR_EMAIL_LABEL, MatchView, match_view, mentor_email

log = logging.getLogger("mentorhub.inbox.dashboard")
router = APIRouter(prefix="/dashboard")
PAGE_SIZE = 100
MAX_NOTE = 2000
HELP_ME_CHOOSE = N_("Help me choose")  # a request with no mentor yet
MAX_PAGE = 1_000_000  # a page beyond the last shows the last; beyond this is refused


@router.get("/")
async def request_list(request: Request, signed_in: Coordinator) -> Response:
    text = request.query_params.get("page", "1").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_PAGE:
        return refused(request, signed_in, N_("The page must be a whole number from 1 to %(most)s."), 400, most=MAX_PAGE)
    page = int(text)
    return await _list(request, signed_in, Filters.of(request.query_params), page)


@router.post("/search")
async def search(request: Request, posted: StateChange) -> Response:
    """A text search, posted so the words never appear in a URL; the first page of matches."""
    signed_in, form = posted.by, posted.form
    return await _list(request, signed_in, Filters.of(form, searching=True), 1)


async def _list(request: Request, signed_in: SignedIn, filters: Filters, page: int) -> Response:
    inbox = inbox_of(request)
    directory = inbox.source.current()
    now = utcnow()
    days = stale_days(inbox)
    stale_before = now - dt.timedelta(days=days)

    def load() -> tuple[list[RequestRecord], int, int, int, dict[str, int], dict[int, Consent]]:
        with inbox.db.read() as session:
            base = filters.apply(select(RequestRecord), stale_before)
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
            shown = min(page, max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1))  # beyond the last: the last
            rows = list(session.scalars(base.order_by(RequestRecord.received_at.desc(), RequestRecord.id.desc())
                                        .limit(PAGE_SIZE).offset((shown - 1) * PAGE_SIZE)))
            stale_count = session.scalar(select(func.count()).select_from(
                Filters(stale=True).apply(select(RequestRecord), stale_before).subquery())) or 0
            minors = [r.id for r in rows if minor_tag(directory, r.age_band)]
            return rows, total, stale_count, shown, filters.counts(session, stale_before), consents(session, minors)

    rows, total, stale_count, page, counts, agreed = await run_in_threadpool(load)
    mentors = directory.mentors
    return render(request, "list.html", signed_in=signed_in, rows=rows, total=total, page=page,
                  pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), filters=filters, mentors=mentors,
                  mentor_name=lambda m: _name(directory, m),
                  stale=lambda r: is_stale(r, now, days), waiting=lambda r: (now - r.received_at).days,
                  stale_days=days, stale_count=stale_count, erased=erased_count(request), page_size=PAGE_SIZE,
                  tabs=TABS, status_counts=counts, age_bands=AGE_BANDS,
                  minor=lambda r: minor_tag(directory, r.age_band),
                  consent=lambda r: agreed.get(r.id, NOT_RECORDED))


def _mentor_choices(directory: Directory, row: RequestRecord, taken: dict[str, int]) -> list[dict[str, Any]]:
    """The mentors a coordinator may give this request: every published one (only youth-cleared
    ones for a minor), each with its live state; suggested alternatives first. Empty when the
    request no longer holds a place (declined, withdrawn, closed): its mentor is history."""
    if row.status not in HOLDS_A_PLACE:
        return []
    live = live_mentors(directory, taken)
    minor = directory.options.needs_guardian(row.age_band)
    suggested = [m for m in row.alternatives if m in live]
    rest = sorted((m for m in live if m not in suggested), key=lambda m: live[m].name.casefold())
    out = [{"value": "", "label": directory.words.gettext(N_("Help me choose (no mentor yet)")), "selected": not row.mentor_id}]
    for mentor_id in suggested + rest:
        mentor = live[mentor_id]
        if minor and not mentor.youth_cleared and mentor_id != row.mentor_id:
            continue
        note = " (current)" if mentor_id == row.mentor_id else " (suggested)" if mentor_id in suggested else ""
        out.append({"value": mentor_id, "label": f"{mentor.name}{note} — {mentor.status.words}",
                    "selected": mentor_id == row.mentor_id})
    return out


@router.get("/requests/{reference}")
async def request_detail(request: Request, reference: str, signed_in: Coordinator) -> Response:
    return await show_detail(request, signed_in, reference)


async def show_detail(request: Request, signed_in: SignedIn, reference: str, error: str = "",
                      status: int = 200) -> Response:
    inbox = inbox_of(request)

    directory = inbox.source.current()

    def load() -> tuple[RequestRecord | None, list[AuditEvent], int, dict[str, int], Consent, MatchView | None]:
        with inbox.db.read() as session:
            row = load_request(session, reference)
            if row is None:
                return None, [], 0, {}, NOT_RECORDED, None
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.request_id == row.id)
                                          .order_by(AuditEvent.at, AuditEvent.id)))
            others = 0
            if row.email_key:
                others = session.scalar(select(func.count()).select_from(RequestRecord).where(
                    RequestRecord.email_key == row.email_key, RequestRecord.id != row.id)) or 0
            return (row, events, others, places_taken(session), consents(session, [row.id]).get(row.id, NOT_RECORDED),
                    match_view(session, directory, row))

    row, events, others, taken, consent, match = await run_in_threadpool(load)
    if row is None:
        return refused(request, signed_in, NO_REQUEST, 404)
    now = utcnow()
    labels = {f.name: f.label for f in directory.options.extra_fields}
    live = live_mentors(directory, taken)
    return render(request, "detail.html", status=status, signed_in=signed_in, row=row, events=events,
                  others=others, error=error, next_statuses=TRANSITIONS[row.status],
                  mentor_choices=_mentor_choices(directory, row, taken), MENTOR_CHANGED=MENTOR_CHANGED,
                  minor=minor_tag(directory, row.age_band), consent=consent,
                  mentor_name=lambda m: _name(directory, m),
                  live=live, stale=is_stale(row, now, stale_days(inbox)), waiting=(now - row.received_at).days,
                  stale_days=stale_days(inbox), words=request_words(directory, row), answer_labels=labels,
                  erased=erased_count(request), match=match, mentor_email_label=MENTOR_EMAIL_LABEL)


@router.get("/export.csv")
async def export_page(signed_in: Coordinator) -> Response:
    """Exports are posted (they are audited, and a search must stay out of URLs): back to the list."""
    return RedirectResponse("/dashboard/", status_code=303)


@router.post("/export.csv")
async def export(request: Request, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    filters = Filters.of(form, searching=True)
    now = utcnow()
    days = stale_days(inbox)
    directory = inbox.source.current()
    options, words = directory.options, directory.words
    extra = [f.name for f in options.extra_fields]

    def load() -> str:
        with inbox.db.write() as session:
            rows = list(session.scalars(filters.apply(select(RequestRecord), now - dt.timedelta(days=days))
                                        .order_by(RequestRecord.received_at, RequestRecord.id)))
            names = extra + sorted({k for r in rows for k in (r.answers or {}) if k not in extra})
            session.add(AuditEvent(actor=signed_in.email, action=EXPORTED,
                                   note=words.ngettext("%(num)s request as CSV", "%(num)s requests as CSV",
                                                       len(rows))))
        log.info("coordinator %d exported %d requests", signed_in.coordinator_id, len(rows))
        return requests_csv(rows, names, options)

    body = await run_in_threadpool(load)
    name = f"requests-{now:%Y%m%d-%H%M}.csv"
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


# --- changing -----------------------------------------------------------------------------------

@router.post("/requests/{reference}/status")
async def change_status(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    words = inbox.source.current().words
    target = form.get("status", "")
    note = form.get("note", "").strip()[:MAX_NOTE] or None
    address, problem = mentor_email(words, form.get("mentor_email", "")) if target == "matched" else (None, "")
    if problem:
        return await show_detail(request, signed_in, reference, status=400,
                                 error=words.gettext(N_("%(problem)s; nothing was changed."), problem=problem))

    def change() -> str:
        with inbox.db.write() as session:
            row = load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            if not target and note:  # "keep it as it is": the note alone
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action=NOTE,
                                       from_status=row.status, to_status=row.status, note=note))
                log.info("coordinator %d added a note to request %s", signed_in.coordinator_id, reference)
                return ""
            if form.get("from") and form["from"] != row.status:
                return words.gettext(N_("The request moved to %(here)s meanwhile; nothing was changed. "
                                        "Check and try again."), here=quoted(words, STATUSES[row.status]))
            if target not in TRANSITIONS[row.status]:
                return cannot_move(words, N_("A request that is %(here)s cannot move to %(wanted)s; it can move to "
                                             "%(allowed)s. To save only a note, keep the status and write the note."),
                                   STATUSES, row.status, target, TRANSITIONS[row.status], N_("nothing (it is closed)"))
            session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action=STATUS, from_status=row.status,
                                   to_status=target, note=note))
            now = utcnow()
            _follow_match(session, row, target, address, now)
            row.status, row.status_changed_at = target, now
        log.info("coordinator %d moved request %s to %s", signed_in.coordinator_id, reference, target)
        return ""

    return await _answer_change(request, signed_in, reference, await run_in_threadpool(change))


def _follow_match(session: Any, row: RequestRecord, target: str, address: str | None, now: dt.datetime) -> None:
    """A request moved to `matched` starts its match (its check-in surveys start then); a match
    moved on to `closed` ends (its closure surveys are due)."""
    match = session.scalar(select(Match).where(Match.request_id == row.id))
    if target == "matched" and match is None:
        session.add(Match(request_id=row.id, mentor_id=row.mentor_id, mentor_email=address, started_at=now))
    elif target == "closed" and row.status == "matched" and match is not None and match.ended_at is None:
        match.ended_at = now


@router.post("/requests/{reference}/mentor")
async def change_mentor(request: Request, reference: str, posted: StateChange) -> Response:
    """Give the request another mentor, or none ("help me choose"). The place it holds moves with
    it (places are counted from requests' mentor_id); `mentor_full` and `alternatives` say what
    they would have said had the mentee chosen this mentor now."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    words = directory.words
    target = form.get("mentor", "").strip()

    def change() -> str:
        with inbox.db.write() as session:
            row = load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            if "from_mentor" in form and form["from_mentor"] != row.mentor_id:
                return words.gettext(N_("The request's mentor was changed to %(mentor)s meanwhile; nothing was "
                                        "changed. Check and try again."), mentor=_name(directory, row.mentor_id))
            if target == row.mentor_id:
                return "same"
            if target and target not in directory.mentors:
                return words.gettext(N_("Choose one of the published mentors, or “%(none)s”; nothing was changed."),
                                     none=words.gettext(HELP_ME_CHOOSE))
            if row.status not in HOLDS_A_PLACE:
                return words.gettext(N_("A request that is %(here)s keeps its mentor: it no longer holds a place."),
                                     here=quoted(words, STATUSES[row.status]))
            chosen = directory.mentors.get(target)
            if chosen is not None and directory.options.needs_guardian(row.age_band) and not chosen.youth_cleared:
                return words.gettext(N_("%(mentor)s is not cleared to mentor under-18s; choose a youth-cleared "
                                        "mentor."), mentor=chosen.name)
            full, others = False, []
            if chosen is not None:
                inbox.db.lock(session, "mentor:" + target)
                taken = places_taken(session)
                live = live_mentors(directory, taken)
                full = not live[target].status.takes("session" if row.mentoring == "session" else "long-term")
                others = alternatives(live, target) if full else []
                if full and directory.options.needs_guardian(row.age_band):
                    others = [m for m in others if directory.mentors[m].youth_cleared]
            session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action=MENTOR_CHANGED,
                                   from_status=row.status, to_status=row.status,
                                   note=words.gettext(N_("from %(old)s to %(new)s"), old=_name(directory, row.mentor_id),
                                                     new=_name(directory, target))))
            row.mentor_id, row.mentor_full, row.alternatives = target, full, others
            match = session.scalar(select(Match).where(Match.request_id == row.id))
            if match is not None:  # the new mentor's check-ins; the old one's address is not theirs
                match.mentor_id, match.mentor_email = target, None
        log.info("coordinator %d changed the mentor of request %s", signed_in.coordinator_id, reference)
        return ""

    problem = await run_in_threadpool(change)
    return await _answer_change(request, signed_in, reference, "" if problem == "same" else problem)


@router.post("/requests/{reference}/mentor-email")
async def change_mentor_email(request: Request, reference: str, posted: StateChange) -> Response:
    """Set, change or remove the address the mentor's check-in invitations go to (their personal
    data: the audit trail records the change, not the address)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    words = inbox.source.current().words
    address, problem = mentor_email(words, form.get("mentor_email", ""))
    if problem:
        return await show_detail(request, signed_in, reference, error=problem, status=400)

    def change() -> str:
        with inbox.db.write() as session:
            row = load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            match = session.scalar(select(Match).where(Match.request_id == row.id))
            if match is None:
                return words.gettext(N_("This request is not a match yet: move it to %(matched)s first."),
                                     matched=quoted(words, STATUSES["matched"]))
            if match.mentor_email != address:
                match.mentor_email = address
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email,
                                       action=MENTOR_EMAIL_SET if address else MENTOR_EMAIL_REMOVED))
            return ""

    return await _answer_change(request, signed_in, reference, await run_in_threadpool(change))


def _name(directory: Directory, mentor_id: str) -> str:
    return mentor_name(directory.mentors, mentor_id) if mentor_id else directory.words.gettext(HELP_ME_CHOOSE)


@router.post("/requests/{reference}/spam")
async def change_spam(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    spam = form.get("spam") == "1"

    def change() -> bool:
        with inbox.db.write() as session:
            row = load_request(session, reference, for_update=True)
            if row is None:
                return False
            if row.spam != spam:
                row.spam = spam
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email,
                                       action=MARKED_SPAM if spam else MARKED_NOT_SPAM))
            return True

    if not await run_in_threadpool(change):
        return refused(request, signed_in, NO_REQUEST, 404)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}", status_code=303)


async def _answer_change(request: Request, signed_in: SignedIn, reference: str, problem: str) -> Response:
    return await after_change(request, signed_in, problem, f"/dashboard/requests/{quote(reference)}",
                              NO_REQUEST,
                              lambda error: show_detail(request, signed_in, reference, error=error, status=409))
