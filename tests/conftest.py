"""Fixtures over a small on-disk programme (tests/fixtures/site), copied per test to edit freely."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.catalog import Catalog
from generator.errors import ContentError
from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 22)
MKDOCS_YML = """\
site_name: Fixture programme
site_url: https://example.org/fixture/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  font: false
plugins:
  - search
  - mentorship:
      review_max_age_days: 365
markdown_extensions: [admonition, pymdownx.details, pymdownx.superfences, attr_list, md_in_html]
"""


@dataclass
class Site:
    root: Path

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        text = (self.root / rel).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new, 1))

    def project(self) -> Project:
        return Project.from_mkdocs_yml(self.root / "mkdocs.yml")

    def catalog(self) -> Catalog:
        return self.project().load(TODAY)

    def problems(self) -> list[str]:
        """Every problem as `path:line: field: message`; fails the test when there are none."""
        with pytest.raises(ContentError) as caught:
            self.project().pages(TODAY)
        return [str(p) for p in caught.value.problems]


@pytest.fixture
def site(tmp_path: Path) -> Site:
    root = tmp_path / "programme"
    shutil.copytree(FIXTURE, root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(theme=REPO / "theme"), encoding="utf-8")
    return Site(root)
