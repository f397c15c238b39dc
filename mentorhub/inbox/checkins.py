"""Survey invitations: which surveys are due to whom, their single-use codes, and sending them
(`python -m mentorhub.inbox send-check-ins`, run from cron every hour).

A match's surveys are due by the survey's `when`: `intake` at the match's start, a `check-in`
every `every_weeks` after it while the match is open (only the most recent date: a run after an
outage sends one check-in, not every one it missed), `closure` when it ends; `open` surveys have
no invitations. Mentees are written to at their request's address, mentors at the address the
coordinator gave when matching; without one, nothing is sent to that person (the dashboard says so).

Each invitation carries a random code (Crockford base 32, 4-4-4-4: 80 bits); only its SHA-256 is
kept. Invitations are created once (their unique key) and sent once: the code is made when the
e-mail goes out, so a run after a failed send makes a new code and sends only what was not sent.
Runs that overlap do not both send: the second one finds the run lock taken and stops.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
import smtplib
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mentorhub.content.surveys import RESPONDENT, Survey
from mentorhub.content.languages import language

from .capacity import mentor_name
from .db import Database
from .intake import REFERENCE_ALPHABET
from .mentors import Directory, DirectorySource
from .models import Match, RequestRecord, SurveyInvitation
from .notify import Notifier, compose, paragraphs
from .public import brand
from .settings import Settings
from .words import counted

log = logging.getLogger("mentorhub.inbox.checkins")
TOKEN_LENGTH = 16
# What people type for Crockford's letters: I and L are 1, O is 0; case, spaces and dashes do not count.
TYPED = str.maketrans({"I": "1", "L": "1", "O": "0", " ": None, "-": None, "\t": None})
RUN_LOCK = "send-check-ins"


# --- codes ---------------------------------------------------------------------------------------

def new_token() -> str:
    """A new code as the e-mail prints it: `ABCD-EFGH-JKMN-PQRS`."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(TOKEN_LENGTH))
    return "-".join(chars[i:i + 4] for i in range(0, TOKEN_LENGTH, 4))


def normalise_token(typed: str) -> str | None:
    """The code's 16 characters however it was typed (case, spaces, dashes, I/L for 1, O for 0, as
    Crockford's base 32 reads them); None when it cannot be a code."""
    chars = typed.strip().upper().translate(TYPED)
    if len(chars) != TOKEN_LENGTH or any(c not in REFERENCE_ALPHABET for c in chars):
        return None
    return chars


def token_hash(token: str) -> str:
    """What the database keeps of a code: the SHA-256 of its 16 characters (normalised)."""
    chars = normalise_token(token)
    if chars is None:
        raise ValueError("not a survey code")
    return hashlib.sha256(chars.encode("ascii")).hexdigest()


# --- what is due ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Due:
    """One survey due to one participant of one match."""

    match_id: int
    survey_id: str
    respondent: str  # "mentee" | "mentor"
    due_at: dt.datetime

    @property
    def key(self) -> tuple[int, str, str, dt.date]:
        return self.match_id, self.survey_id, self.respondent, self.due_at.date()


def due_at(survey: Survey, started_at: dt.datetime, ended_at: dt.datetime | None,
           now: dt.datetime) -> dt.datetime | None:
    """When `survey` was last due for a match that started (and maybe ended) then: None when it is
    not due yet, or never (an `open` survey; a check-in once the match has ended)."""
    if survey.when == "intake":
        return started_at if started_at <= now else None
    if survey.when == "closure":
        return ended_at if ended_at is not None and ended_at <= now else None
    if survey.when == "check-in" and survey.every_weeks and ended_at is None:
        period = dt.timedelta(weeks=survey.every_weeks)
        rounds = (now - started_at) // period  # only the most recent check-in, never the missed ones
        return started_at + rounds * period if rounds >= 1 else None
    return None


def due_now(session: Session, directory: Directory, now: dt.datetime, days: int) -> Iterator[Due]:
    """Every invitation due by `now` and not expired yet, for every match but those of spam and of
    erased mentees (erasure deleted their invitations: none is made again)."""
    surveys = {sid: s for sid, s in directory.surveys.items() if s.when != "open"}
    if not surveys:
        return
    matches = session.execute(select(Match.id, Match.started_at, Match.ended_at).join(
        RequestRecord, RequestRecord.id == Match.request_id).where(RequestRecord.spam.is_(False),
                                                                    RequestRecord.erased_at.is_(None)))
    for match_id, started_at, ended_at in matches:
        for survey_id, survey in surveys.items():
            when = due_at(survey, started_at, ended_at, now)
            if when is not None and when + dt.timedelta(days=days) > now:
                yield Due(match_id, survey_id, RESPONDENT[survey.respondents], when)


# --- sending -------------------------------------------------------------------------------------

@dataclass
class Summary:
    """What a run did, for its one-line report."""

    created: int = 0
    sent: int = 0
    failed: int = 0
    no_address: int = 0  # due, but nobody to write to (no mentor e-mail yet, or erased)
    busy: bool = False  # another run holds the lock

    def line(self, dry_run: bool) -> str:
        if self.busy:
            return "check-ins: another send-check-ins run is still going; nothing done by this one"
        if dry_run:
            return (f"check-ins (dry run): {counted(self.created, 'invitation')} due would be created and sent, "
                    f"{self.sent} created earlier would be sent, {self.no_address} without an address; "
                    "nothing changed")
        return (f"check-ins: {counted(self.created, 'invitation')} created, {self.sent} sent, {self.failed} failed "
                f"(retried next run), {self.no_address} without an address")


@dataclass(frozen=True)
class Unsent:
    id: int
    survey_id: str
    respondent: str
    due_on: dt.date
    expires_at: dt.datetime
    match_started: dt.datetime
    address: str | None
    name: str
    language: str | None = None  # the mentee's request's page language; None: the site's default language


def _unsent(session: Session, directory: Directory, now: dt.datetime) -> list[Unsent]:
    rows = session.execute(
        select(SurveyInvitation.id, SurveyInvitation.survey_id, SurveyInvitation.respondent, SurveyInvitation.due_on,
               SurveyInvitation.expires_at, Match.started_at, Match.mentor_id, Match.mentor_email,
               RequestRecord.email, RequestRecord.preferred_name, RequestRecord.language)
        .join(Match, Match.id == SurveyInvitation.match_id).join(RequestRecord, RequestRecord.id == Match.request_id)
        .where(SurveyInvitation.sent_at.is_(None), SurveyInvitation.expires_at > now)
        .order_by(SurveyInvitation.id))
    out = []
    for r in rows:
        if r.survey_id not in directory.surveys:  # the programme took the survey away meanwhile
            continue
        mentee = r.respondent == "mentee"
        out.append(Unsent(r.id, r.survey_id, r.respondent, r.due_on, r.expires_at, r.started_at,
                          r.email if mentee else r.mentor_email,
                          (r.preferred_name or "") if mentee else mentor_name(directory.mentors, r.mentor_id),
                          r.language if mentee else None))
    return out


def invitation(settings: Settings, directory: Directory, unsent: Unsent, token: str) -> EmailMessage:
    """The e-mail: the survey's title and summary, the link and the code, the person's name at
    most. Nothing else about them or their match: mail crosses servers the programme does not
    control. A mentor's says when the match started, so one with several mentees knows which.
    A mentee's is in the language of the page they sent their request from; a mentor's, and
    any other, in the site's default language. The survey's own words are the programme's."""
    survey = directory.surveys[unsent.survey_id]
    words = language(unsent.language) if unsent.language else directory.words
    site = directory.site_name
    link = f"{brand(directory, settings, words).url}{directory.survey_url(unsent.survey_id)}#token={token}"
    greeting = words.gettext("Hello %(name)s,", name=unsent.name) if unsent.name else words.gettext("Hello,")
    asks = words.gettext("%(site)s asks you to answer a short survey: %(title)s.", site=site, title=survey.title)
    if unsent.respondent == "mentor":
        asks += " " + words.gettext("It is about your mentoring match that started on %(date)s.",
                                    date=words.format_date(unsent.match_started.date()))
    return compose(
        settings, words.gettext("%(title)s from %(site)s", title=survey.title, site=site), [unsent.address or ""],
        paragraphs(greeting, asks, survey.summary, words.gettext("Open it here:") + f"\n{link}",
                   words.gettext("If the page asks for your code, it is:") + f"\n{token}",
                   words.gettext("The code works once, until %(date)s. Please do not forward this e-mail: "
                                 "the code is yours.", date=words.format_date(unsent.expires_at.date()))))


def send_check_ins(db: Database, directory: Directory, settings: Settings, notifier: Notifier,
                   now: dt.datetime, dry_run: bool = False) -> Summary:
    """Create the invitations due by `now` and send every one not sent yet (see the module's notes)."""
    summary = Summary()
    with db.only_one(RUN_LOCK) as alone:
        if not alone:
            summary.busy = True
            return summary
        with (db.read() if dry_run else db.write()) as session:
            existing = set(session.execute(select(SurveyInvitation.match_id, SurveyInvitation.survey_id,
                                                  SurveyInvitation.respondent, SurveyInvitation.due_on)).tuples())
            for due in due_now(session, directory, now, settings.survey_days):
                if due.key in existing:
                    continue
                summary.created += 1
                if not dry_run:  # the code is made when the e-mail goes out; until then a hash nobody holds
                    session.add(SurveyInvitation(
                        match_id=due.match_id, survey_id=due.survey_id, respondent=due.respondent,
                        due_on=due.due_at.date(), token_hash=token_hash(new_token()), created_at=now,
                        expires_at=due.due_at + dt.timedelta(days=settings.survey_days)))
        with db.read() as session:
            unsent = _unsent(session, directory, now)
        for item in unsent:
            if not item.address:
                summary.no_address += 1
            elif dry_run:
                summary.sent += 1
            else:
                _send_one(db, directory, settings, notifier, item, now, summary)
    log.info(summary.line(dry_run))
    return summary


def _send_one(db: Database, directory: Directory, settings: Settings, notifier: Notifier, item: Unsent,
              now: dt.datetime, summary: Summary) -> None:
    token = new_token()
    with db.write() as session:  # the new code's hash first: a code in an e-mail always works
        session.execute(update(SurveyInvitation).where(SurveyInvitation.id == item.id)
                        .values(token_hash=token_hash(token)))
    try:
        notifier.deliver(invitation(settings, directory, item, token))
    except (OSError, smtplib.SMTPException) as err:
        summary.failed += 1
        log.warning("invitation %d could not be sent (%s); the next run tries again", item.id, type(err).__name__)
        return
    with db.write() as session:
        session.execute(update(SurveyInvitation).where(SurveyInvitation.id == item.id).values(sent_at=now))
    summary.sent += 1


NO_SMTP = ("INBOX_SMTP_HOST is not set, so invitations cannot be e-mailed; nothing was created (set the "
           "INBOX_SMTP_* variables, or try --dry-run)")


def run(settings: Settings, now: dt.datetime, dry_run: bool) -> int:
    """`python -m mentorhub.inbox send-check-ins`: prints the run's one-line summary; 1 when it could not
    send (no SMTP server, a failed send, another run going), else 0."""
    if settings.smtp_host is None and not dry_run:  # no codes made that nobody could receive
        print(f"inbox: {NO_SMTP}", file=sys.stderr)
        return 1
    db = Database(settings.database_url)
    try:
        db.check_migrated()
        directory = DirectorySource(settings).current()
        summary = send_check_ins(db, directory, settings, Notifier(settings, db), now, dry_run)
    finally:
        db.dispose()
    print(f"inbox: {summary.line(dry_run)}")
    return 1 if summary.failed or summary.busy else 0
