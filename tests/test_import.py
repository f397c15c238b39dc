"""`mentorhub import` and `mentorhub confirm` through the real CLI, on the fixture programme:
a Google Forms sheet (tests/fixtures/import/signups.csv), a directory's nested JSON and a
small YAML list become profiles that pass the check, and no contact detail reaches a file."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mentorhub.adapters.cli import main
from mentorhub.content.vocabulary import SLUG
from support import BUILD_DAY, FixtureProgramme, make_site

IMPORTS = Path(__file__).parent / "fixtures" / "import"
SHEET, SHEET_MAP = IMPORTS / "signups.csv", IMPORTS / "signups.map.yml"
CONTACTS = re.compile(r"@|linkedin|github\.com/|t\.me/|wa\.me/|example\.(?:com|org|net|ng|bg|co\.uk)|#\d{4}|"
                      r"\+\d|\d[\d ().-]{6,}\d", re.I)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FixtureProgramme:
    programme = make_site(tmp_path / "site")
    monkeypatch.chdir(programme.root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DAY["SOURCE_DATE_EPOCH"])
    return programme


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _import(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    status = main(["import", *map(str, args)])
    out, err = capsys.readouterr()
    return status, out, err


def _written(out: str) -> list[str]:
    return re.findall(r"^(?:Wrote|Would write) (mentors/\S+\.yml)", out, re.M)


def test_a_google_forms_sheet_becomes_profiles_that_pass_the_check(site: FixtureProgramme,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(site.root / "mentors")
    status, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms")
    assert status == 1  # some rows could not become profiles; the good ones are written
    written = _written(out)
    assert len(written) >= 30
    assert main(["check"]) == 0
    assert f"OK: {len(before) + len(written)} mentors" in capsys.readouterr().out
    after = _files(site.root / "mentors")
    assert {rel: after[rel] for rel in before} == before  # existing profiles untouched
    for rel in written:
        text = (site.root / rel).read_text(encoding="utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.startswith(("reviewed:", "# yaml-language")))
        assert not CONTACTS.search(body), (rel, CONTACTS.search(body))
    georgi = (site.root / "mentors/georgi-petrov.yml").read_text(encoding="utf-8")
    assert "expertise: [careers, c, cpp, c-sharp]" in georgi  # C, C++ and C# stay three terms
    assert "Find me on Discord" not in georgi and "I teach C, C++ and a bit of C#." in georgi
    chinedu = (site.root / "mentors/chinedu-eze.yml").read_text(encoding="utf-8")
    assert "bio: I mentor on Python and careers.\n" in chinedu  # the sentence with the e-mail went
    assert "languages: [en, ig]" in chinedu and "country: NG" in chinedu and "timezone: Africa/Lagos" in chinedu
    assert "audiences: [university, secondary-school]" in chinedu  # 'High school' is a synonym
    amelia = (site.root / "mentors/amelia-hart.yml").read_text(encoding="utf-8")
    assert "expertise: [python, careers]" in amelia  # 'Python; python' once
    assert list(re.findall(r"^(\w+):", amelia, re.M)) == ["name", "pronouns", "headline", "bio", "role",
        "organisation", "expertise", "languages", "location", "timezone", "formats", "audiences", "capacity",
        "hours_per_month", "reviewed"]  # the model's order
    assert "city: Sofia\n  country: BG" in georgi  # 'Bulgaria, Sofia'
    assert "languages: [pt, en]" in (site.root / "mentors/rafaela-souza.yml").read_text(encoding="utf-8")


def test_capacity_0_is_read_as_one_off_sessions_only(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    """Four mentors in the sheet take no mentees for months (capacity 0): one-off sessions only,
    which take requests, not profiles that read as full."""
    _, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms")
    assert ("defaulted: sessions: true (capacity 0 read as one-off sessions only; set `sessions: false` where a "
            "mentor has no time at all), for 4 rows") in out
    for mentor in ("hiroshi-sato", "oliver-brown", "ewa-nowak", "nia-jones"):
        text = (site.root / f"mentors/{mentor}.yml").read_text(encoding="utf-8")
        assert "capacity: 0\nsessions: true\nhours_per_month: 0\n" in text, mentor  # Nia gave no hours: 0, not 2
    catalog = site.catalog()
    assert catalog.status(catalog.mentors["nia-jones"].model).words == "Accepting one-off sessions"
    assert "capacity: 2\n" in (site.root / "mentors/amelia-hart.yml").read_text(encoding="utf-8")
    assert "sessions" not in (site.root / "mentors/amelia-hart.yml").read_text(encoding="utf-8")


def test_the_report_names_each_row_and_every_reason(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms")
    src = "signups.csv"
    assert status == 1
    assert "changed: languages: 'ukranian' read as Ukrainian ('uk'), for 1 row" in out  # as an editor reads it
    assert re.search(rf"{src}:25: location: .*'Remote' names no country", out)
    assert re.search(rf"{src}:27: timezone: .*US has \d+ time zones", out)  # 'Seattle, USA': which zone?
    assert re.search(rf"{src}:28: headline: .*the 'One line about you' cell is empty", out)
    assert re.search(rf"{src}:29: expertise: .*'Areas of expertise' and 'Programming languages' cells are empty", out)
    assert re.search(rf"Wrote mentors/marta-garcia.yml \(\S*{src}:111, Marta García\)", out)  # after an 80-line bio
    assert re.search(rf"{src}:30 \(Kofi Mensah\) already has a profile: mentors/kofi-mensah.yml", out)
    assert re.search(rf"{src}:9: photo: the link was not fetched; .*save it under content/assets/people/priya-raman",
                     out)
    assert "never read: Timestamp, Email Address, Phone number, LinkedIn profile" in out
    assert "reviewed: was set to 2026-11-22 (the import day) for" in out and "confirm later with mentorhub confirm" in out
    assert re.search(r"contact details removed from mapped values: .*\d+ e-mail addresses.*\d+ phone numbers", out)
    for unwanted in ("example.org", "+234", "gpetrov", "Traceback"):
        assert unwanted not in out


def test_ids_are_transliterated_and_never_overwrite(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms")
    written = {Path(rel).stem for rel in _written(out)}
    assert {"emre-kilic", "lukasz-wojcik", "soren-ostergaard", "wangfang", "dmitriy-ivanov", "jose-nunez",
            "zoe-muller"} <= written
    assert "ana-pereira-2" in written  # Ána Pereira is not the Ana Pereira already listed
    assert all(SLUG.fullmatch(entry_id) and entry_id.isascii() for entry_id in written)
    arabic = next(rel for rel in _written(out) if "ليلى" in (site.root / rel).read_text(encoding="utf-8"))
    assert SLUG.fullmatch(Path(arabic).stem)


def test_add_terms_appends_to_vocabularies_and_points_at_near_duplicates(
        site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("vocabularies.yml", "expertise:\n", "# Topics mentors offer; keep ids lower-case.\nexpertise:\n")
    _, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms")
    vocab = (site.root / "vocabularies.yml").read_text(encoding="utf-8")
    assert vocab.startswith("# Topics mentors offer; keep ids lower-case.\nexpertise:\n  python:\n")
    for block in ('  c-sharp:\n    label: "C#"\n', "  cpp:\n    label: C++\n", "  c:\n    label: C\n",
                  '  dotnet:\n    label: ".NET"\n', "  career-changers:\n    label: Career changers\n"):
        assert block in vocab
    assert vocab.index("career-changers") < vocab.index("roles:")  # at the end of its own section
    for pair in ("angular / angularjs", "c-sharp / csharp", "database / databases"):
        assert f"to merge by hand (not merged): {pair}" in out
    assert re.search(r"added: \d+ expertise terms added to vocabularies.yml: .*c-sharp \(C#\)", out)


def test_without_add_terms_unknown_terms_are_reasons(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    vocab = (site.root / "vocabularies.yml").read_bytes()
    _, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP)
    assert (site.root / "vocabularies.yml").read_bytes() == vocab
    assert re.search(r"signups.csv:7: expertise: 'C\+\+' is not in the expertise of vocabularies.yml; "
                     r"run the import again with --add-terms to add it", out)


def test_a_dry_run_writes_nothing(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    before = _files(site.root)
    status, out, _ = _import(capsys, SHEET, "--map", SHEET_MAP, "--add-terms", "--dry-run")
    assert status == 1
    assert _files(site.root) == before
    assert out.startswith("Dry run: nothing was written")
    assert "Would write mentors/amelia-hart.yml" in out and "would be added to vocabularies.yml" in out


def test_a_nested_json_directory(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    source = IMPORTS / "directory.json"
    status, out, _ = _import(capsys, source, "--map", IMPORTS / "directory.map.yml", "--add-terms")
    assert status == 1
    adhiambo = (site.root / "mentors/adhiambo-o.yml").read_text(encoding="utf-8")  # the id from `username`
    assert "links:\n  - label: GitHub\n    url: https://github.com/adhiambo-o\n" in adhiambo  # mapped: a link
    assert "@" not in adhiambo and "Reach me" not in adhiambo and "bio: I maintain a data library." in adhiambo
    assert "country: KE" in adhiambo and "timezone: Africa/Nairobi" in adhiambo and "role: engineer" in adhiambo
    assert "url: https://github.com/matteo-b" in (site.root / "mentors/matteo.yml").read_text(encoding="utf-8")
    line = source.read_text(encoding="utf-8").splitlines().index('    "username": "no-country",')  # the item's '{'
    assert f"directory.json:{line}: location.country: 'Atlantis' is not a country we know" in out
    assert "never read: social.twitter" in out
    assert main(["check"]) == 0


def test_a_yaml_list_with_defaults_from_the_map(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    source = IMPORTS / "small.yml"
    status, out, _ = _import(capsys, source, "--map", IMPORTS / "small.map.yml")
    assert status == 1
    assert _written(out) == ["mentors/bea-santos.yml", "mentors/idris-bello.yml"]
    line = source.read_text(encoding="utf-8").splitlines().index("- name: Ivy Stone") + 1
    assert f"small.yml:{line}: role: 'astronaut' is not one of the roles in vocabularies.yml" in out
    assert "defaulted: capacity: from MAP.yml's defaults: 2 rows" in out
    assert "audiences: [university]" in (site.root / "mentors/bea-santos.yml").read_text(encoding="utf-8")
    idris = (site.root / "mentors/idris-bello.yml").read_text(encoding="utf-8")
    assert "role: engineer" in idris and "timezone: Africa/Lagos" in idris  # an offset is no zone: the country's
    assert "small.yml:9: role: 'Senior Software Engineer at a bank' read as 'engineer'" in out
    assert main(["check"]) == 0


def test_every_row_a_profile_exits_0(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("two.yml", (IMPORTS / "small.yml").read_text(encoding="utf-8").split("- name: Ivy Stone")[0])
    status, out, _ = _import(capsys, "two.yml", "--map", IMPORTS / "small.map.yml")
    assert status == 0 and "0 could not be imported" in out


def test_map_problems_name_their_line(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.write("MAP.yml", "name: Full name\nlangauges: Which languages can you mentor in?\nbio: About me\n")
    status, out, err = _import(capsys, SHEET, "--map", "MAP.yml")
    assert status == 2 and not _written(out)
    assert "MAP.yml:2: langauges: 'langauges' is not a profile field; did you mean 'languages'?" in err
    assert "MAP.yml:3: bio: signups.csv has no column 'About me'; its columns are: 'Timestamp', 'Email Address'" \
        in err.replace(str(IMPORTS) + "/", "")
    assert _files(site.root / "mentors") == _files(make_site(site.root.parent / "fresh").root / "mentors")


def test_a_bad_source_is_one_line_and_exit_2_never_a_traceback(site: FixtureProgramme) -> None:
    site.write("broken.csv", 'Full name,Bio\n"Ada,"unclosed\n')
    site.write("list.json", '{"name": "not a list"}')
    site.write("MAP.yml", "name: Full name\n")
    mentorhub = Path(sys.executable).parent / "mentorhub"
    (site.root / "folder.csv").mkdir()
    site.write("header-only.csv", "Full name,Bio\n")
    for source in ("missing.csv", "list.json", "sheet.xlsx", "folder.csv", "header-only.csv", "broken.csv"):
        run = subprocess.run([str(mentorhub), "import", source, "--map", "MAP.yml"], capture_output=True,
                             text=True, cwd=site.root, env={**BUILD_DAY, "PATH": "/usr/bin:/bin"})
        assert run.returncode == 2, (source, run.stderr)
        assert "Traceback" not in run.stderr and run.stderr.startswith("mentorhub: "), run.stderr


def test_confirm_sets_reviewed_in_place(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("mentors/ana-pereira.yml", "reviewed: 2026-09-01", "reviewed: 2026-09-01  # asked by e-mail")
    assert main(["confirm", "--as-of", "2026-11-20", "ana-pereira"]) == 0
    out = capsys.readouterr().out
    assert "mentors/ana-pereira.yml: reviewed: 2026-09-01 → 2026-11-20" in out
    text = (site.root / "mentors/ana-pereira.yml").read_text(encoding="utf-8")
    assert "reviewed: 2026-11-20  # asked by e-mail\n" in text and text.startswith("name: Ana Pereira\n")
    assert main(["confirm", "--all"]) == 0
    assert "Confirmed 2 profiles as of 2026-11-22." in capsys.readouterr().out
    assert main(["confirm", "ana-pereria"]) == 2
    assert "no profile 'ana-pereria' in mentors/ (did you mean 'ana-pereira'?)" in capsys.readouterr().err
    assert main(["confirm", "--as-of", "2027-01-01", "--all"]) == 2
    assert main(["confirm"]) == 2


def test_the_worked_example_in_contributing_works(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    guide = (Path(__file__).parents[1] / "CONTRIBUTING.md").read_text(encoding="utf-8")
    section = guide.split("## Adding many mentors at once", 1)[1]
    sheet, mapping = re.findall(r"```(?:yaml)?\n(.*?)```", section, re.S)[:2]
    site.write("../signups.csv", sheet)
    site.write("../MAP.yml", mapping)
    status, out, _ = _import(capsys, "../signups.csv", "--map", "../MAP.yml", "--add-terms")
    assert status == 0 and _written(out) == ["mentors/amelia-hart.yml"], out
    text = (site.root / "mentors/amelia-hart.yml").read_text(encoding="utf-8")
    assert "example.com" not in text and "+44" not in text and "expertise: [python, careers, c-sharp]" in text
    assert "languages: [en, es]" in text and "country: GB" in text and "save it under content/assets/people/" in out
    assert main(["check"]) == 0
