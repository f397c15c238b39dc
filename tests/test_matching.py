"""Guided match: scoring on fixed inputs, exclusions, fair ties, similar mentors, cohort assignment, CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from dataclasses import replace
from typing import Any

import pytest

from support import BUILD_DAY, FixtureProgramme, public_mentor
from mentorhub.content.mentor_state import kinds_offered
from mentorhub.adapters.cli import main
from mentorhub.content.public import PublicMentor
from mentorhub.site.pages.match import match_page_data
from mentorhub.content.languages import language
from mentorhub.content.match_reasons import REASONS, labels_from, reasons_in
from mentorhub.content.matching import (
    AUDIENCE_POINTS,
    INTEREST_POINTS,
    NEARBY_POINTS,
    TIMEZONE_POINTS_PER_HOUR,
    SCORER,
    Preferences,
    SimilarMentors,
    Suggestion,
    assign_cohort,
    rank,
    score,
    scorer_data,
    similar_mentors,
)

NOV = dt.datetime(2026, 11, 22, tzinfo=dt.timezone.utc)
MARCH = dt.datetime(2026, 3, 15, tzinfo=dt.timezone.utc)  # the US is on summer time, the UK not yet
LABELS = {
    "expertise": {"careers": "Career planning", "entrepreneurship": "Starting a business",
                  "public-speaking": "Public speaking", "python": "Python"},
    "audiences": {"founders": "Founders and makers", "university": "University students"},
    "languages": {"en": "English", "es": "Spanish", "fr": "French"},
}


mentor = public_mentor


# --- score ------------------------------------------------------------------------------


def test_score_adds_the_documented_weights_and_explains_them() -> None:
    lucia = mentor("lucia", expertise=["entrepreneurship", "public-speaking", "careers"], languages=["es", "en"],
                   formats=["virtual", "in-person"], audiences=["founders"], timezone="Europe/Madrid",
                   location={"city": "Madrid", "region": None, "country": "ES"}, free_places=3)
    prefs = Preferences(interests=("public-speaking", "entrepreneurship", "python"), languages=("es",),
                        format="virtual", audience="founders", timezone="America/Mexico_City")
    assert score(lucia, prefs, NOV, LABELS) == Suggestion("lucia", 250.0, [
        "shares 2 of your interests: Starting a business, Public speaking",
        "speaks Spanish",
        "meets online",
        "works with your group: Founders and makers",
        "7 hours ahead of you",
        "3 places free",
    ], 3)  # 2 × 100 + 40 + (12 − 7 hours) × 2


@pytest.mark.parametrize(("mentor_zone", "mentee_zone", "reference", "points", "reason"), [
    ("Europe/London", "America/New_York", NOV, 14.0, "5 hours ahead of you"),
    ("Europe/London", "America/New_York", MARCH, 16.0, "4 hours ahead of you"),
    ("Asia/Kathmandu", "Europe/London", NOV, 12.5, "5 hours 45 minutes ahead of you"),
    ("America/Mexico_City", "Europe/Madrid", NOV, 10.0, "7 hours behind you"),
    ("Pacific/Kiritimati", "Pacific/Pago_Pago", NOV, 22.0, "1 hour ahead of you"),  # 25 hours apart = 1 on the clock
    ("Europe/Lisbon", "Europe/London", NOV, 24.0, "same local time as you"),
    # From the tzdata package, as browsers have it: British Columbia keeps summer time from 2026.
    ("America/Vancouver", "Europe/London", NOV, 10.0, "7 hours behind you"),
])
def test_time_zone_closeness_uses_the_offsets_at_the_reference(
        mentor_zone: str, mentee_zone: str, reference: dt.datetime, points: float, reason: str) -> None:
    found = score(mentor("m", timezone=mentor_zone), Preferences(timezone=mentee_zone), reference)
    assert found is not None
    assert (found.score, found.reasons[-2]) == (points, reason)


def test_single_interest_languages_and_formats_read_naturally() -> None:
    ana = mentor("ana", expertise=["python"], languages=["es", "en", "fr"], formats=["virtual", "in-person"],
                 location={"city": "Lisbon", "region": None, "country": "PT"}, free_places=1)
    found = score(ana, Preferences(interests=("python",), languages=("en", "fr", "es")), NOV, LABELS)
    assert found is not None
    assert found.reasons == ["shares your interest: Python", "speaks Spanish, English and French",
                             "meets online or in person in Lisbon", "1 place free"]
    assert found.score == 100.0


@pytest.mark.parametrize(("fields", "prefs"), [
    ({"state": "full", "free_places": 0}, Preferences()),
    ({"state": "paused", "free_places": 0}, Preferences()),
    ({"state": "stale", "free_places": 0}, Preferences()),
    ({"youth_cleared": False}, Preferences(minor=True)),
    ({"languages": ["fr"]}, Preferences(languages=("es", "en"))),
    ({"formats": ["virtual"]}, Preferences(format="in-person")),
    ({"formats": ["in-person"]}, Preferences(format="virtual")),
], ids=["full", "paused", "stale", "minor-not-cleared", "no-shared-language", "in-person-wanted", "virtual-wanted"])
def test_never_suggested(fields: dict[str, Any], prefs: Preferences) -> None:
    assert score(mentor("m", **fields), prefs, NOV) is None


@pytest.mark.parametrize(("fields", "prefs", "reason"), [
    ({"youth_cleared": True}, Preferences(minor=True), "cleared to mentor under-18s"),
    ({"languages": ["fr"]}, Preferences(), "meets online"),
    ({"formats": ["in-person"]}, Preferences(format="either"), "meets in person in London"),
    ({"formats": ["virtual", "in-person"]}, Preferences(format="in-person"), "meets in person in London"),
], ids=["minor-cleared", "any-language", "either-format", "chosen-format-only"])
def test_suggested_when_the_rules_allow(fields: dict[str, Any], prefs: Preferences, reason: str) -> None:
    found = score(mentor("m", **fields), prefs, NOV)
    assert found is not None and reason in found.reasons


def test_reference_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        score(mentor("m"), Preferences(timezone="Europe/Paris"), dt.datetime(2026, 11, 22))


# --- rank -------------------------------------------------------------------------------


def test_rank_orders_interests_then_audience_then_time_zone() -> None:
    mentors = [
        mentor("near-no-audience", expertise=["python"], audiences=["founders"], free_places=2),  # 100 + 24
        mentor("both-topics", expertise=["python", "careers"]),                                 # 200 + 40 + 24
        mentor("far", expertise=["careers"], timezone="Asia/Tokyo", free_places=4),              # 100 + 40 + 6
        mentor("near", expertise=["careers"]),                                                   # 100 + 40 + 24
        mentor("full", expertise=["python", "careers"], state="full", free_places=0),
        mentor("french", expertise=["python", "careers"], languages=["fr"]),
    ]
    prefs = Preferences(interests=("python", "careers"), languages=("en",), audience="university",
                        timezone="Europe/London")
    assert [(s.id, s.score) for s in rank(mentors, prefs, NOV)] == [
        ("both-topics", 264.0), ("near", 164.0), ("far", 146.0), ("near-no-audience", 124.0)]
    assert [s.id for s in rank(mentors, prefs, NOV, limit=2)] == ["both-topics", "near"]


def test_ties_go_to_the_mentor_with_more_free_places_then_by_id() -> None:
    mentors = [mentor("amy", free_places=1), mentor("zoe", free_places=3), mentor("bob", free_places=3)]
    assert [s.id for s in rank(mentors, Preferences(interests=("careers",)), NOV)] == ["bob", "zoe", "amy"]


def test_rank_over_the_fixture_programme(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    prefs = Preferences(interests=("python",), languages=("pt",), timezone="Europe/Lisbon")
    # Kofi is full and stale; Ana has one free place.
    assert rank(catalog.public_mentors, prefs, NOV, labels=labels_from(catalog.vocabularies)) == [
        Suggestion("ana-pereira", 124.0, ["shares your interest: Python", "speaks Portuguese",
                                          "meets online or in person in Lisbon", "same local time as you",
                                          "1 place free"], 1)]


# --- similar mentors --------------------------------------------------------------------


SIMILAR = [
    mentor("wanted", name="Wanda Wanted", state="full", free_places=0, expertise=["python", "careers"],
           languages=["en", "es"], audiences=["university", "founders"], timezone="Europe/Paris"),
    mentor("one-topic", expertise=["python"], audiences=["founders"]),
    mentor("two-topics", expertise=["python", "careers"], languages=["es"], formats=["virtual", "in-person"],
           audiences=["secondary-school"], free_places=2, youth_cleared=True),
    mentor("french", expertise=["python", "careers"], languages=["fr"]),
    mentor("in-person", expertise=["python", "careers"], formats=["in-person"]),
    mentor("paused", expertise=["python", "careers"], state="paused", free_places=0),
]


def test_similar_mentors_share_topics_languages_formats_audiences_and_hours() -> None:
    assert similar_mentors("wanted", SIMILAR, NOV, labels=LABELS) == [
        Suggestion("two-topics", 222.0, ["also covers Python and Career planning", "speaks Spanish", "meets online",
                                         "1 hour behind Wanda Wanted", "2 places free"], 2),
        Suggestion("one-topic", 162.0, ["also covers Python", "speaks English", "meets online",
                                        "also works with Founders and makers", "1 hour behind Wanda Wanted",
                                        "1 place free"], 1),
    ]


def test_similar_mentors_exclude_the_mentor_and_keep_youth_clearance() -> None:
    assert "one-topic" not in [s.id for s in similar_mentors("one-topic", SIMILAR, NOV)]
    cleared = [m.model_copy(update={"youth_cleared": True}) if m.id == "wanted" else m for m in SIMILAR]
    assert [s.id for s in similar_mentors("wanted", cleared, NOV)] == ["two-topics"]


# --- cohort assignment ------------------------------------------------------------------


def test_cohort_assignment_beats_first_come_first_served() -> None:
    mentors = [mentor("m1", expertise=["python", "careers"]), mentor("m2", expertise=["careers"], audiences=["founders"])]
    requests = [("a", Preferences(interests=("python", "careers"), audience="founders")),  # m1: 200, m2: 140
                ("b", Preferences(interests=("python", "careers")))]                       # m1: 200, m2: 100
    # Greedy in order gives a→m1, b→m2 (300); the optimum is 340.
    assert assign_cohort(requests, mentors, NOV) == [("a", "m2", 140.0), ("b", "m1", 200.0)]


def test_cohort_assignment_matches_as_many_requests_as_possible_first() -> None:
    mentors = [mentor("m1", expertise=["python", "careers"], languages=["en", "fr"]), mentor("m2", expertise=["careers"])]
    requests = [("a", Preferences(interests=("python", "careers"))),  # m1: 200, m2: 100
                ("b", Preferences(languages=("fr",)))]                # only m1 speaks French: 0
    assert assign_cohort(requests, mentors, NOV) == [("a", "m2", 100.0), ("b", "m1", 0.0)]


def test_cohort_assignment_leaves_requests_unmatched_when_places_run_out() -> None:
    mentors = [mentor("m1", free_places=2), mentor("m2", state="full", free_places=0)]
    requests = [(r, Preferences(interests=("careers",))) for r in ("a", "b", "c")]
    result = assign_cohort(requests, mentors, NOV)
    assert [r for r, _, _ in result] == ["a", "b", "c"]
    assert sorted(m or "" for _, m, _ in result) == ["", "m1", "m1"]
    assert [s for _, m, s in result if m is None] == [0.0]


def test_a_one_off_session_takes_no_place_and_goes_to_a_mentor_who_gives_sessions() -> None:
    mentors = [mentor("places", free_places=1), mentor("sessions", free_places=1, sessions=True, expertise=["python"])]
    requests = [("cv-review", Preferences(interests=("careers",), mentoring="session")),
                ("a", Preferences(interests=("careers",), mentoring="long-term")),
                ("b", Preferences(interests=("careers",)))]
    result = assign_cohort(requests, mentors, NOV)
    # the session goes to the only mentor who gives sessions, and both places are still there for a and b
    assert result[0] == ("cv-review", "sessions", 0.0)
    assert sorted(m or "" for _, m, _ in result[1:]) == ["places", "sessions"]


def test_a_mentee_s_town_prefers_an_in_person_mentor_there() -> None:
    leeds = {"city": "Leeds", "region": "West Yorkshire", "country": "GB"}
    mentors = [mentor("london", formats=["virtual", "in-person"]),
               mentor("leeds", formats=["virtual", "in-person"], location=leeds),
               mentor("online", formats=["virtual"], location=leeds)]

    def proposed(**prefs: Any) -> tuple[str | None, float]:
        (_, mentor_id, points), = assign_cohort([("r", Preferences(interests=("careers",), **prefs))], mentors, NOV)
        return mentor_id, points

    assert proposed(location="north Leeds") == ("leeds", INTEREST_POINTS + NEARBY_POINTS)
    assert proposed(location="Otley, west yorkshire") == ("leeds", INTEREST_POINTS + NEARBY_POINTS)  # the region, any case
    assert proposed(location="Leeds", format="virtual")[1] == INTEREST_POINTS  # online only: where they are is no matter
    assert proposed(location="Leedsbury")[1] == INTEREST_POINTS  # a whole place name, not part of a word
    assert proposed()[1] == INTEREST_POINTS


def _random_case(rng: random.Random) -> tuple[list[PublicMentor], list[tuple[str, Preferences]]]:
    topics, languages, zones = ["python", "careers", "entrepreneurship", "public-speaking"], ["en", "es", "fr"], \
        ["Europe/London", "America/Chicago", "Asia/Kolkata", "Australia/Sydney"]
    mentors = []
    for index in range(4):
        free = rng.choice([0, 1, 1, 2])
        mentors.append(mentor(
            f"m{index}", free_places=free, state="stale" if rng.random() < 0.1 else "accepting" if free else "full",
            expertise=rng.sample(topics, rng.randint(1, 3)), languages=rng.sample(languages, rng.randint(1, 2)),
            formats=rng.choice([["virtual"], ["in-person"], ["virtual", "in-person"]]),
            audiences=rng.sample(["university", "founders"], rng.randint(1, 2)), timezone=rng.choice(zones),
            youth_cleared=rng.random() < 0.5))
    requests = [(f"r{index}", Preferences(
        interests=tuple(rng.sample(topics, rng.randint(0, 3))), languages=tuple(rng.sample(languages, rng.randint(0, 2))),
        format=rng.choice(["virtual", "in-person", "either"]), audience=rng.choice([None, "university", "founders"]),
        minor=rng.random() < 0.2, timezone=rng.choice([None, *zones]))) for index in range(5)]
    return mentors, requests


def _brute_force_best(mentors: list[PublicMentor], requests: list[tuple[str, Preferences]]) -> tuple[int, float]:
    """The best (matched requests, total score) over every capacity-respecting assignment."""
    best = (0, 0.0)
    options = [[None, *[m for m in mentors if score(m, prefs, NOV) is not None]] for _, prefs in requests]
    for choice in itertools.product(*options):
        used = [m.id for m in choice if m is not None]
        if any(used.count(m.id) > m.free_places for m in mentors):
            continue
        found = [score(m, prefs, NOV) for m, (_, prefs) in zip(choice, requests) if m is not None]
        scores = [s.score for s in found if s is not None]  # none is None: `options` holds only those that score
        best = max(best, (len(scores), sum(scores)))
    return best


@pytest.mark.parametrize("seed", range(40))
def test_cohort_assignment_is_optimal_and_respects_capacity(seed: int) -> None:
    mentors, requests = _random_case(random.Random(seed))
    result = assign_cohort(requests, mentors, NOV)
    by_id = {m.id: m for m in mentors}
    assert [r for r, _, _ in result] == [r for r, _ in requests]
    for (_, prefs), (_, mentor_id, points) in zip(requests, result):
        if mentor_id is not None:
            found = score(by_id[mentor_id], prefs, NOV)
            assert found is not None and found.score == points
    taken = [m for _, m, _ in result if m is not None]
    assert all(taken.count(m.id) <= m.free_places for m in mentors)
    assert (len(taken), sum(s for _, m, s in result if m is not None)) == _brute_force_best(mentors, requests)


# --- page data --------------------------------------------------------------------------


def test_match_page_data_offers_what_published_mentors_offer(site: FixtureProgramme) -> None:
    catalog = site.catalog()
    assert match_page_data(catalog.public_mentors, labels_from(catalog.vocabularies)) == {
        "interests": [{"id": "careers", "label": "Career planning"}, {"id": "nursing", "label": "Nursing"},
                      {"id": "python", "label": "Python"}],
        "languages": [{"id": "en", "label": "English"}, {"id": "pt", "label": "Portuguese"}],
        "audiences": [{"id": "secondary-school", "label": "Secondary school students"},
                      {"id": "university", "label": "University students"}],
        "formats": [{"id": "either", "label": "Online or in person"}, {"id": "virtual", "label": "Online"},
                    {"id": "in-person", "label": "In person"}],
        "mentoring": [],  # nobody in the fixture gives one-off sessions: the question is not asked
        "scorer": {**SCORER, "reasons": BROWSER_REASONS, "labels": {
            "expertise": {"careers": "Career planning", "nursing": "Nursing", "python": "Python"},
            "languages": {"en": "English", "pt": "Portuguese"},
            "audiences": {"secondary-school": "Secondary school students", "university": "University students"}}},
    }


BROWSER_REASONS = {key: value for key, value in REASONS.items() if key != "compared"}  # compared: Python only


def test_reasons_are_worded_in_the_pages_language_with_its_plurals() -> None:
    """`reasons_in` a language: its catalogue's words, its plural forms by CLDR category, and the
    language's code, which the browser's plural rules read."""
    ana = mentor("ana", timezone="Asia/Kolkata", youth_cleared=True, free_places=3)
    prefs = Preferences(minor=True, timezone="Europe/London")
    english = score(ana, prefs, NOV)
    spanish = score(ana, prefs, NOV, reasons=reasons_in(language("es")))
    french = score(ana, prefs, NOV, reasons=reasons_in(language("fr")))
    assert english is not None and spanish is not None and french is not None
    assert english.reasons[-2:] == ["5 hours 30 minutes ahead of you", "3 places free"]
    assert spanish.reasons[-2:] == ["5 horas y 30 minutos por delante de ti", "3 plazas libres"]
    assert french.reasons[-2:] == ["5 heures 30 minutes d\u2019avance sur vous", "3 places libres"]
    es = reasons_in(language("es"))
    assert es["language"] == "es" and set(es["free_places"]) == {"one", "many", "other"}
    one = score(mentor("bo", free_places=1), Preferences(), NOV, reasons=es)
    assert one is not None and one.reasons[-1] == "1 plaza libre"


def test_scorer_data_is_json_and_the_reasons_are_its_templates() -> None:
    """The wording lives once, in REASONS: what `score` says is what the page's data says."""
    data = scorer_data(LABELS)
    assert json.loads(json.dumps(data)) == {**SCORER, "reasons": BROWSER_REASONS, "labels": LABELS}
    assert data["reasons"]["free_places"] == {"one": "{count} place free", "other": "{count} places free"}
    assert data["weights"] == {"interest": 100, "audience": 40, "timezone_per_hour": 2, "half_day_minutes": 720}
    data["reasons"]["minor"] = "changed"  # a copy: the page's data cannot change the module's
    assert REASONS["minor"] == "cleared to mentor under-18s"
    reworded = {**REASONS, "minor": "safeguarding checks done",
                "free_places": {"one": "{count} slot", "other": "{count} slots"},
                "timezone": {**REASONS["timezone"], "whom": "{whom} (braces in a value stay)"}}
    ana = mentor("ana", timezone="Asia/Kolkata", youth_cleared=True)
    found = score(ana, Preferences(minor=True, timezone="Europe/London"), NOV, reasons=reworded)
    assert found is not None and found.reasons[-3:] == [
        "safeguarding checks done", "5 hours 30 minutes ahead of {whom} (braces in a value stay)", "1 slot"]


# --- mentorhub match --------------------------------------------------------------------

LEE = """\
name: Lee Chen
headline: Data analyst who mentors students into their first jobs
bio: Ten years of spreadsheets.
role: engineer
expertise: [careers]
languages: [en]
location: {city: Leeds, country: GB}
timezone: Europe/London
formats: [virtual]
audiences: [university]
capacity: 1
hours_per_month: 2
reviewed: 2026-10-01
"""
REQUESTS = """\
request_id,interests,languages,format,audience,minor,timezone,notes
r1,python;careers,,either,university,no,Europe/Lisbon,ignored
r2,py,pt,virtual,,No,,
r3,Career planning,en,in-person,,no,Europe/London,
"""


@pytest.fixture
def cohort_site(site: FixtureProgramme, monkeypatch: pytest.MonkeyPatch) -> FixtureProgramme:
    """The fixture programme plus Lee; Ana and Lee have one free place each, Kofi is full."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    site.write("mentors/lee-chen.yml", LEE)
    return site


def test_match_command_proposes_an_optimal_cohort(cohort_site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    requests = cohort_site.write("requests.csv", REQUESTS)
    out_file = cohort_site.root / "proposals.csv"
    code = main(["-f", str(cohort_site.root / "mkdocs.yml"), "match", str(requests), "--out", str(out_file)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (0, "", f"Matched 2 of 3 requests; wrote {out_file}.\n")
    # Only Ana meets in person (r3) or speaks Portuguese (r2); only Lee is left for r1.
    assert out_file.read_text(encoding="utf-8").splitlines() == [
        "request_id,mentor_id,score,reasons",
        "r1,lee-chen,164,shares your interest: Career planning; meets online; "
        "works with your group: University students; same local time as you; 1 place free",
        "r2,,,no suitable mentor with a free place",
        "r3,ana-pereira,124,shares your interest: Career planning; speaks English; meets in person in Lisbon; "
        "same local time as you; 1 place free",
    ]


def test_match_command_prints_to_stdout_without_out(cohort_site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    requests = cohort_site.write("requests.csv", "request_id,interests,languages,format,audience,minor,timezone\n"
                                                 "solo,nursing,,,,yes,\n")
    assert main(["-f", str(cohort_site.root / "mkdocs.yml"), "match", str(requests)]) == 0
    out, err = capsys.readouterr()
    # Kofi is youth-cleared but full; Ana and Lee are not cleared for under-18s.
    assert out.splitlines() == ["request_id,mentor_id,score,reasons", "solo,,,no suitable mentor with a free place"]
    assert err == "Matched 0 of 1 requests.\n"


def test_match_command_names_the_row_and_column_of_every_problem(
        cohort_site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    requests = cohort_site.write("requests.csv", "request_id,interests,languages,format,audience,minor,timezone\n"
                                                 "r1,python,en,virtual,,no,Europe/Lisbon\n"
                                                 "r2,pyton;careers,xx,online,university;graduates,maybe,Europe/Lisbn\n"
                                                 "r1,,,,,no,\n")
    code = main(["-f", str(cohort_site.root / "mkdocs.yml"), "match", str(requests)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{requests}:3: audience: unknown audience 'graduates'",
        f"{requests}:3: format: 'online' is not allowed; expected virtual, in-person or either (blank means either)",
        f"{requests}:3: interests: unknown interest 'pyton' (did you mean 'python'?)",
        f"{requests}:3: languages: unknown language 'xx'",
        f"{requests}:3: minor: expected yes or no, not 'maybe'; under-18s are only matched with youth-cleared mentors",
        f"{requests}:3: timezone: unknown time zone 'Europe/Lisbn' (did you mean 'Europe/Lisbon'?); "
        "use an IANA name such as Europe/Lisbon, or leave it blank",
        f"{requests}:4: request_id: 'r1' is used by an earlier row",
        "7 problems found.",
    ]


def test_match_command_explains_a_missing_column(cohort_site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    requests = cohort_site.write("requests.csv", "request_id,interest,languages,format,audience,minor\nr1,,,,,no\n")
    assert main(["-f", str(cohort_site.root / "mkdocs.yml"), "match", str(requests)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"{requests}:1: the header is missing the columns: interests (is 'interest' a typo?), timezone",
        "1 problem found.",
    ]


def test_the_topic_index_finds_what_scoring_everyone_finds() -> None:
    """SimilarMentors stops early; a brute-force ranking over every candidate must agree."""
    rng = random.Random(7)
    topics, zones = ["a", "b", "c", "d", "e"], ["Europe/London", "Asia/Tokyo", "America/Chicago", "Pacific/Kiritimati"]
    mentors = [mentor(
        f"m{i:03d}", name=f"Mentor {i}", state=rng.choice(["accepting"] * 3 + ["full", "paused", "stale"]),
        youth_cleared=rng.random() < 0.5,
        expertise=rng.sample(topics, rng.randint(1, 3)), languages=rng.sample(["en", "es", "fr"], rng.randint(1, 2)),
        formats=rng.sample(["virtual", "in-person"], rng.randint(1, 2)), audiences=rng.sample(["x", "y", "z"], rng.randint(1, 2)),
        timezone=rng.choice(zones), free_places=rng.randint(0, 3), location={"city": "Town", "country": "GB"},
        capacity=rng.choice([3, 3, 0]), sessions=rng.random() < 0.4,
    ) for i in range(150)]
    index = SimilarMentors(mentors, NOV)
    for wanted in mentors:
        formats = set(wanted.formats)
        kinds = kinds_offered(wanted.capacity, wanted.sessions)  # someone who wanted them wants what they give
        prefs = Preferences(interests=wanted.expertise, languages=wanted.languages,
                            format="either" if len(formats) > 1 else next(iter(formats)),
                            minor=wanted.youth_cleared, timezone=wanted.timezone,
                            mentoring=kinds[0] if len(kinds) == 1 else "either")
        brute = []
        for candidate in mentors:
            found = [score(candidate, replace(prefs, audience=a), NOV) for a in wanted.audiences]
            kept = [s for s in found if s is not None and candidate.id != wanted.id]
            if kept:
                brute.append(max(kept, key=lambda s: s.score))
        expected = [(s.id, s.score) for s in sorted(brute, key=lambda s: (-s.score, -s.free_places, s.id))[:3]]
        assert [(s.id, s.score) for s in index(wanted.id)] == expected, wanted.id


def test_one_shared_topic_outweighs_everything_else_a_score_can_add() -> None:
    """SimilarMentors orders by shared topics first: audience and the largest time-zone
    difference (26 hours) together must stay below one topic's points."""
    assert INTEREST_POINTS > AUDIENCE_POINTS + TIMEZONE_POINTS_PER_HOUR * 26


# --- kinds of mentoring -----------------------------------------------------------------------


@pytest.mark.parametrize(("wanted", "expected"), [
    ("either", ["places-and-sessions", "places-only", "sessions-only"]),
    ("long-term", ["places-and-sessions", "places-only"]),
    ("session", ["places-and-sessions", "sessions-only"]),
])
def test_the_match_suggests_mentors_who_give_the_kind_asked_for(wanted: str, expected: list[str]) -> None:
    """A mentor with no places left (or none at all, capacity 0) who gives one-off sessions is
    accepting, and suggested for a session but never for regular mentoring."""
    mentors = [public_mentor("places-only", free_places=2),
               public_mentor("sessions-only", free_places=0, capacity=0, sessions=True),
               public_mentor("places-and-sessions", free_places=1, sessions=True),
               public_mentor("full-no-sessions", state="full", free_places=0)]
    prefs = Preferences(interests=("careers",), mentoring=wanted)  # type: ignore[arg-type]
    found = rank(mentors, prefs, NOV)
    assert sorted(s.id for s in found) == expected
    reasons = {s.id: s.reasons for s in found}
    if "sessions-only" in reasons:
        assert "gives one-off sessions" in reasons["sessions-only"]
        assert not any("place" in r for r in reasons["sessions-only"]), "no '0 places free'"
    if wanted == "long-term":
        assert all("gives one-off sessions" not in said for shown in reasons.values() for said in shown)


def test_similar_mentors_give_the_kind_the_wanted_mentor_gives() -> None:
    """A sessions-only mentor's alternatives give sessions; a regular mentor's have places."""
    mentors = [public_mentor("wanted-sessions", capacity=0, free_places=0, sessions=True),
               public_mentor("wanted-regular", state="full", free_places=0),
               public_mentor("regular", free_places=1),
               public_mentor("sessions", capacity=0, free_places=0, sessions=True)]
    assert [s.id for s in similar_mentors("wanted-sessions", mentors, NOV)] == ["sessions"]
    assert [s.id for s in similar_mentors("wanted-regular", mentors, NOV)] == ["regular"]
