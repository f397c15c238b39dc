"""Fixtures over a small on-disk programme (tests/fixtures/site), copied per test to edit freely."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from generator.catalog import Catalog
from generator.errors import ContentError
from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
FIXTURE = Path(__file__).parent / "fixtures" / "site"
TODAY = dt.date(2026, 11, 22)
BUILD_DAY = {"SOURCE_DATE_EPOCH": "1795305600"}  # TODAY at midnight UTC
MKDOCS_YML = """\
site_name: Fixture programme
site_url: https://example.org/fixture/
docs_dir: content
theme:
  name: material
  custom_dir: {theme}
  font: false
plugins:
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
            self.project().generate(TODAY)
        return [str(p) for p in caught.value.problems]


def make_site(root: Path) -> Site:
    """A fresh copy of the fixture programme at `root`."""
    shutil.copytree(FIXTURE, root)
    (root / "mkdocs.yml").write_text(MKDOCS_YML.format(theme=REPO / "theme"), encoding="utf-8")
    return Site(root)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return make_site(tmp_path / "programme")


def mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict`, as of TODAY."""
    env = {**os.environ, **BUILD_DAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
                           "-d", str(site_dir)], capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site, built once for every test that reads or browses it."""
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


@pytest.fixture(scope="session")
def demo_url(demo_site: Path) -> Iterator[str]:
    with serve(demo_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()
