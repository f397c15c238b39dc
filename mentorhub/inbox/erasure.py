"""Erasing a mentee's personal data, when they ask for it (the dashboard's erase forms call this);
`scrub` serves mentor applications' erasure too (screening.py).

`erase_request` and `erase_mentee_by_key` find every request of the mentee (by the keyed email
address), remove their personal fields and notes while keeping the fact of each request for
statistics, and then `scrub` the database so the old bytes do not linger in free pages or the WAL.
Their surveys go too: the mentee's invitations and answers are deleted, their match forgets the
mentor's address, and the mentor's answers about the match keep only scales and choices (what they
wrote may be about the mentee).
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select, text, update
from sqlalchemy.orm import Session

from mentorhub.content.surveys import TEXT_MAX, Survey
from mentorhub.content.vocabulary import builtin_vocabulary

from .db import Database
from .mentors import Directory
from .models import (MENTOR_CHANGED, OPEN, PERSONAL_FIELDS, STATUS, AuditEvent, Match, RequestRecord, SurveyInvitation,
                     SurveyResponse, utcnow)

log = logging.getLogger("mentorhub.inbox.erasure")
# Kept after erasure when the programme's notice versions are unknown: looks like a version, not a word.
VERSION_LIKE = re.compile(r"v?[0-9][0-9A-Za-z.-]{0,38}")


def erase_request(db: Database, reference: str, actor: str, directory: Directory) -> int | None:
    """Erase the mentee of the request `reference`: that request and every other one sent from
    the same address. How many were erased; None when there is no such request."""
    with db.write() as session:
        secure_erasure(session)
        row = session.scalar(select(RequestRecord).where(RequestRecord.public_id == reference).with_for_update())
        if row is None:
            return None
        rows = [row]
        if row.email_key:
            rows = list(session.scalars(select(RequestRecord).where(RequestRecord.email_key == row.email_key)
                                        .with_for_update()))
        count = erase_mentee(session, rows, actor, directory)
    scrub(db)
    return count


def erase_mentee_by_key(db: Database, key: str, actor: str, directory: Directory) -> int:
    """Erase every request sent from the address whose `intake.mentee_key` is `key`; how many."""
    with db.write() as session:
        secure_erasure(session)
        rows = list(session.scalars(select(RequestRecord).where(RequestRecord.email_key == key).with_for_update()))
        count = erase_mentee(session, rows, actor, directory)
    scrub(db)
    return count


def secure_erasure(session: Session) -> None:
    """Before erasing, on SQLite: overwrite freed space with zeros (for this connection)."""
    if session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA secure_delete = ON"))


def scrub(db: Database) -> None:
    """After an erasure is committed, make the old bytes go: on SQLite copy the WAL into the main
    file (zeroed by secure_delete) and truncate it; on PostgreSQL VACUUM FULL the tables erasure
    changes (outside any transaction): it rewrites them, so the dead row versions' bytes go with the
    old files (a plain VACUUM leaves them in the pages' free space). The tables are locked meanwhile;
    they are small, and erasures are rare."""
    engine = db.engine
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
                connection.exec_driver_sql("VACUUM FULL requests, audit_events, matches, survey_invitations, "
                                           "survey_responses, applications, screening_steps")
    except Exception:  # the erasure itself is committed; the next erasure or autovacuum will do it
        log.exception("could not scrub the database after an erasure")


def erase_mentee(session: Session, rows: list[RequestRecord], actor: str, directory: Directory) -> int:
    """Remove the personal fields of `rows`; keep the fact of each request (dates, status, mentor,
    age band, topics) for statistics. Open requests become withdrawn. Notes are removed too,
    since coordinators may have written personal details in them."""
    now = utcnow()
    for row in rows:
        if row.status in OPEN:
            session.add(AuditEvent(request_id=row.id, actor=actor, action=STATUS, from_status=row.status,
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
    erase_surveys(session, [row.id for row in rows], directory)
    return len(rows)


def erase_surveys(session: Session, request_ids: list[int], directory: Directory) -> None:
    """The surveys of these requests' matches: the mentee's invitations and answers deleted, the
    mentor's address forgotten, the mentor's answers stripped of text (kept: scales and choices)."""
    matches = list(session.scalars(select(Match).where(Match.request_id.in_(request_ids)).with_for_update()))
    ids = [m.id for m in matches]
    if not ids:
        return
    session.execute(delete(SurveyResponse).where(SurveyResponse.match_id.in_(ids), SurveyResponse.respondent == "mentee"))
    session.execute(delete(SurveyInvitation).where(SurveyInvitation.match_id.in_(ids),
                                                   SurveyInvitation.respondent == "mentee"))
    for match in matches:
        match.mentor_email = None
    for response in session.scalars(select(SurveyResponse).where(SurveyResponse.match_id.in_(ids))):
        response.answers = without_text(directory.surveys.get(response.survey_id), response.answers or {})


def without_text(survey: Survey | None, answers: dict[str, object]) -> dict[str, object]:
    """Answers without what people wrote: a known survey's text questions left out; of a survey
    no longer published, only numbers and lists of choices kept (a lone string may be text)."""
    if survey is None:
        return {k: v for k, v in answers.items() if isinstance(v, (int, list))}
    return {k: v for k, v in answers.items() if (q := survey.question(k)) is not None and q.kind not in TEXT_MAX}
