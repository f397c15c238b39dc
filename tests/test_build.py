"""The real thing: `mkdocs build` of the demo site and of broken fixture sites."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

from conftest import REPO, Site
from generator.project import Project

BUILD_DAY = {"SOURCE_DATE_EPOCH": "1795305600"}  # 2026-11-22


def mkdocs_build(config_file: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **BUILD_DAY, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file),
                           "-d", str(site_dir)], capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("demo") / "site"
    result = mkdocs_build(REPO / "mkdocs.yml", site_dir)
    assert result.returncode == 0, result.stderr
    return site_dir


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k == "href"]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_item_has_its_page(demo_site: Path) -> None:
    catalog = Project.from_mkdocs_yml(REPO / "mkdocs.yml").load()
    for folder, ids in (("mentors", catalog.mentors), ("stories", catalog.stories),
                        ("events", catalog.events), ("training", catalog.modules)):
        for item_id in ids:
            assert (demo_site / folder / item_id / "index.html").is_file(), f"{folder}/{item_id}"
    for index in ("mentors", "stories", "events", "training", "reference"):
        assert (demo_site / index / "index.html").is_file()
    assert not list(demo_site.glob("events/*.yml")), "event sources must not be published"


def test_profile_page_shows_the_mentor(demo_site: Path) -> None:
    page = parse(demo_site / "mentors" / "ingrid-solberg" / "index.html")
    text = " ".join(page.text)
    assert "Ingrid Solberg" in text and "Norsk" in text and "(Norwegian)" in text
    assert "../?expertise=" in " ".join(page.hrefs)
    assert "@" not in " ".join(h for h in page.hrefs if h.startswith("mailto:")) and not any(
        h.startswith(("mailto:", "tel:")) for h in page.hrefs)


def test_directory_lists_every_published_mentor_full_and_paused_last(demo_site: Path) -> None:
    html = (demo_site / "mentors" / "index.html").read_text(encoding="utf-8")
    states = re.findall(r'class="mh-card mh-card--(\w+)"', html)
    assert len(states) == 28
    assert states == sorted(states, key=["accepting", "full", "paused"].index)
    assert "Not confirmed since 2025-06-02" in html


def test_generated_item_pages_stay_out_of_the_nav() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    in_nav = {page.file.src_uri for page in nav.pages}
    assert in_nav == {"index.md", "mentors/index.md", "training/index.md", "stories/index.md",
                      "events/index.md", "about.md", "reference.md"}


def test_home_page_nav_has_no_item_links(demo_site: Path) -> None:
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    nav = html[html.index('md-nav--primary'):]
    assert "mentors/amara-okafor/" not in nav and "events/monthly-mentor-circle/" not in nav


def test_invalid_content_fails_the_build_with_every_problem_and_no_site(site: Site, tmp_path: Path) -> None:
    site.edit("mentors/ana-pereira.yml", "languages: [pt, en]", "langauges: [pt, en]")
    site.edit("stories/first-job.md", "consent: true", "consent: false")
    site_dir = tmp_path / "out"
    result = mkdocs_build(site.root / "mkdocs.yml", site_dir)
    assert result.returncode == 1
    assert "mentors/ana-pereira.yml:11: langauges: unknown field; did you mean 'languages'?" in result.stderr
    assert "stories/first-job.md:6: consent: must be true" in result.stderr
    assert "2 problems found. The site was not built." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not site_dir.exists()


def test_bad_plugin_option_fails_the_build_in_plain_words(site: Site, tmp_path: Path) -> None:
    site.edit("mkdocs.yml", "review_max_age_days: 365", "review_max_age_days: 365\n      stale_profile: hide")
    result = mkdocs_build(site.root / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 1
    assert "stale_profile" in result.stderr and "did you mean 'stale_profiles'?" in result.stderr
    assert "Traceback" not in result.stderr


def test_core_never_imports_mkdocs() -> None:
    code = ("import sys, generator.cli, generator.pages, generator.project, generator.schema; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_serve_watches_content_outside_docs_dir() -> None:
    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    config = load_config(str(REPO / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    server = Server()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    assert {Path(p).relative_to(REPO).as_posix() for p in server.watched} == {
        "mentors", "stories", "vocabularies.yml"}
