"""The demo's "Become a mentor" page as a browser parses it (issue 20): a plain form posted to the
inbox's `/applications`, every question labelled (a legend for each list), the public profile's
questions and the private ones in sections of their own, the consent to the checks, a honeypot and
a submission id; the About page links it; without the inbox the page says how to apply instead."""

from __future__ import annotations

import json
from pathlib import Path

from html_tree import form_groups, one, parse, text
from support import REPO, TODAY
from mentorhub.content.application_form import PROFILE_KEYS, application_fields
from mentorhub.content.applications import check_application
from mentorhub.content.models import Mentor
from mentorhub.content.progress_codes import REFUSALS
from mentorhub.content.project import Project
from mentorhub.site.pages.applications import generate_application_page

DEMO = Project.from_mkdocs_yml(REPO / "mkdocs.yml")
INBOX = str(DEMO.programme.requests.url).rstrip("/")


def test_the_form_posts_every_question_to_the_inbox(demo_site: Path) -> None:
    root = parse(demo_site / "become-a-mentor" / "index.html")
    article = one(root, ".//article")
    assert text(one(article, ".//h1")) == "Become a mentor"
    assert text(one(article, ".//p[@class='mh-lead']"))
    form = one(article, ".//form[@id='mh-application']")
    assert (form.get("method"), form.get("action")) == ("post", f"{INBOX}/applications")
    assert form.get("enctype") == "application/x-www-form-urlencoded"
    hidden = [(i.get("name"), i.get("value")) for i in form.iter("input") if i.get("type") == "hidden"]
    assert hidden == [("submission_id", ""), ("language", "en")]  # the inbox answers in the page's language
    questions = application_fields(DEMO.load(TODAY).vocabularies, DEMO.programme.profiles)
    assert [g.get("data-field") for g in form_groups(form)] == [f["name"] for f in questions.fields]
    assert any("become-a-mentor.js" in (s.get("src") or "") for s in root.iter("script"))


def test_every_question_is_labelled_and_lists_are_fieldsets(demo_site: Path) -> None:
    form = one(parse(demo_site / "become-a-mentor" / "index.html"), ".//form[@id='mh-application']")
    labels = {label.get("for") for label in form.iter("label")}
    controls = [c for tag in ("input", "select", "textarea") for c in form.iter(tag) if c.get("type") != "hidden"]
    assert controls and all(c.get("id") in labels for c in controls)
    by_name = {g.get("data-field"): g for g in form_groups(form)}
    for name in ("expertise", "languages", "formats", "audiences"):
        legend = by_name[name].find("./fieldset/legend")
        assert legend is not None and text(legend), name
    for name in ("expertise", "languages"):  # long lists in columns, as the request form shows them
        assert "mh-choices--columns" in by_name[name].find("./fieldset/div").get("class", "")  # type: ignore[union-attr]
    assert text(by_name["pronouns"].find("label")).endswith("(optional)")
    assert "(optional)" not in text(by_name["name"].find("label"))
    assert by_name["capacity"].find("input").get("inputmode") == "numeric"  # type: ignore[union-attr]
    assert by_name["phone"].find("input").get("type") == "tel"  # type: ignore[union-attr]
    assert by_name["email"].find("input").get("autocomplete") == "email"  # type: ignore[union-attr]


def test_the_private_questions_have_their_own_section_that_says_they_are_never_published(demo_site: Path) -> None:
    form = one(parse(demo_site / "become-a-mentor" / "index.html"), ".//form[@id='mh-application']")
    children = list(form)
    headings = [text(h) for h in form.iter("h2")]
    assert headings == ["Your public profile", "For the programme only"]
    private_at = next(i for i, c in enumerate(children) if c.tag == "h2" and text(c) == "For the programme only")
    after = [c.get("data-field") for c in children[private_at:] if c.get("data-field")]
    before = [c.get("data-field") for c in children[:private_at] if c.get("data-field")]
    assert {"email", "phone", "referees.1.name", "referees.2.contact", "checks_consent", "available_from",
            "training_code"} <= set(after)
    assert all(str(name).split(".")[0] in PROFILE_KEYS for name in before)
    assert "never appear on the site" in text(children[private_at + 1])
    consent = next(g for g in form_groups(form) if g.get("data-field") == "checks_consent")
    assert "criminal-records check" in text(consent) and "under-18s" in text(consent)
    honeypot = next(d for d in form.iter("div") if "mh-honeypot" in d.get("class", ""))
    assert honeypot.get("aria-hidden") == "true"
    assert one(honeypot, ".//input").get("name") == "website" and one(honeypot, ".//input").get("tabindex") == "-1"


def test_the_about_page_links_the_real_form(demo_site: Path) -> None:
    about = parse(demo_site / "about" / "index.html")
    assert any((a.get("href") or "").rstrip("/").endswith("become-a-mentor") for a in about.iter("a"))


def test_without_the_inbox_the_page_has_no_form() -> None:
    catalog = DEMO.load(TODAY)
    catalog.programme = catalog.programme.model_copy(update={"requests": catalog.programme.requests.model_copy(
        update={"delivery": "email", "email": "office@example.org"})})
    data = generate_application_page(catalog).data
    assert data["application"]["action"] is None


def test_a_training_code_must_read_as_the_training_pages_own() -> None:
    """With the learning path known, a mistyped code is refused with progress.js's own words."""
    vectors = json.loads((REPO / "tests" / "js" / "vectors" / "progress-codes.json").read_text(encoding="utf-8"))
    modules = vectors["demo_module_ids"]
    catalog = DEMO.load(TODAY)
    answers = {"name": "Ada Obi", "headline": "Engineer", "expertise": ["python"], "languages": ["en"],
               "email": "ada@example.org", "phone": "+44 7700 900123", "checks_consent": "true",
               **{f"referees.{i}.{part}": f"{part} {i}" for i in (1, 2) for part in ("name", "relationship")},
               "referees.1.contact": "one@example.org", "referees.2.contact": "two@example.org"}
    good = next(v["code"] for v in vectors["short"] if v["module_ids"] == "demo")
    application, errors = check_application({**answers, "training_code": good}, catalog.vocabularies,
                                            catalog.programme.profiles, TODAY, modules)
    assert errors == {} and application is not None and application.training_code == good
    refused = vectors["refused"][0]
    _, errors = check_application({**answers, "training_code": refused["code"]}, catalog.vocabularies,
                                  catalog.programme.profiles, TODAY, modules)
    assert errors["training_code"] == REFUSALS[refused["error"]]


def test_the_form_asks_every_profile_field_an_applicant_gives_and_none_the_programme_sets() -> None:
    """A field added to the Mentor model fails here until it is asked or named as the programme's."""
    catalog = DEMO.load(TODAY)
    asked = {f["name"].split(".")[0] for f in application_fields(catalog.vocabularies, catalog.programme.profiles).public}
    assert asked == set(PROFILE_KEYS) - {"details"}  # the demo declares no fields of its own
    assert set(Mentor.model_fields) - set(PROFILE_KEYS) == {
        "reviewed", "youth_cleared", "accepting", "listed", "active_mentees", "paused_until", "photo", "translations"}


def test_the_topics_and_languages_mentors_offer_most_come_first() -> None:
    """The page shows the first few of a long list (option-list.js): they are what this programme's
    mentors offer most, not the alphabet's first (Abkhazian, Afar, …); the rest follow by name."""
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load(TODAY)
    form = application_fields(catalog.vocabularies, catalog.programme.profiles, catalog.public_mentors)
    languages = [o["value"] for o in next(f for f in form.public if f["name"] == "languages")["options"]]
    spoken = {code for m in catalog.public_mentors for code in m.languages}
    assert languages[0] == "en" and set(languages[:len(spoken)]) == spoken  # every mentor speaks English here
    assert len(languages) > 150 and languages.index("ab") == len(spoken)  # then by name: Abkhazian first
    topics = [o["value"] for o in next(f for f in form.public if f["name"] == "expertise")["options"]]
    counts = [sum(t in m.expertise for m in catalog.public_mentors) for t in topics]
    assert counts == sorted(counts, reverse=True)
