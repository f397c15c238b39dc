"""The `mentorship` MkDocs plugin: adapts MkDocs events to the core, and nothing more.

Content is loaded and validated in `on_pre_build`, before MkDocs cleans `site_dir`, so
invalid content fails the build with every problem listed and leaves no half-built site.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from pydantic import ValidationError

from .catalog import describe_error
from .errors import ContentError
from .models import Programme
from .pages import GeneratedPage
from .project import Project

log = logging.getLogger("mkdocs.plugins.mentorship")


class MentorshipPlugin(BasePlugin):  # type: ignore[type-arg]
    """Options are validated by the core's `Programme` model, the one the CLI also uses."""

    def __init__(self) -> None:
        self.programme = Programme()
        self.project: Project | None = None
        self.pages: dict[str, GeneratedPage] = {}
        self.consumed: set[str] = set()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[
            list[tuple[str, Exception]], list[tuple[str, str]]]:
        try:
            self.programme = Programme.model_validate(options)
        except ValidationError as err:
            return [(".".join(map(str, e["loc"])), base.ValidationError(describe_error(e, Programme)))
                    for e in err.errors(include_url=False)], []
        return [], []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        self.project = Project(root, Path(config.docs_dir).resolve(), self.programme)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        assert self.project is not None
        try:
            catalog, pages = self.project.pages()
        except ContentError as err:
            raise PluginError(f"Content problems:\n{err.report()} The site was not built.") from None
        self.pages = {page.src_uri: page for page in pages}
        self.consumed = catalog.consumed_sources()
        log.info("%d mentors, %d stories, %d events, %d training modules",
                 len(catalog.mentors), len(catalog.stories), len(catalog.events), len(catalog.modules))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for uri in self.consumed:
            if (existing := files.get_file_from_path(uri)) is not None:
                files.remove(existing)
        for page in self.pages.values():
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content=page.body, inclusion=inclusion))
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        assert self.project is not None
        for path in self.project.watched_paths():
            if path.exists():
                server.watch(str(path))
        return server
