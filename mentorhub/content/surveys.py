"""Surveys: what a programme asks its mentees and mentors, and when (`content/surveys/<id>.yml`).

A survey is content like any other (checked with file:line errors, in the Content reference).
Its questions become the same form fields the request form renders (`survey_fields`), on the
site's `/surveys/<id>/` page and on the inbox's no-JavaScript page alike, and `check_response`
is the one set of rules every receiver applies to the answers: required questions answered,
offered options only, lengths, no control characters, nothing half-stored.

Answers as stored (`SurveyAnswers.values`): a scale as its number (1–5), a single choice as its
option's value, a multiple choice as a list of values, text as the trimmed text. Text never
leaves the inbox; figures are computed from scales and choices only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from pydantic import Field, StrictBool

from .fields import Slug, Text
from .languages import ENGLISH, Language, N_
from .models import ContentModel, Loc
from .request_form import FormField
from .requests import BAD_CHARACTERS, NOT_OFFERED, UNKNOWN_QUESTION, Message, bad_characters, say

Respondents = Literal["mentees", "mentors"]
When = Literal["intake", "check-in", "closure", "open"]
QuestionKind = Literal["scale", "single", "multiple", "short-text", "long-text"]
RESPONDENT: dict[str, str] = {"mentees": "mentee", "mentors": "mentor"}  # who answers → one participant's role
SCALE = range(1, 6)  # every scale runs from 1 to 5; its ends are labelled
TEXT_MAX = {"short-text": 200, "long-text": 2000}
# The survey form's own fields: a question may not take their names. `language`: the page's, which
# the inbox answers in (its errors, its pages).
RESERVED = frozenset({"token", "submission_id", "next", "survey", "language"})
TOKEN_FIELD = "token"
# The form's words (the `forms` catalogue): the site's page shows them, the inbox answers with them.
TOO_LONG = N_("Answer in {max} characters or fewer")
ONE_ANSWER = N_("Choose one answer")
CHOOSE_AN_ANSWER = N_("Choose an answer: {question}")
CHOOSE_ANSWERS = N_("Choose one or more answers: {question}")
ANSWER_QUESTION = N_("Answer: {question}")
TOKEN_LABEL = N_("Your survey code")
TOKEN_HINT = N_("It is in the e-mail that invited you, like {example}")
TOKEN_ERROR = N_("Enter your survey code: it is in the e-mail that invited you")
Answer = int | str | list[str]


class ScaleEnds(ContentModel):
    low: Text = Field(max_length=60, description="What 1 means, e.g. `Not at all confident`.")
    high: Text = Field(max_length=60, description="What 5 means, e.g. `Very confident`.")


class Choice(ContentModel):
    value: Slug = Field(description="The option's id, stored with the answer, e.g. `yes`.")
    label: Text = Field(max_length=120, description="The option as people read it.")
    alert: StrictBool = Field(False, description="`true`: choosing it raises a concern for coordinators.")


class Question(ContentModel):
    id: Slug = Field(description="The question's id within the survey, e.g. `confidence-jobs`.")
    text: Text = Field(max_length=200, description="The question as people read it.")
    hint: Text | None = Field(None, max_length=300, description="Help under the question (optional).")
    kind: QuestionKind = Field(description="`scale` (1 to 5), `single` or `multiple` choice, `short-text` or "
                                           "`long-text`.")
    required: StrictBool = Field(True, description="`false`: the question may be left unanswered.")
    scale: ScaleEnds | None = Field(None, description="For a `scale`: the labels of its ends (1 and 5).")
    options: list[Choice] = Field(default_factory=list, description="For `single` and `multiple`: two or more.")
    pre_post: StrictBool = Field(False, description="`true` on a scale asked at intake and again, with the same "
                                                    "id, at closure: the figures show the change between the two.")
    alert: StrictBool = Field(False, description="`true`: an answer can raise a concern that coordinators see at "
                                                 "once: options marked `alert`, any text, or a scale at or below "
                                                 "`alert_at_most`.")
    alert_at_most: int | None = Field(None, ge=1, le=5, description="For an `alert` scale: answers this low or "
                                                                    "lower raise a concern.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.id in RESERVED:
            yield ("id",), f"`{self.id}` is a name the survey form uses itself; choose another id"
        choice = self.kind in ("single", "multiple")
        if self.kind == "scale" and self.scale is None:
            yield ("scale",), "a scale needs the labels of its ends: `scale: {low: ..., high: ...}`"
        if self.kind != "scale" and self.scale is not None:
            yield ("scale",), f"only a `scale` question has ends; this one is `{self.kind}`"
        if choice and len(self.options) < 2:
            yield ("options",), f"a `{self.kind}` question needs two or more options"
        if not choice and self.options:
            yield ("options",), f"only `single` and `multiple` questions have options; this one is `{self.kind}`"
        values = [o.value for o in self.options]
        for index, value in enumerate(values):
            if value in values[:index]:
                yield ("options", index, "value"), f"`{value}` is listed twice"
        if self.pre_post and self.kind != "scale":
            yield ("pre_post",), "only a `scale` can be compared before and after"
        flagged = any(o.alert for o in self.options)
        if flagged and not self.alert:
            yield ("alert",), "an option raises a concern: set `alert: true` on the question too"
        if self.alert and choice and not flagged:
            yield ("options",), "mark the options that raise a concern with `alert: true`"
        if self.alert and self.kind == "scale" and self.alert_at_most is None:
            yield ("alert_at_most",), "say which answers raise a concern, e.g. `alert_at_most: 2`"
        if self.alert_at_most is not None and not (self.alert and self.kind == "scale"):
            yield ("alert_at_most",), "only an `alert` scale takes `alert_at_most`"

    def raises_concern(self, answer: Answer) -> bool:
        """Whether this answer is one the programme asked to be told about at once."""
        if not self.alert:
            return False
        if self.kind == "scale":
            return isinstance(answer, int) and self.alert_at_most is not None and answer <= self.alert_at_most
        if self.kind in ("single", "multiple"):
            chosen = set(answer) if isinstance(answer, list) else {answer}
            return any(o.alert and o.value in chosen for o in self.options)
        return bool(answer)


class Survey(ContentModel):
    """A survey, `content/surveys/<id>.yml`: who answers it, when, and its questions."""

    title: Text = Field(max_length=120, description="Survey title, e.g. `Monthly check-in`.")
    summary: Text = Field(max_length=280, description="One or two sentences: what it is for; shown on its page "
                                                     "and in the invitation e-mail. The page adds how many "
                                                     "questions there are and about how long they take.")
    respondents: Respondents = Field(description="Who answers: `mentees` or `mentors`.")
    when: When = Field(description="`intake` (a match starts), `check-in` (every `every_weeks` while matched), "
                                   "`closure` (a match ends) or `open` (feedback anyone can give, no invitation).")
    every_weeks: int | None = Field(None, ge=1, le=26, description="For a `check-in`: weeks between invitations.")
    questions: list[Question] = Field(min_length=1, max_length=40, description="The questions, in order.")

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.when == "check-in" and self.every_weeks is None:
            # on the `when` line: the file has no `every_weeks` line to point at
            yield ("when",), "a check-in needs `every_weeks` (the weeks between invitations), e.g. `every_weeks: 4`"
        if self.when != "check-in" and self.every_weeks is not None:
            yield ("every_weeks",), f"only a check-in repeats; this survey is `{self.when}`"
        ids = [q.id for q in self.questions]
        for index, question in enumerate(self.questions):
            if question.id in ids[:index]:
                yield ("questions", index, "id"), f"`{question.id}` is used by another question of this survey"
            if question.pre_post and self.when not in ("intake", "closure"):
                yield ("questions", index, "pre_post"), "only intake and closure surveys compare before and after"
            for loc, message in question.checks():
                yield ("questions", index, *loc), message

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


def pairing_problems(surveys: Mapping[str, Survey]) -> Iterator[tuple[str, Loc, str]]:
    """Pre/post questions without their other half: (survey id, field, message).

    A `pre_post` question at intake needs a `pre_post` question with the same id in a closure
    survey for the same people, and the other way round; otherwise there is nothing to compare.
    """
    for survey_id, survey in surveys.items():
        other = {"intake": "closure", "closure": "intake"}.get(survey.when)
        if other is None:
            continue
        for index, question in enumerate(survey.questions):
            if question.pre_post and not any(
                    s.when == other and s.respondents == survey.respondents
                    and (q := s.question(question.id)) is not None and q.pre_post for s in surveys.values()):
                yield survey_id, ("questions", index, "pre_post"), (
                    f"no {other} survey for {survey.respondents} asks `{question.id}` with `pre_post: true`, "
                    "so there is nothing to compare it with")


# --- the form and its answers --------------------------------------------------------------

def _required_message(question: Question) -> Message:
    if question.kind in ("scale", "single"):
        return Message(CHOOSE_AN_ANSWER, question=question.text)
    if question.kind == "multiple":
        return Message(CHOOSE_ANSWERS, question=question.text)
    return Message(ANSWER_QUESTION, question=question.text)


def _options(question: Question) -> list[dict[str, str]]:
    if question.kind == "scale":
        assert question.scale is not None
        ends = {SCALE.start: question.scale.low, SCALE.stop - 1: question.scale.high}
        return [{"value": str(n), "label": f"{n} – {ends[n]}" if n in ends else str(n)} for n in SCALE]
    return [{"value": o.value, "label": o.label} for o in question.options]


CONTROLS = {"scale": "radios", "single": "radios", "multiple": "checkboxes", "short-text": "text",
            "long-text": "textarea"}


def survey_fields(survey: Survey, lang: Language = ENGLISH) -> list[dict[str, Any]]:
    """The questions as form fields (`request_form.FormField`), for the site's page and the inbox's;
    the form's own messages in `lang`, the programme's questions as it wrote them."""
    return [asdict(FormField(
        id=f"survey-{q.id}", name=q.id, control=CONTROLS[q.kind], label=q.text, hint=q.hint or "",
        error=say(_required_message(q), lang), required=q.required, options=_options(q),
        max_length=TEXT_MAX.get(q.kind),
        messages={"long": say(Message(TOO_LONG, max=TEXT_MAX[q.kind]), lang)} if q.kind in TEXT_MAX else {},
        inline=q.kind == "scale",
    )) for q in survey.questions]


TOKEN_EXAMPLE = "7KQF-2M9X-PD3A-W8RT"


def token_field(lang: Language = ENGLISH) -> dict[str, Any]:
    """The survey code every survey but an `open` one asks for (`TOKEN_FIELD`), as a form field
    beside `survey_fields`: typed from the invitation e-mail, or filled in from the link's
    `#token=` (or `?token=`) by the page's script."""
    return asdict(FormField(
        id=f"survey-{TOKEN_FIELD}", name=TOKEN_FIELD, control="text", label=lang.gettext(TOKEN_LABEL),
        hint=say(Message(TOKEN_HINT, example=TOKEN_EXAMPLE), lang), error=lang.gettext(TOKEN_ERROR), required=True,
        autocomplete="off", max_length=64))


# About how long one answer takes, in seconds: for the page's "about N minutes".
SECONDS = {"scale": 10, "single": 10, "multiple": 15, "short-text": 30, "long-text": 60}


def survey_minutes(survey: Survey) -> int:
    """About how many minutes the survey takes (at least one), so people know before they start."""
    return max(1, -(-sum(SECONDS[q.kind] for q in survey.questions) // 60))


# --- surveys.json: the definitions as the site publishes them --------------------------------

SURVEYS_FILE = "surveys.json"


@dataclass(frozen=True)
class PublishedSurvey:
    """A survey as `surveys.json` lists it: its id, its page (site-relative, as in mentors.json)
    and its definition."""

    id: str
    url: str
    survey: Survey


def surveys_document(surveys: Iterable[PublishedSurvey]) -> dict[str, list[dict[str, object]]]:
    """`surveys.json`: `{"surveys": [{"id", "url", **Survey}]}`, for a receiver that reads the built
    site rather than the content repository; `read_surveys_document` reads it back."""
    return {"surveys": [{"id": s.id, "url": s.url, **s.survey.model_dump(mode="json")} for s in surveys]}


def read_surveys_document(document: object) -> dict[str, PublishedSurvey]:
    """The surveys of a `surveys.json` document, by id; ValueError (pydantic's ValidationError
    is one) when it is not one."""
    if not isinstance(document, Mapping) or not isinstance(listed := document.get("surveys"), list):
        raise ValueError(f"{SURVEYS_FILE} must be an object with a `surveys` list")
    found: dict[str, PublishedSurvey] = {}
    for item in listed:
        if not isinstance(item, Mapping) or not isinstance(item.get("id"), str) or not isinstance(item.get("url"), str):
            raise ValueError(f"each survey in {SURVEYS_FILE} needs an `id` and a `url`")
        definition = {k: v for k, v in item.items() if k not in ("id", "url")}
        found[item["id"]] = PublishedSurvey(item["id"], item["url"], Survey.model_validate(definition))
    return found


@dataclass(frozen=True)
class SurveyAnswers:
    """Checked answers, by question id (unanswered optional questions left out), and the ids of
    the questions whose answers raise a concern."""

    values: dict[str, Answer]
    concerns: tuple[str, ...]


def check_response(survey: Survey, form: Mapping[str, str | Sequence[str]]
                   ) -> tuple[SurveyAnswers | None, dict[str, str]]:
    """The answers, or the problems by field name (`form` for the whole response). Fields the
    survey form adds itself (`RESERVED`) are the receiver's business and ignored here."""
    problems: dict[str, str] = {}
    values: dict[str, Answer] = {}
    given = {name: [raw] if isinstance(raw, str) else list(raw) for name, raw in form.items() if name not in RESERVED}
    if any(survey.question(name) is None for name in given):
        problems["form"] = UNKNOWN_QUESTION
    for question in survey.questions:
        raw = [v.strip() for v in given.get(question.id, []) if v.strip()]
        if not raw:
            if question.required:
                problems[question.id] = _required_message(question)
            continue
        message, answer = _check_answer(question, raw)
        if message:
            problems[question.id] = message
        else:
            values[question.id] = answer
    if problems:
        return None, problems
    concerns = tuple(q.id for q in survey.questions if q.id in values and q.raises_concern(values[q.id]))
    return SurveyAnswers(values, concerns), {}


def _check_answer(question: Question, raw: list[str]) -> tuple[str, Answer]:
    if question.kind == "multiple":
        offered = {o.value for o in question.options}
        if any(v not in offered for v in raw):
            return NOT_OFFERED, ""
        return "", list(dict.fromkeys(raw))
    if len(raw) > 1:
        return ONE_ANSWER, ""
    value = raw[0]
    if question.kind == "scale":
        return ("", int(value)) if value in {str(n) for n in SCALE} else (NOT_OFFERED, "")
    if question.kind == "single":
        return ("", value) if value in {o.value for o in question.options} else (NOT_OFFERED, "")
    if bad_characters(value, multi_line=question.kind == "long-text"):
        return BAD_CHARACTERS, ""
    if len(value) > TEXT_MAX[question.kind]:
        return Message(TOO_LONG, max=TEXT_MAX[question.kind]), ""
    return "", value
