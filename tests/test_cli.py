"""`mentorhub` as editors and CI run it: check, annotations, export, schemas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import frontmatter
import jsonschema
import pytest
import yaml

from support import REPO, FixtureProgramme, mkdocs_env
from mentorhub.adapters.cli import main
from mentorhub.content.sources import ContentLoader


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_passes_on_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "-f", str(REPO / "mkdocs.yml"), "check")
    assert code == 0
    assert out.startswith("OK: 28 mentors, 7 stories, 12 events, 10 training modules, 5 surveys")


def test_check_lists_every_problem_and_exits_non_zero(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("mentors/ana-pereira.yml", "capacity: 2", "capacity: lots")
    site.edit("content/events/open-evening.yml", "timezone: Europe/Lisbon", "timezone: Lisbon/Europe")
    code, out, err = run(capsys, "-f", str(site.root / "mkdocs.yml"), "check")
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        "content/events/open-evening.yml:4: timezone: unknown time zone 'Lisbon/Europe'; "
        "use an IANA name such as Europe/Lisbon",
        "mentors/ana-pereira.yml:18: capacity: expected a whole number, not 'lots'",
        "2 problems found.",
    ]


def test_check_github_format_annotates_the_lines(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("mentors/ana-pereira.yml", "capacity: 2", "capacity: lots")
    site.edit("stories/first-job.md", "mentee: Rui", "mentee: Rui Costa")
    code, out, _ = run(capsys, "-f", str(site.root / "mkdocs.yml"), "check", "--format", "github")
    assert code == 1
    assert out.splitlines() == [
        "::error file=mentors/ana-pereira.yml,line=18,title=Content problem capacity::"
        "expected a whole number, not 'lots'",
        "::error file=stories/first-job.md,line=5,title=Content problem mentee::"
        "use a first name or pseudonym only (one word); set full_name_allowed only with written permission",
    ]


def test_missing_mkdocs_yml_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "-f", str(tmp_path / "mkdocs.yml"), "check")
    assert code == 1
    assert "mkdocs.yml:1: no mkdocs.yml here; run the command in the content repository" in err


def test_export_writes_a_complete_docs_folder(site: FixtureProgramme, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "export"
    code, out, _ = run(capsys, "-f", str(site.root / "mkdocs.yml"), "export", str(target))
    assert code == 0, out
    docs = target / "docs"
    exported = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())
    assert "index.md" in exported and "mentors/ana-pereira.md" in exported and "training/role.md" in exported
    assert not [p for p in exported if p.endswith(".yml")], "event sources are replaced by pages"
    page = frontmatter.load(docs / "mentors" / "ana-pereira.md")
    assert page["template"] == "mentor.html"
    mentor: Any = page["mentor"]  # front matter: plain YAML data
    assert mentor["expertise"][0] == {"id": "python", "label": "Python"}
    module = frontmatter.load(docs / "training" / "role.md")
    data: Any = module["module"]
    assert data["self_check"][0]["options"][0]["correct"] is True
    assert module.content.startswith("## What a mentor does")
    assert (target / "mkdocs.yml").is_file() and (target / "overrides" / "mentor.html").is_file()
    assert not (target / "overrides" / "partials" / "nav.html").exists(), "the plugin's wrapper of Material's nav"
    code, _, err = run(capsys, "-f", str(site.root / "mkdocs.yml"), "export", str(target))
    assert code == 2 and "is not empty" in err


def test_committed_schemas_are_up_to_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "-f", str(REPO / "mkdocs.yml"), "schema", str(tmp_path))
    assert code == 0
    for fresh in sorted(tmp_path.glob("*.schema.json")):
        committed = REPO / "schemas" / fresh.name
        assert committed.read_text() == fresh.read_text(), f"run `make schema`: {fresh.name} is out of date"
    assert len(list(tmp_path.glob("*.schema.json"))) == 5


@pytest.mark.parametrize(("folder", "schema"), [("mentors", "mentor"), ("content/events", "event"),
                                               ("content/surveys", "survey")])
def test_demo_yaml_files_name_and_satisfy_their_schema(folder: str, schema: str) -> None:
    validator = jsonschema.Draft7Validator(json.loads((REPO / "schemas" / f"{schema}.schema.json").read_text()))
    files = sorted((REPO / folder).glob("*.yml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema="), path.name
        assert (path.parent / text.splitlines()[0].split("=", 1)[1]).resolve() == (
            REPO / "schemas" / f"{schema}.schema.json")
        errors = [e.message for e in validator.iter_errors(yaml.load(text, Loader=ContentLoader))]
        assert errors == [], f"{path.name}: {errors}"


def test_schema_catches_what_validation_catches() -> None:
    validator = jsonschema.Draft7Validator(json.loads((REPO / "schemas" / "mentor.schema.json").read_text()))
    bad = {"name": "A", "expertise": ["not-a-term"], "email": "x", "capacity": -1}
    # an optional number is "a number or null": its own message is among the alternatives' (context)
    messages = " ".join(m for e in validator.iter_errors(bad) for m in (e.message, *(c.message for c in e.context)))
    assert "'not-a-term' is not one of" in messages
    assert "'email' was unexpected" in messages
    assert "-1 is less than the minimum of 0" in messages


def test_check_summary_groups_thousands_of_problems_by_kind(site: FixtureProgramme,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(30):
        site.write(f"mentors/extra-{n}.yml", (site.root / "mentors" / "ana-pereira.yml").read_text(encoding="utf-8")
                   .replace("expertise: [python, careers]", f"expertise: [python, architecture{n}, nonsense]")
                   .replace("capacity: 2", "capacity: many"))
    assert main(["-f", str(site.root / "mkdocs.yml"), "check", "--summary"]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1] == "90 problems of 2 kinds in 30 files."
    assert lines[0].split("×")[0].strip() == "60"
    assert "expertise[]: unknown expertise …; the known terms are in vocabularies.yml" in lines[0] and "(first: mentors/extra-0.yml:10)" in lines[0]
    assert lines[1].strip().startswith("30 × capacity: expected a whole number, not …")


def test_no_command_prints_a_traceback_when_its_reader_goes_away(site: FixtureProgramme) -> None:
    """`mentorhub stale | head`: the pipe closes before mentorhub writes."""
    for n in range(200):
        site.write(f"mentors/old-{n}.yml", (site.root / "mentors" / "ana-pereira.yml").read_text(encoding="utf-8")
                   .replace("reviewed: 2026-09-01", "reviewed: 2020-01-01"))
    process = subprocess.Popen([sys.executable, "-m", "mentorhub.adapters.cli", "-f", str(site.root / "mkdocs.yml"),
                                "stale"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=mkdocs_env())
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `head` that has read its lines
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors


def test_an_unexpected_error_is_one_line_for_an_editor(site: FixtureProgramme, capsys: pytest.CaptureFixture[str],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr("mentorhub.adapters.cli.build_site", broken)
    monkeypatch.delenv("MENTORHUB_DEBUG", raising=False)
    assert main(["-f", str(site.root / "mkdocs.yml"), "check"]) == 70
    err = capsys.readouterr().err
    assert err.startswith("mentorhub: unexpected error (OSError: [Errno 28] No space left on device)")
    assert "Traceback" not in err
