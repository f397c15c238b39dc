"""The shared text rules: the one "did you mean", ids from titles, sentences
joined without doubled stops, labels for bare slugs."""

from __future__ import annotations

import pytest

from mentorhub.content.text import did_you_mean, id_from, label_from_slug, sentence, suggestion
from mentorhub.content.vocabulary import builtin_vocabulary
from mentorhub.content.zones import zone_like

TOPICS = ["agriculture", "architecture", "arts", "c", "c-sharp", "cpp", "database", "databases", "python"]


@pytest.mark.parametrize(("typed", "meant"), [
    ("pyhton", "python"),          # two letters swapped: one edit
    ("Python", "python"),          # case only
    ("architecure", "architecture"),
    ("agricultur", "agriculture"),
    ("databse", "database"),
    ("architectural", "architecture"),  # two edits: 13 letters allow three
    ("agriculture-tech", None),
    ("xx", None),                  # under four letters: only a difference in case
    ("C", "c"),
    ("cs", None),
    ("", None),
])
def test_did_you_mean_offers_only_a_likely_typo(typed: str, meant: str | None) -> None:
    assert did_you_mean(typed, TOPICS) == meant


def test_a_far_word_is_not_offered_for_a_near_looking_one() -> None:
    """The bug this helper replaced: difflib's ratio offered 'agriculture' for 'architecture'."""
    assert did_you_mean("architecture", ["agriculture", "arts"]) is None


def test_ties_go_to_the_first_in_sorted_order() -> None:
    assert did_you_mean("databas", ["databases", "database"]) == "database"  # 1 edit beats 2
    assert did_you_mean("cat", ["cab", "car"]) is None  # too short to guess
    assert did_you_mean("carts", ["darts", "barts"]) == "barts"


@pytest.mark.parametrize(("typed", "zone"), [
    ("Lisbon", "Europe/Lisbon"),
    ("lisbn", "Europe/Lisbon"),
    ("Europe/Londn", "Europe/London"),
    ("New York", "America/New_York"),
    ("sao paulo", "America/Sao_Paulo"),
    ("Mars/Olympus", None),
])
def test_zone_like_finds_a_zone_by_its_name_or_its_city(typed: str, zone: str | None) -> None:
    assert zone_like(typed) == zone


def test_a_misspelt_language_name_finds_its_code() -> None:
    assert builtin_vocabulary("languages").suggest("Ukranian") == "uk"


def test_suggestion_is_worded_once() -> None:
    assert suggestion("python") == " (did you mean 'python'?)"
    assert suggestion(None) == ""


def test_ids() -> None:
    assert id_from("Ana Pereira") == "ana-pereira"
    assert id_from("  ¿Qué?  ") == "que"
    assert id_from("!!!") == ""


@pytest.mark.parametrize(("name", "expected"), [
    ("Kılıç Aslan", "kilic-aslan"),      # Turkish dotless ı
    ("Łukasz Wróbel", "lukasz-wrobel"),  # Polish ł
    ("Søren Ærø", "soren-aero"),         # Danish ø and æ
    ("José Núñez", "jose-nunez"),
    ("王伟", "wangwei"),
    ("Юлия Смирнова", "yuliya-smirnova"),
])
def test_ids_are_transliterated_not_dropped(name: str, expected: str) -> None:
    assert id_from(name) == expected


@pytest.mark.parametrize(("typed", "known"), [
    ("architecture", ["agriculture", "law", "teaching"]),   # offered 19 times on a real programme
    ("aws", ["law", "arts"]),
    ("testing", ["teaching", "design"]),
    ("experience", ["expertise", "links", "languages"]),   # field names
    ("linkedin", ["links", "location", "languages"]),
])
def test_no_suggestion_is_better_than_a_wrong_one(typed: str, known: list[str]) -> None:
    assert did_you_mean(typed, known) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Quickly change the subject to avoid awkwardness.", "Quickly change the subject to avoid awkwardness."),
    ("'You should apply again next year, shouldn't you?'", "'You should apply again next year, shouldn't you?'"),
    ("Say 'Take your time.'", "Say 'Take your time.'"),
    ("He said “stop!”", "He said “stop!”"),
    ("(See the policy.)", "(See the policy.)"),
    ("Wait…", "Wait…"),
    ("Tell your coordinator", "Tell your coordinator."),
    ("Ask 'Why?' and wait  ", "Ask 'Why?' and wait."),
    ("A quote 'inside' a sentence", "A quote 'inside' a sentence."),
    ("", ""),
])
def test_a_sentence_gets_one_full_stop_only_when_it_has_none(text: str, expected: str) -> None:
    assert sentence(text) == expected


def test_a_bare_slug_reads_as_words() -> None:
    assert label_from_slug("career-change") == "Career change"
    assert label_from_slug("python") == "Python"
