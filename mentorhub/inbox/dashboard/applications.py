"""The dashboard's mentor applications (issue 20): the list by status, one application with its
public profile as it will read, its private details, the screening checklist, the decision, youth
clearance, spam, erasure and its audit trail.

The rules (what approval and youth clearance need, what erasure removes) are screening.py's; this
module shows them and refuses a post that breaks them (409, the page again saying why), so a
forged post changes nothing the buttons would not. Every change is audited in its transaction.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_, Language
from mentorhub.content.progress_codes import REFUSALS, ProgressCodeError, read_code

from ..auth import SignedIn
from ..context import inbox_of
from ..mentors import Directory
from ..models import (APPLICATION_STATUSES, APPLICATION_TRANSITIONS, MARKED_NOT_SPAM, MARKED_SPAM, NOTE, STATUS,
                      ApplicationRecord, AuditEvent, utcnow)
from ..models import ScreeningStep as ScreeningStepRow
from ..screening import (CLEARANCE_REMOVED, CLEARED, STEP_RECORDED, STEP_UNDONE, StepState, checklist, erase_on,
                         erase_one, load_application, missing_for_approval, missing_for_minors, step_note,
                         step_records)
from ..words import profile_words
from .common import Coordinator, StateChange, after_change, cannot_move, quoted, refused, render

log = logging.getLogger("mentorhub.inbox.dashboard")
router = APIRouter(prefix="/dashboard/applications")
MAX_NOTE = 2000
TABS = (("", N_("All")), *APPLICATION_STATUSES.items(), ("spam", N_("Spam")))
"""The list's filters: every application that is not spam, each status, and spam for review."""
MISSING = N_("There is no application with that reference.")


@dataclass(frozen=True)
class ModuleClaim:
    title: str
    completed: str | None  # the day the code says it was completed (YYYY-MM-DD); None: not claimed


@dataclass(frozen=True)
class TrainingClaim:
    """What an applicant's progress code says, for the page: self-reported, never proof."""

    code: str
    modules: list[ModuleClaim]  # the learning path in order; empty when it cannot be read
    problem: str  # why the code cannot be read ("" when it can)


@dataclass(frozen=True)
class StepWords:
    """A screening step's label and hint in the site's language: Mentor Hub's default steps are
    msgids (mentorhub.content.programme); a programme's own steps read as it wrote them."""

    label: str
    hint: str


def _steps(words: Language, labels: list[str]) -> str:
    """Screening steps' labels (msgids, or the programme's own words) as a list in the site's language."""
    return words.format_list([words.gettext(label) for label in labels])


def step_words(words: Language, states: list[StepState]) -> dict[str, StepWords]:
    return {s.step.id: StepWords(words.gettext(s.step.label), words.gettext(s.step.hint) if s.step.hint else "")
            for s in states}


NO_MODULES = N_("The inbox reads only mentors.json, which does not list the training modules: set "
                "INBOX_MKDOCS_YML to read the code.")
GONE_MODULE = N_("%(module)s (no longer on the learning path)")


def training_claim(directory: Directory, code: str | None) -> TrainingClaim | None:
    """The modules `code` claims, on the programme's learning path, in the site's language. Without
    the path (an inbox that reads only mentors.json) the code is shown as given."""
    if not code:
        return None
    words = directory.words
    if directory.modules is None:
        return TrainingClaim(code, [], words.gettext(NO_MODULES))
    try:
        completed = read_code(code, list(directory.modules)).completed()
    except ProgressCodeError as err:
        return TrainingClaim(code, [], words.gettext(REFUSALS[err.reason], **err.values))
    extra = [ModuleClaim(words.gettext(GONE_MODULE, module=module), day) for module, day in completed.items()
             if module not in directory.modules]  # a long code may name a module since removed
    return TrainingClaim(code, [ModuleClaim(title, completed.get(module)) for module, title in directory.modules.items()]
                         + extra, "")


@router.get("/")
@router.get("", include_in_schema=False)  # without the slash: the sign-in redirect at once, not a redirect first
async def application_list(request: Request, signed_in: Coordinator) -> Response:
    inbox = inbox_of(request)
    shown = request.query_params.get("status", "")
    shown = shown if shown in dict(TABS) else ""
    steps = inbox.source.current().screening.steps

    def load() -> tuple[list[ApplicationRecord], dict[str, int], dict[int, int]]:
        with inbox.db.read() as session:
            per_status: dict[str, int] = {status: n for status, n in session.execute(
                select(ApplicationRecord.status, func.count()).where(ApplicationRecord.spam.is_(False))
                .group_by(ApplicationRecord.status)).tuples()}
            spam = session.scalar(select(func.count()).where(ApplicationRecord.spam.is_(True))) or 0
            counts = {"": sum(per_status.values()), **{s: per_status.get(s, 0) for s in APPLICATION_STATUSES},
                      "spam": spam}
            query = select(ApplicationRecord).where(ApplicationRecord.spam.is_(shown == "spam"))
            if shown in APPLICATION_STATUSES:
                query = query.where(ApplicationRecord.status == shown)
            rows = list(session.scalars(query.order_by(ApplicationRecord.received_at.desc(),
                                                       ApplicationRecord.id.desc()).limit(500)))
            recorded = {i: n for i, n in session.execute(
                select(ScreeningStepRow.application_id, func.count())
                .where(ScreeningStepRow.application_id.in_([r.id for r in rows]),
                       ScreeningStepRow.step.in_([s.id for s in steps]))
                .group_by(ScreeningStepRow.application_id)).tuples()}
            return rows, counts, recorded

    rows, counts, recorded = await run_in_threadpool(load)
    return render(request, "applications.html", signed_in=signed_in, rows=rows, tabs=TABS, counts=counts,
                  shown=shown, recorded=recorded, step_count=len(steps), application_statuses=APPLICATION_STATUSES,
                  tab_query=lambda value: urlencode({"status": value}) if value else "")


@router.get("/{reference}")
async def application_detail(request: Request, reference: str, signed_in: Coordinator) -> Response:
    return await show_application(request, signed_in, reference)


async def show_application(request: Request, signed_in: SignedIn, reference: str, error: str = "",
                           status: int = 200) -> Response:
    inbox = inbox_of(request)
    directory = inbox.source.current()

    def load() -> tuple[ApplicationRecord | None, list[StepState], list[AuditEvent]]:
        with inbox.db.read() as session:
            row = load_application(session, reference)
            if row is None:
                return None, [], []
            events = list(session.scalars(select(AuditEvent).where(AuditEvent.application_id == row.id)
                                          .order_by(AuditEvent.at, AuditEvent.id)))
            return row, checklist(directory.screening, step_records(session, row.id)), events

    row, states, events = await run_in_threadpool(load)
    if row is None:
        return refused(request, signed_in, MISSING, 404)
    words = directory.words
    return render(request, "application.html", status=status, signed_in=signed_in, row=row, error=error,
                  states=states, events=events, application_statuses=APPLICATION_STATUSES,
                  next_statuses=APPLICATION_TRANSITIONS[row.status], profile=profile_words(directory, row.profile or {}),
                  step_words=step_words(words, states),
                  missing_for_approval=[words.gettext(label) for label in missing_for_approval(states)],
                  missing_for_minors=[words.gettext(label) for label in missing_for_minors(states)],
                  training=training_claim(directory, row.training_code), erase_on=erase_on(directory.screening, row),
                  retention_days=directory.screening.retention_days, step_actions=(STEP_RECORDED, STEP_UNDONE))


async def _answer(request: Request, signed_in: SignedIn, reference: str, problem: str) -> Response:
    return await after_change(request, signed_in, problem, f"/dashboard/applications/{quote(reference)}", MISSING,
                              lambda error: show_application(request, signed_in, reference, error=error, status=409))


def _note(form: dict[str, str]) -> str | None:
    return form.get("note", "").strip()[:MAX_NOTE] or None


@router.post("/{reference}/steps/{step_id}")
async def change_step(request: Request, reference: str, step_id: str, posted: StateChange) -> Response:
    """Record a screening step (`done=1`, with an optional note) or undo it (`done=0`). Undoing a
    step needed for under-18s takes an approved mentor's youth clearance away."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    words, steps = directory.words, {step.id: step for step in directory.screening.steps}
    done, note = form.get("done") == "1", _note(form)

    def change() -> str:
        with inbox.db.write() as session:
            row = load_application(session, reference, for_update=True)
            if row is None:
                return "missing"
            step = steps.get(step_id)
            if step is None:
                return words.gettext(N_("The programme has no such screening step (mkdocs.yml screening.steps); "
                                        "nothing was changed."))
            if row.status in ("declined", "withdrawn") or row.erased_at is not None:
                return words.gettext(N_("This application is %(here)s: its checklist is closed; nothing was "
                                        "changed."), here=quoted(words, APPLICATION_STATUSES[row.status]))
            record = next((r for r in step_records(session, row.id) if r.step == step_id), None)
            if done == (record is not None):
                return ""  # recorded or undone already (a second tab, a double click)
            now = utcnow()
            if done:
                session.add(ScreeningStepRow(application_id=row.id, step=step_id, recorded_by=signed_in.email,
                                             recorded_at=now, note=note))
            else:
                session.delete(record)
            session.add(AuditEvent(application_id=row.id, actor=signed_in.email,
                                   action=STEP_RECORDED if done else STEP_UNDONE, from_status=row.status,
                                   to_status=row.status, note=step_note(words.gettext(step.label), note), at=now))
            if not done and step.required_for_minors and row.youth_cleared:
                row.youth_cleared = False
                session.add(AuditEvent(application_id=row.id, actor=signed_in.email, action=CLEARANCE_REMOVED,
                                       from_status=row.status, to_status=row.status, at=now,
                                       note=words.gettext(N_("%(step)s was undone"),
                                                          step=words.gettext(step.label))))
        log.info("coordinator %d %s step %s of application %s", signed_in.coordinator_id,
                 "recorded" if done else "undid", step_id, reference)
        return ""

    return await _answer(request, signed_in, reference, await run_in_threadpool(change))


@router.post("/{reference}/status")
async def change_status(request: Request, reference: str, posted: StateChange) -> Response:
    """Move the application along APPLICATION_TRANSITIONS (approval needs the `required` steps), or
    save a note alone (`status` empty)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    screening, words = directory.screening, directory.words
    target, note = form.get("status", ""), _note(form)

    def change() -> str:
        with inbox.db.write() as session:
            row = load_application(session, reference, for_update=True)
            if row is None:
                return "missing"
            if not target:
                if not note:
                    return words.gettext(N_("Write a note or choose a decision; nothing was changed."))
                session.add(AuditEvent(application_id=row.id, actor=signed_in.email, action=NOTE,
                                       from_status=row.status, to_status=row.status, note=note))
                return ""
            if form.get("from") and form["from"] != row.status:
                return words.gettext(N_("The application moved to %(here)s meanwhile; nothing was changed. Check "
                                        "and try again."), here=quoted(words, APPLICATION_STATUSES[row.status]))
            allowed = APPLICATION_TRANSITIONS[row.status]
            if target not in allowed:
                return cannot_move(words, N_("An application that is %(here)s cannot move to %(wanted)s; it can "
                                             "move to %(allowed)s."), APPLICATION_STATUSES, row.status, target,
                                   allowed, N_("nothing (it is decided)"))
            if target == "approved":
                missing = missing_for_approval(checklist(screening, step_records(session, row.id)))
                if missing:
                    return words.gettext(N_("Approval needs every required screening step; still to record: "
                                            "%(steps)s."), steps=_steps(words, missing))
            now = utcnow()
            session.add(AuditEvent(application_id=row.id, actor=signed_in.email, action=STATUS,
                                   from_status=row.status, to_status=target, note=note, at=now))
            row.status, row.status_changed_at = target, now
            if target in ("approved", "declined", "withdrawn"):
                row.decided_at = now
        log.info("coordinator %d moved application %s to %s", signed_in.coordinator_id, reference, target)
        return ""

    return await _answer(request, signed_in, reference, await run_in_threadpool(change))


@router.post("/{reference}/youth-clearance")
async def change_clearance(request: Request, reference: str, posted: StateChange) -> Response:
    """Mark an approved mentor as cleared to mentor under-18s (`cleared=1`): refused until every step
    `required_for_minors` is recorded; or take the clearance away (`cleared=0`)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()
    screening, words = directory.screening, directory.words
    cleared = form.get("cleared") == "1"

    def change() -> str:
        with inbox.db.write() as session:
            row = load_application(session, reference, for_update=True)
            if row is None:
                return "missing"
            if row.youth_cleared == cleared:
                return ""
            if cleared:
                if row.status != "approved":
                    return words.gettext(N_("Only an approved mentor can be cleared to mentor under-18s; nothing "
                                            "was changed."))
                missing = missing_for_minors(checklist(screening, step_records(session, row.id)))
                if missing:
                    return words.gettext(N_("Youth clearance is earned: record every step required for work with "
                                            "under-18s first; still to record: %(steps)s."),
                                         steps=_steps(words, missing))
            row.youth_cleared = cleared
            session.add(AuditEvent(application_id=row.id, actor=signed_in.email,
                                   action=CLEARED if cleared else CLEARANCE_REMOVED, from_status=row.status,
                                   to_status=row.status, note=_note(form)))
        log.info("coordinator %d %s youth clearance of application %s", signed_in.coordinator_id,
                 "gave" if cleared else "removed", reference)
        return ""

    return await _answer(request, signed_in, reference, await run_in_threadpool(change))


@router.post("/{reference}/spam")
async def change_spam(request: Request, reference: str, posted: StateChange) -> Response:
    """Mark the application as spam (`spam=1`: out of the list, into the Spam tab) or release it (`spam=0`)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    spam = form.get("spam") == "1"

    def change() -> str:
        with inbox.db.write() as session:
            row = load_application(session, reference, for_update=True)
            if row is None:
                return "missing"
            if row.spam != spam:
                row.spam = spam
                session.add(AuditEvent(application_id=row.id, actor=signed_in.email, from_status=row.status,
                                       to_status=row.status, action=MARKED_SPAM if spam else MARKED_NOT_SPAM))
            return ""

    return await _answer(request, signed_in, reference, await run_in_threadpool(change))


@router.post("/{reference}/erase")
async def erase(request: Request, reference: str, posted: StateChange) -> Response:
    """Erase a declined or withdrawn application's personal data now, once confirmed (screening.erase_one)."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    words = inbox.source.current().words
    if form.get("confirm") != "yes":
        return await show_application(request, signed_in, reference, status=400, error=words.gettext(
            N_("Tick the box to confirm the erasure; nothing was erased.")))
    problem = await run_in_threadpool(lambda: erase_one(inbox.db, reference, signed_in.email))
    problem = problem if problem in ("", "missing") else words.gettext(problem)
    if not problem:
        log.info("coordinator %d erased the personal data of application %s", signed_in.coordinator_id, reference)
    return await _answer(request, signed_in, reference, problem)
