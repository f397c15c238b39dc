"""What every page module shares: the page record, and where pages read live places."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import yaml

from ...content.catalog import Catalog
from ...content.kinds import for_search_engines
from ...content.mentor_state import LABELS, PLACES_FREE, STATUS_PLACES, WORDS
from ..feeds import GeneratedFile



@dataclass(frozen=True)
class GeneratedPage:
    """One virtual page. Its template data is resolved when first read: `mentorhub check`
    needs only which pages exist, and skips the costly part (similar mentors per profile).
    `edit_path` is the repository file an editor changes to change the page, if there is one."""

    src_uri: str
    title: str
    template: str
    body: str = ""
    in_nav: bool = False
    resolve: Callable[[], dict[str, Any]] = dict
    edit_path: str | None = None
    files: Callable[[], list[GeneratedFile]] | None = None  # data files made from the same data (the directory's index)
    # The repository files the page is made from, for when it last changed (the sitemap's
    # lastmod); none: the whole programme. generate_pages fills them in for the kinds' pages.
    sources: tuple[str, ...] = ()

    @cached_property
    def data(self) -> dict[str, Any]:
        return self.resolve()

    @property
    def for_search_engines(self) -> bool:
        """False for a result page or a survey (kinds.for_search_engines): `noindex`, not in the sitemap."""
        return for_search_engines(self.src_uri)

    @property
    def meta(self) -> dict[str, Any]:
        """The page's metadata; `noindex: true` is what the theme reads (a hand-written page may set it too)."""
        return {"title": self.title, "template": self.template, **({} if self.for_search_engines else {"noindex": True}),
                **self.data}

    def to_markdown(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.body}"


def wide() -> list[str]:
    """Material's `hide:` for a page that needs the full width (a new list each time: one list
    shared within a page's data would be written as a YAML alias by `mentorhub export`)."""
    return ["navigation", "toc"]


def live_source(catalog: Catalog) -> dict[str, Any]:
    """Where pages read live places: the programme's inbox, when it has one."""
    options = catalog.programme.requests
    if options.delivery != "inbox":
        return {}
    words = catalog.site.language
    # In the page's language: plural forms and word order let the script count as the catalogue does.
    labels: dict[str, Any] = {key: words.gettext(text) for key, text in [*LABELS.items(), *WORDS.items()]}
    labels |= {"places_free": words.plural_forms(*PLACES_FREE), "status_places": words.gettext(STATUS_PLACES)}
    return {"availability_url": f"{str(options.url).rstrip('/')}/availability.json",
            "availability_labels": labels}


PROGRAMME_OFFICE = re.compile(r"\[programme office\](?![\[(:])")


def link_programme_office(markdown: str, href: str | None) -> str:
    """Hand-written pages write `[programme office]` where a reader needs a way to reach it: a
    link to the programme's `contact` (an e-mail address or a contact page), or, when the
    programme gives none, the plain words, never a bracketed shortcut nobody can follow."""
    if not PROGRAMME_OFFICE.search(markdown):
        return markdown
    if href is None:
        return PROGRAMME_OFFICE.sub("programme office", markdown)
    return f"{markdown}\n\n[programme office]: <{href}>\n"
