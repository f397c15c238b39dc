"""A content repository on disk: where its folders are and which programme options apply.

The CLI finds these in `mkdocs.yml` without importing MkDocs; the plugin builds a Project
from the configuration MkDocs has already loaded.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Catalog, SiteInfo, build_time, load_catalog
from .errors import ContentError, Problem
from .programme import Programme, load_programme
from .sources import ContentLoader, SourceFile
from .vocabulary import Vocabularies, read_vocabularies

PLUGIN_NAME = "mentorship"


class MkDocsYamlLoader(ContentLoader):
    """Reads mkdocs.yml without MkDocs: tags such as `!!python/name:` and `!ENV` become None."""


MkDocsYamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    root: Path
    docs_dir: Path
    programme: Programme
    site: SiteInfo = SiteInfo()
    # mkdocs.yml's renamed options (programme.RENAMED), each where it is written: they still work
    warnings: tuple[Problem, ...] = ()

    @classmethod
    def from_mkdocs_yml(cls, config_file: Path) -> Project:
        root = config_file.parent
        rel = config_file.name
        if not config_file.is_file():
            raise ContentError([Problem(rel, 1, "", "no mkdocs.yml here; run the command in the content repository")])
        source = SourceFile(config_file, rel, config_file.read_text(encoding="utf-8"), loader=MkDocsYamlLoader)
        config = source.data
        if not isinstance(config, dict):
            raise ContentError(source.problems or [source.problem((), "expected MkDocs settings")])
        loc, options = _plugin_options(config)
        programme, problems, warnings = load_programme(options)
        if programme is None:
            raise ContentError([source.problem((*loc, *where), message) for where, message in problems])
        theme = config.get("theme")
        site = SiteInfo.of(config.get("site_name"), config.get("site_url"), config.get("use_directory_urls", True),
                           theme.get("language") if isinstance(theme, dict) else None)
        return cls(root, root / str(config.get("docs_dir") or "docs"), programme, site,
                   tuple(source.problem((*loc, *where), message) for where, message in warnings))

    def vocabularies(self) -> Vocabularies:
        return read_vocabularies(self.root, self.programme.vocabularies)

    def load(self, today: dt.date | None = None) -> Catalog:
        """The catalog as of `today`, built now (SOURCE_DATE_EPOCH when set); as of another day
        (tests, `--as-of`), built at that day's midnight UTC, so what it makes is the same every time."""
        built_at = build_time() if today is None else dt.datetime.combine(today, dt.time(), dt.timezone.utc)
        return load_catalog(self.root, self.docs_dir, self.programme, today or build_date(), self.site, built_at)

    def watched_paths(self) -> list[Path]:
        """Content outside `docs_dir` that `mkdocs serve` must watch."""
        p = self.programme
        paths = [self.root / p.mentors_dir, self.root / p.stories_dir, self.root / p.vocabularies]
        return paths + ([self.root / p.impact.inbox_export] if p.impact.inbox_export else [])


def build_date() -> dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH, for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _plugin_options(config: dict[str, Any]) -> tuple[tuple[str | int, ...], dict[str, Any]]:
    for index, item in enumerate(config.get("plugins") or []):
        if item == PLUGIN_NAME:
            return ("plugins", index), {}
        if isinstance(item, dict) and PLUGIN_NAME in item:
            return ("plugins", index, PLUGIN_NAME), item[PLUGIN_NAME] or {}
    return (), {}
