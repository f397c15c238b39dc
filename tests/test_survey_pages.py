"""The demo's survey pages as a browser parses them (issue 19): every question labelled (a legend
for each group of radios or check boxes), the survey code for invited people, a plain form post
to the inbox, and pages kept from search engines; `surveys.json` as the built site publishes it."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree.ElementTree import Element

import pytest

from html_tree import form_groups, one, parse, text
from support import REPO, TODAY
from mentorhub.content.project import Project
from mentorhub.content.surveys import Question, Survey, read_surveys_document

DEMO = Project.from_mkdocs_yml(REPO / "mkdocs.yml")
SURVEYS = {path.stem: path for path in sorted((REPO / "content" / "surveys").glob("*.yml"))}
INBOX = str(DEMO.programme.requests.url).rstrip("/")


def survey_of(survey_id: str) -> Survey:
    return DEMO.load(TODAY).surveys[survey_id].model


def test_the_demo_has_survey_pages() -> None:
    assert len(SURVEYS) >= 4


@pytest.mark.parametrize("survey_id", list(SURVEYS))
def test_the_form_posts_every_question_to_the_inbox(demo_site: Path, survey_id: str) -> None:
    survey = survey_of(survey_id)
    root = parse(demo_site / "surveys" / survey_id / "index.html")
    article = one(root, ".//article")
    assert text(one(article, ".//h1")) == survey.title
    form = one(article, ".//form")
    assert (form.get("method"), form.get("action")) == ("post", f"{INBOX}/surveys/{survey_id}/responses")
    assert form.get("enctype") == "application/x-www-form-urlencoded"
    hidden = [i for i in form.iter("input") if i.get("type") == "hidden"]
    assert [(i.get("name"), i.get("value")) for i in hidden] == [("submission_id", ""), ("language", "en")]  # the inbox answers in it
    names = [group.get("data-field") for group in form_groups(form)]
    assert names == ([] if survey.when == "open" else ["token"]) + [q.id for q in survey.questions]
    for question in survey.questions:
        assert_question(form, question)
    buttons = [b for b in form.iter("button") if b.get("type") == "submit"]
    assert [text(b) for b in buttons] == ["Send answers"]


def assert_question(form: Element, question: Question) -> None:
    group = one(form, f".//div[@data-field='{question.id}']")
    label = question.text + ("" if question.required else " (optional)")
    controls = [c for tag in ("input", "textarea") for c in group.iter(tag)]
    assert {c.get("name") for c in controls} == {question.id}
    if question.kind in ("scale", "single", "multiple"):
        fieldset = one(group, "fieldset")
        assert text(one(fieldset, "legend")) == label
        kind = "checkbox" if question.kind == "multiple" else "radio"
        assert {c.get("type") for c in controls} == {kind}
        values = [c.get("value") for c in controls]
        assert values == (["1", "2", "3", "4", "5"] if question.kind == "scale" else [o.value for o in question.options])
        for control in controls:  # each option its own label
            assert text(one(group, f".//label[@for='{control.get('id')}']"))
        if question.kind == "scale":
            assert question.scale is not None
            assert "mh-choices--inline" in one(fieldset, "div").get("class", "").split()
            ends = [text(one(group, f".//label[@for='{c.get('id')}']")) for c in (controls[0], controls[-1])]
            assert ends == [f"1 – {question.scale.low}", f"5 – {question.scale.high}"]
        assert all(("required" in c.attrib) == (question.required and kind == "radio") for c in controls)
    else:
        (control,) = controls
        assert control.tag == ("textarea" if question.kind == "long-text" else "input")
        assert control.get("maxlength") == ("2000" if question.kind == "long-text" else "200")
        assert text(one(group, f".//label[@for='{control.get('id')}']")) == label
        assert ("required" in control.attrib) == question.required
    if question.hint:
        hint = one(group, ".//p[@class='mh-hint']")
        assert text(hint) == " ".join(question.hint.split())
        described = group.find("fieldset") if question.kind in ("scale", "single", "multiple") else controls[0]
        assert described is not None and described.get("aria-describedby") == hint.get("id")


@pytest.mark.parametrize("survey_id", list(SURVEYS))
def test_invited_people_type_their_survey_code_or_bring_it_in_the_link(demo_site: Path, survey_id: str) -> None:
    survey = survey_of(survey_id)
    root = parse(demo_site / "surveys" / survey_id / "index.html")
    codes = [i for i in root.iter("input") if i.get("name") == "token"]
    if survey.when == "open":
        assert codes == []
        return
    (code,) = codes
    assert (code.get("type"), "required" in code.attrib, "readonly" in code.attrib) == ("text", True, False)
    assert text(one(root, f".//label[@for='{code.get('id')}']")) == "Your survey code"
    hint = one(root, f".//p[@id='{code.get('aria-describedby')}']")
    assert text(hint) == "It is in the e-mail that invited you, like 7KQF-2M9X-PD3A-W8RT"
    scripts = [s.get("src") for s in root.iter("script") if s.get("type") == "module"]
    assert any(src and src.endswith("assets/survey.js") for src in scripts)


@pytest.mark.parametrize("survey_id", list(SURVEYS))
def test_the_page_says_who_sees_the_answers(demo_site: Path, survey_id: str) -> None:
    survey = survey_of(survey_id)
    article = text(parse(demo_site / "surveys" / survey_id / "index.html").find(".//article"))
    other = "mentor" if survey.respondents == "mentees" else "mentee"
    assert f"Your {other} does not see your answers." in article
    asks_text = any(q.kind in ("short-text", "long-text") for q in survey.questions)
    assert ("What you write in your own words stays with the coordinators" in article) == asks_text
    assert f"There are {len(survey.questions)} questions; it takes about " in article


def test_survey_pages_are_kept_from_search_engines_and_the_navigation(demo_site: Path) -> None:
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/surveys/" not in sitemap
    home = parse(demo_site / "index.html")
    assert not [a for a in home.iter("a") if "surveys/" in (a.get("href") or "")]
    for survey_id in SURVEYS:
        root = parse(demo_site / "surveys" / survey_id / "index.html")
        robots = [m.get("content") for m in root.iter("meta") if m.get("name") == "robots"]
        assert robots == ["noindex"], survey_id
        assert root.find(".//*[@data-pagefind-body]") is None  # not a search result either


def test_surveys_json_is_every_survey_of_the_demo(demo_site: Path) -> None:
    document = json.loads((demo_site / "surveys.json").read_text(encoding="utf-8"))
    catalog = DEMO.load(TODAY)
    assert {k: (s.url, s.survey) for k, s in read_surveys_document(document).items()} == {
        k: (e.url, e.model) for k, e in catalog.surveys.items()}
    assert all((demo_site / s["url"] / "index.html").is_file() for s in document["surveys"])
    assert list(demo_site.glob("surveys/*.yml")) == []  # the pages replace the source files
