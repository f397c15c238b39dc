"""Receiving a request: clean the submitted values, check them with the shared model, apply
the per-mentee limit, count the mentor's places, and store the request with its first audit
event in one transaction. A repeated submission id returns the first result."""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, cast

from sqlalchemy import Table, func, insert, select
from sqlalchemy.exc import IntegrityError

from mentorhub.content.requests import (BAD_CHARACTERS, Message, bad_characters, check_request, posted_language,
                                        requested_kind, say_errors)

from mentorhub.content.languages import N_, Language, available

from .capacity import alternatives, live_mentors, mentor_name, places_taken
from .db import Database
from .mentors import Directory, DirectorySource
from .models import OPEN, RECEIVED, REQUEST_FORM, AuditEvent, RequestRecord, utcnow
from .settings import Settings

log = logging.getLogger("mentorhub.inbox.intake")
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U
MAX_KEY_LENGTH = 100
# Said in the page's language (`page_language`), as the forms' own messages are.
TOO_MANY_OPEN = N_("You already have {count} open requests. A coordinator will answer them first; "
                   "you can send another request once one of them is answered")
NOT_TEXT = N_("This answer must be text")
REUSED_SUBMISSION = N_("This form was already sent with other answers; reload the page to send a new request")
NOT_A_FIELD = N_("The form sent a field name that is not allowed")


@dataclass
class Outcome:
    """What the receiver answers: 200 with `body`, or 422 with `{"errors": {...}}`."""

    status: int
    body: dict[str, Any]
    created: bool = False
    spam: bool = False
    mentor_full: bool = False
    alternatives: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str | None:
        return self.body.get("id")


def new_reference() -> str:
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def mentee_key(email: str) -> str:
    """One mentee, however they type their address: NFKC-normalised (fullwidth letters become
    ASCII), invisible characters (Unicode Cc, Cf, Zl, Zp: zero-width spaces, bidi marks) and
    white space removed, case-folded. Cross-script homoglyphs (Cyrillic `а` for Latin `a`) are not
    folded here: `mentorhub.content.requests.normalise_email` already refused non-ASCII local parts and
    domain labels mixing Latin, Cyrillic and Greek; a whole-Cyrillic look-alike domain stays apart."""
    text = unicodedata.normalize("NFKC", email)
    return "".join(c for c in text if not c.isspace() and not bad_characters(c)).casefold()


def page_language(code: Any, directory: Directory) -> Language:
    """The language of the page a request was posted from (its hidden `language` field), when
    Mentor Hub has a catalogue for it; else the site's default language."""
    return posted_language(code) if isinstance(code, str) and code in available() else directory.words


def _scalar(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (str, int, float)):
        return str(value)
    return None


def clean(data: Mapping[Any, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """Values as text (lists of text where a list was sent; `answers` as text by name), and an
    error for every field whose value is not text or holds characters no field may hold (NUL,
    which PostgreSQL cannot keep, other controls, format characters, lone surrogates), by the
    site's rule `bad_characters`. Tab, CR and LF pass here: `check_request` allows them only in
    multi-line fields."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in data.items():
        if not isinstance(key, str) or not key or len(key) > MAX_KEY_LENGTH or bad_characters(key, multi_line=True):
            errors["form"] = NOT_A_FIELD
            continue
        if key == "website":  # the honeypot never refuses: whatever it holds marks the request as spam
            items = raw if isinstance(raw, list) else [raw]
            values[key] = " ".join(t if t is not None else "spam" for t in map(_scalar, items))
            continue
        if key == "answers" and isinstance(raw, dict):
            answers = {}
            for name, answer in raw.items():
                text = _scalar(answer)
                where = f"answers.{name}"
                if not isinstance(name, str) or len(name) > MAX_KEY_LENGTH or bad_characters(name, multi_line=True):
                    errors["form"] = NOT_A_FIELD
                elif text is None:
                    errors[where] = NOT_TEXT
                elif bad_characters(text, multi_line=True):
                    errors[where] = BAD_CHARACTERS
                else:
                    answers[name] = text
            values[key] = answers
            continue
        items = raw if isinstance(raw, list) else [raw]
        texts = [_scalar(item) for item in items]
        if any(t is None for t in texts):
            errors[key] = NOT_TEXT
        elif any(bad_characters(t, multi_line=True) for t in texts if t is not None):
            errors[key] = BAD_CHARACTERS
        else:
            values[key] = texts if isinstance(raw, list) else texts[0]
    return values, errors


def body_hash(request: Any) -> str:
    """SHA-256 of the request as the model normalised it, without its submission id: the same
    answers sent again hash the same, however they were typed (spaces, case of the address)."""
    # (unanswered later questions are left out: requests hashed before the question existed match)
    unanswered = {name for name in ("mentoring", "location") if not getattr(request, name)}
    document = request.model_dump(mode="json", exclude={"submission_id"} | unanswered)
    return hashlib.sha256(json.dumps(document, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


REQUESTS = cast(Table, RequestRecord.__table__)
AUDIT = cast(Table, AuditEvent.__table__)
REPLY_COLUMNS = (REQUESTS.c.public_id, REQUESTS.c.spam, REQUESTS.c.mentor_id, REQUESTS.c.mentor_full,
                 REQUESTS.c.alternatives, REQUESTS.c.body_hash)
# Built once; the values go in as parameters, so each is compiled once.
INSERT_REQUEST = insert(REQUESTS).returning(REQUESTS.c.id)
INSERT_AUDIT = insert(AUDIT)


class Intake:
    """Everything happens in one write transaction: the repeat check, the per-mentee count, the
    count of places and the insert of the request with its first audit event (plain SQL
    statements: this is the path every request takes)."""

    def __init__(self, settings: Settings, db: Database, source: DirectorySource) -> None:
        self.settings = settings
        self.db = db
        self.source = source

    def receive(self, data: Mapping[str, Any]) -> Outcome:
        values, errors = clean(data)
        raw_id = values.get("submission_id")
        submission_id = raw_id.strip() if isinstance(raw_id, str) and 0 < len(raw_id.strip()) <= 64 else None
        directory = self.source.current()
        request = None
        if not errors:
            request, errors = check_request(values, directory.options, directory.mentors,
                                            privacy_versions=directory.privacy_versions)
        lang = page_language(data.get("language"), directory)  # its field errors come back in it, its e-mails go in it
        try:
            outcome = self._store(request, errors, submission_id, directory, lang)
        except IntegrityError:
            # two copies of one submission raced (PostgreSQL): the other one was stored first
            earlier = self._earlier(submission_id, request, errors, directory) if submission_id else None
            if earlier is None:
                raise
            outcome = earlier
        if outcome.created:
            log.info("stored request %s (spam=%s, mentor_full=%s)", outcome.reference, outcome.spam,
                     outcome.mentor_full)
        elif outcome.status == 422:
            log.info("refused a submission: %s", ", ".join(sorted(outcome.body["errors"])))
        if "errors" in outcome.body:
            outcome = replace(outcome, body={**outcome.body, "errors": say_errors(outcome.body["errors"], lang)})
        return outcome

    def _store(self, request: Any, errors: dict[str, str], submission_id: str | None,
               directory: Directory, lang: Language) -> Outcome:
        with self.db.write() as session:
            if submission_id:
                earlier = session.execute(select(*REPLY_COLUMNS).where(
                    REQUESTS.c.submission_id == submission_id)).first()
                if earlier is not None:
                    return self._repeat(earlier, request, errors, directory)
            if request is None:
                return Outcome(422, {"errors": errors})
            key = mentee_key(request.email)
            full, others = False, []
            if not request.is_spam:
                self.db.lock(session, "mentee:" + key)
                count = session.execute(select(func.count()).select_from(REQUESTS).where(
                    REQUESTS.c.email_key == key, REQUESTS.c.status.in_(OPEN), REQUESTS.c.spam.is_(False))).scalar()
                if count is not None and count >= self.settings.max_open_requests:
                    return Outcome(422, {"errors": {"email": Message(TOO_MANY_OPEN, count=count)}})
                if request.mentor:
                    # the mentor's places too, always after the mentee's lock (the dashboard takes
                    # only a mentor's): two requests for one mentor count and insert one at a time
                    self.db.lock(session, "mentor:" + request.mentor)
                    chosen = directory.mentors[request.mentor]
                    live = chosen.live(places_taken(session, request.mentor).get(request.mentor, 0))
                    full = not live.status.takes(requested_kind(request, chosen))
                    if full:
                        others = alternatives(live_mentors(directory, places_taken(session)), request.mentor)
            now = utcnow()
            reference = new_reference()
            row_id = session.execute(INSERT_REQUEST, dict(
                public_id=reference, submission_id=submission_id, body_hash=body_hash(request), received_at=now, status="new",
                status_changed_at=now, spam=request.is_spam, mentor_id=request.mentor, mentor_full=full,
                alternatives=others, preferred_name=request.preferred_name, email=request.email, email_key=key,
                guardian_name=request.guardian_name or None, guardian_email=request.guardian_email or None,
                goals=request.goals, location=request.location or None, answers=dict(request.answers),
                honeypot=request.website or None,
                age_band=request.age_band, interests=list(request.interests), languages=list(request.languages),
                format=request.format, availability=list(request.availability),
                mentoring=requested_kind(request, directory.mentors.get(request.mentor)),
                privacy_version=request.privacy_version, language=lang.code, erased_at=None,
            )).scalar_one()
            session.execute(INSERT_AUDIT, dict(
                request_id=row_id, actor=REQUEST_FORM, action=RECEIVED, from_status=None, to_status="new",
                at=now, note="marked as spam: the hidden website field was filled in" if request.is_spam else None))
            outcome = self._reply(_Reply(reference, request.is_spam, request.mentor, full, others), directory)
            outcome.created = True
            return outcome

    def _earlier(self, submission_id: str, request: Any, errors: dict[str, str],
                 directory: Directory) -> Outcome | None:
        with self.db.read() as session:
            earlier = session.execute(select(*REPLY_COLUMNS).where(REQUESTS.c.submission_id == submission_id)).first()
        if earlier is None:
            return None
        return self._repeat(earlier, request, errors, directory)

    def _repeat(self, earlier: Any, request: Any, errors: dict[str, str], directory: Directory) -> Outcome:
        """A submission id seen before: the same answers get the first answer again (the page
        retried); other answers are refused with 409 on `submission_id`, as a reused idempotency
        key is, and answers that are not valid get their 422. Rows stored before body hashes were
        kept (or erased since) answer every repeat as before."""
        if earlier.body_hash is not None:
            if request is None:
                return Outcome(422, {"errors": errors})
            if body_hash(request) != earlier.body_hash:
                log.info("refused a reused submission id with other answers")
                return Outcome(409, {"errors": {"submission_id": REUSED_SUBMISSION}})
        log.info("repeated submission for request %s", earlier.public_id)
        return self._reply(earlier, directory)

    @staticmethod
    def _reply(row: Any, directory: Directory) -> Outcome:
        others = list(row.alternatives or [])
        body: dict[str, Any] = {"status": "received", "id": row.public_id, "mentor_full": bool(row.mentor_full),
                                "alternatives": others}
        if row.mentor_full:
            name = mentor_name(directory.mentors, row.mentor_id)
            body["message"] = (f"{name} has just filled up. We have kept your request; a coordinator will "
                               + ("suggest one of these mentors, who have similar experience and are taking "
                                  "mentees: " + ", ".join(mentor_name(directory.mentors, m) for m in others)
                                  if others else "be in touch to suggest another mentor") + ".")
            body["alternative_mentors"] = [{"id": m, "name": mentor_name(directory.mentors, m),
                                            "url": directory.mentors[m].url}
                                           for m in others if m in directory.mentors]
        return Outcome(200, body, spam=bool(row.spam), mentor_full=bool(row.mentor_full), alternatives=others)


@dataclass(frozen=True)
class _Reply:
    public_id: str
    spam: bool
    mentor_id: str
    mentor_full: bool
    alternatives: list[str]
