"""Mentor applications' receiver (issue 20): `POST /applications`, where the site's
`/become-a-mentor/` page posts (a plain HTML form, or JSON from a script), and
`GET /applications/thanks?ref=`.

The request receiver's protections apply as they are (receiver.py: the origin check, the body
size limit, the rate limit, the content type). The answers are checked by the content model's
`check_application` with the programme's profile rules, and stored with their first audit event
in one transaction; a repeated submission id is stored once. A plain post that needs fixing gets
the application form again on the inbox with every answer kept. Answers are never logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool

from mentorhub.content.application_form import APPLICATION_THANKS_PATH, APPLICATIONS_PATH, application_fields
from mentorhub.content.applications import Application, check_application
from mentorhub.content.languages import N_, Language
from mentorhub.content.requests import say, say_errors

from .context import FORM, client_address, inbox_of, wants_json
from .db import Database
from .intake import REUSED_SUBMISSION, clean, new_reference, page_language
from .mentors import Directory
from .models import RECEIVED, ApplicationRecord, AuditEvent, utcnow
from .notify import Notifier, compose, paragraphs, reach_the_office
from .public import REFERENCE, brand, carried, field_view, public_csp, summary
from .receiver import FOREIGN_ORIGIN, origin_allowed, plain_form, read_post, too_many

log = logging.getLogger("mentorhub.inbox.applications")
router = APIRouter()
CLOSED = N_("Applications cannot be checked at the moment: the inbox cannot read the programme's vocabularies. "
            "Try again later, or write to the programme office")
ACTOR = N_("application form")  # a system actor (models.py)


@dataclass
class ApplicationOutcome:
    """200 with the reference (stored now or before), 409 (a reused submission id), 422 or 503 with problems by field."""

    status: int
    errors: dict[str, str] = field(default_factory=dict)
    reference: str | None = None
    created: bool = False
    spam: bool = False


def receive_application(db: Database, directory: Directory, data: Mapping[str, Any],
                        today: dt.date | None = None) -> ApplicationOutcome:
    """Check and store one application; everything is written in one transaction or nothing is.
    Problems are said in the language of the page it was posted from (its `language` field), else
    the site's default language."""
    words = page_language(_one(data.get("language")), directory)
    outcome = _receive_application(db, directory, data, today, words)
    if outcome.errors:
        outcome.errors = say_errors(outcome.errors, words)
    return outcome


def _one(value: Any) -> Any:
    return value[-1] if isinstance(value, list) and value else value


def _receive_application(db: Database, directory: Directory, data: Mapping[str, Any], today: dt.date | None,
                         words: Language) -> ApplicationOutcome:
    if directory.vocabularies is None:
        return ApplicationOutcome(503, {"form": CLOSED})
    values, errors = clean(data)
    application, problems = check_application(
        values, directory.vocabularies, directory.profiles, today or dt.date.today(),
        list(directory.modules) if directory.modules is not None else None, lang=words)
    errors = {**problems, **errors}
    raw_id = values.get("submission_id")
    submission_id = raw_id.strip() if isinstance(raw_id, str) and 0 < len(raw_id.strip()) <= 64 else None
    try:
        outcome = _store(db, application, errors, submission_id)
    except IntegrityError:  # two copies of one submission raced (PostgreSQL): the other was stored first
        if submission_id is None:
            raise
        with db.read() as session:
            earlier = session.execute(select(ApplicationRecord.public_id, ApplicationRecord.body_hash, ApplicationRecord.spam)
                                      .where(ApplicationRecord.submission_id == submission_id)).first()
        if earlier is None:
            raise
        outcome = _repeat(earlier, application, errors)
    if outcome.created:
        log.info("stored application %s (spam=%s)", outcome.reference, outcome.spam)
    elif outcome.status == 422:
        log.info("refused an application: %s", ", ".join(sorted(outcome.errors)))
    return outcome


def _store(db: Database, application: Application | None, errors: dict[str, str],
           submission_id: str | None) -> ApplicationOutcome:
    with db.write() as session:
        if submission_id:
            earlier = session.execute(select(ApplicationRecord.public_id, ApplicationRecord.body_hash,
                                             ApplicationRecord.spam)
                                      .where(ApplicationRecord.submission_id == submission_id)).first()
            if earlier is not None:
                return _repeat(earlier, application, errors)
        if application is None or errors:
            return ApplicationOutcome(422, errors)
        now = utcnow()
        record = ApplicationRecord(
            public_id=new_reference(), submission_id=submission_id, received_at=now, status="new",
            status_changed_at=now, spam=application.is_spam, profile=application.profile, email=application.email,
            phone=application.phone,
            referees=[{"name": r.name, "contact": r.contact, "relationship": r.relationship}
                      for r in application.referees],
            training_code=application.training_code or None, honeypot=application.honeypot or None,
            body_hash=application.body_hash(), checks_consent=application.checks_consent,
            available_from=application.available_from)
        session.add(record)
        session.flush()  # a second copy of the submission id fails here, inside the transaction
        session.add(AuditEvent(application_id=record.id, actor=ACTOR, action=RECEIVED, to_status="new", at=now,
                               note="marked as spam: the hidden website field was filled in"
                               if application.is_spam else None))
        return ApplicationOutcome(200, reference=record.public_id, created=True, spam=application.is_spam)


def _repeat(earlier: Any, application: Application | None, errors: dict[str, str]) -> ApplicationOutcome:
    """A submission id seen before: the same answers get the first answer again; other answers a 409."""
    if earlier.body_hash is not None:
        if application is None or errors:
            return ApplicationOutcome(422, errors)
        if application.body_hash() != earlier.body_hash:
            log.info("refused a reused submission id with other answers")
            return ApplicationOutcome(409, {"submission_id": REUSED_SUBMISSION})
    log.info("repeated submission of application %s", earlier.public_id)
    return ApplicationOutcome(200, reference=earlier.public_id, spam=bool(earlier.spam))


# --- e-mail --------------------------------------------------------------------------------------

def acknowledgement(notifier: Notifier, reference: str, directory: Directory, to: str,
                    words: Language | None = None) -> Any:
    """The applicant's copy, in the language of the page they applied from (`words`; the site's
    default language unless given): the reference and what happens next, none of their answers."""
    words, site = words or directory.words, directory.site_name
    return compose(
        notifier.settings, words.gettext("Your application to mentor with %(site)s: %(reference)s", site=site,
                                         reference=reference), [to], paragraphs(
            words.gettext("Thank you for applying to mentor with %(site)s.", site=site),
            words.gettext("Your reference: %(reference)s", reference=reference),
            words.gettext("What happens next: a coordinator reads your application, contacts your referees and "
                          "invites you to an interview. Your profile is published only once the programme's checks "
                          "are complete and you have approved it."),
            words.gettext("To ask about your application, %(office)s and give your reference.",
                          office=reach_the_office(directory, words)),
            words.gettext("If you did not apply, you can ignore this e-mail.")))


def notify_application(notifier: Notifier, reference: str, directory: Directory,
                       applicant_words: Language | None = None) -> None:
    """Tell coordinators (a dashboard link, nothing of the applicant) and acknowledge to the applicant
    (in `applicant_words`, their page's language), read from the database now so nothing goes to an
    application erased meanwhile. Failures are logged."""
    settings = notifier.settings
    if settings.smtp_host is None:
        return
    try:
        recipients = notifier.recipients()
        if recipients:
            link = f"{settings.public_url}/dashboard/applications/{reference}"
            words = directory.words  # coordinators read the site's default language
            notifier.deliver(compose(
                settings, words.gettext("New mentor application %(reference)s", reference=reference), recipients,
                paragraphs(words.gettext("A new mentor application has arrived."),
                           words.gettext("Open it on the dashboard (sign-in needed):") + f"\n{link}",
                           words.gettext("This e-mail leaves out the applicant's details on purpose."))))
            log.info("notified %d coordinators about application %s", len(recipients), reference)
        with notifier.db.read() as session:
            email = session.scalar(select(ApplicationRecord.email).where(ApplicationRecord.public_id == reference))
        if email:
            notifier.deliver(acknowledgement(notifier, reference, directory, email, applicant_words))
            log.info("acknowledged application %s", reference)
    except (OSError, smtplib.SMTPException) as err:
        log.warning("e-mail about application %s failed: %s", reference, type(err).__name__)


# --- routes --------------------------------------------------------------------------------------

@router.post(APPLICATIONS_PATH)
async def receive(request: Request, background: BackgroundTasks) -> Response:
    inbox = inbox_of(request)
    if not origin_allowed(request):
        return _refuse(request, 403, {"origin": FOREIGN_ORIGIN}, None)
    body = await request.body()  # at most max_body_bytes: the Guard cuts off anything longer

    def run() -> tuple[ApplicationOutcome, dict[str, Any] | None, int | None]:
        # a post with no body at all (`curl -X POST`) is an empty form: its answer names what is missing
        content_type = request.headers.get("content-type", "") or (FORM if not body else "")
        posted = read_post(inbox, "applications", client_address(request), content_type, body)
        if posted.data is None:
            return ApplicationOutcome(posted.status, posted.errors), None, posted.retry
        return receive_application(inbox.db, inbox.source.current(), posted.data), posted.data, None

    outcome, data, retry = await run_in_threadpool(run)
    if retry is not None:
        return _refuse(request, 429, too_many(retry), None if wants_json(request) else plain_form(request, body),
                       {"Retry-After": str(retry)})
    if outcome.status != 200:
        return _refuse(request, outcome.status, outcome.errors, data if outcome.status in (409, 422) else None)
    if outcome.created and not outcome.spam:
        directory = inbox.source.current()
        background.add_task(notify_application, inbox.notifier, str(outcome.reference), directory,
                            page_language(_one((data or {}).get("language")), directory))
    if wants_json(request):
        return JSONResponse({"id": outcome.reference}, background=background)
    query: dict[str, str] = {}
    if _one((data or {}).get("language")):  # posted from a page in a language: the thank-you page speaks it
        query["language"] = page_language(_one((data or {}).get("language")), inbox.source.current()).code
    query["ref"] = str(outcome.reference)  # last: the page's address ends with the reference
    return RedirectResponse(f"{APPLICATION_THANKS_PATH}?{urlencode(query)}", status_code=303,
                            background=background)


def _headers(request: Request, headers: Mapping[str, str] | None = None) -> dict[str, str]:
    return {**(headers or {}), "Content-Security-Policy": public_csp(inbox_of(request).settings),
            "Cache-Control": "no-store"}


def _refuse(request: Request, status: int, errors: dict[str, str], data: dict[str, Any] | None,
            headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        return JSONResponse({"errors": errors}, status_code=status, headers=headers)
    return application_page(request, status, errors, data, headers)


def application_page(request: Request, status: int, errors: Mapping[str, str], data: Mapping[str, Any] | None,
                     headers: Mapping[str, str] | None = None) -> HTMLResponse:
    """The application form with the answers in `data` and each message at its field; without
    `data` (a post the inbox could not read), the messages alone and a way back to the site's page.
    In the language of the page it was posted from, else the site's."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    lang = page_language(_one((data or {}).get("language")), directory)
    site = brand(directory, inbox.settings, lang)
    errors = {name: say(text, lang) for name, text in errors.items()}  # the receiver's own refusals too
    public: list[dict[str, Any]] = []
    private: list[dict[str, Any]] = []
    if data is not None and directory.vocabularies is not None:
        form = application_fields(directory.vocabularies, directory.profiles, directory.mentors.values(), lang)
        public = [field_view(f, data, errors) for f in form.public]
        private = [field_view(f, data, errors) for f in form.private]
    raw_spam = (data or {}).get("website")
    page = inbox.templates.get_template("application_form.html", lang).render(
        site=site, status=status, public=public, private=private,
        hidden=carried(data, lang.code if _one((data or {}).get("language")) else ""),
        problems=summary([*public, *private], errors, lang) if public else
        [{"message": m, "href": ""} for m in errors.values()],
        website=raw_spam[:200] if isinstance(raw_spam, str) else "",
        form_url=site.url + directory.page_url("become_a_mentor"))
    return HTMLResponse(page, status_code=status, headers=_headers(request, headers))


@router.get(APPLICATION_THANKS_PATH)
async def thanks(request: Request) -> HTMLResponse:
    """Where a plain post ends: the reference and what happens next. Only a well-formed reference is
    shown; without one the page says that no application was sent from here. In the language the
    application was sent from (`language`), else the site's."""
    inbox = inbox_of(request)
    directory = inbox.source.current()
    ref = request.query_params.get("ref", "").strip().upper()
    lang = page_language(request.query_params.get("language"), directory)
    site = brand(directory, inbox.settings, lang)
    page = inbox.templates.get_template("application_thanks.html", lang).render(
        site=site, reference=ref if REFERENCE.fullmatch(ref) else "",
        form_url=site.url + directory.page_url("become_a_mentor"), smtp=inbox.settings.smtp_host is not None,
        contact={"href": directory.contact_href, "text": directory.contact_text} if directory.contact_href else None)
    return HTMLResponse(page, headers=_headers(request))
