"""`mentorhub export DIR`: the site as a Zensical project, which `zensical build` (in DIR) renders.

Zensical (the Material team's successor to MkDocs) reads `mkdocs.yml` but runs no MkDocs plugins,
so the export does beforehand what the `mentorship` plugin does during a build:

    DIR/mkdocs.yml   the programme's settings without the plugin: docs_dir `docs`, the theme's
                     overrides in `overrides`, and what templates read from the plugin's globals
                     under `extra.mentorhub` (minijinja.py rewrites the templates to read it there)
    DIR/docs/        the hand-written pages (the programme office linked as on_page_markdown does),
                     every generated page as Markdown with its page data in the front matter
                     (GeneratedPage.to_markdown: templates read it as `page.meta`, as under MkDocs),
                     the data files and the photos' thumbnails
    DIR/overrides/   the package's theme/ (and the programme's custom_dir over it) with each template rewritten for MiniJinja (minijinja.py) and the assets

Left out, as the plugin leaves them out of a build: the content files pages are made from
(mentors' YAML, events, surveys), and photos' originals when only thumbnails are published.
The Pagefind index is built after `mkdocs build`; after `zensical build`, the command the config's
first lines give builds it (the README's "Renderers" says what else differs).
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import yaml

from ..content.editions import edition_links
from ..content.errors import ContentError, Problem
from ..content.kinds import page_urls
from ..content.project import MkDocsYamlLoader, Project
from ..content.sources import SourceFile
from ..site.build import SiteBuild
from ..site.feeds import site_feeds
from ..site.pages.base import link_programme_office
from . import THEME_DIR, our_templates
from .minijinja import rewrite
from .pagefind import IGNORED, PAGES, ROOT_SELECTOR

DOCS, OVERRIDES, CONFIG = "docs", "overrides", "mkdocs.yml"
# The plugin's wrappers around Material's own partials (SharedPartials: one rendering per depth);
# Zensical renders its own partials, so the export leaves these out.
PLUGIN_ONLY = {"partials/nav.html", "partials/tabs.html"}
# Settings Zensical reads as MkDocs does; the rest of mkdocs.yml belongs to MkDocs or the plugin.
KEPT = ("site_name", "site_description", "site_author", "site_url", "copyright", "repo_url", "repo_name",
        "edit_uri", "use_directory_urls", "theme", "markdown_extensions", "nav", "extra", "extra_css",
        "extra_javascript", "not_in_nav", "exclude_docs")


def write_project(project: Project, site: SiteBuild, config_file: Path, target: Path) -> int:
    """Write the project made from `config_file` (the programme's mkdocs.yml) into `target` (new or
    empty); returns how many generated pages and files it wrote."""
    docs = target / DOCS
    consumed = site.catalog.consumed_sources() | site.photos.withheld
    shutil.copytree(project.docs_dir, docs, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if _docs_rel(project, folder, n) in consumed])
    for page in docs.rglob("*.md"):  # `[programme office]`, as the plugin links it (on_page_markdown)
        text = page.read_text(encoding="utf-8")
        if (linked := link_programme_office(text, project.programme.contact_href)) != text:
            page.write_text(linked, encoding="utf-8")
    outputs = [(p.src_uri, p.to_markdown()) for p in site.pages] + [(f.src_uri, f.content) for f in site.files]
    for src_uri, text in outputs:
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for thumb in site.photos.thumbnails():
        (docs / thumb.uri).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(thumb.path, docs / thumb.uri)
    mkdocs = _read_mkdocs_yml(config_file)
    _write_overrides(project, _resolve_theme_dirs(project, mkdocs), target / OVERRIDES)
    (target / CONFIG).write_text(_config_text(project, site, mkdocs), encoding="utf-8")
    return len(outputs)


def _resolve_theme_dirs(project: Project, mkdocs: dict[str, Any]) -> list[Path]:
    """The package's theme, then the programme's own `theme.custom_dir` over it (as the plugin
    orders them for MkDocs)."""
    theme = mkdocs.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    if not custom_dir:
        return [THEME_DIR]
    folder = project.root / str(custom_dir)
    if not folder.is_dir():
        raise ContentError([Problem("mkdocs.yml", 1, "theme.custom_dir", f"no folder at {folder}")])
    return [THEME_DIR, folder]


def _write_overrides(project: Project, theme_dirs: list[Path], overrides: Path) -> None:
    overrides.mkdir(parents=True)
    words = project.site.language
    ours = our_templates()
    for theme_dir in theme_dirs:  # a later folder's file replaces an earlier one's
        for path in sorted(theme_dir.rglob("*")):
            rel = path.relative_to(theme_dir).as_posix()
            if not path.is_file() or rel in PLUGIN_ONLY:
                continue
            out = overrides / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            if path.suffix in (".html", ".xml"):  # escaped as plugin.on_env escapes: our templates only
                out.write_text(rewrite(path.read_text(encoding="utf-8"), words, escape=rel in ours), encoding="utf-8")
            else:
                shutil.copyfile(path, out)


def _read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """The programme's mkdocs.yml as data (its `!!python/name:` and `!ENV` tags read as None)."""
    source = SourceFile(config_file, config_file.name, config_file.read_text(encoding="utf-8"), loader=MkDocsYamlLoader)
    return source.data if isinstance(source.data, dict) else {}


def _config_text(project: Project, site: SiteBuild, mkdocs: dict[str, Any]) -> str:
    config = {key: mkdocs[key] for key in KEPT if key in mkdocs}
    theme = dict(config.get("theme") or {})
    theme.update({"name": "material", "custom_dir": OVERRIDES})
    theme.setdefault("variant", "classic")  # Material's look, which theme/ is drawn over (Zensical's default: modern)
    config.update({"docs_dir": DOCS, "site_dir": "site", "theme": theme})
    config["extra"] = {**(config.get("extra") or {}), "mentorhub": _globals(project, site)}
    if isinstance(config.get("nav"), list):
        config["nav"] = _translated_nav(config["nav"], project)
    header = ("# Written by `mentorhub export` for Zensical (`zensical build` here); the programme's settings\n"
              "# are in its own mkdocs.yml: change them there and export again. Search: after the build, run\n"
              f"#   python -m pagefind --site site --root-selector '{ROOT_SELECTOR}' --glob '{PAGES}' "
              f"--exclude-selectors '{IGNORED}'\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=120)


def _translated_nav(items: list[Any], project: Project) -> list[Any]:
    """`nav:`'s titles in the site's language where the catalogue has them, as plugin.on_nav does."""
    words = project.site.language
    out: list[Any] = []
    for item in items:
        if isinstance(item, dict):
            out.append({words.gettext(str(title)): _translated_nav(value, project) if isinstance(value, list) else value
                        for title, value in item.items()})
        else:
            out.append(item)
    return out


def _globals(project: Project, site: SiteBuild) -> dict[str, Any]:
    """What the plugin's `on_env` hands templates, as data (minijinja.py reads it from `config.extra.mentorhub`)."""
    words = project.site.language
    programme = project.programme
    pictures: dict[str, dict[str, Any]] = {}
    for (src, slot), picture in sorted(site.photos.pictures.items()):
        pictures.setdefault(src, {})[slot] = {
            "sources": [[kind, [{"uri": t.uri, "width": t.width} for t in thumbs]] for kind, thumbs in picture.sources],
            "src": {"uri": picture.src.uri}, "sizes": picture.sizes, "width": picture.width, "height": picture.height}
    return {
        "pages": page_urls(project.site.directory_urls),
        "language": {"code": words.code, "direction": words.direction},
        "editions": [dataclasses.asdict(link) for link in edition_links(project.site)],
        "feeds": [dataclasses.asdict(feed) for feed in site_feeds(site.catalog)],
        "contact": None if programme.contact_href is None else {"href": programme.contact_href,
                                                                "text": programme.contact_text},
        "pictures": pictures,
    }


def _docs_rel(project: Project, folder: str, name: str) -> str:
    return (Path(folder) / name).resolve().relative_to(project.docs_dir).as_posix()
