"""`python -m mentorhub.inbox write-profile`: an approved mentor application becomes `mentors/<id>.yml`, for
an editor to review and commit in a pull request (issue 20).

Only the public fields an applicant gives are read from the application's `profile`; `reviewed`
is the approval day and `youth_cleared` is true only when screening earned it. The private
columns (e-mail, phone, referees, training code…) are never read here. The file is checked with
the build's own validation first: one that `mentorhub check` would refuse is never written.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from mentorhub.content.catalog import validation_context
from mentorhub.content.errors import ContentError
from mentorhub.content.languages import N_
from mentorhub.content.models import Mentor
from mentorhub.content.profile_yaml import in_model_order, reflowed, render
from mentorhub.content.project import Project
from mentorhub.content.sources import SourceFile
from mentorhub.content.text import id_from, rel_path
from mentorhub.content.validation import validate_source
from mentorhub.content.vocabulary import SLUG

from .db import Database
from .models import APPLICATION_STATUSES, ApplicationRecord, AuditEvent

# What an applicant gives; the rest of a profile (reviewed, youth_cleared, accepting, listed,
# active_mentees, photo) is the programme's to set.
APPLICANT_FIELDS = ("name", "pronouns", "headline", "bio", "role", "organisation", "expertise", "languages",
                    "location", "timezone", "formats", "audiences", "capacity", "sessions", "hours_per_month",
                    "links", "details")
SUFFIXES = (".yml", ".yaml")
ACTOR = "write-profile"
WRITTEN = N_("profile written")  # the audit action (models.py); an approved application without one is still waiting


class Refused(Exception):
    """Why no profile was written, in words an editor can act on (and the check's problems, if any)."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class Written:
    """One profile written: where, for which application, and whether it replaced a file (--force)."""

    reference: str
    mentor_id: str
    rel: str
    reviewed: dt.date
    youth_cleared: bool
    replaced: bool

    def line(self) -> str:
        verb = "replaced (--force)" if self.replaced else "wrote"
        cleared = "youth-cleared" if self.youth_cleared else "not youth-cleared"
        return (f"{verb} {self.rel} for application {self.reference} (reviewed: {self.reviewed}, {cleared}); "
                "review it, then commit it in a pull request")


def public_profile(row: ApplicationRecord) -> dict[str, Any]:
    """The profile as its file holds it: the applicant's public fields in the model's order, the
    bio as editors keep one (`reflowed`), reviewed on the approval day (UTC), youth-cleared only
    when screening earned it."""
    given = {k: v for k, v in (row.profile or {}).items() if k in APPLICANT_FIELDS}
    if isinstance(given.get("bio"), str):
        given["bio"] = reflowed(given["bio"])
    approved = row.decided_at or row.status_changed_at
    return in_model_order({**given, "reviewed": approved.astimezone(dt.timezone.utc).date(),
                           "youth_cleared": bool(row.youth_cleared)})


def write_profile(db: Database, project: Project, reference: str, today: dt.date,
                  mentor_id: str | None = None, force: bool = False) -> Written:
    """Write one approved application's profile and record it (its `mentor_id`, an audit event);
    raise Refused, writing nothing, when it is not approved, erased, taken or would fail the check."""
    with db.write() as session:
        row = _approved(session, reference)
        chosen = mentor_id or row.mentor_id or _id_from_name(row)
        if not SLUG.fullmatch(chosen):
            raise Refused(f"'{chosen}' cannot be the id of application {row.public_id}'s profile: use lower-case "
                          f"letters, digits and hyphens, such as '{id_from(chosen) or 'ana-pereira'}'")
        folder = project.root / project.programme.mentors_dir
        existing = next((folder / f"{chosen}{s}" for s in SUFFIXES if (folder / f"{chosen}{s}").exists()), None)
        holder = _holder(session, chosen, row.id)
        if (existing is not None or holder is not None) and not force:
            taken = rel_path(existing, project.root) if existing is not None else f"application {holder}'s profile"
            free = next(f"{chosen}-{n}" for n in itertools.count(2) if not _taken(session, folder, f"{chosen}-{n}"))
            raise Refused(f"{taken} already uses the id '{chosen}', so nothing was written for application "
                          f"{row.public_id}. If this is a different mentor, give a free id: --id {free}; to replace "
                          "the file, add --force")
        path = existing or folder / f"{chosen}.yml"
        rel = rel_path(path, project.root)
        profile = public_profile(row)
        text = render(profile)
        problems = check(project, path, rel, text, today)
        if problems:
            raise Refused(f"nothing was written for application {row.public_id}, because {rel} would not pass "
                          "the check", problems)
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")  # inside the transaction: a failed write records nothing
        row.mentor_id = chosen
        session.add(AuditEvent(application_id=row.id, actor=ACTOR, action=WRITTEN,
                               note=f"{rel}{' (replaced, --force)' if existing else ''}"))
        return Written(row.public_id, chosen, rel, profile["reviewed"], profile["youth_cleared"], existing is not None)


def waiting(db: Database) -> list[str]:
    """The references of approved applications whose profile was never written, oldest approval first."""
    written = exists().where(AuditEvent.application_id == ApplicationRecord.id, AuditEvent.action == WRITTEN)
    with db.read() as session:
        return list(session.scalars(
            select(ApplicationRecord.public_id)
            .where(ApplicationRecord.status == "approved", ApplicationRecord.erased_at.is_(None),
                   ApplicationRecord.profile.is_not(None), ~written)
            .order_by(ApplicationRecord.decided_at, ApplicationRecord.id)))


def check(project: Project, path: Path, rel: str, text: str, today: dt.date) -> list[str]:
    """The build's own problems with `text` as the profile at `path`, as `file:line: field: message`."""
    try:
        vocabularies = project.vocabularies()
    except ContentError as err:  # a broken vocabularies.yml fails every profile's check
        return [str(problem) for problem in err.problems]
    context = validation_context(vocabularies, project.root, project.docs_dir, today, project.programme.profiles)
    source = SourceFile(path, rel, text)
    validate_source(source, Mentor, context)
    return [str(problem) for problem in sorted(source.problems)]


def _approved(session: Session, reference: str) -> ApplicationRecord:
    wanted = reference.strip().upper()
    row = session.scalars(select(ApplicationRecord).where(ApplicationRecord.public_id == wanted)).one_or_none()
    if row is None:
        raise Refused(f"there is no application {wanted}; the reference is on the dashboard's application page")
    if row.erased_at is not None or row.profile is None:
        when = f" on {row.erased_at:%Y-%m-%d}" if row.erased_at else ""
        raise Refused(f"application {wanted}'s personal data was erased{when}: there is no profile to write")
    if row.status != "approved":
        raise Refused(f"application {wanted} is {APPLICATION_STATUSES.get(row.status, row.status).lower()}, "
                      "not approved yet: approve it on the dashboard first")
    return row


def _id_from_name(row: ApplicationRecord) -> str:
    name = str((row.profile or {}).get("name") or "")
    chosen = id_from(name)[:60].strip("-")
    if not chosen:
        raise Refused(f"cannot make an id from the name '{name}' of application {row.public_id}; give one with "
                      "--id, such as --id ana-pereira")
    return chosen


def _holder(session: Session, mentor_id: str, application_id: int) -> str | None:
    """The reference of another application that already has `mentor_id`, or None."""
    return session.scalars(select(ApplicationRecord.public_id).where(
        ApplicationRecord.mentor_id == mentor_id, ApplicationRecord.id != application_id).limit(1)).first()


def _taken(session: Session, folder: Path, mentor_id: str) -> bool:
    return any((folder / f"{mentor_id}{s}").exists() for s in SUFFIXES) or _holder(session, mentor_id, -1) is not None
