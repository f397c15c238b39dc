"""`mentorhub init`: a new programme's repository that passes the check and builds with
`--strict` as it is, holds no code, and shares its workflows, hook and editors' guide with
this repository word for word (so the two cannot drift)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from support import REPO, TODAY, mkdocs_build
from mentorhub.adapters.cli import main
from mentorhub.adapters.starter import StarterError, _resolve_requirement, write_starter
from mentorhub.content.project import Project

SHARED = (".github/workflows/pr.yml", ".github/workflows/deploy.yml", ".pre-commit-config.yaml",
          ".github/ISSUE_TEMPLATE/propose-mentor-profile.yml", ".github/pull_request_template.md")


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("programme") / "lakeside"
    write_starter(target, 'Lakeside "Next Step" Mentors — Ñandú', "https://lakeside.example.org/mentoring", TODAY)
    return target


def test_it_holds_content_and_configuration_only(starter: Path) -> None:
    written = sorted(p.relative_to(starter).as_posix() for p in starter.rglob("*") if p.is_file())
    assert [p for p in written if p.endswith(".py") or p.startswith(("mentorhub/", "theme/", "tests/"))] == []
    for rel in ("mkdocs.yml", "vocabularies.yml", "requirements.txt", "README.md", "CONTRIBUTING.md", "Makefile", ".gitignore",
                "content/index.md", "content/about.md", "content/privacy.md", "mentors/example-mentor.yml",
                "stories/example-story.md", "content/events/example-open-evening.yml",
                "content/training/example-the-mentor-role.md", "schemas/mentor.schema.json", *SHARED):
        assert rel in written
    assert [line for line in written if "{{ mentorhub." in (starter / line).read_text(encoding="utf-8")] == []


def test_the_name_url_and_dates_are_filled_in(starter: Path) -> None:
    config = yaml.load((starter / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.Loader)  # !!python tags
    assert config["site_name"] == 'Lakeside "Next Step" Mentors — Ñandú'
    assert config["site_url"] == "https://lakeside.example.org/mentoring/"
    assert "theme" in config and "custom_dir" not in config["theme"]  # the theme comes from the package
    assert 'Welcome to Lakeside "Next Step" Mentors — Ñandú' in (starter / "content/index.md").read_text(encoding="utf-8")
    assert "reviewed: 2026-11-22" in (starter / "mentors/example-mentor.yml").read_text(encoding="utf-8")
    assert "start: 2026-12-20 18:30" in (starter / "content/events/example-open-evening.yml").read_text(encoding="utf-8")
    assert 'version: "2026-11"' in (starter / "content/privacy.md").read_text(encoding="utf-8")


def test_requirements_pin_the_compatible_range() -> None:
    assert _resolve_requirement("0.2.0") == "mentorhub[site]>=0.2,<0.3"
    assert _resolve_requirement("0.2.1.dev3+g1234") == "mentorhub[site]>=0.2,<0.3"
    assert _resolve_requirement("1.4.2") == "mentorhub[site]>=1.4,<2"


@pytest.mark.parametrize("rel", SHARED)
def test_workflows_hook_and_forms_are_this_repository_s_own(starter: Path, rel: str) -> None:
    assert (starter / rel).read_text(encoding="utf-8") == (REPO / rel).read_text(encoding="utf-8")


def test_the_editors_guide_is_this_repository_s_without_the_developers_part(starter: Path) -> None:
    guide = (starter / "CONTRIBUTING.md").read_text(encoding="utf-8")
    ours = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert ours.startswith(guide.rstrip("\n")) and "## Changing Mentor Hub itself" in ours[len(guide) - 1:]
    assert "## Changing Mentor Hub itself" not in guide and "riverside" not in guide.lower()


def test_it_passes_the_check_and_builds_strictly(starter: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-f", str(starter / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().out.startswith("OK: 1 mentors, 1 stories, 1 events, 1 training modules")
    built = mkdocs_build(starter / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    for page in ("index.html", "mentors/example-mentor/index.html", "request/index.html", "privacy/index.html",
                 "training/example-the-mentor-role/index.html", "stories/example-story/index.html"):
        assert (tmp_path / "site" / page).is_file(), page
    assert "Sam Example" in (tmp_path / "site/mentors/index.html").read_text(encoding="utf-8")


def test_it_never_writes_into_a_folder_with_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["init", str(tmp_path), "--name", "Lakeside"]) == 2
    assert "is not an empty folder" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


@pytest.mark.parametrize(("name", "url", "message"), [
    ("   ", None, "--name must have some letters in it"),
    ("Lakeside", "lakeside.example.org", "must be the site's address"),
])
def test_bad_values_are_refused_before_anything_is_written(tmp_path: Path, name: str, url: str | None,
                                                          message: str) -> None:
    with pytest.raises(StarterError, match=message):
        write_starter(tmp_path / "new", name, url, TODAY)
    assert not (tmp_path / "new").exists()


def test_the_command_prints_what_to_do_next(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "new")]) == 0
    assert "replace every REPLACE" in capsys.readouterr().out
    assert Project.from_mkdocs_yml(tmp_path / "new" / "mkdocs.yml").site.name == "Our Mentoring Programme"
