"""Upgrading Mentor Hub: a renamed option keeps working for a release, with a warning that says
what to write instead (programme.RENAMED), in `mentorhub check`, in its GitHub annotations and
in `mkdocs build`; only `--strict` stops on it, as it does on MkDocs' and Material's own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from packaging.version import Version

import mentorhub
from support import REPO, FixtureProgramme, mkdocs_build
from mentorhub.adapters.cli import main
from mentorhub.content.models import ContentModel
from mentorhub.content.programme import RENAMED, Programme, Renamed, load_programme

OLD_NAME = "review_max_age_days: 365\n      stale_profiles: hide"


def test_a_renamed_option_is_read_under_its_new_name_with_a_warning() -> None:
    loaded = load_programme({"stale_profiles": "hide", "contact": "office@example.org"})
    assert loaded.problems == []
    assert loaded.programme is not None and loaded.programme.review_stale == "hide"
    [(where, message)] = loaded.warnings
    assert where == ("stale_profiles",)
    assert message.startswith("renamed `review_stale` in Mentor Hub 0.2.0; the old name works until 1.0.0")


def test_the_caller_s_options_are_left_as_written() -> None:
    options = {"stale_profiles": "hide"}
    load_programme(options)
    assert options == {"stale_profiles": "hide"}


def test_old_and_new_name_together_is_a_problem_not_a_guess() -> None:
    loaded = load_programme({"stale_profiles": "hide", "review_stale": "flag"})
    assert loaded.programme is None
    assert loaded.problems == [(("stale_profiles",), "is the old name of `review_stale`, which is also given: "
                                                     "keep only the new one")]


def test_a_renamed_option_s_value_is_still_checked() -> None:
    loaded = load_programme({"stale_profiles": "sometimes"})
    assert loaded.programme is None
    assert [where for where, _ in loaded.problems] == [("review_stale",)]
    assert len(loaded.warnings) == 1


def _is_option(loc: tuple[str | int, ...]) -> bool:
    model: type[ContentModel] = Programme
    for key in loc[:-1]:
        annotation = model.model_fields[str(key)].annotation if str(key) in model.model_fields else None
        if not (isinstance(annotation, type) and issubclass(annotation, ContentModel)):
            return False
        model = annotation
    return str(loc[-1]) in model.model_fields


@pytest.mark.parametrize("renamed", RENAMED, ids=lambda r: ".".join(map(str, r.old)))
def test_each_rename_points_at_a_real_option_and_is_removed_on_time(renamed: Renamed) -> None:
    """Fails on the release that reaches `removed_in`: the old name goes then, in CHANGELOG.md."""
    assert _is_option(renamed.new) and not _is_option(renamed.old)
    assert Version(renamed.since) <= Version(mentorhub.__version__) < Version(renamed.removed_in)
    old, new = (".".join(map(str, loc)) for loc in (renamed.old, renamed.new))
    assert f"`{old}` is now `{new}`" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def test_check_warns_on_the_line_and_passes(site: FixtureProgramme, capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", OLD_NAME)
    line = (site.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines().index("      stale_profiles: hide") + 1
    assert main(["-f", str(site.root / "mkdocs.yml"), "check", "--format", "github"]) == 0
    out, err = capsys.readouterr()
    assert f"::warning file=mkdocs.yml,line={line},title=Renamed option plugins[0].mentorship.stale_profiles::renamed `review_stale`" in out
    assert f"warning: mkdocs.yml:{line}: plugins[0].mentorship.stale_profiles: renamed `review_stale` in Mentor Hub 0.2.0" in err
    assert "OK: " in out


def test_the_build_warns_and_only_strict_stops(site: FixtureProgramme, tmp_path: Path) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", OLD_NAME)
    built = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "site", "--clean")
    assert built.returncode == 0, built.stderr
    assert "stale_profiles" in built.stderr and "renamed `review_stale`" in built.stderr
    strict = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "strict")
    assert strict.returncode == 1
    assert "renamed `review_stale`" in strict.stderr and "Traceback" not in strict.stderr


def test_the_version_is_one_number_the_changelog_and_the_command_agree_on(
        capsys: pytest.CaptureFixture[str]) -> None:
    """pyproject.toml holds the version; CHANGELOG.md's newest entry is that release; `--version` says it."""
    declared = re.search(r'^version = "([^"]+)"$', (REPO / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    newest = re.search(r"^## (\S+)", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert declared is not None and newest is not None
    assert mentorhub.__version__ == declared.group(1) == newest.group(1)
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0 and capsys.readouterr().out == f"mentorhub {declared.group(1)}\n"
