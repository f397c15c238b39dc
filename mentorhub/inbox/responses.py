"""Receiving a survey's answers: the code checked (it exists, is for this survey, has not expired
and has not been used), the answers checked by the survey's own rules (`check_response`), and the
response stored with its invitation marked used in one transaction. A repeated submission id gets
the first answer again; `open` surveys take no code and are tied to no match.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentorhub.content.surveys import RESPONDENT, TOKEN_FIELD, Survey, SurveyAnswers, check_response
from mentorhub.content.languages import N_, Language
from mentorhub.content.requests import Message, say_errors

from .checkins import normalise_token, token_hash
from .db import Database
from .intake import REUSED_SUBMISSION, clean, page_language
from .mentors import DirectorySource
from .models import Match, RequestRecord, SurveyInvitation, SurveyResponse, utcnow

log = logging.getLogger("mentorhub.inbox.responses")
# Said in the language of the survey's page (its posted `language`), else the site's default language.
NO_CODE = N_("Enter the code from your invitation e-mail")
NOT_A_CODE = N_("Enter the code as your e-mail gives it: 16 letters and numbers, like ABCD-EFGH-JKMN-PQRS")
UNKNOWN_CODE = N_("This code is not right: check it against your invitation e-mail")
OTHER_SURVEY = N_("This code is for another survey: open the link in the e-mail that gave it to you")
EXPIRED = N_("This code expired on {date}; write to the programme office if you would still like to answer")
USED = N_("This code has already been used: each code works once, and your answers were received")
NO_SURVEY = N_("There is no such survey")


@dataclass
class ResponseOutcome:
    """200 (stored, or a repeat of a stored submission), 404 (no such survey) or 422 with problems
    by field name."""

    status: int
    errors: dict[str, str] = field(default_factory=dict)
    created: bool = False
    concern: bool = False
    reference: str | None = None  # the match's request, for the coordinators' notice of a concern


def _text(value: Any) -> str:
    return value[-1] if isinstance(value, list) and value else value if isinstance(value, str) else ""


def _submission_id(values: Mapping[str, Any]) -> str | None:
    raw = values.get("submission_id")
    return raw.strip() if isinstance(raw, str) and 0 < len(raw.strip()) <= 64 else None


class SurveyIntake:
    def __init__(self, db: Database, source: DirectorySource) -> None:
        self.db = db
        self.source = source

    def receive(self, survey_id: str, data: Mapping[str, Any], now: dt.datetime | None = None) -> ResponseOutcome:
        """The outcome, its problems in the language of the page the answers were posted from (its
        `language` field), else the site's default language."""
        directory = self.source.current()
        words = page_language(_text(data.get("language")), directory)
        outcome = self._receive(survey_id, directory.surveys.get(survey_id), data, now or utcnow(), words)
        if outcome.errors:
            outcome.errors = say_errors(outcome.errors, words)
        return outcome

    def _receive(self, survey_id: str, survey: Survey | None, data: Mapping[str, Any], now: dt.datetime,
                 words: Language) -> ResponseOutcome:
        if survey is None:
            return ResponseOutcome(404, {"form": NO_SURVEY})
        values, errors = clean(data)
        answers, problems = check_response(survey, {k: v for k, v in values.items() if isinstance(v, (str, list))})
        errors = {**problems, **errors}
        code: str | None = None
        if survey.when != "open":
            typed = _text(values.get(TOKEN_FIELD))
            code = normalise_token(typed) if typed.strip() else None
            if not typed.strip():
                errors[TOKEN_FIELD] = NO_CODE
            elif code is None:
                errors[TOKEN_FIELD] = NOT_A_CODE
        submission_id = _submission_id(values)
        try:
            outcome = self._store(survey_id, survey, answers, errors, code, submission_id, now, words)
        except IntegrityError:  # the same submission, or the same code, raced in (PostgreSQL)
            outcome = self._after_race(survey_id, submission_id)
        if outcome.created:
            log.info("stored a response to survey %s%s", survey_id, " (raised a concern)" if outcome.concern else "")
        elif outcome.status == 422:
            log.info("refused a response to survey %s: %s", survey_id, ", ".join(sorted(outcome.errors)))
        return outcome

    def _store(self, survey_id: str, survey: Survey, answers: SurveyAnswers | None, errors: dict[str, str],
               code: str | None, submission_id: str | None, now: dt.datetime, words: Language) -> ResponseOutcome:
        with self.db.write() as session:
            if submission_id:
                earlier = session.scalar(select(SurveyResponse.survey_id)
                                         .where(SurveyResponse.submission_id == submission_id))
                if earlier == survey_id:
                    log.info("repeated submission of a response to survey %s", survey_id)
                    return ResponseOutcome(200)
                if earlier is not None:
                    return ResponseOutcome(422, {**errors, "submission_id": REUSED_SUBMISSION})
            invitation = self._invitation(session, survey_id, code, now, errors, words) if code else None
            if errors or answers is None:
                return ResponseOutcome(422, errors)
            match_id = invitation.match_id if invitation else None
            session.add(SurveyResponse(
                invitation_id=invitation.id if invitation else None, match_id=match_id, survey_id=survey_id,
                respondent=invitation.respondent if invitation else RESPONDENT[survey.respondents],
                submission_id=submission_id, received_at=now, answers=dict(answers.values),
                concern=bool(answers.concerns)))
            if invitation is not None:
                invitation.used_at = now
            session.flush()  # a second use of the code or of the submission id fails here, inside the transaction
            reference = session.scalar(select(RequestRecord.public_id).join(Match, Match.request_id == RequestRecord.id)
                                       .where(Match.id == match_id)) if match_id else None
            return ResponseOutcome(200, created=True, concern=bool(answers.concerns), reference=reference)

    @staticmethod
    def _invitation(session: Session, survey_id: str, code: str, now: dt.datetime,
                    errors: dict[str, str], words: Language) -> SurveyInvitation | None:
        """The code's invitation, locked until the transaction ends; None with the problem in `errors`."""
        invitation = session.scalar(select(SurveyInvitation).where(SurveyInvitation.token_hash == token_hash(code))
                                    .with_for_update())
        if invitation is None or invitation.sent_at is None:  # an unsent invitation's hash is no one's code
            errors[TOKEN_FIELD] = UNKNOWN_CODE
        elif invitation.survey_id != survey_id:
            errors[TOKEN_FIELD] = OTHER_SURVEY
        elif invitation.used_at is not None:
            errors[TOKEN_FIELD] = USED
        elif invitation.expires_at <= now:
            errors[TOKEN_FIELD] = Message(EXPIRED, date=words.format_date(invitation.expires_at.date()))
        else:
            return invitation
        return None

    def _after_race(self, survey_id: str, submission_id: str | None) -> ResponseOutcome:
        with self.db.read() as session:
            earlier = session.scalar(select(SurveyResponse.survey_id).where(
                SurveyResponse.submission_id == submission_id)) if submission_id else None
        if earlier == survey_id:
            return ResponseOutcome(200)
        return ResponseOutcome(422, {TOKEN_FIELD: USED})
