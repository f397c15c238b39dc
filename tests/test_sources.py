"""YAML reading: 1.1 traps disarmed, duplicate keys caught, lines found for any field."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.sources import ContentLoader, SourceFile, field_path


def load(text: str) -> object:
    return yaml.load(text, Loader=ContentLoader)


def test_norwegian_and_other_yaml11_booleans_stay_text() -> None:
    assert load("languages: [no, yes, on, off, y, n]") == {"languages": ["no", "yes", "on", "off", "y", "n"]}


def test_only_true_and_false_are_booleans() -> None:
    assert load("a: true\nb: False") == {"a": True, "b": False}


def test_times_dates_and_leading_zeros_are_not_converted() -> None:
    assert load("t: 1:30\nd: 2025-03-01\nz: 0755\nn: 12") == {"t": "1:30", "d": "2025-03-01", "z": "0755", "n": 12}


def test_duplicate_key_is_a_problem_on_its_second_line(tmp_path: Path) -> None:
    source = SourceFile(tmp_path / "a.yml", "mentors/a.yml", "name: A\nlanguages: [en]\nlanguages: [fr]\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == ["mentors/a.yml:3: the field 'languages' appears twice; keep one"]


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    source = SourceFile(tmp_path / "a.yml", "a.yml", "name: A\nheadline: Mentor: engineer\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == [
        "a.yml:2: YAML syntax error: a value containing ': ' must be put in quotes"
    ]


def test_line_of_nested_key_list_item_and_missing_key(tmp_path: Path) -> None:
    text = "name: A\nlocation:\n  city: Lisbon\n  country: PT\nlanguages:\n  - en\n  - xx\n"
    source = SourceFile(tmp_path / "a.yml", "a.yml", text)
    assert source.line_of(("location", "country")) == 4
    assert source.line_of(("languages", 1)) == 7
    assert source.line_of(("location", "region")) == 2  # missing: its parent's line
    assert source.line_of(("headline",)) == 1


def test_field_path_reads_like_the_file() -> None:
    assert field_path(("self_check", 0, "options")) == "self_check[0].options"
