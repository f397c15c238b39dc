"""The request inbox's figures as the build reads them: the export file's format and its checks.

`python -m mentorhub.inbox export-figures FILE` writes this file (through `InboxExport` and `export_json`,
so the inbox and the build share one definition) and the build reads it when it exists:

    {"requests_received": 42, "requests_matched": 30,
     "median_days_to_first_contact": 2.5,
     "period": {"from": "2026-01-01", "to": "2026-10-31"},
     "version": 2, "minimum_people": 5,
     "first_contact": {"people": 28, "median_days": 2.5},
     "matches": {"active": 12, "closed": 7, "length": {"people": 7, "median_days": 84.0}},
     "responses": {"overall": {"people": 19, "invited": 50, "answered": 41},
                   "surveys": [{"survey": "check-in", "people": 12, "invited": 30, "answered": 24},
                               {"survey": "closure", "people": 4, "withheld": true}]},
     "satisfaction": [{"survey": "check-in", "question": "meetings", "kind": "scale", "people": 12,
                       "answers": 24, "counts": [{"value": "1", "count": 0}, ..., {"value": "5", "count": 9}]}],
     "pre_post": [{"question": "confidence-jobs", "intake": "intake", "closure": "closure",
                   "people": 6, "before": 2.33, "after": 3.83, "change": 1.5,
                   "improved": 5, "same": 1, "worse": 0}]}

Counts (`requests_received`, `requests_matched`, `matches.active` and `closed`) are numbers of
requests and matches, spam excluded, erased requests included. Every other figure is an object
that says how many `people` it is computed from; one computed from fewer than `minimum_people`
(5, `MINIMUM_PEOPLE`; a file may ask for more, never fewer) is **withheld**: `"withheld": true`
and none of its values, so nobody who knows who took part can work out one person's answers.
The build refuses a file that shows such a figure. The people behind a figure are the
participants of distinct matches (a mentee and their mentor are two), and each answer to an
`open` survey (which has no match) counts as one person.

- `first_contact`: the median days from a request to its first contact, over the requests of
  the period that were contacted; `median_days_to_first_contact` is the same median (null when
  it is withheld or nobody was contacted), kept for sites built before version 2.
- `matches.length`: the median days from start to end of the matches that ended in the period.
- `responses`: invitations sent in the period and how many were answered, overall and per
  survey (`people`: the participants invited).
- `satisfaction`: for each scale and single-choice question (pre/post scales excepted), how
  many answers chose each value (scales "1" to "5", choices by their value, in the survey's
  order); `answers` can exceed `people` for check-ins, which the same people answer again.
- `pre_post`: for each question asked at intake and again at closure, among the people who
  answered both (the closure in the period): the mean `before` and `after`, the mean `change`
  (after − before) and how many `improved`, stayed the `same` or got `worse`.

No ids of people, requests or matches, no free text, no dates but the period's. Everything
after `median_days_to_first_contact` is optional, so files from older inboxes still build.
Problems are reported with their line, like any content problem; unknown keys are ignored, so
a newer inbox can add figures.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, SerializerFunctionWrapHandler, StrictBool, StrictFloat, StrictInt, StrictStr
from pydantic import model_serializer

from .errors import ContentError, Problem
from .models import ContentModel, Loc
from .sources import SourceFile, read_yaml
from .validation import validate_source

MINIMUM_PEOPLE = 5
"""Fewer people than this behind a figure, and it is withheld (DESIGN.md: aggregates from groups of 5 or more)."""
VERSION = 2


class _Part(ContentModel):
    """A part of the export: unknown keys ignored, so a newer inbox can add to it."""

    model_config = ConfigDict(extra="ignore")


class Period(_Part):
    """The days an export covers; `from` and `to` are the file's keys (`from` is a Python keyword)."""

    start: dt.date = Field(alias="from", description="First day the figures cover.")
    end: dt.date = Field(alias="to", description="Last day the figures cover.")


class Figure(_Part):
    """A figure and the number of people it is computed from: its `VALUES` are given when it is
    shown, and absent (written as nothing, not null) when it is `withheld`."""

    VALUES: ClassVar[tuple[str, ...]] = ()

    people: StrictInt = Field(ge=0, description="How many people the figure is computed from.")
    withheld: StrictBool = Field(False, description="True: fewer than `minimum_people`, so no values.")

    @model_serializer(mode="wrap")
    def _without_absent(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """What the figure is about first (`survey`, `question`), then `people`, `withheld` only when
        true, and the values that are given."""
        data: dict[str, Any] = handler(self)
        ordered = [k for k in data if k not in ("people", "withheld", *self.VALUES)] + ["people", "withheld",
                                                                                        *self.VALUES]
        return {key: data[key] for key in ordered if data[key] is not None and (key != "withheld" or data[key])}

    def figure_checks(self, minimum: int) -> Iterator[tuple[Loc, str]]:
        if self.people < minimum and not self.withheld:
            yield ("withheld",), (f"is computed from {self.people} people, fewer than {minimum}: "
                                  "it must be withheld (`\"withheld\": true` and no values)")
        for name in self.VALUES:
            given = getattr(self, name) is not None
            if self.withheld and given:
                yield (name,), "is given although the figure is withheld"
            elif not self.withheld and not given:
                yield (name,), "this required field is missing (the figure is not withheld)"

    @property
    def shown(self) -> bool:
        return not self.withheld


class MedianDays(Figure):
    VALUES = ("median_days",)

    median_days: StrictFloat | None = Field(None, ge=0, description="The median, in days.")


class ResponseRate(Figure):
    VALUES = ("invited", "answered")

    survey: StrictStr | None = Field(None, description="The survey's id; absent for all surveys together.")
    invited: StrictInt | None = Field(None, ge=0, description="Invitations sent in the period.")
    answered: StrictInt | None = Field(None, ge=0, description="Of those, how many were answered.")

    def figure_checks(self, minimum: int) -> Iterator[tuple[Loc, str]]:
        yield from super().figure_checks(minimum)
        if self.invited is not None and self.answered is not None and self.answered > self.invited:
            yield ("answered",), f"is {self.answered}, more than the {self.invited} invitations sent"


class AnswerCount(_Part):
    value: StrictStr = Field(description="The answer: a scale's number (\"1\" to \"5\") or a choice's value.")
    count: StrictInt = Field(ge=0, description="How many answers chose it.")


class Distribution(Figure):
    VALUES = ("answers", "counts")

    survey: StrictStr = Field(description="The survey's id.")
    question: StrictStr = Field(description="The question's id within the survey.")
    kind: Literal["scale", "single"] = Field(description="`scale` (1 to 5) or `single` choice.")
    answers: StrictInt | None = Field(None, ge=0, description="Answers counted (check-ins: several per person).")
    counts: list[AnswerCount] | None = Field(None, description="Answers per value, in the survey's order.")


class PrePost(Figure):
    VALUES = ("before", "after", "change", "improved", "same", "worse")

    question: StrictStr = Field(description="The question's id, the same in both surveys.")
    intake: StrictStr = Field(description="The intake survey's id.")
    closure: StrictStr = Field(description="The closure survey's id.")
    before: StrictFloat | None = Field(None, ge=1, le=5, description="Mean answer at intake.")
    after: StrictFloat | None = Field(None, ge=1, le=5, description="Mean answer at closure.")
    change: StrictFloat | None = Field(None, ge=-4, le=4, description="Mean of after − before.")
    improved: StrictInt | None = Field(None, ge=0, description="People whose answer went up.")
    same: StrictInt | None = Field(None, ge=0, description="People whose answer stayed the same.")
    worse: StrictInt | None = Field(None, ge=0, description="People whose answer went down.")

    def figure_checks(self, minimum: int) -> Iterator[tuple[Loc, str]]:
        yield from super().figure_checks(minimum)
        if self.shown and (self.improved or 0) + (self.same or 0) + (self.worse or 0) != self.people:
            yield ("people",), f"is {self.people}, but improved, same and worse add up to another number"


class Matches(_Part):
    active: StrictInt = Field(ge=0, description="Matches going on at the end of the period.")
    closed: StrictInt = Field(ge=0, description="Matches that ended in the period.")
    length: MedianDays = Field(description="Median days from start to end of the matches that ended in the period.")


class Responses(_Part):
    overall: ResponseRate = Field(description="Every survey's invitations together.")
    surveys: list[ResponseRate] = Field(default_factory=list, description="Per survey with invitations.")


class InboxExport(_Part):
    """The request inbox's figures for a period, as its export file has them (the module's docstring)."""

    requests_received: StrictInt = Field(ge=0, description="Requests received in the period (spam excluded).")
    requests_matched: StrictInt = Field(ge=0, description="Of those, requests matched with a mentor.")
    median_days_to_first_contact: StrictFloat | None = Field(
        ge=0, description="Median days from a request to its first contact; null when none was contacted.")
    period: Period = Field(description="The days the figures cover.")
    version: StrictInt = Field(1, ge=1, description="The format's version: absent (1) in files from older inboxes.")
    minimum_people: StrictInt = Field(MINIMUM_PEOPLE, ge=MINIMUM_PEOPLE,
                                      description="Figures from fewer people than this are withheld.")
    first_contact: MedianDays | None = Field(None, description="That median, with the people behind it.")
    matches: Matches | None = Field(None, description="Matches active and closed, and how long they lasted.")
    responses: Responses | None = Field(None, description="Survey invitations sent and answered.")
    satisfaction: list[Distribution] | None = Field(None, description="Answers per value of each question.")
    pre_post: list[PrePost] | None = Field(None, description="Intake against closure, per pre/post question.")

    def figures(self) -> Iterator[tuple[Loc, Figure]]:
        """Every figure object in the file, with where it is."""
        if self.first_contact is not None:
            yield ("first_contact",), self.first_contact
        if self.matches is not None:
            yield ("matches", "length"), self.matches.length
        if self.responses is not None:
            yield ("responses", "overall"), self.responses.overall
            for index, rate in enumerate(self.responses.surveys):
                yield ("responses", "surveys", index), rate
        for key in ("satisfaction", "pre_post"):
            for index, figure in enumerate(getattr(self, key) or ()):
                yield (key, index), figure

    def checks(self) -> Iterator[tuple[Loc, str]]:
        if self.requests_matched > self.requests_received:
            yield ("requests_matched",), (f"is {self.requests_matched}, more than the "
                                          f"{self.requests_received} requests received")
        if self.period.start > self.period.end:
            yield ("period", "to"), f"{self.period.end} is before the start of the period"
        for loc, figure in self.figures():
            for inner, message in figure.figure_checks(self.minimum_people):
                yield (*loc, *inner), message
        first = self.first_contact
        if first is not None and self.median_days_to_first_contact != first.median_days:
            yield ("median_days_to_first_contact",), "differs from first_contact.median_days (null when it is withheld)"


def export_json(export: InboxExport) -> str:
    """The file's text, as the inbox writes it: no null figures' values, dates as YYYY-MM-DD."""
    return json.dumps(export.model_dump(mode="json", by_alias=True), indent=2,
                      ensure_ascii=False) + "\n"


class _JsonSource(SourceFile):
    """A JSON file: parsed strictly as JSON; lines for problems come from the node tree (JSON is YAML)."""

    @cached_property
    def data(self) -> Any:
        try:
            return json.loads(self.text)
        except json.JSONDecodeError as err:
            self.problems.append(Problem(self.rel, err.lineno, "", f"not valid JSON: {err.msg} (column {err.colno})"))
            return None


def read_inbox_export(path: Path, rel: str) -> InboxExport:
    """The export at `path` (shown as `rel` in problems); raise ContentError listing every problem."""
    read = read_yaml(path, rel)  # for its UTF-8 check
    if read.problems:
        raise ContentError(read.problems)
    source = _JsonSource(path, rel, read.text)
    if source.data is not None and not isinstance(source.data, dict):
        required = (name for name, f in InboxExport.model_fields.items() if f.is_required())
        source.report((), "expected a JSON object with the fields: " + ", ".join(required))
    export = None if source.problems else validate_source(source, InboxExport, {})
    if export is None:
        raise ContentError(source.problems)
    return export
