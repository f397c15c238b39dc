"""Screening mentor applications: the programme's checklist as recorded, what each decision
still needs, and the end of an applicant's personal data (issue 20).

The checklist is mkdocs.yml's `screening.steps` (`Directory.screening`); each recorded step is a
`ScreeningStep` row with who and when. Two rules are decided here, once, for the dashboard's
buttons and for the server that refuses forged posts alike:

- approval needs every step marked `required` (by default: both references and the interview);
- youth clearance (an approved mentor cleared to mentor under-18s) needs every step marked
  `required_for_minors` (by default: the criminal-records check and the training path). It is
  earned, never typed: undoing one of those steps takes the clearance away.

A declined or withdrawn application's personal data (`APPLICATION_PERSONAL_FIELDS`, the steps'
notes and every note in its history) is erased on a coordinator's request, or `retention_days`
after the decision by `erase_expired` (`python -m mentorhub.inbox erase-expired`, and at `serve`'s start).
An approved applicant's data stays: they are a mentor, and the profile is written from it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentorhub.content.languages import N_
from mentorhub.content.programme import Screening, ScreeningStep as StepOption

from .db import Database
from .erasure import scrub, secure_erasure
from .models import APPLICATION_PERSONAL_FIELDS, ApplicationRecord, AuditEvent, ScreeningStep, utcnow

log = logging.getLogger("mentorhub.inbox.screening")
# Audit actions (stored in English, msgids: see models.py).
STEP_RECORDED = N_("step recorded")
STEP_UNDONE = N_("step undone")
CLEARED = N_("youth cleared")
CLEARANCE_REMOVED = N_("youth clearance removed")
ERASED = N_("erased personal data")
ONLY_CLOSED = N_("Only a declined or withdrawn application's data can be erased: decline it or record that the "
                 "applicant withdrew first. An approved applicant's data stays: they are a mentor.")
CLOSED = ("declined", "withdrawn")  # decisions whose personal data is erased after the retention period
RETENTION = N_("retention period")  # the actor of automatic erasure (a system actor: models.py)


@dataclass(frozen=True)
class StepState:
    """One step of the checklist for one application: the programme's step and its record, if any."""

    step: StepOption
    record: ScreeningStep | None


def checklist(screening: Screening, records: Iterable[ScreeningStep]) -> list[StepState]:
    """The programme's steps in order, each with its record; a record of a step the programme no
    longer lists is left out (its history stays in the audit trail)."""
    by_step = {record.step: record for record in records}
    return [StepState(step, by_step.get(step.id)) for step in screening.steps]


def missing_for_approval(states: Sequence[StepState]) -> list[str]:
    """The labels of the `required` steps not recorded yet: approval waits for them."""
    return [s.step.label for s in states if s.step.required and s.record is None]


def missing_for_minors(states: Sequence[StepState]) -> list[str]:
    """The labels of the `required_for_minors` steps not recorded yet: youth clearance waits for them."""
    return [s.step.label for s in states if s.step.required_for_minors and s.record is None]


def step_records(session: Session, application_id: int) -> list[ScreeningStep]:
    return list(session.scalars(select(ScreeningStep).where(ScreeningStep.application_id == application_id)))


def load_application(session: Session, reference: str, for_update: bool = False) -> ApplicationRecord | None:
    query = select(ApplicationRecord).where(ApplicationRecord.public_id == reference)
    return session.scalar(query.with_for_update() if for_update else query)


def step_note(label: str, note: str | None) -> str:
    """A step event's audit note: the step's label on the first line (kept on erasure), then the
    coordinator's note (erased with the applicant's data, since it may name people)."""
    return f"{label}\n{note}" if note else label


def erase_application(session: Session, row: ApplicationRecord, actor: str, now: dt.datetime) -> None:
    """Remove the applicant's personal fields, the steps' notes and the notes in the history; keep
    the fact of the application (dates, status, the steps recorded, by whom) for the programme's
    records."""
    for name in APPLICATION_PERSONAL_FIELDS:
        setattr(row, name, None)
    row.erased_at = now
    for record in step_records(session, row.id):
        record.note = None
    for event in session.scalars(select(AuditEvent).where(AuditEvent.application_id == row.id)):
        keep = event.action in (STEP_RECORDED, STEP_UNDONE) and event.note
        event.note = event.note.split("\n", 1)[0] if keep and event.note else None
    session.add(AuditEvent(application_id=row.id, actor=actor, action=ERASED, from_status=row.status,
                           to_status=row.status, at=now))


def erase_one(db: Database, reference: str, actor: str) -> str:
    """Erase one declined or withdrawn application's personal data: "" when done (or done
    before), "missing" without such an application, or why not (a msgid)."""
    with db.write() as session:
        secure_erasure(session)
        row = load_application(session, reference, for_update=True)
        if row is None:
            return "missing"
        if row.erased_at is not None:
            return ""
        if row.status not in CLOSED:
            return ONLY_CLOSED
        erase_application(session, row, actor, utcnow())
    scrub(db)
    return ""


def erase_expired(db: Database, screening: Screening, now: dt.datetime) -> int:
    """Erase every declined or withdrawn application decided (without a decision's date: moved to its
    status) more than `retention_days` ago and not erased yet; how many. Idempotent: a second run erases none."""
    before = now - dt.timedelta(days=screening.retention_days)
    with db.write() as session:
        secure_erasure(session)
        rows = list(session.scalars(select(ApplicationRecord).where(
            ApplicationRecord.status.in_(CLOSED), ApplicationRecord.erased_at.is_(None),
            func.coalesce(ApplicationRecord.decided_at, ApplicationRecord.status_changed_at) < before)
            .with_for_update()))
        for row in rows:
            erase_application(session, row, RETENTION, now)
    if rows:
        scrub(db)
        log.info("erased the personal data of %d applications past the retention period", len(rows))
    return len(rows)


def erase_on(screening: Screening, row: ApplicationRecord) -> dt.datetime | None:
    """When a declined or withdrawn application's data will be erased automatically; None otherwise."""
    if row.status not in CLOSED or row.erased_at is not None:
        return None
    return (row.decided_at or row.status_changed_at) + dt.timedelta(days=screening.retention_days)
