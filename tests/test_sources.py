"""YAML reading: 1.1 traps disarmed, duplicate keys caught, lines found for any field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from mentorhub.content.sources import ContentLoader, SourceFile, field_path


def load(text: str) -> object:
    return ContentLoader.read(text)


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


def test_a_list_as_a_field_name_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    source = SourceFile(tmp_path / "a.yml", "a.yml", "name: A\n? [a, b]\n: c\n")
    assert source.data is None
    assert [str(p) for p in source.problems] == ["a.yml:2: a field name must be a word, not a list or a group of fields"]


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


# The direct reader (`ContentLoader.read`) must give exactly what PyYAML gives, or PyYAML's error.
SAME_AS_PYYAML = [
    "", "# only a comment\n", "just text", "- a\n- b", "a: 1\nb: -2\nc: 0x1F\nd: 0o17\ne: 1_000",
    "f: 1.5\ng: .5\nh: 1e3\ni: .inf\nj: -.Inf\nk: .nan", "n: null\nm: ~\no:\np: Null",
    "q: '1'\nr: \"true\"\ns: |\n  block\n  text\nt: >-\n  folded\n  text", "u: ! 12\nv: !!str 12\nw: !!int '7'",
    "nested:\n  list:\n  - {a: [1, {b: c}]}\n  - []\n  - {}", "1: one\ntrue: yes\n~: nothing\n2.5: x",
    "base: &b {x: 1}\ncopy: *b", "<<: {x: 1}\ny: 2", "=: value", "a: 1\n---\nb: 2", "a: 1\na: 2",
    "a: 1\n1.0: x\n1: y", "? [a, b]\n: c", "a: !custom x", "a: [unclosed", "a: b: c", "\ta: 1",
    "a: *undefined", "key: !", "time: 1:30\nday: 2025-03-01\nzero: 0755",
]


def _pyyaml(text: str) -> object:
    try:
        return yaml.load(text, Loader=ContentLoader)
    except yaml.YAMLError as err:
        return (type(err), str(err))


@pytest.mark.parametrize("text", SAME_AS_PYYAML)
def test_direct_reader_gives_exactly_what_pyyaml_gives(text: str) -> None:
    try:
        ours: object = ContentLoader.read(text)
    except yaml.YAMLError as err:
        ours = (type(err), str(err))
    expected = _pyyaml(text)
    assert ours == expected and type(ours) is type(expected)
    if isinstance(expected, dict):  # True == 1 == 1.0: compare the keys' types too
        assert isinstance(ours, dict) and [type(k) for k in ours] == [type(k) for k in expected]


def test_direct_reader_builds_aliases_once_not_exponentially() -> None:
    """A "billion laughs" file goes PyYAML's way, which shares the repeated lists."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    text = "a: &a [x, x]\n" + "".join(f"{n}: &{n} [*{p}, *{p}]\n" for p, n in zip(letters, letters[1:]))
    data = ContentLoader.read(text)
    assert isinstance(data, dict) and data["z"][0] is data["z"][1]
