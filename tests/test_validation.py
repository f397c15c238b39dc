"""One test per validation rule: a bad input, and the exact line an editor reads."""

from __future__ import annotations

import shutil

import pytest

from support import FixtureProgramme

ANA = "mentors/ana-pereira.yml"
STORY = "stories/first-job.md"
EVENT = "content/events/open-evening.yml"
MODULE = "content/training/role.md"


def test_fixture_programme_is_valid(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    assert sorted(catalog.mentors) == ["ana-pereira", "kofi-mensah"]
    assert sorted(catalog.events) == ["mentor-circle", "open-evening", "spring-fair"]


def test_missing_required_field(site: FixtureProgramme) -> None:
    site.edit(ANA, "hours_per_month: 4\n", "")
    assert site.problems() == [f"{ANA}:1: hours_per_month: this required field is missing"]


def test_wrong_type(site: FixtureProgramme) -> None:
    site.edit(ANA, "capacity: 2", "capacity: two")
    assert site.problems() == [f"{ANA}:18: capacity: expected a whole number, not 'two'"]


def test_unknown_field_suggests_the_right_one_and_is_reported_once(site: FixtureProgramme) -> None:
    site.edit(ANA, "languages: [pt, en]", "langauges: [pt, en]")
    assert site.problems() == [f"{ANA}:11: langauges: unknown field; did you mean 'languages'?"]


def test_unknown_vocabulary_term_suggests_closest(site: FixtureProgramme) -> None:
    site.edit(ANA, "expertise: [python, careers]", "expertise: [python, carers]")
    assert site.problems() == [
        f"{ANA}:10: expertise[1]: unknown expertise 'carers' (did you mean 'careers'?); "
        "the known terms are in vocabularies.yml"
    ]


def test_synonyms_and_labels_are_normalised(site: FixtureProgramme) -> None:
    site.edit(ANA, "expertise: [python, careers]", "expertise: [Py, Career Planning]")
    site.edit(ANA, "role: engineer", "role: Engineer")
    mentor = site.catalog().mentors["ana-pereira"].model
    assert mentor.expertise == ["python", "careers"]
    assert mentor.role == "engineer"
    assert site.catalog().mentors["kofi-mensah"].model.audiences == ["secondary-school"]


def test_language_no_is_norwegian_not_false(site: FixtureProgramme) -> None:
    site.edit(ANA, "languages: [pt, en]", "languages: [no, EN]")
    assert site.catalog().mentors["ana-pereira"].model.languages == ["no", "en"]


def test_unknown_language_code(site: FixtureProgramme) -> None:
    site.edit(ANA, "languages: [pt, en]", "languages: [pt, xz]")
    assert site.problems() == [f"{ANA}:11: languages[1]: unknown language code 'xz'; the known terms are in the ISO list"]


def test_duplicate_ids(site: FixtureProgramme) -> None:
    site.write("mentors/ana-pereira.yaml", (site.root / ANA).read_text())
    assert site.problems() == [f"{ANA}:1: the id 'ana-pereira' is already used by mentors/ana-pereira.yaml"]


def test_file_name_must_be_a_slug(site: FixtureProgramme) -> None:
    (site.root / ANA).rename(site.root / "mentors/Ana Pereira.yml")
    assert site.problems() == [
        "mentors/Ana Pereira.yml:1: the file name must be a lower-case id such as 'ana-pereira.yml'",
        f"{STORY}:4: mentors[0]: no mentor with the id 'ana-pereira'",
    ]


def test_dangling_story_mentor(site: FixtureProgramme) -> None:
    site.edit(STORY, "mentors: [ana-pereira]", "mentors: [ana-pereria]")
    assert site.problems() == [f"{STORY}:4: mentors[0]: no mentor with the id 'ana-pereria' (did you mean 'ana-pereira'?)"]


def test_dangling_prerequisite(site: FixtureProgramme) -> None:
    site.edit("content/training/listening.md", "prerequisites: [role]", "prerequisites: [roles]")
    assert site.problems() == [
        "content/training/listening.md:6: prerequisites[0]: no module with the id 'roles' (did you mean 'role'?)"
    ]


def test_prerequisite_cycle(site: FixtureProgramme) -> None:
    site.edit(MODULE, "minutes: 15\n", "minutes: 15\nprerequisites: [listening]\n")
    assert site.problems() == [
        "content/training/listening.md:6: prerequisites[0]: prerequisites go in a circle: listening → role → listening"
    ]


def test_order_unique_within_track(site: FixtureProgramme) -> None:
    site.edit("content/training/listening.md", "order: 2", "order: 1")
    assert site.problems() == ["content/training/role.md:3: order: order 1 is already used by 'listening' in track 'core'"]


def test_quiz_question_needs_a_correct_option(site: FixtureProgramme) -> None:
    site.edit(MODULE, "        correct: true\n", "")
    assert site.problems() == [f"{MODULE}:11: self_check[0].options: mark at least one option `correct: true`"]


def test_bad_date(site: FixtureProgramme) -> None:
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2026-02-30")
    assert site.problems() == [f"{ANA}:22: reviewed: expected a date like 2025-03-14, not '2026-02-30'"]


def test_review_date_in_the_future(site: FixtureProgramme) -> None:
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2027-01-01")
    assert site.problems() == [f"{ANA}:22: reviewed: 2027-01-01 is in the future"]


def test_bad_time_zone(site: FixtureProgramme) -> None:
    site.edit(ANA, "timezone: Europe/Lisbon", "timezone: Europe/Lisbn")
    assert site.problems() == [
        f"{ANA}:15: timezone: unknown time zone 'Europe/Lisbn' (did you mean 'Europe/Lisbon'?); "
        "use an IANA name such as Europe/Lisbon"
    ]


def test_over_long_headline(site: FixtureProgramme) -> None:
    site.edit(ANA, "headline: Software engineer", "headline: " + "Very " * 20 + "software engineer")
    assert site.problems() == [f"{ANA}:3: headline: is 169 characters long; keep it to 120"]


def test_yes_is_not_a_boolean(site: FixtureProgramme) -> None:
    site.edit(ANA, "accepting: true", "accepting: yes")
    assert site.problems() == [f"{ANA}:20: accepting: expected true or false, not 'yes'"]


def test_yaml_syntax_error(site: FixtureProgramme) -> None:
    site.edit(ANA, "organisation: Lisbon Libraries", "organisation: Lisbon: Libraries")
    assert site.problems() == [
        f"{ANA}:9: YAML syntax error: a value containing ': ' must be put in quotes"
    ]


def test_empty_file_and_non_mapping(site: FixtureProgramme) -> None:
    site.write(ANA, "")
    site.write("mentors/kofi-mensah.yml", "- just\n- a list\n")
    site.edit(STORY, "mentors: [ana-pereira]", "mentors: [kofi-mensah]")
    assert site.problems() == [f"{ANA}:1: the file is empty", "mentors/kofi-mensah.yml:1: expected `field: value` lines"]


def test_not_utf8(site: FixtureProgramme) -> None:
    (site.root / ANA).write_bytes(b"name: Ana\nbio: caf\xe9\n")
    assert f"{ANA}:2: the file is not UTF-8 text; save it with UTF-8 encoding" in site.problems()


@pytest.mark.parametrize("field", ["email", "phone", "whatsapp", "contact_email"])
def test_contact_fields_are_rejected(site: FixtureProgramme, field: str) -> None:
    site.edit(ANA, "pronouns: she/her\n", f"pronouns: she/her\n{field}: something\n")
    assert site.problems() == [
        f"{ANA}:3: {field}: contact fields are not allowed: this repository and the site are public, "
        "so contact details never go in it; mentees reach mentors through the request form"
    ]


@pytest.mark.parametrize(("text", "what"), [
    ("Write to ana.pereira@example.org any time.", "an email address"),
    ("Call +351 912 345 678 after six.", "a phone number"),
    ("Ring (555) 123-4567 ext 89.", "a phone number"),
    ("Text 912 345 678 after six.", "a phone number"),  # nine digits: the fewest a number is checked with
])
def test_contact_details_in_text_are_rejected(site: FixtureProgramme, text: str, what: str) -> None:
    site.edit(ANA, "I build software for a public library network.", text)
    assert site.problems() == [
        f"{ANA}:4: bio: looks like {what}; this repository and the site are public, "
        "so contact details never go in it; mentees reach mentors through the request form"
    ]


def test_dates_and_years_are_not_mistaken_for_phone_numbers(site: FixtureProgramme) -> None:
    site.edit(ANA, "I build software for a public library network.",
              "Since 2019-2024 I met 120 students; next fair 2026-11-14 10:00 to 2026-11-14 13:00.")
    assert str(site.catalog().mentors["ana-pereira"].model.bio).startswith("Since 2019-2024")


def test_eight_digits_are_not_a_phone_number(site: FixtureProgramme) -> None:
    site.edit(ANA, "I build software for a public library network.", "Room 1234 5678, then the desk at the @IBM office.")
    assert str(site.catalog().mentors["ana-pereira"].model.bio).startswith("Room 1234 5678")


def test_mailto_links_are_rejected(site: FixtureProgramme) -> None:
    site.edit(ANA, "url: https://example.org/ana", "url: mailto:ana@example.org")
    assert site.problems() == [
        f"{ANA}:25: links[0].url: links may not be mailto:, tel: or sms:; this repository and the site are public, "
        "so contact details never go in it; mentees reach mentors through the request form"
    ]


def test_active_mentees_cannot_exceed_capacity(site: FixtureProgramme) -> None:
    site.edit(ANA, "active_mentees: 1", "active_mentees: 3")
    assert site.problems() == [f"{ANA}:19: active_mentees: is 3, more than the capacity of 2"]


def test_story_needs_consent(site: FixtureProgramme) -> None:
    site.edit(STORY, "consent: true", "consent: false")
    assert site.problems() == [
        f"{STORY}:6: consent: must be true; a story without the mentee's consent must not be in this public repository"
    ]


def test_story_mentee_first_name_only(site: FixtureProgramme) -> None:
    site.edit(STORY, "mentee: Rui", "mentee: Rui Costa")
    assert site.problems() == [
        f"{STORY}:5: mentee: use a first name or pseudonym only (one word); "
        "set full_name_allowed only with written permission"
    ]
    site.edit(STORY, "mentee: Rui Costa", "mentee: Rui Costa\nfull_name_allowed: true")
    assert site.catalog().stories["first-job"].model.mentee == "Rui Costa"


def test_story_without_front_matter(site: FixtureProgramme) -> None:
    site.write(STORY, "# Just a story\n")
    assert site.problems() == [f"{STORY}:1: the file must start with a front matter block between two '---' lines"]


def test_event_end_before_start_and_missing_venue(site: FixtureProgramme) -> None:
    site.edit(EVENT, "end: 2026-12-03 19:30", "end: 2026-12-03 17:30")
    site.edit(EVENT, "venue:\n  name: Central Library\n  city: Lisbon\n  country: PT\n", "")
    assert site.problems() == [
        f"{EVENT}:1: venue: a in-person event needs a venue",
        f"{EVENT}:3: end: must be after the start",
    ]


def test_event_time_with_offset_is_refused(site: FixtureProgramme) -> None:
    site.edit(EVENT, "start: 2026-12-03 18:00", "start: 2026-12-03T18:00:00+01:00")
    assert site.problems() == [f"{EVENT}:2: start: write the local time without an offset; the time zone goes in `timezone`"]


def test_recurrence_needs_an_end(site: FixtureProgramme) -> None:
    site.edit("content/events/mentor-circle.yml", "recurrence: {frequency: monthly, count: 12}",
              "recurrence: {frequency: monthly}")
    assert site.problems() == [
        "content/events/mentor-circle.yml:5: recurrence: give exactly one of `until` or `count`, so the series ends"
    ]


def test_photo_must_exist(site: FixtureProgramme) -> None:
    site.edit(ANA, "pronouns: she/her\n", "pronouns: she/her\nphoto: {src: people/ana.jpg, alt: Ana smiling}\n")
    assert site.problems() == [f"{ANA}:3: photo.src: no image at content/people/ana.jpg"]
    site.write("content/people/ana.jpg", "not really a jpeg")
    assert site.catalog().mentors["ana-pereira"].model.photo is not None


def test_generated_page_may_not_be_hand_written(site: FixtureProgramme) -> None:
    site.write("content/mentors/index.md", "# Our mentors\n")
    assert site.problems() == ["content/mentors/index.md:1: this page is generated from the content files; "
                               "move its text elsewhere or rename it"]


def test_every_problem_in_every_file_at_once(site: FixtureProgramme) -> None:
    site.edit(ANA, "capacity: 2", "capacity: -1")
    site.edit(ANA, "timezone: Europe/Lisbon", "timezone: Lisbon")
    site.edit(STORY, "consent: true", "consent: no")
    site.edit(EVENT, "format: in-person", "format: online")
    assert site.problems() == [
        f"{EVENT}:5: format: 'online' is not allowed; expected 'in-person', 'virtual' or 'hybrid'",
        f"{ANA}:15: timezone: unknown time zone 'Lisbon' (did you mean 'Europe/Lisbon'?); use an IANA name such as Europe/Lisbon",
        f"{ANA}:18: capacity: must be greater than or equal to 0",
        f"{STORY}:6: consent: expected true or false, not 'no'",
    ]


def test_vocabulary_synonym_may_mean_one_term(site: FixtureProgramme) -> None:
    site.edit("vocabularies.yml", "synonyms: [career]", "synonyms: [career, py]")
    assert site.problems() == ["vocabularies.yml:5: expertise.careers: 'py' already means 'python'; a spelling may name one term"]


def test_bad_programme_option_in_mkdocs_yml(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 5")
    assert site.problems() == [
        "mkdocs.yml:9: plugins[0].mentorship.review_max_age_days: must be greater than or equal to 30"
    ]


def test_empty_expertise_list(site: FixtureProgramme) -> None:
    site.edit(ANA, "expertise: [python, careers]", "expertise: []")
    assert site.problems() == [f"{ANA}:10: expertise: list at least one item"]


def test_minutes_must_be_positive(site: FixtureProgramme) -> None:
    site.edit(MODULE, "minutes: 15", "minutes: 0")
    assert site.problems() == [f"{MODULE}:4: minutes: must be greater than or equal to 1"]


def test_every_quiz_option_needs_an_explanation(site: FixtureProgramme) -> None:
    site.edit(MODULE, "        explanation: A mentor helps shape goals but does not set them.\n", "")
    assert site.problems() == [f"{MODULE}:15: self_check[0].options[1].explanation: this required field is missing"]


def test_modules_use_the_configured_tracks(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n"
              "      training:\n        tracks:\n          - {id: core, title: Core}\n          - {id: core, title: Again}")
    assert site.problems() == ["mkdocs.yml:13: plugins[0].mentorship.training.tracks[1].id: the track 'core' is listed twice"]
    site.edit("mkdocs.yml", "- {id: core, title: Again}", "- {id: later, title: Later}")
    site.edit(MODULE, "minutes: 15", "minutes: 15\ntrack: first-steps")
    assert site.problems() == [f"{MODULE}:5: track: unknown track 'first-steps'; the tracks in mkdocs.yml are: core, later"]


def test_a_missing_content_folder_is_named(site: FixtureProgramme) -> None:
    shutil.rmtree(site.root / "stories")
    assert site.problems() == ["stories:1: the story folder does not exist (see mkdocs.yml)"]


@pytest.mark.parametrize(("bio", "kind"), [
    ("Say hi on Telegram: t.me/ana_p", "a messaging link"),
    ("WhatsApp me via https://wa.me/351912345678", "a messaging link"),
    ("I'm @ana.pereira on most sites.", "a messaging handle"),
    ("Find me on Discord as anap#4821.", "a Discord tag"),
    ("Ping me in the community Slack: U02AB3CD4EF.", "a Slack member id"),
])
def test_bios_carry_no_messaging_handles_or_chat_links(site: FixtureProgramme, bio: str, kind: str) -> None:
    site.edit(ANA, "I build software for a public library network.", bio)
    assert site.problems() == [
        f"{ANA}:4: bio: looks like {kind}; this repository and the site are public, so contact details never go "
        "in it; mentees reach mentors through the request form"]


def test_an_employer_after_an_at_sign_is_not_a_handle(site: FixtureProgramme) -> None:
    site.edit(ANA, "I build software for a public library network.", "Engineer @IBM, then @Google; C# and F# too.")
    site.edit(ANA, "headline: ", "headline: Engineer @IBM · ")
    assert str(site.catalog().mentors["ana-pereira"].model.bio).startswith("Engineer @IBM")


def test_a_chat_link_is_not_a_public_link(site: FixtureProgramme) -> None:
    site.edit(ANA, "url: https://example.org/ana", "url: https://t.me/ana_p")
    assert site.problems() == [
        f"{ANA}:25: links[0].url: links may not lead to a chat (t.me, wa.me, Discord…); this repository and the "
        "site are public, so contact details never go in it; mentees reach mentors through the request form"]


def test_a_repeat_made_by_synonyms_names_what_the_editor_wrote(site: FixtureProgramme) -> None:
    site.edit(ANA, "expertise: [python, careers]", "expertise: [py, careers, python3]")
    site.edit(ANA, "languages: [pt, en]", "languages: [pt, en, pt]")
    site.edit(ANA, "capacity: 2", "capacity: lots")
    assert site.problems() == [  # in one pass, with the unrelated problem
        f"{ANA}:10: expertise[2]: 'py' and 'python3' are both 'python'; list it once",
        f"{ANA}:11: languages[2]: 'pt' is listed twice",
        f"{ANA}:18: capacity: expected a whole number, not 'lots'",
    ]


def test_photo_and_date_problems_come_with_the_others_in_one_pass(site: FixtureProgramme) -> None:
    site.edit(ANA, "reviewed: 2026-09-01", "reviewed: 2099-01-01\nphoto:\n  src: https://example.org/ana.jpg\n"
              "  alt: Ana smiling")
    site.edit(ANA, "capacity: 2", "capacity: lots")
    assert site.problems() == [
        f"{ANA}:18: capacity: expected a whole number, not 'lots'",
        f"{ANA}:22: reviewed: 2099-01-01 is in the future",
        f"{ANA}:24: photo.src: a photo must be a file in this repository, not a web address (the site never "
        "fetches images from elsewhere): save it under content/assets/people/ and write its path here, "
        "e.g. assets/people/ana.jpg",
    ]
