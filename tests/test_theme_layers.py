"""The theme ships in the package; a programme's own `theme.custom_dir` sits above it, as
Material's docs describe for overrides: a file there replaces Mentor Hub's (or Material's) of
the same name, in the MkDocs build and in the Zensical export alike, and the rest still comes
from the package."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import FixtureProgramme, mkdocs_build
from mentorhub.adapters.cli import main

FOOTER = '<div class="md-copyright"><p>Our own footer &amp; {{ _("Made with") }}</p></div>\n'


def _override_footer(site: FixtureProgramme) -> None:
    site.edit("mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: overrides\n")
    site.write("overrides/partials/copyright.html", FOOTER)


def test_a_programme_override_replaces_ours_and_the_rest_stays(site: FixtureProgramme, tmp_path: Path) -> None:
    _override_footer(site)
    built = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Our own footer &amp; Made with" in home and "Content reference" not in home
    assert (tmp_path / "site" / "assets" / "mentorhub.css").is_file()  # ours, from the package
    assert "mh-card" in (tmp_path / "site" / "mentors" / "index.html").read_text(encoding="utf-8")


def test_without_custom_dir_the_package_theme_is_used(site: FixtureProgramme, tmp_path: Path) -> None:
    built = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "site")
    assert built.returncode == 0, built.stderr
    assert "Content reference" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_the_export_layers_the_override_over_ours(site: FixtureProgramme, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _override_footer(site)
    assert main(["-f", str(site.root / "mkdocs.yml"), "export", str(tmp_path / "export")]) == 0, capsys.readouterr().err
    overrides = tmp_path / "export" / "overrides"
    footer = (overrides / "partials" / "copyright.html").read_text(encoding="utf-8")
    assert "Our own footer" in footer and '"Made with"' in footer and "_(" not in footer  # rewritten for MiniJinja
    assert (overrides / "mentor.html").is_file() and (overrides / "assets" / "directory.js").is_file()


def test_a_missing_custom_dir_is_a_problem_not_a_traceback(site: FixtureProgramme, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    site.edit("mkdocs.yml", "  font: false\n", "  font: false\n  custom_dir: nowhere\n")
    assert main(["-f", str(site.root / "mkdocs.yml"), "export", str(tmp_path / "export")]) == 1
    assert "theme.custom_dir" in capsys.readouterr().err
