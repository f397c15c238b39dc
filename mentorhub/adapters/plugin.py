"""The `mentorship` MkDocs plugin: adapts MkDocs events to the core, and nothing more.

Content is loaded and validated in `on_pre_build`, before MkDocs cleans `site_dir`, so
invalid content fails the build with every problem listed and leaves no half-built site.
Under `mkdocs serve` the same problems are logged, and the build succeeds with one page that
lists them (problems_page.py): a failed rebuild would leave every browser request waiting.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url
from ..content.catalog import SiteInfo
from ..content.editions import edition_links
from ..content.errors import ContentError
from ..content.kinds import page_urls
from ..content.languages import SOURCE, Language
from ..content.programme import Programme, load_programme
from ..content.project import Project
from ..site.build import SiteBuild, build_site
from ..site.feeds import site_feeds
from ..site.pages import GeneratedPage
from ..site.pages.base import link_programme_office
from ..site.photos import Picture
from . import THEME_DIR, our_templates
from .editions import build_editions, building, resolve_edition_pages
from .pagefind import SearchIndexError, index_site
from .problems_page import problems_page

log = logging.getLogger("mkdocs.plugins.mentorship")
THEME_PREFIX = "theme"  # `theme/partials/nav.html` names the theme's own partial, which ours wraps


class SharedPartials:
    """Material renders the whole navigation (sidebar and tabs) again for every page.

    For a page outside the nav, such as each of thousands of mentor profiles, no nav item is
    active, so that HTML depends only on where the page sits: its relative links to the nav
    items and to the site root. Pages that share those links share one rendering.
    Pages in the nav render as usual.
    """

    def __init__(self) -> None:
        self.nav_pages: set[str] = set()
        self.nav_urls: list[str] = []
        self.rendered: dict[tuple[str, ...], Markup] = {}

    def reset(self, nav: Navigation) -> None:
        self.nav_pages = {page.file.src_uri for page in nav.pages}
        self.nav_urls = _resolve_nav_urls(nav.items) + ([nav.homepage.url] if nav.homepage else [])
        self.rendered.clear()

    @pass_context
    def render(self, context: Context, name: str) -> Markup:
        page = context.get("page")
        template = context.environment.get_template(name)
        if not isinstance(page, Page) or page.file.src_uri in self.nav_pages:
            return Markup(template.render(context.get_all()))
        key = (name, str(context.get("base_url")), *(normalize_url(url, page) for url in self.nav_urls))
        if key not in self.rendered:
            self.rendered[key] = Markup(template.render(context.get_all()))
        return self.rendered[key]


def _resolve_edit_uri(page: GeneratedPage, root: Path, docs_dir: Path) -> str | None:
    """The "edit this page" path of a generated page: its source file (a mentor's YAML, a
    story's Markdown), relative to `docs_dir` as MkDocs joins it to `edit_uri`
    (`../mentors/ana.yml` when the profiles sit beside the docs). None: no edit link."""
    if page.edit_path is None:
        return None
    return Path(os.path.relpath(root / page.edit_path, docs_dir)).as_posix()


def _resolve_theme_dirs(dirs: list[str], custom_dir: str | None) -> None:
    """Put the package's theme folder in MkDocs' template and asset search path, once (the
    language editions' builds load the configuration again)."""
    if str(THEME_DIR) not in (str(Path(d).resolve()) for d in dirs):
        dirs.insert(1 if custom_dir else 0, str(THEME_DIR))


def _resolve_nav_urls(items: list[Any]) -> list[str]:
    """The URL of every page and link in the nav, sections descended into."""
    urls = []
    for item in items:
        if getattr(item, "url", None) is not None:
            urls.append(item.url)
        urls += _resolve_nav_urls(getattr(item, "children", None) or [])
    return urls


class MentorshipPlugin(BasePlugin):  # type: ignore[type-arg, no-untyped-call]
    """Options are validated by the core's `Programme` model, the one the CLI also uses."""

    def __init__(self) -> None:
        self.programme = Programme()
        self.project: Project | None = None
        self.site: SiteBuild | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.partials = SharedPartials()
        self.serving = False
        self.failed: ContentError | None = None  # under `serve`: the problems the browser is shown
        self.indexing: threading.Thread | None = None
        self.own_pages: dict[str, bool] = {}  # another edition's pages in its language: in the default too? (editions.py)

    def _resolve_project(self) -> Project:
        """The programme MkDocs' configuration describes (on_config, which MkDocs calls first)."""
        if self.project is None:
            raise PluginError("the mentorship plugin was used before MkDocs loaded mkdocs.yml")
        return self.project

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Also keeps this one plugin instance across `mkdocs serve` rebuilds (MkDocs' rule)."""
        self.serving = command == "serve"

    def on_shutdown(self) -> None:
        self._await_search_index()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[
            list[tuple[str, Exception]], list[tuple[str, str]]]:
        """Problems fail the build; a renamed option's warning is MkDocs' own kind (shown, and
        fatal only under `--strict`, as for any option MkDocs or Material deprecates)."""
        programme, problems, warnings = load_programme(options)
        named = [(".".join(map(str, loc)), message) for loc, message in warnings]
        if programme is None:
            return [(".".join(map(str, loc)), base.ValidationError(message)) for loc, message in problems], named
        self.programme = programme
        return [], named

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        _resolve_theme_dirs(config.theme.dirs, config.theme.custom_dir)
        edition = building()
        default = edition.default if edition is not None else str(config.theme.get("language") or SOURCE)
        if default in self.programme.languages:
            raise PluginError(f"`languages: [{default}]`: {default} is theme.language, the site's default; list only the others")
        codes = (default, *self.programme.languages) if self.programme.languages else ()
        site = SiteInfo.of(config.site_name, config.site_url, config.use_directory_urls, config.theme.get("language"),
                           codes, default)
        self.project = Project(root, Path(config.docs_dir).resolve(), self.programme, site)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self._await_search_index()  # the last rebuild's indexer, before MkDocs cleans site_dir
        self.failed = None
        try:
            self.site = build_site(self._resolve_project())
        except ContentError as err:
            if not self.serving:
                raise PluginError(f"Content problems:\n{err.report()} The site was not built.") from None
            log.error("Content problems:\n%s The browser shows them until they are fixed.", err.report())
            self.site, self.pages, self.failed = None, {}, err
            config.nav = None  # the pages it names are not built: no warning for each
            return
        self.pages = {page.src_uri: page for page in self.site.pages}
        catalog = self.site.catalog
        log.info("%d mentors, %d stories, %d events, %d training modules, %d surveys", len(catalog.mentors),
                 len(catalog.stories), len(catalog.events), len(catalog.modules), len(catalog.surveys))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.failed is not None:
            return Files([])  # on_post_build writes the problems page: nothing else to build
        if self.site is None:
            raise PluginError("the mentorship plugin's pages were asked for before the content was read")
        consumed = self.site.catalog.consumed_sources()
        for uri in consumed | self.site.photos.withheld:
            if (existing := files.get_file_from_path(uri)) is not None:
                files.remove(existing)
        self.own_pages = resolve_edition_pages(files, config, self.programme.languages, building(), consumed)
        docs_dir = Path(config.docs_dir).resolve()
        for page in self.site.pages:
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, page.src_uri, content=page.body, inclusion=inclusion)
            file.edit_uri = _resolve_edit_uri(page, self.site.catalog.root, docs_dir)
            files.append(file)
        for data in self.site.files:
            files.append(File.generated(config, data.src_uri, content=data.content))
        for thumb in self.site.photos.thumbnails():  # copied from the cache, as MkDocs copies any file
            files.append(File.generated(config, thumb.uri, abs_src_path=str(thumb.path)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.partials.reset(nav)
        _translate_titles(nav.items, self._resolve_project().site.language)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        if self.own_pages.get(page.file.src_uri) is False:  # only this edition has it: no same page elsewhere
            page.meta["mh_edition_only"] = True
        if self.site is not None:  # the sitemap's lastmod: when the page's files last changed, not the build day
            page.update_date = self.site.last_changed(page.file.src_uri).date().isoformat()
        return link_programme_office(markdown, self._resolve_project().programme.contact_href)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """In another edition, a hand-written page it has no translation of is shown as written,
        said so in the edition's words and marked with its language (editions.py)."""
        edition = building()
        if edition is None or page.file.src_uri in self.pages or page.file.src_uri in self.own_pages:
            return html
        words = self._resolve_project().site.language
        note = words.gettext("This page has not been translated yet: it is shown in %(language)s.",
                             language=words.name_of(edition.default))
        return f'<p class="mh-note mh-written-in">{escape(note)}</p>\n<div lang="{edition.default}" dir="auto">{html}</div>'

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        """Autoescape Mentor Hub's own templates (content goes in them); Material's stay as they are.

        MkDocs renders with autoescape off, and Material's templates expect that, so
        escaping is switched on by template name for the templates in our theme folder (and a
        programme's `custom_dir` overrides of them).
        """
        ours = our_templates()
        env.autoescape = lambda name: name in ours
        # Every word our templates add is a msgid (`{{ _("…") }}`, `{% trans %}`), in theme.language.
        words = self._resolve_project().site.language
        env.add_extension("jinja2.ext.i18n")
        env.policies["ext.i18n.trimmed"] = True  # {% trans %} blocks are looked up as extracted (JINJA_OPTIONS)
        env.install_gettext_callables(  # type: ignore[attr-defined]
            words.translations.gettext, words.translations.ngettext, newstyle=True)
        env.globals["mh_language"] = {"code": words.code, "direction": words.direction,
                                      "numbering": words.numbering_system}  # main.html: the scripts' digits
        env.globals["mh_editions"] = edition_links(self._resolve_project().site)  # the switcher, hreflang
        env.globals["mh_plural"] = words.plural_forms  # a plural message's forms, for a script (partials/strings.html)
        # A count as the language writes it ("1,000", "1.000", "1 000"); words are left as they are.
        env.filters["mh_number"] = lambda value: value if isinstance(value, (str, bool)) else words.format_number(value)
        dirs = [str(Path(d).resolve()) for d in config.theme.dirs]
        beneath = dirs[dirs.index(str(THEME_DIR)) + 1:]  # Material's own, which `theme/…` names
        loaders = [env.loader] if env.loader is not None else []  # MkDocs always gives one
        env.loader = ChoiceLoader([*loaders, PrefixLoader({THEME_PREFIX: FileSystemLoader(beneath)})])
        env.globals["shared_partial"] = self.partials.render
        env.globals["mh_pages"] = page_urls(config.use_directory_urls)  # the programme pages' URLs (kinds.PAGES)
        env.globals["mh_picture"] = self._picture  # a photo's thumbnails: theme/partials/picture.html
        env.globals["mh_feeds"] = site_feeds(self.site.catalog) if self.site is not None else []  # main.html's head
        programme = self._resolve_project().programme  # the office's contact: the footer, the thank-you page
        env.globals["mh_contact"] = None if programme.contact_href is None else {
            "href": programme.contact_href, "text": programme.contact_text}
        return env

    def _picture(self, src: str, slot: str) -> Picture | None:
        return self.site.photos.picture(src, slot) if self.site is not None else None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        if self.failed is not None:
            page = problems_page(self.failed, config.site_name)
            site_dir.mkdir(parents=True, exist_ok=True)
            for name in ("index.html", "404.html"):  # the server answers any other address with 404.html
                (site_dir / name).write_text(page, encoding="utf-8")
            return
        languages = self.programme.languages
        if self.serving:
            if languages:
                log.info("mkdocs serve shows the %s edition; `mkdocs build` builds the others (%s)",
                         self._resolve_project().site.language_code, ", ".join(languages))
            if self.programme.search_index:
                # The browser reloads at once; search catches up seconds later (8 s at 5,000 mentors).
                self.indexing = threading.Thread(target=self._index_in_background, args=(site_dir,), daemon=True)
                self.indexing.start()
            return
        if self.programme.search_index:
            try:
                index_site(site_dir)  # before the other editions are in site_dir: each indexes its own
            except SearchIndexError as err:
                raise PluginError(f"Building the search index failed: {err}") from None
        if building() is None and languages:
            build_editions(config, languages, self._resolve_project().site.language_code)

    def _index_in_background(self, site_dir: Path) -> None:
        try:
            index_site(site_dir)
        except SearchIndexError as err:
            log.warning("The search index was not updated: %s", err)
        else:
            log.info("Search index updated")

    def _await_search_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        for path in self._resolve_project().watched_paths():
            if path.exists():
                server.watch(str(path))
        return server


def _translate_titles(items: list[Any], words: Language) -> None:
    """`nav:`'s titles in the site's language where the catalogue has them (kinds.NAV_TITLES)."""
    for item in items:
        if isinstance(item.title, str):
            item.title = words.gettext(item.title)
        _translate_titles(list(item.children or ()), words)
