"""The programme's figures for its impact page: `python -m mentorhub.inbox export-figures FILE`.

Reads the inbox's tables and writes the aggregate file the site's build reads
(`impact.inbox_export`), in the one format both share: `mentorhub.content.inbox_export`, whose
docstring describes every figure. Only aggregates leave: counts, medians, means and answers per
offered value, each with the number of people behind it, and withheld below
`MINIMUM_PEOPLE`. No id of a person, request or match, no free text (only scale and choice
questions are read, and only answers the survey offers), no date but the period's.

Questions that raise a concern (`alert`, "is anything making you uncomfortable?") are not
published: they are for coordinators to act on, one person at a time. Pre/post scales are
published as their change, not as a second distribution.

The period is whole days in UTC, `--from` to `--to` inclusive (by default from the first
request to today), and every figure is as it stood at the period's end. What falls in it: a
request by when it was received (matched and contacted by the period's end); a match's end, for
`closed` and the median length; `active` is the matches going on at the period's last moment;
an invitation by when it was sent (answered: by the period's end); an answer by when it was
received. Spam requests, their matches and everything tied to those are left out; erased
requests still count, as erasure keeps each request's dates and status.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentorhub.content.inbox_export import (MINIMUM_PEOPLE, VERSION, AnswerCount, Distribution, InboxExport,
                                            Matches, MedianDays, Period, PrePost, ResponseRate, Responses,
                                            export_json)
from mentorhub.content.surveys import SCALE, Question, Survey

from .models import STATUS, AuditEvent, Match, RequestRecord, SurveyInvitation, SurveyResponse

DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class _Answered:
    """One stored response, reduced to what figures need: who (a participant of a match, never
    named) and the answers."""

    person: Hashable
    survey_id: str
    received_at: dt.datetime
    answers: Mapping[str, Any]


def first_request_day(session: Session) -> dt.date | None:
    """The day the first (non-spam) request arrived: where the default period starts."""
    first = session.scalar(select(func.min(RequestRecord.received_at)).where(RequestRecord.spam.is_(False)))
    return first.date() if first is not None else None


def compute_figures(session: Session, surveys: Mapping[str, Survey], start: dt.date, end: dt.date) -> InboxExport:
    """The figures for the days `start` to `end` (inclusive, UTC), withheld where too few people."""
    since = dt.datetime.combine(start, dt.time(), dt.timezone.utc)
    until = dt.datetime.combine(end + DAY, dt.time(), dt.timezone.utc)  # exclusive

    def in_period(moment: dt.datetime | None) -> bool:
        return moment is not None and since <= moment < until

    requests: dict[int, dt.datetime] = {row.id: row.received_at for row in session.execute(
        select(RequestRecord.id, RequestRecord.received_at).where(
            RequestRecord.spam.is_(False), RequestRecord.received_at >= since, RequestRecord.received_at < until))}
    matches = session.execute(select(Match.id, Match.request_id, Match.started_at, Match.ended_at)
                              .join(RequestRecord, RequestRecord.id == Match.request_id)
                              .where(RequestRecord.spam.is_(False))).all()
    matched = {m.request_id for m in matches if m.started_at < until} | set(session.scalars(
        select(AuditEvent.request_id).where(AuditEvent.action == STATUS, AuditEvent.to_status == "matched",
                                            AuditEvent.at < until)))
    contacted = session.execute(select(AuditEvent.request_id, func.min(AuditEvent.at)).where(
        AuditEvent.action == STATUS, AuditEvent.from_status == "new", AuditEvent.to_status == "contacted",
        AuditEvent.at < until).group_by(AuditEvent.request_id)).all()
    first_contact = _median_days([at - requests[request_id] for request_id, at in contacted if request_id in requests])

    closed = [m for m in matches if in_period(m.ended_at)]
    active = sum(m.started_at < until and (m.ended_at is None or m.ended_at >= until) for m in matches)
    match_ids = {m.id for m in matches}

    invitations = session.execute(select(SurveyInvitation.id, SurveyInvitation.match_id, SurveyInvitation.survey_id,
                                         SurveyInvitation.respondent, SurveyInvitation.sent_at)).all()
    invitations = [i for i in invitations if i.match_id in match_ids and in_period(i.sent_at)]
    stored = session.execute(select(SurveyResponse.id, SurveyResponse.invitation_id, SurveyResponse.match_id,
                                    SurveyResponse.survey_id, SurveyResponse.respondent, SurveyResponse.received_at,
                                    SurveyResponse.answers).where(SurveyResponse.received_at < until)).all()
    answered_invitations = {r.invitation_id for r in stored if r.invitation_id is not None}
    responses = [_Answered((r.match_id, r.respondent) if r.match_id is not None else ("open", r.id),
                           r.survey_id, r.received_at, r.answers or {})
                 for r in stored if r.match_id is None or r.match_id in match_ids]

    return InboxExport(
        requests_received=len(requests), requests_matched=len(matched & requests.keys()),
        median_days_to_first_contact=first_contact.median_days,
        period=Period.model_validate({"from": start, "to": end}),
        version=VERSION, minimum_people=MINIMUM_PEOPLE, first_contact=first_contact,
        matches=Matches(active=active, closed=len(closed),
                        length=_median_days([m.ended_at - m.started_at for m in closed])),
        responses=_responses(surveys, invitations, answered_invitations),
        satisfaction=_satisfaction(surveys, [r for r in responses if in_period(r.received_at)]),
        pre_post=_pre_post(surveys, responses, in_period),
    )


def _median_days(spans: list[dt.timedelta]) -> MedianDays:
    if len(spans) < MINIMUM_PEOPLE:
        return MedianDays(people=len(spans), withheld=True)
    days = statistics.median(span.total_seconds() / 86400 for span in spans)
    return MedianDays(people=len(spans), median_days=round(days, 1))


def _rate(survey_id: str | None, invitations: list[Any], answered: set[int]) -> ResponseRate:
    people = len({(i.match_id, i.respondent) for i in invitations})
    if people < MINIMUM_PEOPLE:
        return ResponseRate(survey=survey_id, people=people, withheld=True)
    return ResponseRate(survey=survey_id, people=people, invited=len(invitations),
                        answered=sum(i.id in answered for i in invitations))


def _responses(surveys: Mapping[str, Survey], invitations: list[Any], answered: set[int]) -> Responses:
    """Per survey sent by invitation (every one the programme has, then any no longer published), and overall."""
    by_survey: dict[str, list[Any]] = {sid: [] for sid, s in surveys.items() if s.when != "open"}
    for invitation in sorted(invitations, key=lambda i: i.survey_id):
        by_survey.setdefault(invitation.survey_id, []).append(invitation)
    return Responses(overall=_rate(None, invitations, answered),
                     surveys=[_rate(sid, rows, answered) for sid, rows in by_survey.items()])


def _offered(question: Question) -> list[str]:
    """The answers a question offers, as the export names them; nothing else is ever counted."""
    if question.kind == "scale":
        return [str(n) for n in SCALE]
    return [o.value for o in question.options]


def _answer(question: Question, answers: Mapping[str, Any]) -> str | None:
    """The stored answer as an offered value, or None (unanswered, or anything the survey does not offer)."""
    value = answers.get(question.id)
    if question.kind == "scale":
        return str(value) if isinstance(value, int) and not isinstance(value, bool) and value in SCALE else None
    return value if isinstance(value, str) and value in _offered(question) else None


def _satisfaction(surveys: Mapping[str, Survey], responses: list[_Answered]) -> list[Distribution]:
    figures = []
    for survey_id, survey in surveys.items():
        answered = [r for r in responses if r.survey_id == survey_id]
        for question in survey.questions:
            if question.kind not in ("scale", "single") or question.pre_post or question.alert:
                continue
            chosen = [(r.person, value) for r in answered if (value := _answer(question, r.answers)) is not None]
            people = len({person for person, _ in chosen})
            base = {"survey": survey_id, "question": question.id, "kind": question.kind, "people": people}
            if people < MINIMUM_PEOPLE:
                figures.append(Distribution(**base, withheld=True))
                continue
            counts = {value: 0 for value in _offered(question)}
            for _, value in chosen:
                counts[value] += 1
            figures.append(Distribution(**base, answers=len(chosen),
                                        counts=[AnswerCount(value=v, count=n) for v, n in counts.items()]))
    return figures


def pre_post_pairs(surveys: Mapping[str, Survey]) -> list[tuple[str, str, Question]]:
    """(intake survey id, closure survey id, question) for each question both ask with `pre_post`."""
    return [(intake_id, closure_id, question)
            for intake_id, intake in surveys.items() if intake.when == "intake"
            for question in intake.questions if question.pre_post
            for closure_id, closure in surveys.items()
            if closure.when == "closure" and closure.respondents == intake.respondents
            and (other := closure.question(question.id)) is not None and other.pre_post]


def _pre_post(surveys: Mapping[str, Survey], responses: list[_Answered],
              in_period: Callable[[dt.datetime | None], bool]) -> list[PrePost]:
    figures = []
    for intake_id, closure_id, question in pre_post_pairs(surveys):
        before = _by_person((r for r in responses if r.survey_id == intake_id), question, latest=False)
        after = _by_person((r for r in responses if r.survey_id == closure_id and in_period(r.received_at)),
                           question, latest=True)
        both = [(before[p], after[p]) for p in before.keys() & after.keys()]
        base = {"question": question.id, "intake": intake_id, "closure": closure_id, "people": len(both)}
        if len(both) < MINIMUM_PEOPLE:
            figures.append(PrePost(**base, withheld=True))
            continue
        changes = [b - a for a, b in both]
        figures.append(PrePost(
            **base, before=_mean(a for a, _ in both), after=_mean(b for _, b in both), change=_mean(changes),
            improved=sum(c > 0 for c in changes), same=sum(c == 0 for c in changes),
            worse=sum(c < 0 for c in changes)))
    return figures


def _by_person(responses: Iterable[_Answered], question: Question, latest: bool) -> dict[Hashable, int]:
    """Each participant's answer: the first intake or the last closure they gave."""
    answers: dict[Hashable, int] = {}
    for response in sorted(responses, key=lambda r: r.received_at, reverse=not latest):
        value = _answer(question, response.answers)
        if value is not None:
            answers[response.person] = int(value)
    return answers


def _mean(values: Iterable[int]) -> float:
    return round(statistics.fmean(values), 2) + 0.0  # + 0.0: never "-0.0"


def write_figures(path: Path, export: InboxExport) -> None:
    """Write the file whole or not at all: a temporary file beside it, flushed, then renamed over it."""
    text = export_json(export)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def withheld_count(export: InboxExport) -> int:
    """How many of the file's figures are withheld, for the command's summary."""
    return sum(figure.withheld for _, figure in export.figures())

