"""Issue 21: a site published in two languages at once (`languages: [fr]`). The French edition
is built under /fr/ in French words with its own search index; every page names its other
edition with `hreflang` and the switcher; a hand-written page comes from content/fr/ where
there is one and is labelled where there is not; a profile shows its French headline and bio
where it gives them and its own, labelled, where it does not."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from browser import serve
from mentorhub.content.programme import load_programme
from support import demo_copy, mkdocs_build

URL = "https://example.org/riverside/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("bilingual")
    config = demo_copy(root / "programme", lambda yml: yml.replace("  - mentorship:\n", "  - mentorship:\n"
                                                                   "      languages: [fr]\n", 1))
    (root / "programme" / "content" / "fr").mkdir()
    (root / "programme" / "content" / "fr" / "about.md").write_text(
        "# À propos du réseau\n\nLe réseau Riverside met en relation des responsables associatifs et des jeunes.\n",
        encoding="utf-8")
    (root / "programme" / "content" / "fr" / "ateliers.md").write_text(  # a page the English edition lacks
        "# Ateliers en français\n\nDes ateliers pour les mentors francophones.\n", encoding="utf-8")
    result = mkdocs_build(config, root / "site")
    assert result.returncode == 0, result.stderr
    yield root / "site"


def _page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_the_french_edition_is_built_under_fr_in_french(site: Path) -> None:
    english, french = _page(site, "mentors"), _page(site, "fr/mentors")
    assert '<html lang="en"' in english and '<html lang="fr"' in french
    assert "Search mentors" in english and "Rechercher des mentors" in french and "Search mentors" not in french
    assert (site / "fr" / "mentors.json").is_file() and not (site / "fr" / "fr").exists()


@pytest.mark.parametrize("path", ["", "mentors/aisha-mohammed/", "events/", "training/active-listening/"])
def test_every_page_names_itself_in_each_edition(site: Path, path: str) -> None:
    for edition in ("", "fr/"):
        page = _page(site, edition + path)
        links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', page))
        assert links == {"en": URL + path, "fr": URL + "fr/" + path, "x-default": URL + path}, (edition, links)
        switcher = re.findall(r'<a href="([^"]+)" hreflang="(\w+)" lang="\w+"\s+class="md-select__link"'
                              r'( aria-current="page")?>([^<]+)</a>', page)
        assert [(href, code, name) for href, code, _, name in switcher] == [
            (URL + path, "en", "English"), (URL + "fr/" + path, "fr", "Français")], switcher
        assert [code for _, code, current, _ in switcher if current] == (["fr"] if edition else ["en"])


def test_a_hand_written_page_comes_from_its_language_folder_or_is_labelled(site: Path) -> None:
    about = _page(site, "fr/about")
    assert "À propos du réseau" in about and "mh-written-in" not in about
    assert "Le réseau Riverside" not in _page(site, "about")  # the folder is the French edition's only
    home = _page(site, "fr")
    assert "Cette page n’est pas encore traduite : elle est affichée en anglais." in home
    assert '<div lang="en" dir="auto">' in home
    assert "mh-written-in" not in _page(site, "")


def test_a_profile_shows_its_words_in_the_editions_language_or_its_own_labelled(site: Path) -> None:
    aisha = _page(site, "fr/mentors/aisha-mohammed")
    assert "Directrice d’un organisme d’accueil" in aisha and "Aisha est arrivée de Khartoum" in aisha
    assert "mh-written-in" not in aisha and "Settlement agency director" not in aisha
    english = _page(site, "mentors/aisha-mohammed")
    assert "Settlement agency director" in english and "Directrice" not in english
    other = _page(site, "fr/mentors/amara-okafor")  # no French words: the English, said and marked so
    assert "Amara l’a écrit en anglais." in other
    assert re.search(r'<div class="mh-bio" dir="auto" lang="en">\s*<p>Amara started', other), other
    assert re.search(r'class="mh-headline" dir="auto" lang="en">Caterer', other)
    directory = json.loads((site / "fr" / "mentors.json").read_text(encoding="utf-8"))["mentors"]
    assert next(m for m in directory if m["id"] == "aisha-mohammed")["headline"].startswith("Directrice d’un organisme")


def test_each_edition_has_its_own_search_index(site: Path) -> None:
    """Pagefind splits an index by the pages' `lang`: the default edition's holds English pages
    only, the French edition's French ones, so each search page finds its own edition's pages."""
    english = {p.name.split("_")[0] for p in (site / "pagefind").glob("pagefind.*.pf_meta")}
    french = {p.name.split("_")[0] for p in (site / "fr" / "pagefind").glob("pagefind.*.pf_meta")}
    assert english == {"pagefind.en"} and french == {"pagefind.fr"}, (english, french)


@pytest.mark.parametrize(("options", "message"), [
    ({"languages": ["fr", "fr"]}, "the language 'fr' is listed twice"),
    ({"languages": ["xx"]}, "Mentor Hub has no catalogue for 'xx'"),
    ({"languages": ["French"]}, "string should match pattern"),
])
def test_a_language_list_an_editor_got_wrong_is_named(options: dict[str, object], message: str) -> None:
    programme, problems, _ = load_programme(options)
    assert programme is None and any(message in text for _, text in problems), problems


def test_each_editions_search_page_finds_its_own_words(page: Page, site: Path) -> None:
    """In Chromium: "trébucher" is only in Aisha's French bio, so the French search finds her
    profile (under /fr/) and the English search finds nothing."""
    with serve(site) as url:
        page.goto(url + "fr/search/?q=trébucher")
        result = page.locator(".mh-site-search__result")
        expect(result).to_have_count(1)
        expect(result.get_by_role("link")).to_have_text("Aisha Mohammed")
        assert "/fr/mentors/aisha-mohammed/" in (result.get_by_role("link").get_attribute("href") or "")
        page.goto(url + "search/?q=trébucher")
        expect(page.get_by_role("status")).to_contain_text("trébucher")
        expect(page.locator(".mh-site-search__result")).to_have_count(0)


def test_a_page_only_one_edition_has_leads_to_the_others_home(site: Path) -> None:
    page = _page(site, "fr/ateliers")
    assert "Ateliers en français" in page and not (site / "ateliers").exists()
    links = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', page))
    assert links == {"fr": URL + "fr/ateliers/"}, links
    assert re.search(rf'<a href="{re.escape(URL)}" hreflang="en"', page)


def test_listing_the_default_language_again_stops_the_build(tmp_path: Path) -> None:
    config = demo_copy(tmp_path / "programme", lambda yml: yml.replace("  - mentorship:\n", "  - mentorship:\n"
                                                                       "      languages: [en, fr]\n", 1))
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "`languages: [en]`: en is theme.language, the site's default; list only the others" in result.stderr
    assert "Traceback" not in result.stderr
