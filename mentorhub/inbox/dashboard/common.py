"""What every dashboard page and form shares: who is signed in, whether a post may change
anything (its origin, the session's CSRF token, no NUL anywhere), how pages are rendered and
refused, the list's filters, and when a request counts as stale.

Pages depend on `Coordinator` (anyone else is sent to the sign-in page); posts on `StateChange`.
Both load the concerns survey answers raised that nobody has acknowledged yet: every page shows them.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_, Language

from ..auth import SignedIn, cookie_names, csrf_ok
from ..context import Inbox, Refusal, inbox_of, own_origins
from ..mentors import Directory
from ..models import OPEN, STATUSES, Match, RequestRecord, SurveyResponse
from ..public import brand
from ..words import counted

log = logging.getLogger("mentorhub.inbox.dashboard")
SHOW = ("requests", "spam", "all")
TABS = (("", N_("All")), ("open", N_("Open")), *STATUSES.items())
"""The list's status filters in order, with their labels: everything, the open ones, each status."""


def session_cookies(request: Request) -> tuple[str, str]:
    """The session and sign-in cookies' names (`__Host-` prefixed when the inbox is https)."""
    return cookie_names(inbox_of(request).settings.public_url)


def secure_cookies(request: Request) -> bool:
    settings = inbox_of(request).settings
    return settings.cookie_secure or urlsplit(settings.public_url).scheme == "https"


def origin_ok(request: Request) -> bool:
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


def no_nul(request: Request, values: Any) -> None:
    """NUL cannot be stored in PostgreSQL text and never belongs in the dashboard's inputs: the
    same 400 on both databases."""
    if any("\x00" in str(value) for value in values):
        raise Refusal(refused(request, None, N_("The request contained a NUL character; nothing was changed."), 400))


async def signed_in_now(request: Request) -> SignedIn | None:
    return await run_in_threadpool(inbox_of(request).auth.current, request.cookies.get(session_cookies(request)[0]))


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse("/dashboard/login?" + urlencode({"next": target}), status_code=303)


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A dashboard page, branded as the programme's site (its name and home page), in the site's
    default language (theme.language), with the statuses' labels in it and `counted` for plurals."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    words = directory.words
    site = brand(directory, inbox.settings)
    context.setdefault("concerns", getattr(request.state, "concerns", []))
    if "application_statuses" in context:
        context["application_statuses"] = {k: words.gettext(v) for k, v in context["application_statuses"].items()}
    page = inbox.templates.get_template(name, words).render(
        statuses={k: words.gettext(v) for k, v in STATUSES.items()}, site=site, counted=counted, **context)
    return HTMLResponse(page, status_code=status)


# Said by several pages' refusals (a msgid: refused() says it in the site's language).
NO_REQUEST = N_("There is no request with that reference.")


def refused(request: Request, signed_in: SignedIn | None, message: str, status: int = 403,
            **values: object) -> HTMLResponse:
    """The "Not done" page, `message` (a msgid, `%(name)s` filled from `values`) in the site's language."""
    words = inbox_of(request).source.current().words
    return render(request, "message.html", status=status, signed_in=signed_in, title=words.gettext(N_("Not done")),
                  message=words.gettext(message, **values))


def quoted(words: Language, label: str) -> str:
    """A status's label (a msgid) in quotation marks, as the language writes them: “Matched”, « Close »."""
    return words.gettext(N_("“%(label)s”"), label=words.gettext(label))


def cannot_move(words: Language, message: str, statuses: Mapping[str, str], here: str, target: str,
                allowed: Iterable[str], closed: str) -> str:
    """Why a move along a record's transitions was refused: `message` (a msgid) filled with the status
    it is in (`here`), the one asked for (`wanted`) and those it can move to (`allowed`; `closed`,
    a msgid, when there are none), so requests and applications refuse alike."""
    can = [quoted(words, statuses[s]) for s in allowed]
    wanted = (quoted(words, statuses[target]) if target in statuses
              else words.gettext(N_("an unknown status")) if target else words.gettext(N_("nothing")))
    return words.gettext(message, here=quoted(words, statuses[here]), wanted=wanted,
                         allowed=words.format_list(can, "or") if can else words.gettext(closed))


async def after_change(request: Request, signed_in: SignedIn, problem: str, page: str, missing: str,
                       show_again: Callable[[str], Awaitable[Response]]) -> Response:
    """After a change to a request or an application: back to its `page`, or the page again saying
    why nothing changed (`show_again`, 409), or 404 saying `missing` (`problem` "missing")."""
    if problem == "missing":
        return refused(request, signed_in, missing, 404)
    if problem:
        return await show_again(problem)
    return RedirectResponse(page, status_code=303)


async def posted_form(request: Request) -> dict[str, str]:
    form = await request.form(max_files=0, max_fields=50)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    no_nul(request, [*fields, *fields.values(), *request.path_params.values(), *request.query_params.values()])
    return fields


async def require_coordinator(request: Request) -> SignedIn:
    """For pages: the signed-in coordinator; anyone else is sent to the sign-in page."""
    no_nul(request, [*request.path_params.values(), *request.query_params.values()])
    signed_in = await signed_in_now(request)
    if signed_in is None:
        raise Refusal(to_login(request))
    await load_concerns(request)
    return signed_in


@dataclass(frozen=True)
class Change:
    """A state change let through: the signed-in coordinator and the posted form."""

    by: SignedIn
    form: dict[str, str]


async def require_change(request: Request) -> Change:
    """For posts: refused without a session or without the session's CSRF token."""
    if not origin_ok(request):
        log.info("refused a change posted from another origin")
        raise Refusal(refused(request, None, N_("This form did not come from the dashboard; nothing was changed.")))
    signed_in = await signed_in_now(request)
    if signed_in is None:
        raise Refusal(refused(request, None, N_("Sign in first: this needs a signed-in coordinator.")))
    form = await posted_form(request)
    if not csrf_ok(signed_in, form.get("csrf_token")):
        log.info("refused a change without a valid CSRF token")
        raise Refusal(refused(request, signed_in, N_("This form has expired or did not come from the dashboard. "
                                                 "Go back, reload the page and try again; nothing was changed.")))
    await load_concerns(request)
    return Change(signed_in, form)


# --- concerns: answers the programme asked to hear about at once ---------------------------------

WHO = {"mentee": N_("the mentee"), "mentor": N_("the mentor")}


def who(directory: Directory, respondent: str) -> str:
    """"the mentee", "the mentor", in the site's language."""
    return directory.words.gettext(WHO[respondent]) if respondent in WHO else respondent


def survey_title(directory: Directory, survey_id: str) -> str:
    survey = directory.surveys.get(survey_id)
    return survey.title if survey else directory.words.gettext(N_("%(survey)s (no longer published)"),
                                                               survey=survey_id)


@dataclass(frozen=True)
class Concern:
    """A response that raised a concern nobody has acknowledged yet."""

    id: int
    survey_id: str
    title: str
    respondent: str
    received_at: dt.datetime
    reference: str | None  # the match's request; None for an `open` survey's answers


def open_concerns(session: Session, directory: Directory) -> list[Concern]:
    rows = session.execute(
        select(SurveyResponse.id, SurveyResponse.survey_id, SurveyResponse.respondent, SurveyResponse.received_at,
               RequestRecord.public_id)
        .outerjoin(Match, Match.id == SurveyResponse.match_id)
        .outerjoin(RequestRecord, RequestRecord.id == Match.request_id)
        .where(SurveyResponse.concern.is_(True), SurveyResponse.concern_acknowledged_at.is_(None))
        .order_by(SurveyResponse.received_at, SurveyResponse.id))
    return [Concern(i, s, survey_title(directory, s), who(directory, r), at, ref) for i, s, r, at, ref in rows]


async def load_concerns(request: Request) -> None:
    """For the banner every page shows (base.html), until each concern is acknowledged."""
    inbox = inbox_of(request)

    def load() -> list[Concern]:
        with inbox.db.read() as session:
            return open_concerns(session, inbox.source.current())

    request.state.concerns = await run_in_threadpool(load)


Coordinator = Annotated[SignedIn, Depends(require_coordinator)]
StateChange = Annotated[Change, Depends(require_change)]


def safe_next(value: str | None) -> str:
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

    def counts(self, session: Session, stale_before: dt.datetime) -> dict[str, int]:
        """How many requests each of `TABS` would show, with the other filters as they are (and no
        text search: the tabs are links, and a search is never in a link)."""
        others = replace(self, status="", q="")
        query = others.apply(select(RequestRecord.status, func.count()), stale_before).group_by(RequestRecord.status)
        per_status: dict[str, int] = {status: count for status, count in session.execute(query)}
        return {"": sum(per_status.values()), "open": sum(per_status.get(s, 0) for s in OPEN),
                **{s: per_status.get(s, 0) for s in STATUSES}}

    def apply(self, query: Select[Any], stale_before: dt.datetime) -> Select[Any]:
        if self.status == "open":
            query = query.where(RequestRecord.status.in_(OPEN))
        elif self.status:
            query = query.where(RequestRecord.status == self.status)
        if self.mentor == "-":
            query = query.where(RequestRecord.mentor_id == "")
        elif self.mentor:
            query = query.where(RequestRecord.mentor_id == self.mentor)
        if self.show != "all":
            query = query.where(RequestRecord.spam.is_(self.show == "spam"))
        if self.q:
            like = "%" + self.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            query = query.where(or_(RequestRecord.preferred_name.ilike(like, escape="\\"),
                                    RequestRecord.email.ilike(like, escape="\\"),
                                    RequestRecord.public_id.ilike(like, escape="\\")))
        if self.stale:
            query = query.where(RequestRecord.status == "new", RequestRecord.spam.is_(False),
                                RequestRecord.received_at < stale_before)
        return query


def erased_count(request: Request) -> int:
    """How many requests the erasure that redirected here erased (`?erased=N`); 0 without one."""
    text = request.query_params.get("erased", "")
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else 0


def stale_days(inbox: Inbox) -> int:
    return inbox.settings.stale_days or inbox.source.current().options.reply_days


def is_stale(row: RequestRecord, now: dt.datetime, days: int) -> bool:
    return row.status == "new" and not row.spam and now - row.received_at > dt.timedelta(days=days)


def load_request(session: Session, reference: str, for_update: bool = False) -> RequestRecord | None:
    query = select(RequestRecord).where(RequestRecord.public_id == reference)
    return session.scalar(query.with_for_update() if for_update else query)
