"""Surveys as content (issue 19): each rule's bad input and the exact line an editor reads, a
programme without surveys, the survey pages' data, and `surveys.json` as receivers read it."""

from __future__ import annotations

import json

import pytest

from support import REPO, TODAY, FixtureProgramme, with_surveys
from mentorhub.content.kinds import SURVEY, for_search_engines
from mentorhub.content.project import Project
from mentorhub.content.surveys import (RESERVED, TOKEN_FIELD, Survey, read_surveys_document, survey_fields,
                                       survey_minutes)
from mentorhub.site.build import build_site
from mentorhub.site.feeds import generate_files
from mentorhub.site.pages import generate_pages

S = "content/surveys/"
INBOX = "https://inbox.example.org"
NOT_THE_INBOX = ("surveys are answered through Mentor Hub's inbox, which sends the invitations and keeps the "
                 "answers: set `requests: delivery: inbox` (and its url) in mkdocs.yml")


@pytest.fixture
def surveyed(site: FixtureProgramme) -> FixtureProgramme:
    return with_surveys(site, INBOX)


def test_the_fixture_surveys_are_valid(surveyed: FixtureProgramme) -> None:
    catalog = surveyed.catalog()
    assert sorted(catalog.surveys) == ["check-in", "closure", "feedback", "intake"]
    assert catalog.surveys["check-in"].model.every_weeks == 4
    assert catalog.surveys["check-in"].url == "surveys/check-in/"


# (file, old text, new text) edits → every problem, as `file:line: field: message`
BAD: dict[str, tuple[list[tuple[str, str, str]], list[str]]] = {
    "unknown field": ([("check-in.yml", "every_weeks: 4", "every_week: 4")],
                      [f"{S}check-in.yml:5: every_week: unknown field; did you mean 'every_weeks'?"]),
    "scale without ends": ([("closure.yml", "    scale: {low: Very dissatisfied, high: Very satisfied}\n", "")],
                           [f"{S}closure.yml:11: questions[1].scale: a scale needs the labels of its ends: "
                            "`scale: {low: ..., high: ...}`"]),
    "scale with one end": ([("closure.yml", "{low: Very dissatisfied, high: Very satisfied}", "{low: Very dissatisfied}")],
                           [f"{S}closure.yml:14: questions[1].scale.high: this required field is missing"]),
    "check-in without every_weeks": ([("check-in.yml", "every_weeks: 4\n", "")],
                                     [f"{S}check-in.yml:4: when: a check-in needs `every_weeks` (the weeks between "
                                      "invitations), e.g. `every_weeks: 4`"]),
    "every_weeks on an open survey": ([("feedback.yml", "when: open", "when: open\nevery_weeks: 2")],
                                      [f"{S}feedback.yml:5: every_weeks: only a check-in repeats; this survey is `open`"]),
    "alert choice without flagged options": ([("check-in.yml", '"Yes", alert: true}', '"Yes"}')],
                                             [f"{S}check-in.yml:16: questions[1].options: mark the options that "
                                              "raise a concern with `alert: true`"]),
    "flagged option on a question without alert": (
        [("check-in.yml", "    alert: true\n", "")],
        [f"{S}check-in.yml:11: questions[1].alert: an option raises a concern: set `alert: true` on the question too"]),
    "unpaired pre_post": (
        [("closure.yml", "  - id: confidence", "  - id: confident")],
        [f"{S}closure.yml:10: questions[0].pre_post: no intake survey for mentees asks `confident` with "
         "`pre_post: true`, so there is nothing to compare it with",
         f"{S}intake.yml:10: questions[0].pre_post: no closure survey for mentees asks `confidence` with "
         "`pre_post: true`, so there is nothing to compare it with"]),
    "pre_post paired with other people": (
        [("closure.yml", "respondents: mentees", "respondents: mentors")],
        [f"{S}closure.yml:10: questions[0].pre_post: no intake survey for mentors asks `confidence` with "
         "`pre_post: true`, so there is nothing to compare it with",
         f"{S}intake.yml:10: questions[0].pre_post: no closure survey for mentees asks `confidence` with "
         "`pre_post: true`, so there is nothing to compare it with"]),
    "pre_post on a check-in": ([("check-in.yml", "    scale: {low: Not useful, high: Very useful}\n",
                                 "    scale: {low: Not useful, high: Very useful}\n    pre_post: true\n")],
                               [f"{S}check-in.yml:11: questions[0].pre_post: only intake and closure surveys compare "
                                "before and after"]),
    "duplicate question id": ([("closure.yml", "  - id: satisfied", "  - id: confidence")],
                              [f"{S}closure.yml:11: questions[1].id: `confidence` is used by another question of "
                               "this survey"]),
    "question named like a form field": ([("feedback.yml", "  - id: name", f"  - id: {TOKEN_FIELD}")],
                                         [f"{S}feedback.yml:10: questions[1].id: `token` is a name the survey form "
                                          "uses itself; choose another id"]),
    "choice with one option": ([("intake.yml", "      - {value: interviews, label: Interviews}\n", "")],
                               [f"{S}intake.yml:14: questions[1].options: a `multiple` question needs two or more "
                                "options"]),
    "unknown kind": ([("feedback.yml", "kind: short-text", "kind: text")],
                     [f"{S}feedback.yml:12: questions[1].kind: 'text' is not allowed; expected 'scale', 'single', "
                      "'multiple', 'short-text' or 'long-text'"]),
    "survey with non-inbox delivery": (
        [("../../mkdocs.yml", f"        delivery: inbox\n        url: {INBOX}\n",
          "        delivery: email\n        email: office@example.org\n")],
        [f"{S}{name}:1: {NOT_THE_INBOX}" for name in ("check-in.yml", "closure.yml", "feedback.yml", "intake.yml")]),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_bad_survey_is_named_at_its_line(surveyed: FixtureProgramme, case: str) -> None:
    edits, expected = BAD[case]
    for name, old, new in edits:
        surveyed.edit(S + name if not name.startswith("../") else name.removeprefix("../../"), old, new)
    assert surveyed.problems() == expected


def test_a_broken_intake_does_not_also_report_its_closure_unpaired(surveyed: FixtureProgramme) -> None:
    surveyed.edit(S + "intake.yml", "respondents: mentees", "respondents: mentes")
    assert surveyed.problems() == [
        f"{S}intake.yml:3: respondents: 'mentes' is not allowed; expected 'mentees' or 'mentors'"]


def test_a_programme_without_a_surveys_folder_builds_with_none(site: FixtureProgramme) -> None:
    assert not (site.root / "content/surveys").exists()
    built = build_site(site.project(), TODAY)
    assert built.catalog.surveys == {}
    assert not any(p.src_uri.startswith("surveys/") for p in built.pages)
    assert json.loads(next(f.content for f in built.files if f.src_uri == "surveys.json")) == {"surveys": []}


def test_other_kinds_still_need_their_folder(site: FixtureProgramme) -> None:
    (site.root / "content/events/open-evening.yml").unlink()
    for path in (site.root / "content/events").iterdir():
        path.unlink()
    (site.root / "content/events").rmdir()
    assert site.problems() == ["content/events:1: the event folder does not exist (see mkdocs.yml)"]


def test_surveys_json_lists_every_definition_as_receivers_read_it(surveyed: FixtureProgramme) -> None:
    catalog = surveyed.catalog()
    files = {f.src_uri: f.content for f in generate_files(catalog)}
    document = json.loads(files["surveys.json"])
    assert list(document) == ["surveys"]
    assert [(s["id"], s["url"]) for s in document["surveys"]] == [
        (entry.id, entry.url) for entry in catalog.surveys.values()]
    check_in = next(s for s in document["surveys"] if s["id"] == "check-in")
    assert {k: check_in[k] for k in ("title", "respondents", "when", "every_weeks")} == {
        "title": "Monthly check-in", "respondents": "mentees", "when": "check-in", "every_weeks": 4}
    assert check_in["questions"][1]["options"][1] == {"value": "yes", "label": "Yes", "alert": True}
    read = read_surveys_document(document)
    assert {k: (s.url, s.survey) for k, s in read.items()} == {
        k: (e.url, e.model) for k, e in catalog.surveys.items()}


@pytest.mark.parametrize("document", [
    [], {"survey": []}, {"surveys": [{"url": "surveys/a/", "title": "A"}]},
    {"surveys": [{"id": "a", "url": "surveys/a/", "title": "A"}]},  # not a survey: no questions, no summary…
])
def test_a_document_that_is_not_surveys_json_is_refused(document: object) -> None:
    with pytest.raises(ValueError):
        read_surveys_document(document)


def test_each_survey_has_a_page_for_invited_people_only(surveyed: FixtureProgramme) -> None:
    pages = {p.src_uri: p for p in generate_pages(surveyed.catalog())}
    survey_pages = sorted(uri for uri in pages if uri.startswith("surveys/"))
    assert survey_pages == ["surveys/check-in.md", "surveys/closure.md", "surveys/feedback.md", "surveys/intake.md"]
    for uri in survey_pages:
        page = pages[uri]
        assert (page.template, page.in_nav, page.meta.get("noindex")) == ("survey.html", False, True)
        assert page.edit_path == f"content/surveys/{uri.split('/')[1].removesuffix('.md')}.yml"
    assert for_search_engines("surveys/check-in.md") is False
    assert for_search_engines("stories/first-job.md") is True
    assert SURVEY.page == "surveys/{id}.md"


def test_the_page_posts_to_the_inbox_and_asks_invited_people_for_their_code(surveyed: FixtureProgramme) -> None:
    pages = {p.src_uri: p for p in generate_pages(surveyed.catalog())}
    check_in = pages["surveys/check-in.md"].data["survey"]
    assert check_in["action"] == f"{INBOX}/surveys/check-in/responses"
    assert [f["name"] for f in check_in["fields"]] == [TOKEN_FIELD, "useful", "uncomfortable", "notes"]
    token = check_in["fields"][0]
    assert (token["label"], token["required"], token["control"]) == ("Your survey code", True, "text")
    assert token["hint"] == "It is in the e-mail that invited you, like 7KQF-2M9X-PD3A-W8RT"
    assert (check_in["respondent"], check_in["invited"], check_in["asks_text"]) == ("mentee", True, True)
    feedback = pages["surveys/feedback.md"].data["survey"]
    assert [f["name"] for f in feedback["fields"]] == ["rating", "name"]  # open: no code
    assert (feedback["respondent"], feedback["invited"]) == ("mentor", False)
    closure = pages["surveys/closure.md"].data["survey"]
    assert closure["asks_text"] is False


def test_a_scale_is_five_inline_radios_with_labelled_ends() -> None:
    survey = Survey.model_validate({
        "title": "T", "summary": "S", "respondents": "mentees", "when": "open", "questions": [
            {"id": "sure", "text": "How sure?", "kind": "scale", "scale": {"low": "Unsure", "high": "Sure"}},
            {"id": "pick", "text": "Pick", "kind": "single",
             "options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}]})
    scale, pick = survey_fields(survey)
    assert (scale["control"], scale["inline"], pick["inline"]) == ("radios", True, False)
    assert [o["label"] for o in scale["options"]] == ["1 – Unsure", "2", "3", "4", "5 – Sure"]


@pytest.mark.parametrize(("kinds", "minutes"), [
    (["scale"], 1), (["scale"] * 6, 1), (["scale"] * 7, 2), (["long-text", "long-text", "scale"], 3)])
def test_how_long_a_survey_takes(kinds: list[str], minutes: int) -> None:
    questions = [{"id": f"q{n}", "text": "Q", "kind": kind, **(
        {"scale": {"low": "L", "high": "H"}} if kind == "scale" else {})} for n, kind in enumerate(kinds)]
    survey = Survey.model_validate({"title": "T", "summary": "S", "respondents": "mentors", "when": "open",
                                    "questions": questions})
    assert survey_minutes(survey) == minutes


def test_the_demo_has_the_surveys_the_issue_asks_for() -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    surveys = {(e.model.respondents, e.model.when): e.model for e in catalog.surveys.values()}
    assert {("mentees", "intake"), ("mentees", "check-in"), ("mentees", "closure"), ("mentors", "check-in")} <= set(surveys)
    assert surveys[("mentees", "check-in")].every_weeks == 4
    for survey in catalog.surveys.values():
        assert 5 <= len(survey.model.questions) <= 9, survey.id
        assert not {q.id for q in survey.model.questions} & RESERVED
    uncomfortable = surveys[("mentees", "check-in")].question("uncomfortable")
    assert uncomfortable is not None and uncomfortable.alert and "coordinator" in (uncomfortable.hint or "")
    paired = [q.id for q in surveys[("mentees", "intake")].questions if q.pre_post]
    assert "confidence-applying" in paired
