"""A built site without a renderer: the catalog, the pages and the data files MkDocs writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from ..content.catalog import Catalog
from ..content.project import Project
from ..content.text import rel_path
from .feeds import GeneratedFile, generate_files
from .pages import GeneratedPage, generate_pages
from .photos import PhotoSet, prepare_photos


@dataclass(frozen=True)
class SiteBuild:
    """Everything a renderer needs: the catalog, the pages, the data files and the photos'
    thumbnails (made, or found in the cache, before any page: a bad photo stops the build).

    The data files are made on first use, like the pages' data: `mentorhub check` needs
    neither, and every content problem has been found once the pages exist.
    """

    catalog: Catalog
    pages: list[GeneratedPage]
    photos: PhotoSet = field(default_factory=PhotoSet)

    @cached_property
    def _pages_by_source(self) -> dict[str, GeneratedPage]:
        return {page.src_uri: page for page in self.pages}

    def last_changed(self, src_uri: str) -> dt.datetime:
        """When the page made from docs-relative `src_uri` last changed: the latest change of the
        files it is made from (GeneratedPage.sources; none: every content file); a page that is
        not generated, its own file in docs_dir. content/revisions.py says when a file changed."""
        catalog = self.catalog
        page = self._pages_by_source.get(src_uri)
        if page is None:
            sources: Iterable[str] = [rel_path(catalog.docs_dir / src_uri, catalog.root)]
        else:
            sources = page.sources or catalog.source_files()
        return catalog.revisions.latest(sources)

    @cached_property
    def files(self) -> list[GeneratedFile]:
        return generate_files(self.catalog, self.photos) + [f for page in self.pages if page.files for f in page.files()]


def build_site(project: Project, today: dt.date | None = None) -> SiteBuild:
    catalog = project.load(today)
    photos = prepare_photos(catalog, project.root / project.programme.photos.cache_dir)
    return SiteBuild(catalog, generate_pages(catalog), photos)
