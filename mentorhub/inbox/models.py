"""The inbox's tables. Every change to them goes through an Alembic migration (mentorhub/inbox/migrations)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (JSON, Boolean, Date, DateTime, ForeignKey, Integer, MetaData, String, Text, TypeDecorator,
                        UniqueConstraint)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from mentorhub.content.languages import N_

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A request's life: new → contacted → matched | declined | withdrawn → closed; each status with
# the words coordinators read for it (the dashboard's tabs, filters, history and messages).
# Labels are msgids (the dashboard says them in the site's language).
STATUSES: dict[str, str] = {"new": N_("New"), "contacted": N_("In progress"), "matched": N_("Matched"),
                            "declined": N_("Declined"), "withdrawn": N_("Withdrawn"), "closed": N_("Closed")}
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("contacted",),
    "contacted": ("matched", "declined", "withdrawn"),
    "matched": ("closed",),
    "declined": ("closed",),
    "withdrawn": ("closed",),
    "closed": (),
}
OPEN = ("new", "contacted")  # a mentee's open requests (the per-mentee limit counts these)
HOLDS_A_PLACE = ("new", "contacted", "matched")  # what counts against a mentor's capacity
# Personal data: removed when a mentee asks to be erased.
PERSONAL_FIELDS = ("preferred_name", "email", "email_key", "guardian_name", "guardian_email", "goals",
                   "location", "answers", "honeypot", "body_hash")
# A mentor application's life (issue 20): new → screening → approved | declined | withdrawn.
APPLICATION_STATUSES: dict[str, str] = {"new": N_("New"), "screening": N_("Screening"), "approved": N_("Approved"),
                                        "declined": N_("Declined"), "withdrawn": N_("Withdrawn")}
APPLICATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("screening", "declined", "withdrawn"),
    "screening": ("approved", "declined", "withdrawn"),
    "approved": (),
    "declined": (),
    "withdrawn": (),
}
# An applicant's personal data: erased on request, and after the retention period once declined or withdrawn.
APPLICATION_PERSONAL_FIELDS = ("profile", "email", "phone", "referees", "training_code", "honeypot", "body_hash")
# Audit actions: each is stored as written here, in English, and is a msgid, so the history says it
# in the site's language. A `STATUS` event is shown as its statuses ("New → In progress") instead.
STATUS, NOTE, RECEIVED = "status", N_("note"), N_("received")
MENTOR_CHANGED = N_("mentor changed")  # its note names the mentors only, so erasing a mentee keeps it
MENTOR_EMAIL_SET, MENTOR_EMAIL_REMOVED = N_("mentor e-mail set"), N_("mentor e-mail removed")
MARKED_SPAM, MARKED_NOT_SPAM = N_("marked as spam"), N_("marked as not spam")
EXPORTED, SIGNED_IN, SIGNED_OUT = N_("exported"), N_("signed in"), N_("signed out")
# An audit event's actor: a coordinator's address, or the part of the inbox that acted, a msgid without
# an "@" (this one; applications.py's, screening.py's), which the history says in the site's language.
REQUEST_FORM = N_("request form")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime")
        value = value.astimezone(dt.timezone.utc)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc) if value.tzinfo is None else value.astimezone(dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


class Coordinator(Base):
    __tablename__ = "coordinators"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DashboardSession(Base):
    """A signed-in coordinator; the cookie carries a signed token whose SHA-256 is `id`."""

    __tablename__ = "dashboard_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("coordinators.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column()


class RequestRecord(Base):
    """A mentee's request as the inbox stores it: the answers (`mentorhub.content.requests.
    RequestAnswers`, once checked) with its reference, state, mentor, place and audit trail."""

    __tablename__ = "requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # the reference the mentee gets
    submission_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # set by the page; repeats are one
    body_hash: Mapped[str | None] = mapped_column(String(64))  # SHA-256 of the normalised request: a hash of personal data, erased with it
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    spam: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    mentor_id: Mapped[str] = mapped_column(String(100), default="", index=True)  # "": help me choose
    mentor_full: Mapped[bool] = mapped_column(Boolean, default=False)  # no free place when it arrived
    alternatives: Mapped[list[str]] = mapped_column(default=list)
    # Personal data (PERSONAL_FIELDS): None once erased.
    preferred_name: Mapped[str | None] = mapped_column(String(60))
    email: Mapped[str | None] = mapped_column(String(254))
    email_key: Mapped[str | None] = mapped_column(String(254), index=True)  # normalised, for the per-mentee limit
    guardian_name: Mapped[str | None] = mapped_column(String(80))
    guardian_email: Mapped[str | None] = mapped_column(String(254))
    goals: Mapped[str | None] = mapped_column(Text)
    location: Mapped[str | None] = mapped_column(String(80))  # town or area, for meeting in person
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))  # erased: SQL NULL
    honeypot: Mapped[str | None] = mapped_column(String(200))
    # Kept for statistics after erasure.
    age_band: Mapped[str] = mapped_column(String(16))
    interests: Mapped[list[str]] = mapped_column(default=list)
    languages: Mapped[list[str]] = mapped_column(default=list)
    format: Mapped[str] = mapped_column(String(16))
    mentoring: Mapped[str] = mapped_column(String(16), default="long-term", server_default="long-term")  # a one-off session takes no place
    availability: Mapped[list[str]] = mapped_column(default=list)
    privacy_version: Mapped[str] = mapped_column(String(40))
    # the page's language (a code Mentor Hub has a catalogue for, else the site's default): the
    # mentee's e-mails are in it; None (requests stored before it was kept): the site's default
    language: Mapped[str | None] = mapped_column(String(16))
    erased_at: Mapped[dt.datetime | None] = mapped_column()


class AuditEvent(Base):
    """Who did what to which request or mentor application, and when. `actor` is a coordinator's
    email, 'request form' or 'application form'."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int | None] = mapped_column(ForeignKey("requests.id"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("applications.id"), index=True)
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class RateCounter(Base):
    """Hits per client address and fixed window; shared by every worker through the database."""

    __tablename__ = "rate_counters"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)  # seconds since the epoch
    hits: Mapped[int] = mapped_column(Integer)


class InboxSetting(Base):
    """Values the inbox generates once and every worker shares (the session signing key)."""

    __tablename__ = "inbox_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Match(Base):
    """A request that became a mentoring match: when it started and ended, and where the mentor's
    check-in invitations go. Profiles carry no contact details, so the coordinator records the
    mentor's address here when matching (the mentor's personal data: erased with the match)."""

    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("requests.id", ondelete="CASCADE"), unique=True)
    mentor_id: Mapped[str] = mapped_column(String(100), index=True)
    mentor_email: Mapped[str | None] = mapped_column(String(254))
    started_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column()


class SurveyInvitation(Base):
    """One survey due to one participant of one match on one date. The e-mail carries a random
    token; only its SHA-256 is kept. It works once (`used_at`) and until `expires_at`. The unique
    key makes `send-check-ins` idempotent: an invitation is created, and sent, once."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("match_id", "survey_id", "respondent", "due_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[str] = mapped_column(String(100))
    respondent: Mapped[str] = mapped_column(String(8))  # "mentee" | "mentor" (surveys.RESPONDENT)
    due_on: Mapped[dt.date] = mapped_column(Date)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[dt.datetime | None] = mapped_column()
    expires_at: Mapped[dt.datetime] = mapped_column()
    used_at: Mapped[dt.datetime | None] = mapped_column()


class SurveyResponse(Base):
    """A survey's answers (`mentorhub.content.surveys.SurveyAnswers.values`), from an invitation
    (one response each) or an `open` survey (no invitation, no match). Mentors' and mentees'
    answers are told apart by `respondent`; free text never leaves the inbox."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="CASCADE"), unique=True)
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[str] = mapped_column(String(100), index=True)
    respondent: Mapped[str] = mapped_column(String(8))
    submission_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # set by the page; repeats are one
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    answers: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    concern: Mapped[bool] = mapped_column(Boolean, default=False, index=True)  # an `alert` answer: flagged at once
    concern_acknowledged_at: Mapped[dt.datetime | None] = mapped_column()
    concern_acknowledged_by: Mapped[str | None] = mapped_column(String(254))


class ApplicationRecord(Base):
    """A mentor's application as the inbox stores it (issue 20). `profile` holds the public profile
    fields exactly as `mentors/<id>.yml` would (the Mentor model's keys, without `reviewed`), so an
    approved application is written out as a valid profile; the private fields never leave the inbox."""

    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)  # the reference the applicant gets
    submission_id: Mapped[str | None] = mapped_column(String(64), unique=True)  # set by the page; repeats are one
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)  # APPLICATION_STATUSES
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    spam: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    mentor_id: Mapped[str] = mapped_column(String(100), default="")  # the profile's id (file name) once chosen
    youth_cleared: Mapped[bool] = mapped_column(Boolean, default=False)  # earned: every step required for under-18s
    decided_at: Mapped[dt.datetime | None] = mapped_column()  # approved, declined or withdrawn
    # Personal data (APPLICATION_PERSONAL_FIELDS): None once erased.
    profile: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(40))
    referees: Mapped[list[Any] | None] = mapped_column(JSON(none_as_null=True))  # [{name, contact, relationship}]
    training_code: Mapped[str | None] = mapped_column(String(200))  # the curriculum's progress code, self-reported
    honeypot: Mapped[str | None] = mapped_column(String(200))
    body_hash: Mapped[str | None] = mapped_column(String(64))
    # Kept after erasure (no one is identified by them).
    checks_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    available_from: Mapped[dt.date | None] = mapped_column(Date)
    erased_at: Mapped[dt.datetime | None] = mapped_column()


class ScreeningStep(Base):
    """One of the programme's screening steps (mkdocs.yml) recorded for an application: who and when.
    Undoing a step deletes its row; the audit trail keeps both."""

    __tablename__ = "screening_steps"
    __table_args__ = (UniqueConstraint("application_id", "step"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"), index=True)
    step: Mapped[str] = mapped_column(String(64))
    recorded_by: Mapped[str] = mapped_column(String(254))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)
