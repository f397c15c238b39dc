"""Catalog → pages: virtual source files, each naming its template and carrying its data.

A GeneratedPage is renderer-neutral: a Markdown body that goes through the site's normal
Markdown pipeline (so it is searchable) plus plain JSON-able data for the template. The
MkDocs plugin adds these as virtual files; `mentorhub export` writes them to a folder as
Markdown with front matter, for any other renderer.

One module per kind of content (`GENERATORS`, keyed by the kind's name in content/kinds.py),
one for the request form, one for the Content reference; the programme pages made from the
whole catalog (impact, match, search) are here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from ...content.catalog import Catalog
from ...content.errors import ContentError, Problem
from ...content.kinds import KINDS, PAGES, AnyKind
from ...content.match_reasons import labels_from
from ...content.vocabulary import language_label
from ..impact import impact_page_data
from . import events, mentors, stories, surveys, training
from .applications import generate_application_page
from .base import GeneratedPage, live_source, wide
from .match import match_page_data
from .reference import generate_reference_page
from .requests import generate_request_pages

__all__ = ["GENERATORS", "GeneratedPage", "generate_pages"]

GENERATORS: dict[str, Callable[[Catalog], list[GeneratedPage]]] = {
    "mentor": mentors.generate, "story": stories.generate, "event": events.generate, "module": training.generate,
    "survey": surveys.generate,
}


def generate_pages(catalog: Catalog) -> list[GeneratedPage]:
    """Every generated page; raises ContentError when one would replace a hand-written page."""
    words = catalog.site.language
    pages = [
        *(page for kind in KINDS for page in _with_sources(catalog, kind, GENERATORS[kind.name](catalog))),
        *generate_request_pages(catalog),
        generate_application_page(catalog),
        generate_reference_page(catalog),
        # Read now: a problem in the inbox export must stop the build before it starts.
        GeneratedPage(PAGES["impact"], words.gettext("Impact"), "impact.html", in_nav=True, resolve=partial(
            dict, impact=impact_page_data(catalog, catalog.inbox_export()), hide=wide())),
        GeneratedPage(PAGES["match"], words.gettext("Find a mentor"), "match.html", in_nav=True, resolve=lambda: {
            "match": match_page_data(catalog.public_mentors, labels_from(catalog.vocabularies, words), {
                code: language_label(term) for code, term in catalog.vocabularies.languages.terms.items()}, words),
            "request_url": catalog.site.url_of(PAGES["request"]) if catalog.programme.requests.delivery else None,
            **live_source(catalog),
            "hide": wide()}),
        GeneratedPage(PAGES["search"], words.gettext("Search"), "site-search.html", resolve=partial(dict, hide=wide())),
    ]
    _check_conflicts(catalog, pages)
    return pages


def _with_sources(catalog: Catalog, kind: AnyKind, pages: list[GeneratedPage]) -> list[GeneratedPage]:
    """A kind's pages with the files they are made from: an entry's page, its file; any other
    page of the kind (the listings: directory, index), every file of the kind."""
    own = {entry.src_uri: entry.source.rel for entry in catalog.entries_of(kind).values()}
    every = tuple(sorted(own.values()))
    return [page if page.sources else replace(page, sources=(own[page.src_uri],) if page.src_uri in own else every)
            for page in pages]


def _check_conflicts(catalog: Catalog, pages: list[GeneratedPage]) -> None:
    replaced = {uri.rsplit(".", 1)[0] for uri in catalog.consumed_sources()}
    problems = [
        Problem(f"{catalog.docs_dir.name}/{page.src_uri}", 1, "",
                "this page is generated from the content files; move its text elsewhere or rename it")
        for page in pages
        if (catalog.docs_dir / page.src_uri).exists() and page.src_uri.rsplit(".", 1)[0] not in replaced
    ]
    if problems:
        raise ContentError(problems)
