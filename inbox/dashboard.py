"""The coordinators' dashboard: server-rendered HTML behind a sign-in.

Every page needs a signed-in coordinator; every state change needs the session's CSRF token.
Lists filter by status, mentor, spam and text; requests left `new` longer than the stale
limit are highlighted. A request can be moved along its states, given a note, or given another
mentor (which moves the place it holds). Each change is written to the audit trail in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, func, or_, select, text, update
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from generator.content.mentor_state import LABELS
from generator.content.requests import AGE_BANDS, AVAILABILITY, FORMATS
from generator.content.vocabulary import builtin_vocabulary

from .context import Inbox, Refusal, client_address, inbox_of, own_origins
from .auth import Busy, SignedIn, cookie_names, csrf_ok, normalise_email
from .capacity import alternatives, live_mentors, mentor_name, places_taken
from .export import requests_csv
from .intake import mentee_key
from .mentors import Directory
from .models import HOLDS_A_PLACE, OPEN, PERSONAL_FIELDS, STATUSES, TRANSITIONS, AuditEvent, MenteeRequest, utcnow

log = logging.getLogger("inbox.dashboard")
router = APIRouter(prefix="/dashboard")
PAGE_SIZE = 100
MAX_NOTE = 2000
SHOW = ("requests", "spam", "all")
# Kept after erasure when the programme's notice versions are unknown: looks like a version, not a word.
VERSION_LIKE = re.compile(r"v?[0-9][0-9A-Za-z.-]{0,38}")
MAX_PAGE = 1_000_000  # a page beyond the last shows the last; beyond this is refused
BUSY_RETRY = 2  # seconds: Retry-After when too many sign-ins are being checked at once
MENTOR_CHANGED = "mentor changed"  # its note names the mentors only, so erasing a mentee keeps it


# --- helpers ------------------------------------------------------------------------------------

def _cookies(request: Request) -> tuple[str, str]:
    """The session and sign-in cookies' names (`__Host-` prefixed when the inbox is https)."""
    return cookie_names(inbox_of(request).settings.public_url)


def _secure(request: Request) -> bool:
    settings = inbox_of(request).settings
    return settings.cookie_secure or urlsplit(settings.public_url).scheme == "https"


def _origin_ok(request: Request) -> bool:
    """A post must come from the inbox's own pages: its Origin, or without one its Referer, must be
    the inbox's origin (INBOX_PUBLIC_URL) or the one the request was sent to (its scheme and Host,
    which a cross-site page cannot choose). A post with neither (old browsers, privacy add-ons)
    still needs the CSRF token."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return True
        parts = urlsplit(referer)
        origin = f"{parts.scheme}://{parts.netloc}"
    return origin.strip().rstrip("/").lower() in own_origins(request)


def _no_nul(request: Request, values: Any) -> None:
    """NUL cannot be stored in PostgreSQL text and never belongs in the dashboard's inputs: the
    same 400 on both databases."""
    if any("\x00" in str(value) for value in values):
        raise Refusal(_refused(request, None, "The request contained a NUL character; nothing was changed.", 400))


async def _signed_in(request: Request) -> SignedIn | None:
    return await run_in_threadpool(inbox_of(request).auth.current, request.cookies.get(_cookies(request)[0]))


def _to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/dashboard/login?" + urlencode({"next": target}), status_code=303)


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    inbox = inbox_of(request)
    page = inbox.templates.get_template(name).render(statuses=STATUSES, **context)
    return HTMLResponse(page, status_code=status)


def _refused(request: Request, signed_in: SignedIn | None, message: str, status: int = 403) -> HTMLResponse:
    return _render(request, "message.html", status=status, signed_in=signed_in, title="Not done", message=message)


async def _form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=50)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    _no_nul(request, [*fields, *fields.values(), *request.path_params.values(), *request.query_params.values()])
    return fields


async def _coordinator(request: Request) -> SignedIn:
    """For pages: the signed-in coordinator; anyone else is sent to the sign-in page."""
    _no_nul(request, [*request.path_params.values(), *request.query_params.values()])
    signed_in = await _signed_in(request)
    if signed_in is None:
        raise Refusal(_to_login(request))
    return signed_in


@dataclass(frozen=True)
class Change:
    """A state change let through: the signed-in coordinator and the posted form."""

    by: SignedIn
    form: dict[str, str]


async def _change(request: Request) -> Change:
    """For posts: refused without a session or without the session's CSRF token."""
    if not _origin_ok(request):
        log.info("refused a change posted from another origin")
        raise Refusal(_refused(request, None, "This form did not come from the dashboard; nothing was changed."))
    signed_in = await _signed_in(request)
    if signed_in is None:
        raise Refusal(_refused(request, None, "Sign in first: this needs a signed-in coordinator."))
    form = await _form(request)
    if not csrf_ok(signed_in, form.get("csrf_token")):
        log.info("refused a change without a valid CSRF token")
        raise Refusal(_refused(request, signed_in, "This form has expired or did not come from the dashboard. "
                               "Go back, reload the page and try again; nothing was changed."))
    return Change(signed_in, form)


Coordinator = Annotated[SignedIn, Depends(_coordinator)]
StateChange = Annotated[Change, Depends(_change)]


def _safe_next(value: str | None) -> str:
    return value if value and value.startswith("/dashboard") and not value.startswith("//") else "/dashboard/"


@dataclass(frozen=True)
class Filters:
    status: str = ""  # "", "open" or a status
    mentor: str = ""  # "", "-" (help me choose) or a mentor id
    show: str = "requests"  # requests (no spam), spam, all
    q: str = ""
    stale: bool = False

    @classmethod
    def of(cls, params: Any, searching: bool = False) -> Filters:
        """From a query string (never a text search: addresses in URLs end up in proxies' logs)
        or, with `searching`, from a posted form."""
        status = params.get("status", "")
        show = params.get("show", "requests")
        return cls(status=status if status in ("", "open", *STATUSES) else "",
                   mentor=params.get("mentor", "")[:100], show=show if show in SHOW else "requests",
                   q=params.get("q", "").strip()[:254] if searching else "", stale=params.get("stale") == "1")

    def query(self, **changes: Any) -> str:
        """The filters for a link; the text search is left out (see `of`)."""
        values = {"status": self.status, "mentor": self.mentor, "show": self.show,
                  "stale": "1" if self.stale else "", **changes}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})

    def apply(self, query: Select[Any], stale_before: dt.datetime) -> Select[Any]:
        if self.status == "open":
            query = query.where(MenteeRequest.status.in_(OPEN))
        elif self.status:
            query = query.where(MenteeRequest.status == self.status)
        if self.mentor == "-":
            query = query.where(MenteeRequest.mentor_id == "")
        elif self.mentor:
            query = query.where(MenteeRequest.mentor_id == self.mentor)
        if self.show != "all":
            query = query.where(MenteeRequest.spam.is_(self.show == "spam"))
        if self.q:
            like = "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(or_(MenteeRequest.preferred_name.ilike(like, escape="\\"),
                                    MenteeRequest.email.ilike(like, escape="\\"),
                                    MenteeRequest.public_id.ilike(like, escape="\\")))
        if self.stale:
            query = query.where(MenteeRequest.status == "new", MenteeRequest.spam.is_(False),
                                MenteeRequest.received_at < stale_before)
        return query


def stale_days(inbox: Inbox) -> int:
    return inbox.settings.stale_days or inbox.source.current().options.reply_days


def is_stale(row: MenteeRequest, now: dt.datetime, days: int) -> bool:
    return row.status == "new" and not row.spam and now - row.received_at > dt.timedelta(days=days)


# --- signing in and out -------------------------------------------------------------------------

@router.get("", include_in_schema=False)
async def dashboard_root() -> RedirectResponse:
    return RedirectResponse("/dashboard/", status_code=307)


@router.get("/login")
async def login_page(request: Request) -> Response:
    if await _signed_in(request):
        return RedirectResponse(_safe_next(request.query_params.get("next")), status_code=303)
    return _login_form(request, "", 200)


def _login_form(request: Request, error: str, status: int, next_value: str | None = None) -> Response:
    inbox = inbox_of(request)
    token, cookie = inbox.auth.new_login_token()
    response = _render(request, "login.html", status=status, signed_in=None, error=error, csrf_token=token,
                       next=_safe_next(next_value or request.query_params.get("next")))
    response.set_cookie(_cookies(request)[1], cookie, max_age=3600, httponly=True, samesite="strict",
                        secure=_secure(request), path="/")
    return response


@router.post("/login")
async def login(request: Request) -> Response:
    inbox = inbox_of(request)
    session_cookie, login_cookie = _cookies(request)
    if not _origin_ok(request):
        return _login_form(request, "The sign-in form did not come from the dashboard; please try again.", 403)
    form = await _form(request)
    if not inbox.auth.login_token_ok(request.cookies.get(login_cookie), form.get("csrf_token")):
        return _login_form(request, "The sign-in form expired; please try again.", 403, form.get("next"))
    email = form.get("email", "")
    # Per client address, then per account (a keyed hash of the normalised address, counted
    # whether or not the account exists, so the limit tells nothing about which accounts exist).
    for scope, key in (("login", client_address(request)), ("login-account", normalise_email(email))):
        retry = await run_in_threadpool(inbox.limiter.hit, scope, key, inbox.settings.login_rate_limit)
        if retry is not None:
            response = _login_form(request, "Too many sign-in attempts; wait a few minutes and try again.", 429,
                                   form.get("next"))
            response.headers["Retry-After"] = str(retry)
            return response
    try:
        cookie = await run_in_threadpool(inbox.auth.sign_in, email, form.get("password", ""))
    except Busy:
        response = _login_form(request, "The inbox is busy checking other sign-ins; try again in a moment.", 503,
                               form.get("next"))
        response.headers["Retry-After"] = str(BUSY_RETRY)
        return response
    if cookie is None:
        return _login_form(request, "The email address or password is not right.", 401, form.get("next"))
    response = RedirectResponse(_safe_next(form.get("next")), status_code=303)
    response.set_cookie(session_cookie, cookie, max_age=inbox.settings.session_hours * 3600, httponly=True,
                        samesite="lax", secure=_secure(request), path="/")
    response.delete_cookie(login_cookie, path="/", secure=_secure(request), httponly=True, samesite="strict")
    return response


@router.post("/logout")
async def logout(request: Request, posted: StateChange) -> Response:
    signed_in = posted.by
    await run_in_threadpool(inbox_of(request).auth.sign_out, signed_in)
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(_cookies(request)[0], path="/", secure=_secure(request), httponly=True, samesite="lax")
    return response


# --- reading ------------------------------------------------------------------------------------

@router.get("/")
async def request_list(request: Request, signed_in: Coordinator) -> Response:
    text = request.query_params.get("page", "1").strip()
    if not text.isascii() or not text.isdigit() or len(text) > 7 or not 1 <= int(text) <= MAX_PAGE:
        return _refused(request, signed_in, f"The page must be a whole number from 1 to {MAX_PAGE}.", 400)
    page = int(text)
    return await _list(request, signed_in, Filters.of(request.query_params), page)


@router.post("/search")
async def search(request: Request, posted: StateChange) -> Response:
    """A text search, posted so the words never appear in a URL; the first page of matches."""
    signed_in, form = posted.by, posted.form
    return await _list(request, signed_in, Filters.of(form, searching=True), 1)


async def _list(request: Request, signed_in: SignedIn, filters: Filters, page: int) -> Response:
    inbox = inbox_of(request)
    now = utcnow()
    days = stale_days(inbox)

    def load() -> tuple[list[MenteeRequest], int, int, int]:
        with inbox.db.read() as session:
            base = filters.apply(select(MenteeRequest), now - dt.timedelta(days=days))
            total = session.scalar(select(func.count()).select_from(base.subquery())) or 0
            shown = min(page, max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1))  # beyond the last: the last
            rows = list(session.scalars(base.order_by(MenteeRequest.received_at.desc(), MenteeRequest.id.desc())
                                        .limit(PAGE_SIZE).offset((shown - 1) * PAGE_SIZE)))
            stale_count = session.scalar(select(func.count()).select_from(
                Filters(stale=True).apply(select(MenteeRequest), now - dt.timedelta(days=days)).subquery())) or 0
        return rows, total, stale_count, shown

    rows, total, stale_count, page = await run_in_threadpool(load)
    mentors = inbox.source.current().mentors
    return _render(request, "list.html", signed_in=signed_in, rows=rows, total=total, page=page,
                   pages=max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1), filters=filters, mentors=mentors,
                   mentor_name=lambda m: mentor_name(mentors, m) if m else "Help me choose",
                   stale=lambda r: is_stale(r, now, days), waiting=lambda r: (now - r.received_at).days,
                   stale_days=days, stale_count=stale_count, erased=request.query_params.get("erased"),
                   page_size=PAGE_SIZE)


def _mentor_choices(directory: Directory, row: MenteeRequest, taken: dict[str, int]) -> list[dict[str, Any]]:
    """The mentors a coordinator may give this request: every published one (only youth-cleared
    ones for a minor), each with its live state; suggested alternatives first. Empty when the
    request no longer holds a place (declined, withdrawn, closed): its mentor is history."""
    if row.status not in HOLDS_A_PLACE:
        return []
    live = live_mentors(directory, taken)
    minor = directory.options.needs_guardian(row.age_band)
    suggested = [m for m in row.alternatives if m in live]
    rest = sorted((m for m in live if m not in suggested), key=lambda m: live[m].name.casefold())
    out = [{"value": "", "label": "Help me choose (no mentor yet)", "selected": not row.mentor_id}]
    for mentor_id in suggested + rest:
        mentor = live[mentor_id]
        if minor and not mentor.youth_cleared and mentor_id != row.mentor_id:
            continue
        places = f", {mentor.free_places} free place{'s' if mentor.free_places != 1 else ''}" \
            if mentor.state == "accepting" else ""
        note = " (current)" if mentor_id == row.mentor_id else " (suggested)" if mentor_id in suggested else ""
        out.append({"value": mentor_id, "label": f"{mentor.name}{note}: {LABELS[mentor.state].lower()}"
                    f"{places}", "selected": mentor_id == row.mentor_id})
    return out


def _load_request(session: Session, reference: str, for_update: bool = False) -> MenteeRequest | None:
    query = select(MenteeRequest).where(MenteeRequest.public_id == reference)
    return session.scalar(query.with_for_update() if for_update else query)


@router.get("/requests/{reference}")
async def request_detail(request: Request, reference: str, signed_in: Coordinator) -> Response:
    return await _detail(request, signed_in, reference)


async def _detail(request: Request, signed_in: SignedIn, reference: str, error: str = "",
                  status: int = 200) -> Response:
    inbox = inbox_of(request)

    directory = inbox.source.current()

    def load() -> tuple[MenteeRequest | None, list[AuditEvent], int, dict[str, int]]:
        with inbox.db.read() as session:
            row = _load_request(session, reference)
            if row is None:
                return None, [], 0, {}
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.request_id == row.id)
                                          .order_by(AuditEvent.at, AuditEvent.id)))
            others = 0
            if row.email_key:
                others = session.scalar(select(func.count()).select_from(MenteeRequest).where(
                    MenteeRequest.email_key == row.email_key, MenteeRequest.id != row.id)) or 0
            return row, events, others, places_taken(session)

    row, events, others, taken = await run_in_threadpool(load)
    if row is None:
        return _refused(request, signed_in, "There is no request with that reference.", 404)
    now = utcnow()
    labels = {f.name: f.label for f in directory.options.extra_fields}
    return _render(request, "detail.html", status=status, signed_in=signed_in, row=row, events=events,
                   others=others, error=error, next_statuses=TRANSITIONS[row.status],
                   mentor_choices=_mentor_choices(directory, row, taken), MENTOR_CHANGED=MENTOR_CHANGED,
                   minor=directory.options.needs_guardian(row.age_band),
                   mentor_name=lambda m: mentor_name(directory.mentors, m) if m else "Help me choose",
                   stale=is_stale(row, now, stale_days(inbox)), waiting=(now - row.received_at).days,
                   stale_days=stale_days(inbox),
                   age_bands=AGE_BANDS, formats=FORMATS, times=AVAILABILITY, answer_labels=labels,
                   erased=request.query_params.get("erased"))


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
    extra = [f.name for f in inbox.source.current().options.extra_fields]

    def load() -> str:
        with inbox.db.write() as session:
            rows = list(session.scalars(filters.apply(select(MenteeRequest), now - dt.timedelta(days=days))
                                        .order_by(MenteeRequest.received_at, MenteeRequest.id)))
            names = extra + sorted({k for r in rows for k in (r.answers or {}) if k not in extra})
            session.add(AuditEvent(actor=signed_in.email, action="exported", note=f"{len(rows)} requests as CSV"))
        log.info("coordinator %d exported %d requests", signed_in.coordinator_id, len(rows))
        return requests_csv(rows, names)

    body = await run_in_threadpool(load)
    name = f"requests-{now:%Y%m%d-%H%M}.csv"
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"})


# --- changing -----------------------------------------------------------------------------------

@router.post("/requests/{reference}/status")
async def change_status(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    target = form.get("status", "")
    note = form.get("note", "").strip()[:MAX_NOTE] or None

    def change() -> str:
        with inbox.db.write() as session:
            row = _load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            if not target and note:  # "keep it as it is": the note alone
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action="note",
                                       from_status=row.status, to_status=row.status, note=note))
                log.info("coordinator %d added a note to request %s", signed_in.coordinator_id, reference)
                return ""
            if form.get("from") and form["from"] != row.status:
                return f"The request moved to {row.status} meanwhile; nothing was changed. Check and try again."
            if target not in TRANSITIONS[row.status]:
                allowed = " or ".join(TRANSITIONS[row.status]) or "nothing (it is closed)"
                return (f"A {row.status} request cannot move to {target or 'nothing'}; it can move to {allowed}. "
                        "To save only a note, keep the status and write the note.")
            session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action="status", from_status=row.status,
                                   to_status=target, note=note))
            row.status, row.status_changed_at = target, utcnow()
        log.info("coordinator %d moved request %s to %s", signed_in.coordinator_id, reference, target)
        return ""

    problem = await run_in_threadpool(change)
    if problem == "missing":
        return _refused(request, signed_in, "There is no request with that reference.", 404)
    if problem:
        return await _detail(request, signed_in, reference, error=problem, status=409)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}", status_code=303)


@router.post("/requests/{reference}/mentor")
async def change_mentor(request: Request, reference: str, posted: StateChange) -> Response:
    """Give the request another mentor, or none ("help me choose"). The place it holds moves with
    it (places are counted from requests' mentor_id); `mentor_full` and `alternatives` say what
    they would have said had the mentee chosen this mentor now."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    target = form.get("mentor", "").strip()

    def change() -> str:
        with inbox.db.write() as session:
            row = _load_request(session, reference, for_update=True)
            if row is None:
                return "missing"
            if "from_mentor" in form and form["from_mentor"] != row.mentor_id:
                return (f"The request's mentor was changed to {_name(directory, row.mentor_id)} meanwhile; nothing "
                        "was changed. Check and try again.")
            if target == row.mentor_id:
                return "same"
            if target and target not in directory.mentors:
                return "Choose one of the published mentors, or 'Help me choose'; nothing was changed."
            if row.status not in HOLDS_A_PLACE:
                return f"A {row.status} request keeps its mentor: it no longer holds a place."
            chosen = directory.mentors.get(target)
            if chosen is not None and directory.options.needs_guardian(row.age_band) and not chosen.youth_cleared:
                return f"{chosen.name} is not cleared to mentor under-18s; choose a youth-cleared mentor."
            full, others = False, []
            if chosen is not None:
                inbox.db.lock(session, "mentor:" + target)
                taken = places_taken(session)
                live = live_mentors(directory, taken)
                full = not live[target].requestable
                others = alternatives(live, target) if full else []
                if full and directory.options.needs_guardian(row.age_band):
                    others = [m for m in others if directory.mentors[m].youth_cleared]
            session.add(AuditEvent(request_id=row.id, actor=signed_in.email, action=MENTOR_CHANGED,
                                   from_status=row.status, to_status=row.status,
                                   note=f"from {_name(directory, row.mentor_id)} to {_name(directory, target)}"))
            row.mentor_id, row.mentor_full, row.alternatives = target, full, others
        log.info("coordinator %d changed the mentor of request %s", signed_in.coordinator_id, reference)
        return ""

    problem = await run_in_threadpool(change)
    if problem == "missing":
        return _refused(request, signed_in, "There is no request with that reference.", 404)
    if problem and problem != "same":
        return await _detail(request, signed_in, reference, error=problem, status=409)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}", status_code=303)


def _name(directory: Directory, mentor_id: str) -> str:
    return mentor_name(directory.mentors, mentor_id) if mentor_id else "Help me choose"


@router.post("/requests/{reference}/spam")
async def change_spam(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    spam = form.get("spam") == "1"

    def change() -> bool:
        with inbox.db.write() as session:
            row = _load_request(session, reference, for_update=True)
            if row is None:
                return False
            if row.spam != spam:
                row.spam = spam
                session.add(AuditEvent(request_id=row.id, actor=signed_in.email,
                                       action="marked as spam" if spam else "marked as not spam"))
            return True

    if not await run_in_threadpool(change):
        return _refused(request, signed_in, "There is no request with that reference.", 404)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}", status_code=303)


def secure_erasure(session: Session) -> None:
    """Before erasing, on SQLite: overwrite freed space with zeros (for this connection)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def scrub(inbox: Inbox) -> None:
    """After an erasure is committed, make the old bytes go: on SQLite copy the WAL into the main
    file (zeroed by secure_delete) and truncate it; on PostgreSQL VACUUM FULL the tables erasure
    changes (outside any transaction): it rewrites them, so the dead row versions' bytes go with the
    old files (a plain VACUUM leaves them in the pages' free space). The tables are locked meanwhile;
    they are small, and erasures are rare."""
    engine = inbox.db.engine
    try:
        if engine.dialect.name == "sqlite":
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA secure_delete = ON")
                busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
                if busy:  # a reader kept the WAL in use: the next erasure's checkpoint takes the rest
                    log.warning("the WAL could not be emptied after an erasure (in use); it will be later")
                connection.exec_driver_sql("PRAGMA secure_delete = OFF")
                connection.commit()
        else:
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM FULL requests, audit_events")
    except Exception:  # the erasure itself is committed; the next erasure or autovacuum will do it
        log.exception("could not scrub the database after an erasure")


def erase_mentee(session: Session, rows: list[MenteeRequest], actor: str, directory: Directory) -> int:
    """Remove the personal fields of `rows`; keep the fact of each request (dates, status, mentor,
    age band, topics) for statistics. Open requests become withdrawn. Notes are removed too,
    since coordinators may have written personal details in them."""
    now = utcnow()
    for row in rows:
        if row.status in OPEN:
            session.add(AuditEvent(request_id=row.id, actor=actor, action="status", from_status=row.status,
                                   to_status="withdrawn", at=now))
            row.status, row.status_changed_at = "withdrawn", now
        for name in PERSONAL_FIELDS:
            setattr(row, name, None)
        # Topics, languages and the notice's version are kept for statistics only where they are
        # the programme's own terms: anything else is something the mentee typed, and goes.
        languages = builtin_vocabulary("languages").terms
        row.interests = [term for term in row.interests if term in directory.expertise_labels]
        row.languages = [code for code in row.languages if code in languages]
        versions = directory.privacy_versions
        known = row.privacy_version in versions if versions is not None \
            else VERSION_LIKE.fullmatch(row.privacy_version or "") is not None
        row.privacy_version = row.privacy_version if known else ""
        row.erased_at = now
        session.execute(update(AuditEvent).where(AuditEvent.request_id == row.id, AuditEvent.action != MENTOR_CHANGED)
                        .values(note=None))
        session.add(AuditEvent(request_id=row.id, actor=actor, action="erased personal data", at=now))
    return len(rows)


@router.post("/requests/{reference}/erase")
async def erase_request(request: Request, reference: str, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    if form.get("confirm") != "yes":
        return await _detail(request, signed_in, reference, status=400,
                             error="Tick the box to confirm that the mentee asked for their data to be erased.")

    def erase() -> int | None:
        with inbox.db.write() as session:
            secure_erasure(session)
            row = _load_request(session, reference, for_update=True)
            if row is None:
                return None
            rows = [row]
            if row.email_key:
                rows = list(session.scalars(select(MenteeRequest).where(MenteeRequest.email_key == row.email_key)
                                            .with_for_update()))
            count = erase_mentee(session, rows, signed_in.email, inbox.source.current())
        scrub(inbox)
        return count

    count = await run_in_threadpool(erase)
    if count is None:
        return _refused(request, signed_in, "There is no request with that reference.", 404)
    log.info("coordinator %d erased the personal data of %d requests", signed_in.coordinator_id, count)
    return RedirectResponse(f"/dashboard/requests/{quote(reference)}?erased={count}", status_code=303)


@router.post("/erase")
async def erase_by_email(request: Request, posted: StateChange) -> Response:
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    key = mentee_key(form.get("email", ""))
    if not key or form.get("confirm") != "yes":
        return _refused(request, signed_in, "Enter the mentee's email address and tick the box to confirm that "
                        "they asked for their data to be erased; nothing was changed.", 400)

    def erase() -> int:
        with inbox.db.write() as session:
            secure_erasure(session)
            rows = list(session.scalars(select(MenteeRequest).where(MenteeRequest.email_key == key)
                                        .with_for_update()))
            count = erase_mentee(session, rows, signed_in.email, inbox.source.current())
        scrub(inbox)
        return count

    count = await run_in_threadpool(erase)
    log.info("coordinator %d erased the personal data of %d requests", signed_in.coordinator_id, count)
    return RedirectResponse(f"/dashboard/?erased={count}", status_code=303)
