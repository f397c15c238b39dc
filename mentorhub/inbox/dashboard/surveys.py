"""The dashboard's surveys: a match's timeline and answers on its request's page, the survey
summary (invitations sent, answered, response rate, and the open surveys' latest answers, which
belong to no request), and acknowledging the concerns that answers raise (common.py shows them
on every page until then).

Answers are shown labelled by their question's text, the mentee's apart from the mentor's; the
answer that raised a concern is marked in words, not by colour alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from mentorhub.content.languages import N_, Language
from mentorhub.content.requests import normalise_email, say
from mentorhub.content.surveys import Answer, Survey, survey_fields

from ..capacity import mentor_name
from ..mentors import Directory
from ..context import inbox_of
from ..models import STATUSES, AuditEvent, Match, RequestRecord, SurveyInvitation, SurveyResponse, utcnow
from .common import Coordinator, StateChange, refused, render, safe_next, survey_title, who

log = logging.getLogger("mentorhub.inbox.dashboard")
router = APIRouter(prefix="/dashboard")
ACKNOWLEDGED = N_("acknowledged a concern")  # an audit action (models.py)
OPEN_SHOWN = 50  # an open survey's latest answers on the survey summary
MENTOR_EMAIL_LABEL = N_("Mentor's e-mail address, for check-in surveys")  # a msgid: the page says it


def mentor_email(words: Language, text: str) -> tuple[str | None, str]:
    """The mentor's address as typed (blank: none), normalised as the request form's addresses
    are, or the message that says why it is not one (in `words`)."""
    if not text.strip():
        return None, ""
    try:
        return normalise_email(text.strip()), ""
    except ValueError as err:
        return None, words.gettext(N_("%(field)s: %(problem)s"), field=words.gettext(MENTOR_EMAIL_LABEL),
                                   problem=say(str(err), words))


# --- a match on its request's page ---------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    """One line of a match's timeline."""

    at: dt.datetime | None
    what: str
    state: str = ""  # answered | missed | waiting | unsent: words on the page too, and a class


@dataclass(frozen=True)
class AnswerView:
    question: str
    answer: str
    concern: bool


@dataclass(frozen=True)
class ResponseView:
    id: int
    title: str
    respondent: str
    received_at: dt.datetime
    answers: list[AnswerView]
    concern: bool
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None


@dataclass(frozen=True)
class MatchView:
    match: Match
    timeline: list[Step]
    responses: dict[str, list[ResponseView]] = field(default_factory=dict)  # "mentee" | "mentor" → theirs
    needs_mentor_email: bool = False  # mentors' surveys are due, and nobody to send them to


def answer_words(survey: Survey | None, values: dict[str, Answer]) -> list[AnswerView]:
    """Each answer under its question's text and in the form's own words (a scale's ends, an
    option's label); a survey since taken off the site shows its stored ids."""
    if survey is None:
        return [AnswerView(q, ", ".join(map(str, v)) if isinstance(v, list) else str(v), False)
                for q, v in values.items()]
    out = []
    for question, form_field in zip(survey.questions, survey_fields(survey)):
        if question.id not in values:
            continue
        value = values[question.id]
        labels = {str(o["value"]): str(o["label"]) for o in form_field["options"]}
        chosen = value if isinstance(value, list) else [value]
        words = ", ".join(labels.get(str(v), str(v)) for v in chosen) if labels else str(value)
        out.append(AnswerView(question.text, words, question.raises_concern(value)))
    return out


def response_view(directory: Directory, r: SurveyResponse) -> ResponseView:
    return ResponseView(r.id, survey_title(directory, r.survey_id), r.respondent, r.received_at,
                        answer_words(directory.surveys.get(r.survey_id), r.answers or {}), r.concern,
                        r.concern_acknowledged_at, r.concern_acknowledged_by)


def _step(directory: Directory, invitation: SurveyInvitation, now: dt.datetime, no_address: bool) -> Step:
    words = directory.words
    values = {"survey": survey_title(directory, invitation.survey_id), "who": who(directory, invitation.respondent),
              "due": f"{invitation.due_on:%Y-%m-%d}"}
    if invitation.used_at is not None:
        return Step(invitation.used_at, words.gettext(N_("%(survey)s, for %(who)s: answered (due %(due)s)"),
                                                      **values), "answered")
    if invitation.expires_at <= now:
        missed = (N_("%(survey)s, for %(who)s: missed (due %(due)s, sent, not answered; the code expired)")
                  if invitation.sent_at else
                  N_("%(survey)s, for %(who)s: missed (due %(due)s, never sent; the code expired)"))
        return Step(invitation.expires_at, words.gettext(missed, **values), "missed")
    if invitation.sent_at is None:
        unsent = (N_("%(survey)s, for %(who)s: not sent yet (due %(due)s; no e-mail address for the mentor)")
                  if no_address else
                  N_("%(survey)s, for %(who)s: not sent yet (due %(due)s; the next run of send-check-ins sends it)"))
        return Step(None, words.gettext(unsent, **values), "unsent")
    return Step(invitation.sent_at, words.gettext(N_("%(survey)s, for %(who)s: sent, waiting for an answer until "
                                                     "%(until)s UTC (due %(due)s)"),
                                                  until=f"{invitation.expires_at:%Y-%m-%d %H:%M}", **values), "waiting")


def match_view(session: Session, directory: Directory, row: RequestRecord) -> MatchView | None:
    match = session.scalar(select(Match).where(Match.request_id == row.id))
    if match is None:
        return None
    now = utcnow()
    invitations = list(session.scalars(select(SurveyInvitation).where(SurveyInvitation.match_id == match.id)
                                       .order_by(SurveyInvitation.due_on, SurveyInvitation.id)))
    words = directory.words
    steps = [Step(row.received_at, words.gettext(N_("Request received"))),
             Step(match.started_at, words.gettext(N_("Matched with %(mentor)s"),
                                                  mentor=mentor_name(directory.mentors, match.mentor_id))
                  if match.mentor_id else words.gettext(STATUSES["matched"]))]
    steps += [_step(directory, i, now, i.respondent == "mentor" and not match.mentor_email) for i in invitations]
    if match.ended_at is not None:
        steps.append(Step(match.ended_at, words.gettext(N_("Closed: the match ended"))))
    responses: dict[str, list[ResponseView]] = {"mentee": [], "mentor": []}
    for r in session.scalars(select(SurveyResponse).where(SurveyResponse.match_id == match.id)
                             .order_by(SurveyResponse.received_at, SurveyResponse.id)):
        responses.setdefault(r.respondent, []).append(response_view(directory, r))
    mentors_asked = any(s.respondents == "mentors" and s.when != "open" for s in directory.surveys.values())
    return MatchView(match, steps, responses, mentors_asked and not match.mentor_email and match.ended_at is None)


# --- concerns ----------------------------------------------------------------------------------

@router.post("/concerns/{response_id}/acknowledge")
async def acknowledge(request: Request, response_id: int, posted: StateChange) -> Response:
    """Record who acknowledged a concern and when (in the audit trail too); it leaves the banner."""
    signed_in, form = posted.by, posted.form
    inbox = inbox_of(request)
    directory = inbox.source.current()

    def change() -> bool:
        with inbox.db.write() as session:
            response = session.scalar(select(SurveyResponse).where(SurveyResponse.id == response_id).with_for_update())
            if response is None or not response.concern:
                return False
            if response.concern_acknowledged_at is None:
                response.concern_acknowledged_at, response.concern_acknowledged_by = utcnow(), signed_in.email
                request_id = session.scalar(select(Match.request_id).where(Match.id == response.match_id)) \
                    if response.match_id else None
                session.add(AuditEvent(request_id=request_id, actor=signed_in.email, action=ACKNOWLEDGED,
                                       note=directory.words.gettext(
                                           N_("%(survey)s: %(who)s's answers of %(when)s UTC"),
                                           survey=survey_title(directory, response.survey_id),
                                           who=who(directory, response.respondent),
                                           when=f"{response.received_at:%Y-%m-%d %H:%M}")))
            return True

    if not await run_in_threadpool(change):
        return refused(request, signed_in, N_("There is no concern to acknowledge there."), 404)
    log.info("coordinator %d acknowledged a concern", signed_in.coordinator_id)
    return RedirectResponse(safe_next(form.get("next")), status_code=303)


# --- the survey summary --------------------------------------------------------------------------

@dataclass(frozen=True)
class SurveyFigures:
    id: str
    title: str
    who: str
    when: str
    sent: int
    answered: int
    responses: int  # every response, an open survey's included

    @property
    def rate(self) -> str:
        return f"{round(100 * self.answered / self.sent)}%" if self.sent else "–"


def survey_figures(session: Session, directory: Directory) -> list[SurveyFigures]:
    invited = {sid: (sent, answered) for sid, sent, answered in session.execute(
        select(SurveyInvitation.survey_id, func.count(SurveyInvitation.sent_at),
               func.sum(case((SurveyInvitation.used_at.is_not(None), 1), else_=0)))
        .group_by(SurveyInvitation.survey_id))}
    received = {sid: count for sid, count in session.execute(
        select(SurveyResponse.survey_id, func.count()).group_by(SurveyResponse.survey_id))}
    ids = list(directory.surveys) + sorted((set(invited) | set(received)) - set(directory.surveys))
    out = []
    for sid in ids:
        survey = directory.surveys.get(sid)
        sent, answered = invited.get(sid, (0, 0))
        out.append(SurveyFigures(sid, survey_title(directory, sid), survey.respondents if survey else "",
                                 survey.when if survey else "", int(sent or 0), int(answered or 0),
                                 int(received.get(sid, 0))))
    return out


@router.get("/surveys")
async def surveys_page(request: Request, signed_in: Coordinator) -> Response:
    inbox = inbox_of(request)
    directory = inbox.source.current()

    def load() -> tuple[list[SurveyFigures], list[tuple[str, str, list[ResponseView]]]]:
        with inbox.db.read() as session:
            open_answers = [(sid, survey.title, [response_view(directory, r) for r in session.scalars(
                select(SurveyResponse).where(SurveyResponse.survey_id == sid)
                .order_by(SurveyResponse.received_at.desc(), SurveyResponse.id.desc()).limit(OPEN_SHOWN))])
                for sid, survey in directory.surveys.items() if survey.when == "open"]
            return survey_figures(session, directory), open_answers

    figures, open_answers = await run_in_threadpool(load)
    return render(request, "surveys.html", signed_in=signed_in, title="Surveys", figures=figures,
                  open_answers=open_answers)
