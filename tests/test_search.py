"""Site search: profiles indexed from the content in a second Pagefind bundle, every other page
from the built HTML, and a failure of either fails the build in plain words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support import Site, mkdocs_build
from generator import search
from generator.search import SearchIndexError, SearchRecord, SiteSearch, profile_records


def test_a_profile_record_holds_what_the_profile_says(site: Site) -> None:
    site.edit("mentors/ana-pereira.yml", "  I build software", "  I build **software** for [a library](https://example.org/l) and")
    record = next(r for r in profile_records(site.catalog()) if r.url == "mentors/ana-pereira/")
    assert record.title == "Ana Pereira"
    for words in ("Software engineer who helps students", "I build software for a library and", "Lisbon Libraries",
                  "Python", "Português Portuguese", "Lisbon", "Portugal", "In person"):
        assert words in record.content, words
    for mark in ("*", "[", "](", "https://"):
        assert mark not in record.content, mark


def test_unlisted_mentors_are_not_searchable(site: Site) -> None:
    site.edit("mentors/kofi-mensah.yml", "capacity:", "listed: false\ncapacity:")
    assert [r.url for r in profile_records(site.catalog())] == ["mentors/ana-pereira/"]


def test_each_page_is_in_exactly_one_bundle(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = mkdocs_build(site.root / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    pages = [p.relative_to(out).as_posix() for p in out.rglob("index.html") if not p.is_relative_to(out / "pagefind")]
    profiles = [p for p in pages if p.startswith("mentors/") and p != "mentors/index.html"]
    assert len(profiles) == 2

    def page_count(bundle: Path) -> int:
        return int(json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"])

    assert page_count(out / "pagefind" / "mentors") == len(profiles)
    assert page_count(out / "pagefind") == len(pages) - len(profiles)


def test_a_dirty_rebuild_replaces_the_profiles_bundle(site: Site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert mkdocs_build(site.root / "mkdocs.yml", out).returncode == 0
    site.edit("mentors/kofi-mensah.yml", "capacity:", "listed: false\ncapacity:")
    dirty = mkdocs_build(site.root / "mkdocs.yml", out, "--dirty")  # not --strict: MkDocs warns about --dirty
    assert dirty.returncode == 0, dirty.stderr
    bundle = out / "pagefind" / "mentors"
    assert not (bundle / "mentors").exists()
    assert json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["en"]["page_count"] == 1


def test_a_failed_profile_index_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("<html lang=en><body><article class='md-content__inner'><h1>Home</h1>"
                                         "</article></body></html>", encoding="utf-8")
    monkeypatch.setattr(search, "get_executable", lambda: tmp_path / "no-pagefind-here")
    indexing = SiteSearch([SearchRecord("mentors/a/", "A", "A mentor")], "en")
    indexing.thread.start()
    with pytest.raises(SearchIndexError, match=r"^indexing the mentor profiles: .*no-pagefind-here"):
        indexing.finish(site_dir)
    assert not indexing.workdir.exists()
