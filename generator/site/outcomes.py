"""The inbox's outcomes on the impact page: requests, matches and surveys from the export file
(`content/inbox_export.py`), each figure with the people behind it, and those withheld (from
fewer than `minimum_people`) named with the reason instead of a chart."""

from __future__ import annotations

from typing import Any

from ..content.inbox_export import Distribution, InboxExport, MedianDays, PrePost, ResponseRate
from ..content.surveys import Survey
from ..content.text import label_from_slug
from .charts import chart_data, figure_text

RULE = ("To protect the people who take part, a figure worked out from fewer than {n} people is not shown: "
        "with so few, someone who knows who took part could tell what one person answered.")
WITHHELD = "Not shown: fewer than {n} {who}"


def outcomes(export: InboxExport, surveys: dict[str, Survey]) -> dict[str, Any] | None:
    """The export's outcomes for the page, None for a file from an inbox older than them: the
    suppression rule, cards, and sections of groups, each group its charts and then, in one
    list, what it does not show and why. Survey and question words come from the programme's
    surveys, or from their ids where a survey is no longer published."""
    if export.matches is None or export.first_contact is None:
        return None
    n = export.minimum_people

    def card(label: str, figure: MedianDays, who: str) -> dict[str, str]:
        if figure.withheld or figure.median_days is None:
            return {"label": label, "value": "Not shown", "note": f"fewer than {n} {who}"}
        return {"label": label, "value": figure_text(figure.median_days), "note": f"from {figure.people} {who}"}

    cards = [
        card("Median days to first contact", export.first_contact, "mentees contacted"),
        {"label": "Matches going on", "value": str(export.matches.active), "note": ""},
        {"label": "Matches ended", "value": str(export.matches.closed), "note": ""},
        card("Median days a match lasted", export.matches.length, "matches that ended"),
    ]
    sections = []
    if export.responses is not None and export.responses.surveys:
        sections.append({"id": "responses", "title": "Survey responses", "intro": "",
                         "groups": [_rates(export.responses.overall, export.responses.surveys, surveys, n)]})
    by_survey: dict[str, list[Distribution]] = {}
    for distribution in export.satisfaction or ():
        by_survey.setdefault(distribution.survey, []).append(distribution)
    if by_survey:
        sections.append({"id": "satisfaction", "title": "What participants told us", "intro": "", "groups": [
            _group(_survey_title(surveys, sid), [(_question_text(surveys, sid, d.question), _distribution(d, surveys))
                                                 for d in figures], WITHHELD.format(n=n, who="people answered"))
            for sid, figures in by_survey.items()]})
    if export.pre_post:
        sections.append({"id": "pre-post", "title": "Before and after mentoring", "groups": [_group("", [
            (_question_text(surveys, c.closure, c.question), _change(c, surveys)) for c in export.pre_post],
            WITHHELD.format(n=n, who="people answered both times"))],
            "intro": "The same questions, asked when a match starts and again when it ends: the average answer "
                     "on a scale of 1 to 5, among the people who answered both times."})
    return {"rule": RULE.format(n=n), "cards": cards, "sections": sections}


def _group(title: str, charts: list[tuple[str, dict[str, Any] | None]], withheld: str) -> dict[str, Any]:
    """Charts under an optional heading; those that are None (withheld) listed by name after them."""
    return {"title": title, "charts": [chart for _, chart in charts if chart is not None],
            "withheld": withheld, "withheld_names": [name for name, chart in charts if chart is None]}


def _survey_title(surveys: dict[str, Survey], survey_id: str) -> str:
    return surveys[survey_id].title if survey_id in surveys else label_from_slug(survey_id)


def _question_text(surveys: dict[str, Survey], survey_id: str, question_id: str) -> str:
    question = surveys[survey_id].question(question_id) if survey_id in surveys else None
    return question.text if question is not None else label_from_slug(question_id)


def _rates(overall: ResponseRate, rates: list[ResponseRate], surveys: dict[str, Survey], n: int) -> dict[str, Any]:
    """One chart: the share of each survey's invitations that were answered, in per cent (the
    answers' `invited` and `answered` are there when a figure is shown: InboxExport.checks)."""
    shown = [r for r in rates if r.shown]
    rows = [(_survey_title(surveys, r.survey or ""), round(100 * (r.answered or 0) / (r.invited or 1))) for r in shown]
    note = (f"Overall, {overall.answered} of {overall.invited} invitations were answered, sent to {overall.people} "
            "people." if overall.shown else "")
    chart = chart_data("responses", "Invitations answered", "Survey", "Answered", rows, note, largest=100, suffix="%")
    chart["rows"] = [{"label": label, "count": f"{r.answered} of {r.invited} ({pct}%), {r.people} people"}
                     for (label, pct), r in zip(rows, shown)]
    return _group("", ([("", chart)] if shown else [])
                  + [(_survey_title(surveys, r.survey or ""), None) for r in rates if r.withheld],
                  WITHHELD.format(n=n, who="people were invited"))


def _answer_labels(survey: Survey | None, figure: Distribution) -> dict[str, str]:
    question = survey.question(figure.question) if survey is not None else None
    if question is None:
        return {}
    if question.kind == "scale" and question.scale is not None:
        return {"1": f"1 – {question.scale.low}", "5": f"5 – {question.scale.high}"}
    return {o.value: o.label for o in question.options}


def _distribution(figure: Distribution, surveys: dict[str, Survey]) -> dict[str, Any] | None:
    """Answers per value of one question; None when it is withheld."""
    if figure.withheld or figure.counts is None:
        return None
    labels = _answer_labels(surveys.get(figure.survey), figure)
    rows = [(labels.get(c.value, c.value if figure.kind == "scale" else label_from_slug(c.value)), c.count)
            for c in figure.counts]
    answers = f", {figure.answers} answers" if figure.answers != figure.people else ""
    title = _question_text(surveys, figure.survey, figure.question)
    return {**chart_data(f"{figure.survey}-{figure.question}", title, "Answer", "Answers", rows,
                     f"From {figure.people} people{answers}."), "caption": f"In numbers: {title}"}


def _change(figure: PrePost, surveys: dict[str, Survey]) -> dict[str, Any] | None:
    """Before and after as two bars on the scale's 1 to 5, and the table of the change; None when withheld."""
    if figure.withheld or figure.before is None or figure.after is None or figure.change is None:
        return None
    note = (f"From {figure.people} people who answered both times: {figure.improved} answered higher at the end, "
            f"{figure.same} the same and {figure.worse} lower; on average {figure.change:+.1f}.")
    means = [("Before: when the match started", figure.before), ("After: when it ended", figure.after)]
    title = _question_text(surveys, figure.closure, figure.question)
    chart = {**chart_data(f"pre-post-{figure.question}", title, "When", "Average answer", means, note, largest=5),
             "caption": f"In numbers: {title}"}
    chart["rows"] = [{"label": label, "count": figure_text(mean)} for label, mean in means] + [
        {"label": "Change, on average", "count": f"{figure.change:+.1f}"},
        {"label": "Answered higher at the end", "count": figure.improved},
        {"label": "The same", "count": figure.same},
        {"label": "Lower", "count": figure.worse},
        {"label": "People who answered both times", "count": figure.people}]
    return chart
