"""The shared request model, as a receiver uses it: every rule, with the exact message."""

from __future__ import annotations

from typing import Any

import pytest

from support import FixtureProgramme, public_mentor
from mentorhub.site.pages import generate_pages
from mentorhub.content.request_form import RequestOptions, form_choices, form_fields
from mentorhub.content.requests import check_request
from mentorhub.content.vocabulary import builtin_vocabulary

OPTIONS = RequestOptions(delivery="inbox", url="http://127.0.0.1:8001")
MENTORS = {
    "ana": public_mentor("ana", name="Ana Pereira", expertise=["python", "careers"], languages=["pt", "en"]),
    "lee": public_mentor("lee", name="Lee Park", youth_cleared=True),
    "kofi": public_mentor("kofi", name="Kofi Mensah", state="full", free_places=0, youth_cleared=True),
    "pia": public_mentor("pia", name="Pia Holm", state="paused", free_places=0, youth_cleared=True),
    "old": public_mentor("old", name="Olu Dare", state="stale", free_places=0, youth_cleared=True),
}


def adult(**changes: Any) -> dict[str, Any]:
    data = {"submission_id": "abc123", "mentor": "ana", "preferred_name": "Rui", "email": "Rui@Example.org",
            "age_band": "18-plus", "goals": "Find my first job in software", "interests": ["python"],
            "languages": ["pt", "en"], "format": "either", "availability": ["weekends"],
            "privacy_version": "2026-09", "privacy_consent": "true", "next": "http://site/request/thanks/"}
    return {**data, **changes}


def errors_of(data: dict[str, Any], options: RequestOptions = OPTIONS) -> dict[str, str]:
    request, errors = check_request(data, options, MENTORS)
    assert (request is None) == bool(errors)
    return errors


def test_a_complete_request_is_accepted_and_normalised() -> None:
    request, errors = check_request(adult(), OPTIONS, MENTORS)
    assert errors == {}
    assert request is not None
    assert (request.email, request.languages, request.privacy_consent, request.is_spam) == (
        "rui@example.org", ["pt", "en"], True, False)


def test_missing_answers_get_the_forms_own_messages() -> None:
    data = adult(preferred_name="", email="")
    for name in ("age_band", "format", "availability", "languages", "goals", "privacy_consent"):
        del data[name]
    assert errors_of(data) == {
        "preferred_name": "Enter your preferred name",
        "email": "Enter your email address",
        "age_band": "Select how old you are",
        "goals": "Tell us what you would like to get from mentoring",
        "languages": "Select at least one language",
        "format": "Select how you would like to meet",
        "availability": "Select when you are usually free",
        "privacy_consent": "You must agree to the privacy notice to send a request",
    }


def test_email_format() -> None:
    assert errors_of(adult(email="rui at example")) == {
        "email": "Enter an email address in the correct format, like name@example.com"}


def test_minors_need_a_guardian_and_a_youth_cleared_mentor() -> None:
    assert errors_of(adult(age_band="13-15")) == {
        "guardian_name": "Enter your parent or guardian's name",
        "guardian_email": "Enter your parent or guardian's email address",
        "mentor": "Ana Pereira does not mentor under-18s; choose another mentor",
    }
    ok = adult(age_band="16-17", mentor="lee", guardian_name="Maria", guardian_email="maria@example.org")
    assert errors_of(ok) == {}


@pytest.mark.parametrize("blank", [" ", "   ", "\t", "\u00a0 \u2003"])
def test_a_guardian_made_of_spaces_is_no_guardian(blank: str) -> None:
    minor = adult(age_band="16-17", mentor="lee", guardian_name=blank, guardian_email=blank)
    assert set(errors_of(minor)) == {"guardian_name", "guardian_email"}


@pytest.mark.parametrize("own", ["Rui@Example.org", " rui@example.org ", "RUI@EXAMPLE.ORG"])
def test_a_minor_cannot_name_themselves_as_guardian(own: str) -> None:
    minor = adult(age_band="13-15", mentor="lee", guardian_name="Maria", guardian_email=own)
    assert errors_of(minor) == {"guardian_email": "Enter your parent or guardian's own email address, not yours: "
                                                  "we ask them to agree before mentoring starts"}


def test_programme_age_limits() -> None:
    assert errors_of(adult(age_band="under-13")) == {
        "age_band": "This programme is for people aged 13 and over",
        "guardian_name": "Enter your parent or guardian's name",
        "guardian_email": "Enter your parent or guardian's email address",
        "mentor": "Ana Pereira does not mentor under-18s; choose another mentor",
    }
    adults_only = RequestOptions(delivery="inbox", url="http://x.example", guardian_consent_under=16)
    assert errors_of(adult(age_band="16-17"), adults_only) == {}


def test_a_full_mentor_passes_for_the_receiver_to_keep_and_flag() -> None:
    """The last place may go while the mentee types: the receiver keeps it (`mentor_full`)."""
    assert errors_of(adult(mentor="kofi")) == {}


@pytest.mark.parametrize(("mentor", "message"), [
    ("pia", "Pia Holm is not taking new mentees at the moment; choose another mentor"),
    ("old", "Olu Dare is not taking new mentees at the moment; choose another mentor"),
    ("nobody", "Choose a mentor from the list, or 'Help me choose'"),
])
def test_unavailable_or_unknown_mentors_cannot_be_requested(mentor: str, message: str) -> None:
    assert errors_of(adult(mentor=mentor)) == {"mentor": message}


def test_help_me_choose_needs_no_mentor() -> None:
    assert errors_of(adult(mentor="")) == {}


def test_honeypot_marks_spam_but_is_accepted() -> None:
    request, errors = check_request(adult(website="http://spam.example"), OPTIONS, MENTORS)
    assert errors == {} and request is not None and request.is_spam


def test_unknown_fields_and_html_are_handled() -> None:
    assert errors_of(adult(admin="1"))["admin"] == "Extra inputs are not permitted"
    request, _ = check_request(adult(goals="<script>alert(1)</script>'; DROP TABLE requests;--"), OPTIONS, MENTORS)
    assert request is not None and request.goals.startswith("<script>")  # stored as text, escaped on display


def test_overlong_answers_are_refused() -> None:
    assert errors_of(adult(preferred_name="x" * 61)) == {"preferred_name": "Enter your preferred name"}


def test_programme_extra_fields() -> None:
    options = RequestOptions.model_validate({
        "delivery": "inbox", "url": "http://x.example",
        "extra_fields": [{"name": "school", "label": "Which school do you go to?", "required": True},
                         {"name": "heard", "label": "How did you hear of us?", "control": "radios",
                          "options": ["Friend", "School"]}]})
    assert errors_of(adult(), options) == {"answers.school": "Answer: Which school do you go to?"}
    assert errors_of(adult(**{"answers.school": "Riverside High", "answers.heard": "Radio"}), options) == {
        "answers.heard": "Choose one of the options for: How did you hear of us?"}
    request, _ = check_request(adult(**{"answers.school": "Riverside High"}), options, MENTORS)
    assert request is not None and request.answers == {"school": "Riverside High"}


def test_delivery_options_are_checked_at_build_time(site: FixtureProgramme) -> None:
    site.write("content/privacy.md", "---\nversion: '1'\n---\nPrivacy.\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      requests:\n        delivery: google-form\n        url: https://docs.example/viewform\n"
              "        fields: {goalz: {label: Goals}}")
    fields = ("age_band, mentor, preferred_name, email, guardian_name, guardian_email, goals, interests, "
              "languages, format, availability, privacy_consent")
    assert site.problems() == [
        "mkdocs.yml:10: plugins[0].mentorship.requests.google_form_fields: map each field to its Google Form entry id (entry.NNN); "
        f"missing: {fields}",
        "mkdocs.yml:13: plugins[0].mentorship.requests.fields.goalz: no such field; fields: "
        # asked only when a mentor gives sessions, or meets in person: no Google Form must map them
        + fields.replace("age_band, ", "age_band, mentoring, ").replace("format, ", "format, location, "),
    ]


@pytest.mark.parametrize(("formats", "asked"), [(("virtual", "in-person"), True), (("virtual",), False)])
def test_where_the_mentee_is_is_asked_only_when_a_mentor_meets_in_person(formats: tuple[str, ...], asked: bool) -> None:
    mentor = public_mentor("ana", formats=list(formats))
    choices = form_choices([mentor], {}, builtin_vocabulary("languages"))
    fields = {f["name"]: f for f in form_fields(RequestOptions(), choices)}
    assert ("location" in fields) is asked
    if asked:  # optional: the mentee who would rather not say is not stopped
        assert not fields["location"]["required"] and fields["location"]["autocomplete"] == "address-level2"
        assert "Not your street address" in fields["location"]["hint"]


def test_privacy_notice_must_exist_and_have_a_version(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      requests: {delivery: inbox, url: 'http://127.0.0.1:8001'}")
    assert site.problems() == ["content/privacy.md:1: the privacy notice the request form links to is missing"]
    site.write("content/privacy.md", "---\ntitle: Privacy\n---\nText.\n")
    assert site.problems() == ["content/privacy.md:2: version: this required field is missing"]


def test_the_age_question_comes_before_the_mentor_choice() -> None:
    names = [f["name"] for f in form_fields(RequestOptions(), {})]
    assert names[:4] == ["age_band", "mentor", "preferred_name", "email"]


@pytest.mark.parametrize(("minimum_age", "cannot_use"), [(13, True), (0, False)])
def test_a_cannot_use_page_when_the_programme_has_a_minimum_age(site: FixtureProgramme, minimum_age: int,
                                                                 cannot_use: bool) -> None:
    site.write("content/privacy.md", "---\nversion: '1'\n---\nPrivacy.\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      safeguarding_contact: safeguarding@example.org\n"
              f"      requests: {{delivery: inbox, url: 'http://127.0.0.1:8001', minimum_age: {minimum_age}}}")
    pages = {p.src_uri: p for p in generate_pages(site.catalog())}
    assert ("request/cannot-use.md" in pages) is cannot_use
    form = pages["request/index.md"].data
    if cannot_use:
        page = pages["request/cannot-use.md"]
        assert (page.title, page.template) == ("You cannot use this service", "request-cannot-use.html")
        assert page.data["minimum_age"] == 13 and page.data["safeguarding_contact"] == "safeguarding@example.org"
        assert form["cannot_use"] == page.data and form["form"]["refused_bands"] == ["under-13"]
    else:
        assert "cannot_use" not in form and form["form"]["refused_bands"] == []


@pytest.mark.parametrize("value", ["Ru\u202ei", "Ru\u200bi", "Ru\x85i", "Ru\ni", "Ru\u2028i", "Ru\ufeffi", "Ru\ti"])
def test_control_and_format_characters_are_refused_by_category(value: str) -> None:
    assert errors_of(adult(preferred_name=value)) == {
        "preferred_name": "This answer contains characters that cannot be stored; remove them and try again"}


def test_goals_keep_line_breaks_but_not_bidi_controls() -> None:
    assert errors_of(adult(goals="one\r\ntwo\tthree")) == {}
    assert set(errors_of(adult(goals="one\u202etwo"))) == {"goals"}


@pytest.mark.parametrize("email", ["ｒｕｉ@example.org", "rui@ex\u0430mple.org", "mailto:rui@example.org",
                                   "r" * 65 + "@example.org", "rui@-x.org"])
def test_addresses_email_validator_refuses_keep_the_forms_message(email: str) -> None:
    assert errors_of(adult(email=email)) == {
        "email": "Enter an email address in the correct format, like name@example.com"}


def test_privacy_versions_when_given_must_name_a_published_notice() -> None:
    assert check_request(adult(), OPTIONS, MENTORS, privacy_versions={"2026-09"})[1] == {}
    assert set(check_request(adult(), OPTIONS, MENTORS, privacy_versions={"2026-10"})[1]) == {"privacy_version"}


def test_an_adults_guardian_is_dropped_and_a_minors_kept() -> None:
    request, _ = check_request(adult(guardian_name="Maria", guardian_email="bad"), OPTIONS, MENTORS)
    assert request is not None and (request.guardian_name, request.guardian_email) == ("", "")
    request, _ = check_request(adult(age_band="16-17", mentor="lee", interests=["careers"], guardian_name="Maria",
                                     guardian_email="Maria@Example.org"), OPTIONS, MENTORS)
    assert request is not None and (request.guardian_name, request.guardian_email) == ("Maria", "maria@example.org")


@pytest.mark.parametrize("changes, field", [({"interests": ["astrology"]}, "interests"),
                                            ({"languages": ["xx-evil"]}, "languages"),
                                            ({"languages": ["en"] * 3}, "languages"),
                                            ({"answers.shoe": "42"}, "answers.shoe")])
def test_lists_and_answers_only_hold_what_the_form_offers(changes: dict[str, Any], field: str) -> None:
    assert field in errors_of(adult(**changes))


def test_the_request_page_speaks_the_sites_language(site: FixtureProgramme) -> None:
    """Issue 21: the form's labels, hints, options and messages come from the `forms` catalogue in
    theme.language, and the form posts its language so the inbox answers in it."""
    site.write("content/privacy.md", "---\nversion: '1'\n---\nPrivacy.\n")
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      requests: {delivery: inbox, url: 'http://127.0.0.1:8001'}")
    site.edit("mkdocs.yml", "  name: material\n", "  name: material\n  language: es\n")
    form = {p.src_uri: p for p in generate_pages(site.catalog())}["request/index.md"].data["form"]
    fields = {f["name"]: f for f in form["fields"]}
    assert form["language"] == "es"
    assert fields["age_band"]["label"] == "¿Cuántos años tienes?"
    assert fields["age_band"]["error"] == "Selecciona tu edad"
    assert fields["age_band"]["options"][0] == {"value": "under-13", "label": "Menos de 13"}
    assert fields["email"]["hint"] == "Solo la usamos para organizar tu mentoría."
    assert fields["email"]["messages"]["format"].startswith("Introduce una dirección de correo")
    assert fields["mentor"]["options"][0] == {"value": "", "label": "Ayúdame a elegir"}
    assert "{name}" in fields["mentor"]["messages"]["unavailable"]  # request.js fills it in


def test_check_request_errors_are_said_in_the_language_posted() -> None:
    from mentorhub.content.languages import language
    from mentorhub.content.requests import posted_language, say_errors
    errors = errors_of(adult(email="not-an-address", mentor="nobody"))
    assert say_errors(errors, language("fr"))["email"] == "Saisissez une adresse e-mail au bon format, comme nom@example.com"
    assert say_errors(errors, posted_language("xx")) == errors and posted_language(["es"]).code == "en"
