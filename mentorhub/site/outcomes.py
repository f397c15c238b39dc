"""The inbox's outcomes on the impact page: requests, matches and surveys from the export file
(`content/inbox_export.py`), each figure with the people behind it, and those withheld (from
fewer than `minimum_people`) named with the reason instead of a chart."""

from __future__ import annotations

from typing import Any

from babel.numbers import get_decimal_symbol

from ..content.inbox_export import Distribution, InboxExport, MedianDays, PrePost, ResponseRate
from ..content.languages import ENGLISH, NP_, Language
from ..content.surveys import Survey
from ..content.text import label_from_slug
from .charts import chart_data, figure_text

RULE = NP_("To protect the people who take part, a figure worked out from fewer than %(num)s person is not shown: "
           "with so few, someone who knows who took part could tell what one person answered.",
           "To protect the people who take part, a figure worked out from fewer than %(num)s people is not shown: "
           "with so few, someone who knows who took part could tell what one person answered.")
# What a group does not show, and why (the names follow).
WITHHELD_ANSWERED = NP_("Not shown: fewer than %(num)s person answered", "Not shown: fewer than %(num)s people answered")
WITHHELD_BOTH = NP_("Not shown: fewer than %(num)s person answered both times",
                    "Not shown: fewer than %(num)s people answered both times")
WITHHELD_INVITED = NP_("Not shown: fewer than %(num)s person was invited", "Not shown: fewer than %(num)s people were invited")
# A long list of answers (more than charts.TOP_BARS options).
ANSWERS = (*NP_("The %(num)s answer with the most answers, of %(total)s",
                "The %(num)s answers with the most answers, of %(total)s"),
           *NP_("All %(num)s answer", "All %(num)s answers"))
SURVEYS = (*NP_("The %(num)s survey with the most answered, of %(total)s",
                "The %(num)s surveys with the most answered, of %(total)s"),
           *NP_("All %(num)s survey", "All %(num)s surveys"))


def outcomes(export: InboxExport, surveys: dict[str, Survey], words: Language = ENGLISH) -> dict[str, Any] | None:
    """The export's outcomes for the page, None for a file from an inbox older than them: the
    suppression rule, cards, and sections of groups, each group its charts and then, in one
    list, what it does not show and why. Survey and question words come from the programme's
    surveys, or from their ids where a survey is no longer published."""
    if export.matches is None or export.first_contact is None:
        return None
    n = export.minimum_people

    def card(label: str, figure: MedianDays, fewer: str, people: str) -> dict[str, str]:
        if figure.withheld or figure.median_days is None:
            return {"label": label, "value": words.gettext("Not shown"), "note": fewer}
        return {"label": label, "value": figure_text(figure.median_days, words=words), "note": people}

    first, length = export.first_contact, export.matches.length
    cards = [
        card(words.gettext("Median days to first contact"), first,
             words.ngettext("fewer than %(num)s mentee contacted", "fewer than %(num)s mentees contacted", n),
             words.ngettext("from %(num)s mentee contacted", "from %(num)s mentees contacted", first.people or 0)),
        {"label": words.gettext("Matches going on"), "value": words.format_number(export.matches.active), "note": ""},
        {"label": words.gettext("Matches ended"), "value": words.format_number(export.matches.closed), "note": ""},
        card(words.gettext("Median days a match lasted"), length,
             words.ngettext("fewer than %(num)s match that ended", "fewer than %(num)s matches that ended", n),
             words.ngettext("from %(num)s match that ended", "from %(num)s matches that ended", length.people or 0)),
    ]
    sections = []
    if export.responses is not None and export.responses.surveys:
        sections.append({"id": "responses", "title": words.gettext("Survey responses"), "intro": "",
                         "groups": [_rates(export.responses.overall, export.responses.surveys, surveys, n, words)]})
    by_survey: dict[str, list[Distribution]] = {}
    for distribution in export.satisfaction or ():
        by_survey.setdefault(distribution.survey, []).append(distribution)
    if by_survey:
        sections.append({"id": "satisfaction", "title": words.gettext("What participants told us"), "intro": "", "groups": [
            _group(_survey_title(surveys, sid), [(_question_text(surveys, sid, d.question), _distribution(d, surveys, words))
                                                 for d in figures], words.ngettext(*WITHHELD_ANSWERED, n))
            for sid, figures in by_survey.items()]})
    if export.pre_post:
        sections.append({"id": "pre-post", "title": words.gettext("Before and after mentoring"), "groups": [_group("", [
            (_question_text(surveys, c.closure, c.question), _change(c, surveys, words)) for c in export.pre_post],
            words.ngettext(*WITHHELD_BOTH, n))],
            "intro": words.gettext("The same questions, asked when a match starts and again when it ends: the average "
                                   "answer on a scale of 1 to 5, among the people who answered both times.")})
    return {"rule": words.ngettext(*RULE, n), "cards": cards, "sections": sections}


def _group(title: str, charts: list[tuple[str, dict[str, Any] | None]], withheld: str) -> dict[str, Any]:
    """Charts under an optional heading; those that are None (withheld) listed by name after them."""
    return {"title": title, "charts": [chart for _, chart in charts if chart is not None],
            "withheld": withheld, "withheld_names": [name for name, chart in charts if chart is None]}


def _survey_title(surveys: dict[str, Survey], survey_id: str) -> str:
    return surveys[survey_id].title if survey_id in surveys else label_from_slug(survey_id)


def _question_text(surveys: dict[str, Survey], survey_id: str, question_id: str) -> str:
    question = surveys[survey_id].question(question_id) if survey_id in surveys else None
    return question.text if question is not None else label_from_slug(question_id)


def _rates(overall: ResponseRate, rates: list[ResponseRate], surveys: dict[str, Survey], n: int,
           words: Language) -> dict[str, Any]:
    """One chart: the share of each survey's invitations that were answered, in per cent (the
    answers' `invited` and `answered` are there when a figure is shown: InboxExport.checks)."""
    number = words.format_number
    shown = [r for r in rates if r.shown]
    rows = [(_survey_title(surveys, r.survey or ""), round(100 * (r.answered or 0) / (r.invited or 1))) for r in shown]
    note = (words.ngettext("Overall, %(answered)s of %(num)s invitation was answered, sent to %(people)s people.",
                           "Overall, %(answered)s of %(num)s invitations were answered, sent to %(people)s people.",
                           overall.invited or 0, answered=number(overall.answered or 0), people=number(overall.people))
            if overall.shown else "")
    chart = chart_data("responses", words.gettext("Invitations answered"), words.gettext("Survey"),
                       words.gettext("Answered"), rows, note, summary=words.gettext("Answered by survey"), many=SURVEYS,
                       largest=100, suffix="%", words=words)
    chart["rows"] = [{"label": label, "count": words.ngettext(
        "%(answered)s of %(invited)s (%(share)s), %(num)s person", "%(answered)s of %(invited)s (%(share)s), %(num)s people",
        r.people, answered=number(r.answered or 0), invited=number(r.invited or 0), share=figure_text(pct, "%", words))}
        for (label, pct), r in zip(rows, shown)]
    return _group("", ([("", chart)] if shown else [])
                  + [(_survey_title(surveys, r.survey or ""), None) for r in rates if r.withheld],
                  words.ngettext(*WITHHELD_INVITED, n))


def _answer_labels(survey: Survey | None, figure: Distribution) -> dict[str, str]:
    question = survey.question(figure.question) if survey is not None else None
    if question is None:
        return {}
    if question.kind == "scale" and question.scale is not None:
        return {"1": f"1 – {question.scale.low}", "5": f"5 – {question.scale.high}"}
    return {o.value: o.label for o in question.options}


def _distribution(figure: Distribution, surveys: dict[str, Survey], words: Language) -> dict[str, Any] | None:
    """Answers per value of one question; None when it is withheld."""
    if figure.withheld or figure.counts is None:
        return None
    labels = _answer_labels(surveys.get(figure.survey), figure)
    rows = [(labels.get(c.value, c.value if figure.kind == "scale" else label_from_slug(c.value)), c.count)
            for c in figure.counts]
    people = words.format_number(figure.people)
    note = (words.gettext("From %(people)s people, %(answers)s answers.", people=people,
                          answers=words.format_number(figure.answers or 0))
            if figure.answers != figure.people else words.gettext("From %(people)s people.", people=people))
    title = _question_text(surveys, figure.survey, figure.question)
    return {**chart_data(f"{figure.survey}-{figure.question}", title, words.gettext("Answer"), words.gettext("Answers"),
                         rows, note, summary=words.gettext("Answers by answer"), many=ANSWERS, words=words),
            "caption": words.gettext("In numbers: %(title)s", title=title)}


def _change(figure: PrePost, surveys: dict[str, Survey], words: Language) -> dict[str, Any] | None:
    """Before and after as two bars on the scale's 1 to 5, and the table of the change; None when withheld."""
    if figure.withheld or figure.before is None or figure.after is None or figure.change is None:
        return None
    change = _signed(figure.change, words)
    number = words.format_number
    note = words.gettext("From %(people)s people who answered both times: %(improved)s answered higher at the end, "
                         "%(same)s the same and %(worse)s lower; on average %(change)s.", people=number(figure.people),
                         improved=number(figure.improved or 0), same=number(figure.same or 0), worse=number(figure.worse or 0),
                         change=change)
    means = [(words.gettext("Before: when the match started"), figure.before),
             (words.gettext("After: when it ended"), figure.after)]
    title = _question_text(surveys, figure.closure, figure.question)
    chart = {**chart_data(f"pre-post-{figure.question}", title, words.gettext("When"), words.gettext("Average answer"),
                          means, note, summary=words.gettext("Average answer by when"), largest=5, words=words),
             "caption": words.gettext("In numbers: %(title)s", title=title)}
    chart["rows"] = [{"label": label, "count": figure_text(mean, words=words)} for label, mean in means] + [
        {"label": words.gettext("Change, on average"), "count": change},
        {"label": words.gettext("Answered higher at the end"), "count": figure.improved},
        {"label": words.gettext("The same"), "count": figure.same},
        {"label": words.gettext("Lower"), "count": figure.worse},
        {"label": words.gettext("People who answered both times"), "count": figure.people}]
    return chart


def _signed(change: float, words: Language) -> str:
    """"+1.5", "−0.5" in English as the site writes it; "+1,5" in a language with a decimal comma."""
    text = f"{change:+.1f}"
    return text if words.code == ENGLISH.code else text.replace(".", get_decimal_symbol(words.locale))
