"""The built demo as files: valid HTML5, no broken internal link or anchor, alt text on every
image, and no asset fetched from another host (fonts and scripts are self-hosted).

Each test collects every problem in the whole site and lists them all, so one run shows what
to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree.ElementTree import Element

import html5lib
import pytest
import yaml
from html5lib.constants import E as PARSE_MESSAGES

from support import REPO, FixtureProgramme, mkdocs_build

# <link rel=...> values that make a browser fetch the target as part of the page.
ASSET_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "prefetch",
              "preconnect", "dns-prefetch", "manifest", "mask-icon"}
URL_ATTRIBUTES = ("href", "src", "action", "poster", "data")
CSS_URL = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')\s]+)""")
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108000000003a7e9b55"  # 1 × 1 grey
                    "0000000a49444154789c636800000082008177cd72b60000000049454e44ae426082")


@dataclass
class HtmlPage:
    path: str  # relative to the site root, e.g. "mentors/index.html"
    root: Element
    errors: list[str]
    ids: set[str]  # what a #fragment can point to


def parse(site: Path, file: Path) -> HtmlPage:
    """Parse one file as a browser would, keeping every parse error with its line and column."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    root = parser.parse(file.read_bytes())
    rel = file.relative_to(site).as_posix()
    errors = [f"{rel}:{line}:{column}: {PARSE_MESSAGES.get(code, code) % (data or {})}"
              for (line, column), code, data in parser.errors]
    ids = {str(el.get("id")) for el in root.iter() if el.get("id")}
    ids |= {str(el.get("name")) for el in root.iter("a") if el.get("name")}
    return HtmlPage(rel, root, errors, ids)


@pytest.fixture(scope="module")
def pages(demo_site: Path) -> dict[str, HtmlPage]:
    """Every built HTML page, parsed once for all the checks below."""
    return {page.path: page for page in (parse(demo_site, f) for f in sorted(demo_site.rglob("*.html")))}


@pytest.fixture(scope="module")
def site_url() -> str:
    return str(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"])


def urls(page: HtmlPage) -> Iterator[tuple[Element, str, str]]:
    """Every (element, attribute, value) in the page that holds a URL."""
    for el in page.root.iter():
        if not isinstance(el.tag, str):
            continue
        for attribute in URL_ATTRIBUTES:
            value = el.get(attribute)
            if value is not None:
                yield el, attribute, value.strip()
        for candidate in (el.get("srcset") or "").split(","):
            if candidate.strip():
                yield el, "srcset", candidate.split()[0]


def is_asset(el: Element, attribute: str) -> bool:
    """Whether the browser fetches this URL to show the page (a link to follow is not an asset)."""
    if el.tag == "link":
        return bool(ASSET_RELS & set((el.get("rel") or "").lower().split()))
    return el.tag in ("script", "img", "source", "video", "audio", "track", "iframe", "embed", "object",
                      "input") and attribute in ("src", "srcset", "poster", "data")


def test_every_page_parses_without_errors(pages: dict[str, HtmlPage]) -> None:
    assert len(pages) > 50, "the demo should have built its pages"
    errors = [e for page in pages.values() for e in page.errors]
    assert not errors, f"{len(errors)} HTML parse errors:\n" + "\n".join(errors)


def target(site_url: str, page: HtmlPage, url: str) -> tuple[str | None, str]:
    """The site file (relative path) a URL in `page` points to, or None when it leaves the site; and its fragment."""
    page_url = urljoin(site_url, page.path.removesuffix("index.html"))
    absolute = urlsplit(urljoin(page_url, url))
    base = urlsplit(site_url)
    if (absolute.scheme, absolute.netloc) != (base.scheme, base.netloc) or not absolute.path.startswith(base.path):
        return None, absolute.fragment
    rel = unquote(absolute.path[len(base.path):])
    return (rel + "index.html" if rel == "" or rel.endswith("/") else rel), unquote(absolute.fragment)


def broken_links(site: Path, pages: dict[str, HtmlPage], site_url: str,
                 unbuilt: tuple[str, ...] = ()) -> tuple[list[str], int]:
    """Every internal link or #anchor that leads nowhere, and how many were followed; links into
    `unbuilt` folders (a build without a search index has no pagefind/) are not followed."""
    broken: list[str] = []
    checked = 0
    for page in pages.values():
        for el, attribute, url in urls(page):
            scheme = urlsplit(url).scheme.lower()
            if scheme in ("mailto", "data") or (scheme in ("http", "https") and not url.startswith(site_url)):
                continue
            where = f"{page.path}: <{el.tag} {attribute}={url!r}>"
            if scheme not in ("", "http", "https"):
                broken.append(f"{where}: unexpected '{scheme}:' link")
                continue
            file, fragment = target(site_url, page, url)
            if file is not None and file.startswith(unbuilt):
                continue
            checked += 1
            if file is None:
                broken.append(f"{where}: points outside the site ({site_url})")
            elif not (site / file).is_file():
                broken.append(f"{where}: no such file {file}")
            elif fragment and file.endswith(".html") and fragment not in pages[file].ids:
                broken.append(f"{where}: no element with id {fragment!r} in {file}")
    return broken, checked


def test_every_internal_link_and_anchor_resolves(demo_site: Path, pages: dict[str, HtmlPage], site_url: str) -> None:
    broken, checked = broken_links(demo_site, pages, site_url)
    assert checked > 1000, "the checker should have followed the site's links"
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken)


def test_navigation_leads_to_the_same_pages_from_every_page(pages: dict[str, HtmlPage], site_url: str) -> None:
    """Tabs and sidebar are rendered once for many pages outside the nav (plugin.SharedPartials):
    from every page, each nav entry must still reach the page it names."""
    def nav_targets(page: HtmlPage) -> list[tuple[str, str | None]]:
        navs = [el for el in page.root.iter("nav") if {"md-tabs", "md-nav--primary"} & set((el.get("class") or "").split())]
        links = [a for nav in navs for a in nav.iter("a")]
        return sorted((" ".join("".join(a.itertext()).split()), target(site_url, page, a.get("href") or "")[0])
                      for a in links if a.get("href"))
    home = nav_targets(pages["index.html"])
    assert ("Events", "events/index.html") in home and ("Mentors", "mentors/index.html") in home
    outside = [path for path in pages if path.count("/") == 2 and path.split("/")[0] in ("mentors", "events", "stories")]
    assert len(outside) > 20
    wrong = [path for path in outside if set(nav_targets(pages[path])) - set(home)]
    assert not wrong, "nav links that lead elsewhere than from the home page:\n" + "\n".join(wrong)


def images_without_alt(pages: dict[str, HtmlPage]) -> list[str]:
    missing = [f"{page.path}: <img src={el.get('src')!r}>" for page in pages.values()
               for el in page.root.iter("img") if el.get("alt") is None]
    return missing + [f"{page.path}: <input type=image src={el.get('src')!r}>" for page in pages.values()
                      for el in page.root.iter("input") if (el.get("type") or "").lower() == "image" and not el.get("alt")]


def test_every_image_has_alt_text(pages: dict[str, HtmlPage]) -> None:
    missing = images_without_alt(pages)
    assert not missing, f"{len(missing)} images without alt text:\n" + "\n".join(missing)


def test_photos_are_published_with_their_alt_text(site: FixtureProgramme) -> None:
    """The demo has no photos, so a programme with a mentor's and a story's photo is built too."""
    (site.root / "content" / "assets").mkdir()
    (site.root / "content" / "assets" / "ana.png").write_bytes(PNG)
    with (site.root / "mentors" / "ana-pereira.yml").open("a", encoding="utf-8") as mentor:
        mentor.write("photo: {src: assets/ana.png, alt: Ana smiling in front of a bookshelf}\n")
    site.edit("stories/first-job.md", "mentee: Rui\n", "mentee: Rui\nphoto: {src: assets/ana.png, alt: Rui and Ana at the library}\n")
    result = mkdocs_build(site.root / "mkdocs.yml", site.root / "site")
    assert result.returncode == 0, result.stderr
    built = {page.path: page for page in (parse(site.root / "site", f) for f in (site.root / "site").rglob("*.html"))}
    alts = {(path, el.get("alt")) for path, page in built.items() for el in page.root.iter("img")}
    assert {("mentors/index.html", "Ana smiling in front of a bookshelf"),
            ("mentors/ana-pereira/index.html", "Ana smiling in front of a bookshelf"),
            ("stories/index.html", "Rui and Ana at the library"),
            ("stories/first-job/index.html", "Rui and Ana at the library")} <= alts
    assert not images_without_alt(built)


def css_urls(css: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in CSS_URL.finditer(css)]


def test_no_page_references_a_remote_asset(demo_site: Path, pages: dict[str, HtmlPage]) -> None:
    remote: list[str] = []
    for page in pages.values():
        for el, attribute, url in urls(page):
            if REMOTE.match(url) and is_asset(el, attribute):
                remote.append(f"{page.path}: <{el.tag} {attribute}={url!r}>")
        for el in page.root.iter():
            css = (el.text or "") if el.tag == "style" else (el.get("style") or "") if isinstance(el.tag, str) else ""
            remote += [f"{page.path}: <{el.tag}> CSS url({url})" for url in css_urls(css) if REMOTE.match(url)]
    for stylesheet in sorted(demo_site.rglob("*.css")):
        rel = stylesheet.relative_to(demo_site).as_posix()
        text = stylesheet.read_text(encoding="utf-8")
        remote += [f"{rel}: url({url})" for url in css_urls(text) if REMOTE.match(url)]
    assert not remote, f"{len(remote)} remote assets (self-host them):\n" + "\n".join(remote)


def test_the_remote_asset_check_catches_fonts_and_scripts(tmp_path: Path) -> None:
    """The check above must be able to fail: a CDN font and script are both found."""
    html = tmp_path / "index.html"
    html.write_text('<!doctype html><html lang="en"><head><title>t</title>'
                    '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
                    '<script src="//cdn.example.net/x.js"></script><style>@import url("https://x.example/a.css");'
                    '</style></head><body><a href="https://example.net/">fine</a></body></html>', encoding="utf-8")
    page = parse(tmp_path, html)
    found = [url for el, attribute, url in urls(page) if REMOTE.match(url) and is_asset(el, attribute)]
    assert found == ["https://fonts.googleapis.com/css?family=Roboto", "//cdn.example.net/x.js"]
    assert css_urls(next(page.root.iter("style")).text or "") == ["https://x.example/a.css"]
    assert not page.errors
