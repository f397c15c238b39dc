"""Issue 21: vocabularies in the site's language. An editor's `labels:` give a term in other
languages; the built-in languages and countries take their names from CLDR; and a profile
written with the English label still resolves on a Spanish site."""

from __future__ import annotations

from pathlib import Path

from mentorhub.content.languages import ENGLISH, language
from mentorhub.content.vocabulary import Vocabularies, builtin_vocabulary, language_label, load_vocabularies

VOCABULARIES = """\
expertise:
  software:
    label: Software development
    labels: {es: Desarrollo de software, fr: Développement logiciel}
    synonyms: [coding]
  python:
    label: Python
audiences:
  university:
    label: University students
    labels: {es: Estudiantes universitarios}
roles:
  engineer: {label: Engineer}
"""


def _read(tmp_path: Path, text: str) -> tuple[Vocabularies | None, list[str]]:
    path = tmp_path / "vocabularies.yml"
    path.write_text(text, encoding="utf-8")
    vocabularies, problems = load_vocabularies(path, "vocabularies.yml")
    return vocabularies, [f"{p.path}:{p.line}: {p.field}: {p.message}" for p in problems]


def test_a_term_shows_its_label_in_the_sites_language_and_keeps_every_spelling(tmp_path: Path) -> None:
    vocabularies, problems = _read(tmp_path, VOCABULARIES)
    assert vocabularies is not None and not problems
    spanish, french = vocabularies.in_language(language("es")), vocabularies.in_language(language("fr"))
    assert spanish.expertise.label("software") == "Desarrollo de software"
    assert french.expertise.label("software") == "Développement logiciel"
    assert spanish.audiences.label("university") == "Estudiantes universitarios"
    assert french.audiences.label("university") == "University students"  # no French label: as written
    assert spanish.expertise.label("python") == "Python"
    for spelling in ("Software development", "coding", "desarrollo de software", "software"):
        assert spanish.expertise.resolve(spelling) == "software", spelling
    assert vocabularies.in_language(ENGLISH) is vocabularies
    assert vocabularies.expertise.label("software") == "Software development"  # the original is unchanged


def test_built_in_languages_and_countries_are_named_by_cldr() -> None:
    es, fr = language("es"), language("fr")
    arabic = builtin_vocabulary("languages").in_language(es).terms["ar"]
    assert language_label(arabic) == "Árabe (العربية)"  # its name in Spanish, then its own
    assert builtin_vocabulary("languages").in_language(es).resolve("Arabic") == "ar"
    assert language_label(builtin_vocabulary("languages").in_language(fr).terms["fr"]) == "Français"
    countries = builtin_vocabulary("countries").in_language(fr)
    assert countries.label("DE") == "Allemagne" and countries.resolve("Germany") == "DE"
    assert builtin_vocabulary("countries").in_language(es).label("CA") == "Canadá"


def test_labels_that_are_not_a_mapping_of_text_are_an_editors_error(tmp_path: Path) -> None:
    text = VOCABULARIES.replace("labels: {es: Estudiantes universitarios}", "labels: [Estudiantes universitarios]")
    vocabularies, problems = _read(tmp_path, text)
    assert vocabularies is None
    assert problems == ["vocabularies.yml:11: audiences.university.labels: labels are the term in other languages, "
                        "e.g. {es: Desarrollo de software}"], problems
