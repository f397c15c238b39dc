"""A built site without a renderer: the catalog, the pages and the data files MkDocs writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from ..content.catalog import Catalog
from ..content.project import Project
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
    def files(self) -> list[GeneratedFile]:
        return generate_files(self.catalog, self.photos) + [f for page in self.pages if page.files for f in page.files()]


def build_site(project: Project, today: dt.date | None = None) -> SiteBuild:
    catalog = project.load(today)
    photos = prepare_photos(catalog, project.root / project.programme.photos.cache_dir)
    return SiteBuild(catalog, generate_pages(catalog), photos)
