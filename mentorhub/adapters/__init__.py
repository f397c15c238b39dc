"""Where the core meets the outside: the MkDocs plugin, the Pagefind index, the `mentorhub`
command, starter files and the Zensical export. Only this layer imports MkDocs."""

from pathlib import Path

# Mentor Hub's templates and assets, shipped in the package. The plugin puts them between a
# programme's own `theme.custom_dir` (which may override any of them) and Material's; the
# Zensical export copies them, then the programme's overrides, into `overrides/`.
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"


def our_templates() -> frozenset[str]:
    """Our templates' names, as Jinja knows them (`partials/mentor-card.html`): these, and a
    programme's overrides of them, are rendered with autoescaping and our message catalogues."""
    return frozenset(p.relative_to(THEME_DIR).as_posix() for p in THEME_DIR.rglob("*.html"))
