"""The import's rules one at a time: ids, places, languages, lists, contact details, terms,
and the in-place `reviewed:` edit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentorhub.content.imports.ids import new_id, term_id
from mentorhub.content.text import id_from
from mentorhub.content.imports.places import country_code, parse_place, zone_for
from mentorhub.content.imports.review import set_reviewed
from mentorhub.content.imports.rows import read_source
from mentorhub.content.imports.scrub import Removed, profile_site, scrub
from mentorhub.content.imports.terms import append_terms, near_duplicates, term_named_in
from mentorhub.content.imports.values import formats, language_code, language_hint, split_list, whole_number
from mentorhub.content.vocabulary import SLUG, Term, Vocabulary


@pytest.mark.parametrize(("name", "expected"), [
    ("Kılıç", "kilic"), ("Łukasz Wójcik", "lukasz-wojcik"), ("Søren Østergaard", "soren-ostergaard"),
    ("王芳", "wangfang"), ("Дмитрий Иванов", "dmitriy-ivanov"), ("José Núñez", "jose-nunez"),
    ("Liam O'Brien", "liam-o-brien"),
])
def test_ids_are_transliterated(name: str, expected: str) -> None:
    assert id_from(name) == expected


def test_a_name_with_no_latin_letters_still_gets_an_id_and_taken_ids_get_a_number() -> None:
    assert new_id("\ue000\ue001", 17, set()) == "mentor-17"  # private-use characters: nothing to read aloud
    assert SLUG.fullmatch(new_id("ليلى حداد", 3, set()))
    assert new_id("Ana Pereira", 4, {"ana-pereira", "ana-pereira-2"}) == "ana-pereira-3"


@pytest.mark.parametrize(("label", "expected"), [
    ("C#", "c-sharp"), ("C++", "cpp"), ("C", "c"), (".NET", "dotnet"), ("F#", "f-sharp"),
    ("Public speaking", "public-speaking"), ("Node.js", "node-js"),
])
def test_term_ids_from_labels(label: str, expected: str) -> None:
    assert term_id(label) == expected


@pytest.mark.parametrize(("text", "city", "country"), [
    ("London, UK", "London", "GB"), ("Lagos Nigeria", "Lagos", "NG"), ("The Netherlands", None, "NL"),
    ("Bulgaria, Sofia", "Sofia", "BG"), ("Remote", None, None), ("Cambridge, UK", "Cambridge", "GB"),
    ("Edinburgh, Scotland", "Edinburgh", "GB"), ("Austin, Texas, USA", "Austin", "US"),
    ("Istanbul, Turkey", "Istanbul", "TR"), ("holland", None, "NL"), ("New York, United States", "New York", "US"),
    ("Berlin", "Berlin", "DE"), ("Boston, MA", "Boston", "US"), ("Berlin, DE", "Berlin", "DE"),
    ("Toronto, ON", "Toronto", "CA"),
])
def test_places(text: str, city: str | None, country: str | None) -> None:
    place = parse_place(text)
    assert (place.city, place.country) == (city, country)


def test_countries_and_time_zones() -> None:
    assert [country_code(c) for c in ("uk", "England", "USA", "us", "United States", "the netherlands")] == \
        ["GB", "GB", "US", "US", "US", "NL"]
    assert country_code("Atlantis") is None
    assert zone_for("NG", "Lagos") == "Africa/Lagos"  # the country's only zone
    assert zone_for("ES", "Madrid") == "Europe/Madrid" and zone_for("DE", "Munich") == "Europe/Berlin"
    assert zone_for("US", "Seattle") is None  # someone must choose


def test_languages() -> None:
    assert [language_code(n) for n in ("English", "spanish", "Português", "EN", "English (fluent)", "Mandarin")] == \
        ["en", "es", "pt", "en", "en", "zh"]
    assert language_code("Ukranian") is None and language_hint("Ukranian") == "uk"


def test_lists_split_on_commas_semicolons_and_lines_but_keep_c_sharp_and_cpp() -> None:
    assert split_list("Python; python, C#\nC++ , C; .NET") == ["Python", "C#", "C++", "C", ".NET"]
    assert split_list([["English", "Swahili"], "French"]) == ["English", "Swahili", "French"]
    assert formats("Online, In person") == (["virtual", "in-person"], [])
    assert formats("Both")[0] == ["virtual", "in-person"]
    assert [whole_number(v) for v in ("2", "2-3 mentees", "up to 4", "none")] == [2, 2, 4, None]


def test_contact_details_are_cut_out_and_counted() -> None:
    removed = Removed()
    bio = ("I build apps. Email me at ana@example.org or call +351 912 345 678.\n"
           "Worked 2010-2020 at a bank. DM @ana_dev or ana#1234, t.me/ana, https://linkedin.com/in/ana.\nThanks!")
    assert scrub(bio, removed, prose=True) == "I build apps.\nWorked 2010-2020 at a bank.\nThanks!"
    assert dict(removed.counts) == {"email": 1, "phone": 1, "handle": 1, "discord": 1, "messaging": 1, "profile": 1}
    assert scrub("Engineer @Google", Removed()) == "Engineer at Google"  # an employer, not a handle
    assert scrub("Ana Lima (ana@example.org)", Removed()) == "Ana Lima"
    assert profile_site("https://www.linkedin.com/in/ana") == "LinkedIn" and profile_site("https://ana.dev") is None


def test_terms_are_appended_as_text_and_near_duplicates_found() -> None:
    text = "# our topics\nexpertise:\n  python:\n    label: Python  # the language\n\naudiences:\n  adults: Adults\n"
    added = {"expertise": {"c-sharp": Term("c-sharp", "C#"), "cpp": Term("cpp", "C++")}, "audiences": {}}
    updated, skipped = append_terms(text, added)
    assert skipped == []
    assert updated == ("# our topics\nexpertise:\n  python:\n    label: Python  # the language\n"
                       '  c-sharp:\n    label: "C#"\n  cpp:\n    label: C++\n\naudiences:\n  adults: Adults\n')
    vocabulary = Vocabulary("expertise", {t: Term(t, t) for t in ("csharp", "angular", "databases", "python", "c")})
    new = {t: Term(t, t) for t in ("c-sharp", "angularjs", "database", "pyton", "cpp", "rust")}
    vocabulary.terms.update(new)
    assert near_duplicates(vocabulary, new) == [("angular", "angularjs"), ("c-sharp", "csharp"),
                                                ("database", "databases"), ("python", "pyton")]


def test_a_role_named_inside_a_job_title() -> None:
    roles = Vocabulary("roles", {"engineer": Term("engineer", "Engineer"), "educator": Term("educator", "Educator",
                                                                                           ("teacher",))})
    assert term_named_in(roles, "Senior Software Engineer at X") == "engineer"
    assert term_named_in(roles, "Maths teacher") == "educator"
    assert term_named_in(roles, "Engineer and teacher") is None and term_named_in(roles, "Engineering") is None


def test_reviewed_is_set_in_place() -> None:
    text = "name: Ana\nreviewed: 2026-01-02   # by phone call\nlisted: true\n"
    assert set_reviewed(text, dt.date(2026, 11, 22)) == (
        "name: Ana\nreviewed: 2026-11-22   # by phone call\nlisted: true\n", "2026-01-02")
    assert set_reviewed("name: Ana\n", dt.date(2026, 11, 22)) == ("name: Ana\nreviewed: 2026-11-22\n", None)


def test_csv_rows_start_on_their_physical_line(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_bytes('\ufeffTimestamp,Full name,Bio\r\n1,Ada,"one\r\ntwo\r\nthree"\r\n\r\n2,Bo,short\r\n'.encode())
    source = read_source(path, "form.csv")
    assert source.columns == ["Timestamp", "Full name", "Bio"]  # no BOM in the first name
    assert [(row.line, row.values["Full name"]) for row in source.rows] == [(2, "Ada"), (6, "Bo")]
