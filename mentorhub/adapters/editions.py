"""The other editions of a site published in several languages (content/editions.py): each is
MkDocs building the same mkdocs.yml again, in its language, into `site_dir/<code>/`.

The default build starts them in `on_post_build`, once its own pages and search index are
written. Each is a whole build of its own, every plugin included, so Material's interface is in
the edition's language too and each edition gets its own Pagefind index; the `mentorship` plugin
in it learns which edition it builds from `building()`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files


@dataclass(frozen=True)
class Edition:
    """The edition a build makes: its language, and the default edition's (content's) language."""

    code: str
    default: str


_BUILDING: ContextVar[Edition | None] = ContextVar("mentorhub_edition", default=None)


def building() -> Edition | None:
    """The edition being built, when this build is one of `build_editions`' (None: the default)."""
    return _BUILDING.get()


def build_editions(config: MkDocsConfig, codes: Sequence[str], default: str) -> None:
    """Build the edition in each of `codes` under `site_dir/<code>/`, as `mkdocs build` would."""
    for code in codes:
        edition = load_config(config.config_file_path, site_dir=str(Path(config.site_dir) / code),
                              site_url=f"{config.site_url.rstrip('/')}/{code}/" if config.site_url else None,
                              strict=config.strict)
        edition.theme["language"] = code
        token = _BUILDING.set(Edition(code, default))
        try:
            edition.plugins.on_startup(command="build", dirty=False)
            try:
                build(edition)
            finally:
                edition.plugins.on_shutdown()
        finally:
            _BUILDING.reset(token)


def resolve_edition_pages(files: Files, config: MkDocsConfig, codes: Collection[str], edition: Edition | None,
                           consumed: Collection[str]) -> dict[str, bool]:
    """`docs_dir/<code>/` holds an edition's own pages (`content/fr/about.md`). The default
    edition leaves every such folder out; another puts its folder's pages in place of the
    default's at the same path (editing leads to the file in the folder) and leaves the rest
    out. Content kinds (`consumed`: modules, events, surveys) are written once: a copy in a
    language folder is left out. Returns the paths whose page is the edition's own, each with
    whether the default edition has a page there too (else the switcher leads to its home)."""
    own: dict[str, bool] = {}
    for file in list(files):
        code, _, rest = file.src_uri.partition("/")
        if code not in codes or not rest:
            continue
        files.remove(file)
        if edition is None or code != edition.code or rest in consumed or file.abs_src_path is None:
            continue
        replaced = files.get_file_from_path(rest)
        if replaced is not None:
            files.remove(replaced)
        page = File.generated(config, rest, abs_src_path=file.abs_src_path)
        page.edit_uri = file.edit_uri
        files.append(page)
        own[rest] = replaced is not None
    return own
