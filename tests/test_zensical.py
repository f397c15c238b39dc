"""Issue 22: `mentorhub export DIR` writes a Zensical project (docs/, overrides/, mkdocs.yml) that
`zensical build` turns into the site, with no network: the same pages as MkDocs builds, the same
words on them, escaped as MkDocs escapes them, photos as thumbnails and no originals.

The demo is exported as it is, and once more with one mentor given a photo (the demo has none)
and a headline with markup in it, which must reach the page as text."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from jinja2 import Environment
from PIL import Image

from support import REPO, FixtureProgramme, demo_copy, mkdocs_env
from mentorhub.adapters.cli import main
from mentorhub.adapters.minijinja import rewrite
from mentorhub.adapters.pagefind import index_site
from mentorhub.content.languages import language

BIN = Path(sys.executable).parent
PROFILE = "mentors/aisha-mohammed/index.html"
HEADLINE = "Settlement agency director <b>helping</b> newcomers & first-generation graduates"


@dataclass(frozen=True)
class ZensicalBuild:
    export: Path
    site: Path
    result: subprocess.CompletedProcess[str]
    seconds: float


def _offline() -> list[str]:
    """`unshare -n` (no network at all) where this user may make a namespace; else nothing, and
    the proxy variables in _export_and_build point every HTTP request at a closed port."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-n"]
    return []


def _export_and_build(root: Path, edit: Callable[[Path], None]) -> ZensicalBuild:
    """The demo copied to `root`, changed by `edit`, exported, and the export built by Zensical."""
    config = demo_copy(root / "programme", lambda yml: yml)
    edit(config.parent)
    export = root / "export"
    exported = subprocess.run([str(BIN / "mentorhub"), "-f", str(config), "export", str(export)],
                              capture_output=True, text=True, env=mkdocs_env(), check=False)
    assert exported.returncode == 0, exported.stderr
    blocked = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9",
               "NO_COLOR": "1"}
    started = time.perf_counter()
    result = subprocess.run([*_offline(), str(BIN / "zensical"), "build"], capture_output=True, text=True,
                            env=mkdocs_env(**blocked), cwd=export, check=False)
    return ZensicalBuild(export, export / "site", result, time.perf_counter() - started)


def _photo_and_markup(programme: Path) -> None:
    """Aisha gets a photo and a headline with markup and an ampersand in it."""
    (programme / "content" / "assets" / "people").mkdir(parents=True)
    Image.new("RGB", (600, 800), (40, 120, 90)).save(programme / "content" / "assets" / "people" / "aisha.jpg")
    mentor = programme / "mentors" / "aisha-mohammed.yml"
    text = re.sub(r"(?m)^headline: .*$", f"headline: {json.dumps(HEADLINE)}", mentor.read_text(encoding="utf-8"), count=1)
    mentor.write_text(text + "photo: {src: assets/people/aisha.jpg, alt: Aisha at the agency}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def zensical_build(tmp_path_factory: pytest.TempPathFactory) -> ZensicalBuild:
    """The demo as it is."""
    return _export_and_build(tmp_path_factory.mktemp("zensical"), lambda programme: None)


@pytest.fixture(scope="module")
def zensical_photo_build(tmp_path_factory: pytest.TempPathFactory) -> ZensicalBuild:
    return _export_and_build(tmp_path_factory.mktemp("zensical-photo"), _photo_and_markup)


def _article(page: Path) -> str:
    """A page's content column as text: what a reader reads, without markup or scripts."""
    text = page.read_text(encoding="utf-8")
    start = text.index('<article class="md-content__inner md-typeset">')
    body = re.sub(r"<script.*?</script>", "", text[start:text.rindex("</article>")], flags=re.DOTALL)  # cards are articles too
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body))).strip()


def _page_data(page: Path) -> list[object]:
    """The JSON a page hands its scripts (the words, the match's scorer, the directory's facets)."""
    text = page.read_text(encoding="utf-8")
    return [json.loads(body) for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", text, re.DOTALL)
            if "application/json" in attrs and "__config" not in attrs]


@pytest.mark.build
def test_zensical_builds_the_export_without_network(zensical_build: ZensicalBuild) -> None:
    result = zensical_build.result
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "Build finished" in result.stdout + result.stderr
    site = zensical_build.site
    for page in ("index.html", "mentors/index.html", PROFILE, "request/index.html", "match/index.html",
                 "training/index.html", "training/active-listening/index.html", "events/index.html",
                 "events/careers-fair-nairobi-2026/index.html", "stories/index.html", "impact/index.html",
                 "search/index.html", "404.html"):
        assert (site / page).is_file(), page
    print(f"zensical build of the exported demo: {zensical_build.seconds:.1f} s")


@pytest.mark.build
def test_every_page_reads_as_the_mkdocs_build_does(zensical_build: ZensicalBuild, demo_site: Path) -> None:
    """Same pages, same words, same data for the scripts; only the Content reference differs, as
    Zensical highlights its YAML examples (spans around each token)."""
    ours = {p.relative_to(zensical_build.site).as_posix() for p in zensical_build.site.rglob("*.html")}
    theirs = {p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.html")}
    assert ours == theirs and len(ours) > 60
    differ = [rel for rel in sorted(ours - {"reference/index.html"})
              if _article(zensical_build.site / rel) != _article(demo_site / rel)
              or _page_data(zensical_build.site / rel) != _page_data(demo_site / rel)]
    assert not differ, f"Zensical built these pages differently: {differ[:5]}"


@pytest.mark.build
def test_the_pages_carry_the_content(zensical_photo_build: ZensicalBuild) -> None:
    site = zensical_photo_build.site
    profile = (site / PROFILE).read_text(encoding="utf-8")
    links = {html.unescape(href) for href in re.findall(r'href="([^"]*)"', profile)}
    assert "Aisha Mohammed" in profile and "Bridges Newcomer Services" in profile
    assert "Aisha arrived in Toronto from Khartoum" in profile  # the bio, as Markdown made HTML
    assert "../?expertise=careers" in links and "Accepting mentees: 3 places free" in _article(site / PROFILE)
    assert "director &lt;b&gt;helping&lt;" in profile and "newcomers &amp; first-generation" in profile, "escaped"
    assert "<b>helping</b>" not in profile
    directory = _article(site / "mentors" / "index.html")
    assert "Aisha Mohammed" in directory and "28 mentors" in directory
    request = html.unescape((site / "request" / "index.html").read_text(encoding="utf-8"))
    assert '<form class="mh-request" id="mh-request" action="http://127.0.0.1:8001/requests" method="post"' in request
    assert 'name="mentor"' in request and "Aisha Mohammed" in request
    module = _article(site / "training" / "active-listening" / "index.html")
    assert "Active listening" in module and "Check answers" in module and "Mark as complete" in module
    assert "Mentee careers fair in Nairobi" in _article(site / "events" / "index.html")
    assert (site / "assets" / "mentorhub.css").is_file() and (site / "mentors" / "directory.json").is_file()


@pytest.mark.build
def test_photos_are_thumbnails_and_the_original_is_left_out(zensical_photo_build: ZensicalBuild) -> None:
    zensical_build = zensical_photo_build
    profile = (zensical_build.site / PROFILE).read_text(encoding="utf-8")
    thumbs = re.findall(r'(?:src|srcset)="([^"]+)"', profile.split('<picture class="mh-picture">', 1)[1].split("</picture>")[0])
    files = {html.unescape(uri.split()[0]) for srcset in thumbs for uri in srcset.split(", ")}
    assert files and all((zensical_build.site / "mentors" / "aisha-mohammed" / f).resolve().is_file() for f in files)
    for folder in (zensical_build.export, zensical_build.site):
        assert not list(folder.rglob("aisha.jpg")), "the original (with its EXIF) is never published"
    assert not list((zensical_build.export / "docs").rglob("*.yml")), "no content source: mentors, events, surveys"


@pytest.mark.build
def test_pagefind_indexes_the_zensical_site_as_the_mkdocs_one(zensical_build: ZensicalBuild, demo_site: Path) -> None:
    index_site(zensical_build.site)
    ours = json.loads((zensical_build.site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    theirs = json.loads((demo_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert ours["languages"]["en"]["page_count"] == theirs["languages"]["en"]["page_count"]


def test_the_rewrite_resolves_gettext_as_the_plugin_does() -> None:
    words = language("en")
    assert rewrite('{% trans url=a | url %}See <a href="{{ url }}">all</a>{% endtrans %}', words) == \
        '{% if true %}See <a href="{{ (a | url) | e }}">all</a>{% endif %}'
    assert rewrite('{{ _("Hello %(name)s", name=m.name.split()[0]) }}', words) == \
        '{{ ((("Hello " ~ ((m.name | split | first) | e)) | safe)) | e }}'
    assert rewrite("{{ m.name }}{{ x | safe }}{% macro s() %}{% endmacro %}{{ s() }}", words) == \
        "{{ (m.name) | e }}{{ x | safe }}{% macro s() %}{% endmacro %}{{ s() }}"


@pytest.mark.parametrize("code", ["en", "fr", "es"])
def test_a_rewritten_message_reads_as_the_plugin_renders_it(code: str) -> None:
    """The rewrite rendered (by Jinja, which reads the same expressions) against the template as the
    plugin renders it (Jinja's i18n extension with the catalogue): each plural form, values escaped."""
    words = language(code)
    source = ('<p>{{ ngettext("%(num)s mentor.", "%(num)s mentors.", n) }} {{ _("About %(first)s", first=who) }}'
              ' {% trans who=who %}Request {{ who }}{% endtrans %}</p>')
    plugin = Environment(autoescape=True, extensions=["jinja2.ext.i18n"])
    plugin.policies["ext.i18n.trimmed"] = True
    plugin.install_gettext_callables(  # type: ignore[attr-defined]
        words.translations.gettext, words.translations.ngettext, newstyle=True)
    exported = Environment(autoescape=False).from_string(rewrite(source, words))
    for n in (0, 1, 2, 5, 1_000_000):
        values = {"n": n, "who": "Ana <Lee> & co"}
        assert exported.render(values) == plugin.from_string(source).render(values), (code, n)


def test_the_exported_config_is_the_programmes_without_the_plugin(site: FixtureProgramme, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """What Zensical reads: the programme's settings, its docs and overrides folders, the plugin's
    globals under extra.mentorhub, nav titles in the site's language (as plugin.on_nav gives them)."""
    site.edit("mkdocs.yml", "  font: false\n", "  font: false\n  language: fr\n")
    site.write("mkdocs.yml", (site.root / "mkdocs.yml").read_text(encoding="utf-8")
               + "nav:\n  - Home: index.md\n  - Mentors: mentors/index.md\n")
    assert main(["-f", str(site.root / "mkdocs.yml"), "export", str(tmp_path / "export")]) == 0, capsys.readouterr().err
    config = yaml.safe_load((tmp_path / "export" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "plugins" not in config and config["docs_dir"] == "docs" and config["site_name"] == "Fixture programme"
    assert config["theme"] == {"name": "material", "custom_dir": "overrides", "font": False, "language": "fr",
                               "variant": "classic"}
    assert config["nav"] == [{"Accueil": "index.md"}, {"Mentors": "mentors/index.md"}]
    assert config["extra"]["mentorhub"]["pages"]["request"] == "request/"
    assert config["extra"]["mentorhub"]["language"] == {"code": "fr", "direction": "ltr"}
    overrides = tmp_path / "export" / "overrides"
    assert "{% trans" not in (overrides / "404.html").read_text(encoding="utf-8")
    assert "Page introuvable" in (overrides / "404.html").read_text(encoding="utf-8")
    assert (overrides / "assets" / "mentorhub.css").read_bytes() == (REPO / "mentorhub" / "theme" / "assets" / "mentorhub.css").read_bytes()
